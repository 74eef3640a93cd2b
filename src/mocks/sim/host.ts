/**
 * SimHost: many independent worlds in one process. World "default" holds the demo scenario from the
 * start. Every token is globally unique and names its (world, user), so a request's token selects the
 * world; course and assignment ids repeat freely across worlds.
 */
import { buildScenario, scenarioStudentCount, type ScenarioName, type ScenarioOptions } from './scenarios'
import { liveGrant } from './oauth'
import { hashString } from './prng'
import { World, type CastMember } from './world'

export interface WorldSpec extends ScenarioOptions {
  scenario?: ScenarioName
  /** Pick the id yourself (must be free); otherwise `w1`, `w2`, … */
  worldId?: string
}

/**
 * What the control API may build. Worlds live in memory until deleted and anyone who can reach /__sim may ask
 * for one: three `large` worlds of 100,000 students took the process to 1.37 GB. At these defaults the worst
 * case is bounded: 60,000 students cost +164 MB with 3 graders, +285 MB with 10; 199 demo worlds +57 MB.
 */
export interface WorldLimits {
  /** Live worlds, "default" included. */
  maxWorlds: number
  /** Students in one world. */
  maxStudentsPerWorld: number
  /** Students in all live worlds together, the one being built included. */
  maxTotalStudents: number
}

export const DEFAULT_WORLD_LIMITS: WorldLimits = {
  maxWorlds: 200,
  maxStudentsPerWorld: 20_000,
  maxTotalStudents: 60_000,
}

export interface SimHostOptions {
  limits?: Partial<WorldLimits>
}

/** A world the limits do not allow: 400 for one too big in itself, 429 while there is no room for it. */
export class WorldLimitError extends Error {
  readonly status: 400 | 429
  constructor(status: 400 | 429, message: string) {
    super(message)
    this.status = status
  }
}

export class SimHost {
  private worlds = new Map<string, World>()
  private tokens = new Map<string, { worldId: string; userId: number }>()
  private counter = 0
  readonly limits: WorldLimits

  constructor(defaultSpec: WorldSpec = { scenario: 'demo' }, options: SimHostOptions = {}) {
    this.limits = { ...DEFAULT_WORLD_LIMITS, ...options.limits }
    // Not limited: the default world is built from code (`npm run sim -- --students 100000` is meant to work).
    this.createWorld({ ...defaultSpec, worldId: 'default' })
  }

  /**
   * Throws WorldLimitError if building `spec` (as a new world, or in place of the live world `replacing`) would
   * pass a limit. The control API asks before building anything; code calling createWorld or resetWorld is not
   * limited (tests, the CLI's default world).
   */
  checkLimits(spec: WorldSpec, replacing?: string): void {
    const { maxWorlds, maxStudentsPerWorld, maxTotalStudents } = this.limits
    const students = scenarioStudentCount(spec.scenario ?? 'demo', spec)
    if (students > maxStudentsPerWorld) {
      throw new WorldLimitError(
        400,
        `students must be at most ${maxStudentsPerWorld} here (the simulator's limit per world, to keep its memory bounded)`,
      )
    }
    const replaced = replacing === undefined ? undefined : this.worlds.get(replacing)
    if (!replaced && this.worlds.size >= maxWorlds) {
      throw new WorldLimitError(
        429,
        `there are already ${this.worlds.size} worlds, the most this simulator keeps at once (${maxWorlds}); delete one you no longer need (DELETE /__sim/worlds/:id) and try again`,
      )
    }
    let live = 0
    for (const world of this.worlds.values()) if (world !== replaced) live += studentsOf(world)
    if (live + students > maxTotalStudents) {
      throw new WorldLimitError(
        429,
        `this world's ${students} students would make ${live + students} in all worlds, more than this simulator keeps at once (${maxTotalStudents}); ` +
          'delete worlds you no longer need (DELETE /__sim/worlds/:id) or reset one to fewer students (POST /__sim/worlds/:id/reset), and try again',
      )
    }
  }

  createWorld(spec: WorldSpec = {}): World {
    let id = spec.worldId
    if (id !== undefined) {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new Error('worldId must be 1-64 letters, digits, _ or -')
      if (this.worlds.has(id)) throw new Error(`world ${id} already exists`)
    } else {
      do id = `w${++this.counter}`
      while (this.worlds.has(id))
    }
    const world = new World(id, spec.scenario ?? 'demo', spec.seed ?? 1)
    // Client ids are derived from the world id; keep them unique across live worlds.
    while (this.findWorldByClientId(world.oauth.key.clientId))
      world.oauth.key.clientId = String(Number(world.oauth.key.clientId) + 1)
    buildScenario(world, spec.scenario ?? 'demo', spec)
    for (const member of world.cast) {
      member.token = tokenFor(world, member.id)
      world.tokens.set(member.token, member.id)
      this.tokens.set(member.token, { worldId: id, userId: member.id })
    }
    this.worlds.set(id, world)
    return world
  }

  /** Rebuild a world in place (same id, fresh state, same tokens for the same scenario and seed). */
  resetWorld(worldId: string, spec: WorldSpec = {}): World {
    const old = this.worlds.get(worldId)
    if (old) this.deleteWorld(worldId)
    return this.createWorld({ scenario: old?.scenario as ScenarioName | undefined, seed: old?.seed, ...spec, worldId })
  }

  deleteWorld(worldId: string): boolean {
    const world = this.worlds.get(worldId)
    if (!world) return false
    for (const token of world.tokens.keys()) this.tokens.delete(token)
    this.worlds.delete(worldId)
    return true
  }

  getWorld(worldId: string): World | undefined {
    return this.worlds.get(worldId)
  }

  worldIds(): string[] {
    return [...this.worlds.keys()]
  }

  /** A seeded token, or a live (unexpired, unrevoked) OAuth access token `<worldId>~<random>`. */
  resolveToken(token: string): { world: World; userId: number } | null {
    const hit = this.tokens.get(token)
    const world = hit && this.worlds.get(hit.worldId)
    if (hit && world) return { world, userId: hit.userId }
    const tilde = token.indexOf('~')
    if (tilde <= 0) return null
    const oauthWorld = this.worlds.get(token.slice(0, tilde))
    const grant = oauthWorld && liveGrant(oauthWorld, token)
    return oauthWorld && grant ? { world: oauthWorld, userId: grant.userId } : null
  }

  /** The world whose developer key has this client id. */
  findWorldByClientId(clientId: string | undefined | null): World | undefined {
    if (!clientId) return undefined
    for (const world of this.worlds.values()) if (world.oauth.key.clientId === clientId) return world
    return undefined
  }

  cast(worldId: string): CastMember[] {
    return this.worlds.get(worldId)?.cast ?? []
  }
}

function studentsOf(world: World): number {
  let n = 0
  for (const member of world.cast) if (member.role === 'student') n++
  return n
}

/** Deterministic per (world id, user id, seed); the world id makes it globally unique. */
function tokenFor(world: World, userId: number): string {
  const mac = hashString(`${world.id}:${userId}:${world.seed}`).toString(36).padStart(7, '0')
  return `sim-${world.id}-${userId}-${mac}`
}
