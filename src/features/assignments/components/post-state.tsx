import { useQuery } from '@tanstack/react-query'
import { rosterPath } from '../../../canvas/keys'
import { listSubmissionStates } from '../../../canvas/submission-states'
import type { Assignment } from '../../../canvas/types'
import { formatCount } from '../../../lib/format'

/**
 * Whether a published assignment's grades reach students. Canvas's `muted` false means every submission is posted;
 * true means at least one is not (lib/mutable.rb) — which includes the inactive and concluded students that posting
 * never reaches, so the submission list (the active students posting is about) is read to count them.
 */
export function PostState({ assignment: a }: { assignment: Assignment }) {
  const ref = { courseId: a.courseId, assignmentId: a.id, anonymous: false }
  const states = useQuery({
    queryKey: rosterPath.submissionStates(ref),
    queryFn: ({ signal }) => listSubmissionStates({ ...ref, signal }),
    staleTime: 60_000,
    enabled: a.muted === true,
  })
  if (a.muted === false) return <span className="pill pill--posted">Posted</span>
  const s = states.data?.summary
  if (!s) return <span className="pill pill--published">Published</span>
  if (s.posted >= s.total) return <span className="pill pill--posted">Posted</span>
  return (
    <span className="pill pill--published">
      Published · {s.posted === 0 ? 'not posted' : `posted to ${formatCount(s.posted)} of ${formatCount(s.total)}`}
    </span>
  )
}
