import { useMutation, useQueryClient } from '@tanstack/react-query'
import { isOutcomeUnknown } from '../../../canvas/errors'
import { canvasPath, rosterPath, type AssignmentRef } from '../../../canvas/keys'
import { hideGrades, postGrades, waitForProgress, type PostChoice, type ProgressState } from '../../../canvas/posting'
import { listSubmissionStates, type SubmissionStates } from '../../../canvas/submission-states'

export type PostAction = ({ kind: 'post' } & PostChoice) | { kind: 'hide' }

export interface PostOutcome {
  /** The job as last seen: completed, failed, or still running in Canvas when the page stopped waiting. */
  progress: ProgressState | null
  /** Canvas's answer to the request was lost; what Canvas holds was read back instead. */
  lostAnswer: boolean
  /** Every submission's post state as Canvas holds it after the job (read again). */
  states: SubmissionStates
}

/**
 * Post grades to students (or hide them again) and follow the Progress Canvas queued, then read every submission's
 * `posted_at` back: the page shows what Canvas holds, not what it asked for. A lost answer (settle.ts) is not a
 * failure: posting and hiding are the same whether they ran once or twice (they set or clear `posted_at`), so the
 * page reads the state back and says what it found.
 */
export function usePostGrades(ref: AssignmentRef & { anonymous: boolean }) {
  const qc = useQueryClient()
  const statesKey = rosterPath.submissionStates(ref)
  return useMutation({
    mutationKey: [...canvasPath.assignment(ref), 'post'],
    mutationFn: async ({
      action,
      onProgress,
    }: {
      action: PostAction
      onProgress?: (p: ProgressState) => void
    }): Promise<PostOutcome> => {
      let progress: ProgressState | null = null
      let lostAnswer = false
      try {
        const id = action.kind === 'hide' ? await hideGrades(ref) : await postGrades({ ...ref, ...action })
        progress = await waitForProgress(id, { onState: onProgress })
      } catch (error) {
        if (!isOutcomeUnknown(error)) throw error
        lostAnswer = true
      }
      const states = await listSubmissionStates(ref)
      qc.setQueryData(statesKey, states)
      return { progress, lostAnswer, states }
    },
    // The home list's post state and the assignment's `muted`.
    onSettled: () => qc.invalidateQueries({ queryKey: canvasPath.course(ref), exact: false, refetchType: 'none' }),
  })
}
