import { lazy, Suspense, useState } from 'react'
import type { AssignmentRef } from '../../../canvas/keys'
import type { ClassifiedStudent } from '../../../lib/moderation/classify'
import type { SchemeBoundary } from '../../../lib/moderation/sampling'
import type { AddToSet } from '../utils/apply'

// The rules, the planner and the preview load when the panel is first opened: the screen does not need them.
const SamplingBody = lazy(() => import('./sampling-body').then((m) => ({ default: m.SamplingBody })))

export interface ModerationSetView {
  /** User ids in Canvas's moderation set; undefined until read. */
  userIds: ReadonlySet<number> | undefined
  isPending: boolean
  error: unknown
}

export interface SamplingPanelProps {
  assignmentRef: AssignmentRef
  students: readonly ClassifiedStudent[]
  /** Canvas's `grading_type` and `points_possible` (Assignment): which rules apply and how marks read. */
  gradingType: string
  pointsPossible: number | null
  /** Students anonymous (Assignment.anonymizeStudents): no names, and nothing Canvas's POST could take. */
  anonymous: boolean
  /** The assignment's grading scheme (boundaries as fractions) and where it comes from; undefined while read. */
  scheme: { scheme: readonly SchemeBoundary[]; label: string } | undefined
  /** Every page of the roster is in: a sample never runs on part of it. */
  complete: boolean
  /** Grades are published: the moderation set no longer matters. */
  published: boolean
  /** Only the final grader writes the sample into the moderation set. */
  finalGrader: boolean
  moderationSet: ModerationSetView
  addToSet: AddToSet
  /** The panel was opened or closed (the moderation set is read only while it is open). */
  onOpenChange: (open: boolean) => void
}

/**
 * Sample moderation (UK double-marking practice): rules pick students for a second look, the preview says who and
 * why, and applying writes them into Canvas's moderation set (POST …/moderated_students), keeping the reasons in
 * this browser for the moderation set panel. Collapsed until opened; nothing is read from Canvas before.
 */
export function SamplingPanel(p: SamplingPanelProps) {
  const [opened, setOpened] = useState(false)
  return (
    <details
      className="section panel sampling"
      onToggle={(e) => {
        const open = (e.target as HTMLDetailsElement).open
        if (open) setOpened(true)
        p.onOpenChange(open)
      }}
    >
      <summary>
        <h2 className="summary-heading">Sample for moderation</h2>
      </summary>
      {/* Mounted once opened and kept, so closing the panel does not lose the rules. */}
      {opened ? (
        p.complete ? (
          <Suspense fallback={<p className="hint">Opening…</p>}>
            <SamplingBody {...p} />
          </Suspense>
        ) : (
          <p className="hint">Loading every student first…</p>
        )
      ) : null}
    </details>
  )
}
