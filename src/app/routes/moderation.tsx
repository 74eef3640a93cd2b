import { Breadcrumb } from '../../components/ui/breadcrumb'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useMemo, useState } from 'react'
import type { AssignmentRef } from '../../canvas/keys'
import type { Assignment } from '../../canvas/types'
import { assignmentQueries } from '../../features/assignments/api/assignment-queries'
import { AssignmentHeader } from '../../features/assignments/components/assignment-header'
import { courseQueries } from '../../features/courses/api/course-queries'
import { gradeQueries } from '../../features/grades/api/grade-queries'
import { useStudentFacts } from '../../features/grades/api/student-facts-queries'
import { sectionsByKey } from '../../features/grades/utils/student-facts'
import { ModerationGrades } from '../../features/grades/components/moderation-grades'
import { SelectionProgress } from '../../features/grades/components/selection-progress'
import { namedStudentsSelector } from '../../features/grades/utils/roster-figures'
import { gradingStandardQueries } from '../../features/reconciliation/api/grading-standard-queries'
import { selfQueries } from '../../features/session/api/self-queries'
import { gradeKind } from '../../lib/grading-type'
import { GradePanels, ModerationWorkspace } from '../moderation-tools'

const noNames: ReadonlyMap<number, string> = new Map()

/** Rendered once the assignment is there (the header needs it): router.tsx starts the screen's data. */
export default function ModerationRoute({ assignmentRef: ref }: { assignmentRef: AssignmentRef }) {
  const assignment = useQuery(assignmentQueries.detail(ref))
  const names = useQuery(courseQueries.graders(ref.courseId))
  const self = useQuery(selfQueries.self())
  // Incremental and stable: a selection does not rebuild the candidate list.
  const [selectCandidates] = useState(namedStudentsSelector)
  const candidates = useQuery({ ...gradeQueries.roster(ref), enabled: false, select: selectCandidates })
  const [publishedHere, setPublishedHere] = useState(false)
  const rosterComplete = useQuery({ ...gradeQueries.roster(ref), enabled: false, select: (r) => r.complete }).data
  const facts = useStudentFacts(ref, {
    anonymous: assignment.data?.anonymizeStudents ?? true,
    selfId: self.data?.id,
    enabled: rosterComplete === true,
  })
  const sections = useMemo(() => sectionsByKey(facts.index), [facts.index])
  const usesScheme = assignment.data !== undefined && gradeKind(assignment.data.gradingType) === 'scheme'
  const boundaries = useQuery({
    ...gradingStandardQueries.defaultBoundaries({
      ...ref,
      gradingStandardId: assignment.data?.gradingStandardId ?? null,
    }),
    enabled: usesScheme,
  })
  const scheme = useMemo(() => {
    const b = boundaries.data
    if (!usesScheme || !b) return null
    // A scheme Canvas names but does not show (an account's) leaves Canvas's default as a guess, as does no scheme
    // at all (an account may set its own default): letters outside it are then Canvas's to judge.
    return {
      grades: b.scheme,
      label: b.label.replace(/^From Canvas: /, ''),
      strict: b.source.kind !== 'canvas-default',
    }
  }, [usesScheme, boundaries.data])

  const a = assignment.data
  useEffect(() => {
    if (a) document.title = `${a.name} — Moderation Desk`
  }, [a])
  if (!a) return null

  const graderNames = names.data ?? noNames
  const finalGraderName = a.finalGraderId !== null ? (graderNames.get(a.finalGraderId) ?? null) : null
  const isFinalGrader = self.data !== undefined && self.data.id === a.finalGraderId
  const published = a.gradesPublished === true || publishedHere

  return (
    <div className="page page--wide page--workspace">
      <Breadcrumb items={[{ label: 'Courses', to: '/' }, { label: a.name }]} />
      <AssignmentHeader
        assignment={{ ...a, gradesPublished: published ? true : a.gradesPublished }}
        finalGraderName={finalGraderName}
        youAreFinalGrader={isFinalGrader}
        progress={<SelectionProgress assignmentRef={ref} />}
      />
      {!a.moderatedGrading ? (
        <div className="notice" role="note">
          <h2>Not a moderated assignment</h2>
          <p>This assignment does not use moderated grading, so there is nothing to moderate.</p>
        </div>
      ) : cannotModerate(a) ? (
        <div className="notice" role="note">
          <h2>Nothing to moderate here</h2>
          <p>{cannotModerate(a)}</p>
        </div>
      ) : (
        <ModerationWorkspace
          assignmentRef={ref}
          assignment={a}
          graderNames={graderNames}
          canCustomGrade={isFinalGrader}
          readOnly={published}
          sectionsByKey={sections}
          renderGrades={(tools) => (
            <ModerationGrades
              assignmentRef={ref}
              assignmentName={a.name}
              pointsPossible={a.pointsPossible}
              gradingType={a.gradingType}
              finalGraderId={a.finalGraderId}
              scheme={scheme}
              studentFacts={facts.index?.byKey}
              sections={facts.index?.sectionNames}
              graderNames={graderNames}
              readOnly={published}
              canCustomGrade={isFinalGrader}
              finalGraderName={finalGraderName}
              onlyKeys={tools.onlyKeys}
              focusRequest={tools.focusRequest}
              tolerancePts={tools.tolerancePts}
              triage={tools.triage}
              activeChips={tools.activeChips}
              onClearChips={tools.clearChips}
              navMessage={tools.message}
              onOrderChange={tools.onOrderChange}
            />
          )}
          sidePanels={(tools) => (
            <GradePanels
              assignmentRef={ref}
              assignment={a}
              published={published}
              sectionScope={facts.sectionScope}
              studentFacts={facts.index?.byKey}
              candidates={candidates.data ?? []}
              onPublished={() => setPublishedHere(true)}
              onShowBlockers={tools.showBlockers}
            />
          )}
        />
      )}
    </div>
  )
}

/**
 * Assignments marked moderated that Canvas cannot moderate (old data: abstract_assignment.rb moderation_setting_ok?
 * refuses moderation on ungraded and group assignments today): said in words rather than shown as an empty grid.
 */
function cannotModerate(a: Assignment): string | null {
  if (gradeKind(a.gradingType) === 'not_graded')
    return 'This assignment is set to “Not graded”, so graders give no grades and there is nothing to select or publish. Change its grading type in Canvas to moderate it.'
  if (a.groupCategoryId !== null)
    return 'This is a group assignment. Canvas does not moderate group assignments: grades are given to each group in SpeedGrader, not through moderation.'
  return null
}
