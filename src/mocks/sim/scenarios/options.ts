/** What a scenario is built with. Its own module because index.ts (which dispatches) and large.ts both need it. */
export interface ScenarioOptions {
  /** `large` only: number of students (default 1000). */
  students?: number
  /** `large` only: number of provisional graders, each grading every student (default 3). */
  graders?: number
  seed?: number
}
