/**
 * Submission comments. Only the Submissions API writes them (PUT …/submissions/:user_id with `comment[…]`) and
 * only Submission JSON shows them, so they are kept per world here rather than in World's tables.
 */
import type { World } from './world'

export interface SubmissionComment {
  id: number
  submission_id: number
  author_id: number
  comment: string
  created_at: number
  provisional: boolean
}

const commentsBySubmission = new WeakMap<World, Map<number, SubmissionComment[]>>()

/** The submission's comments, oldest first (the list itself: push to add one). */
export function commentsOf(world: World, submissionId: number): SubmissionComment[] {
  let map = commentsBySubmission.get(world)
  if (!map) commentsBySubmission.set(world, (map = new Map()))
  let list = map.get(submissionId)
  if (!list) map.set(submissionId, (list = []))
  return list
}
