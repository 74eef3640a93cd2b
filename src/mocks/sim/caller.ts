import type { World } from './world'

/** Who is asking, in which world, and the origin Canvas would build absolute URLs from. */
export interface Caller {
  world: World
  userId: number
  /** e.g. `http://localhost:3000`; used for speedgrader_url, html_url and Link headers. */
  origin: string
}
