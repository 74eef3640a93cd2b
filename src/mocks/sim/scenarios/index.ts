import type { World } from '../world'
import { buildDemo } from './demo'
import { buildLarge } from './large'

export type ScenarioName = 'demo' | 'large'
export const SCENARIOS: readonly ScenarioName[] = ['demo', 'large']

export interface ScenarioOptions {
  /** `large` only: number of students (default 1000). */
  students?: number
  /** `large` only: number of provisional graders, each grading every student (default 3). */
  graders?: number
  seed?: number
}

export function buildScenario(world: World, name: ScenarioName, options: ScenarioOptions): void {
  if (name === 'demo') buildDemo(world)
  else if (name === 'large') buildLarge(world, options)
  else throw new Error(`unknown scenario ${String(name)}`)
}
