import type { World } from '../world'
import { buildDemo, DEMO_STUDENT_COUNT } from './demo'
import { buildLarge, largeStudentCount } from './large'

export type ScenarioName = 'demo' | 'large'
export const SCENARIOS: readonly ScenarioName[] = ['demo', 'large']

export interface ScenarioOptions {
  /** `large` only: number of students (default 1000). */
  students?: number
  /** `large` only: number of provisional graders, each grading every student (default 3). */
  graders?: number
  seed?: number
}

/** How many students `name` builds with `options`, known before building (the control API's limits need it). */
export function scenarioStudentCount(name: ScenarioName, options: ScenarioOptions = {}): number {
  return name === 'large' ? largeStudentCount(options) : DEMO_STUDENT_COUNT
}

export function buildScenario(world: World, name: ScenarioName, options: ScenarioOptions): void {
  if (name === 'demo') buildDemo(world)
  else if (name === 'large') buildLarge(world, options)
  else throw new Error(`unknown scenario ${String(name)}`)
}
