/**
 * Posting grades to students after they are published. Moderated assignments post manually (AbstractAssignment
 * `ensure_manual_posting_if_moderated`), and publishing does not post (ProvisionalGrade#publish! never sets
 * `posted_at`): until grades are posted, students see nothing. Canvas posts only through GraphQL; this app asks its
 * own server for a named operation (src/lib/post-operations.ts), which sends Canvas the fixed document, and then
 * follows the Progress Canvas queued (GET /api/v1/progress/:id, ProgressController#show).
 */
import { z } from './zod'
import { sleep } from '../lib/sleep'
import { canvasRequest } from './http'
import type { AssignmentRef } from './keys'

type WithSignal = { signal?: AbortSignal }

const operationAnswer = z.object({ progress: z.object({ id: z.number(), state: z.string() }) })

/** Posted to whom: everyone the caller sees, or the students of some sections; graded ones only, or all. */
export interface PostChoice {
  gradedOnly: boolean
  /** Only these sections' students (not for anonymous assignments: Canvas refuses). */
  sectionIds?: number[]
}

function operation(ref: AssignmentRef & WithSignal, name: string, json: unknown) {
  return canvasRequest({
    method: 'POST',
    prefix: '/api/md',
    path: `/courses/${ref.courseId}/assignments/${ref.assignmentId}/${name}`,
    json,
    schema: operationAnswer,
    signal: ref.signal,
  })
}

/** postAssignmentGrades / postAssignmentGradesForSections: queues Canvas's job, returns its Progress id. */
export async function postGrades(ref: AssignmentRef & WithSignal & PostChoice): Promise<number> {
  const { data } = ref.sectionIds
    ? await operation(ref, 'post_grades_for_sections', { sectionIds: ref.sectionIds, gradedOnly: ref.gradedOnly })
    : await operation(ref, 'post_grades', { gradedOnly: ref.gradedOnly })
  return data.progress.id
}

/** hideAssignmentGrades: hides every posted grade of the assignment again (Canvas clears `posted_at`). */
export async function hideGrades(ref: AssignmentRef & WithSignal): Promise<number> {
  const { data } = await operation(ref, 'hide_grades', {})
  return data.progress.id
}

const progressWire = z.object({
  id: z.number(),
  workflow_state: z.string(),
  completion: z.nullish(z.number()),
  message: z.nullish(z.string()),
})

export interface ProgressState {
  id: number
  /** queued, running, completed or failed (lib/api/v1/progress.rb). */
  state: string
  message: string | null
}

export async function getProgress(id: number, opts: WithSignal = {}): Promise<ProgressState> {
  const { data } = await canvasRequest({ path: `/progress/${id}`, schema: progressWire, signal: opts.signal })
  return { id: data.id, state: data.workflow_state, message: data.message ?? null }
}

/** Waits between looks at a Progress: quick at first (small courses finish at once), then every few seconds. */
const POLL_MS = [300, 700, 1500, 3000]
/** After this long the page stops waiting and says the job is still running in Canvas. */
export const PROGRESS_PATIENCE_MS = 120_000

/**
 * Follows a Progress until it is completed or failed. Resolves with its last state; one still queued or running after
 * PROGRESS_PATIENCE_MS is returned as it is (the job goes on in Canvas, the page says so).
 */
export async function waitForProgress(
  id: number,
  opts: WithSignal & { onState?: (p: ProgressState) => void; now?: () => number } = {},
): Promise<ProgressState> {
  const now = opts.now ?? (() => Date.now())
  const until = now() + PROGRESS_PATIENCE_MS
  for (let i = 0; ; i++) {
    const p = await getProgress(id, opts)
    opts.onState?.(p)
    if (p.state === 'completed' || p.state === 'failed' || now() >= until) return p
    await sleep(POLL_MS[Math.min(i, POLL_MS.length - 1)]!, opts.signal)
  }
}
