import type { World } from '../world'
import { buildDemo, DEMO_STUDENT_COUNT } from './demo'
import { buildLarge, largeStudentCount } from './large'
import type { ScenarioOptions } from './options'
import { buildRealistic, REALISTIC_STUDENT_COUNT } from './realistic'

export type { ScenarioOptions } from './options'

export const SCENARIOS = ['demo', 'large', 'realistic'] as const
export type ScenarioName = (typeof SCENARIOS)[number]

/** How many students `name` builds with `options`, known before building (the control API's limits need it). */
export function scenarioStudentCount(name: ScenarioName, options: ScenarioOptions = {}): number {
  if (name === 'large') return largeStudentCount(options)
  return name === 'realistic' ? REALISTIC_STUDENT_COUNT : DEMO_STUDENT_COUNT
}

export function buildScenario(world: World, name: ScenarioName, options: ScenarioOptions): void {
  if (name === 'demo') buildDemo(world)
  else if (name === 'large') buildLarge(world, options)
  else if (name === 'realistic') buildRealistic(world)
  else throw new Error(`unknown scenario ${String(name)}`)
}
