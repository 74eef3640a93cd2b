import { describe, expect, it } from 'vitest'
import type { CourseStudent } from '../../../../canvas/enrollments'
import type { SubmissionState } from '../../../../canvas/submission-states'
import { joinStudentFacts, sectionsByKey } from '../student-facts'

const sections = [
  { id: 10, name: 'BIO 201' },
  { id: 11, name: 'Lab A' },
  { id: 13, name: 'Lab C' },
]
const course = (userId: number, sectionIds: number[], state: CourseStudent['state'] = 'active'): CourseStudent => ({
  userId,
  sectionIds,
  enrollments: [],
  state,
  testStudent: false,
  sisUserId: null,
  loginId: null,
})
const state = (key: string, over: Partial<SubmissionState> = {}): SubmissionState => ({
  key,
  userId: undefined,
  anonymousId: undefined,
  workflowState: 'submitted',
  submittedAt: '2026-11-01T10:00:00Z',
  excused: false,
  late: false,
  missing: false,
  secondsLate: 0,
  pointsDeducted: null,
  latePolicyStatus: null,
  enteredScore: null,
  enteredGrade: null,
  score: null,
  grade: null,
  postedAt: null,
  ...over,
})

describe('joinStudentFacts', () => {
  it('joins sections (course order), enrolment states and submission facts by student key', () => {
    const index = joinStudentFacts({
      sections,
      students: [course(7, [13, 11]), course(8, [11], 'completed'), course(9, [11], 'inactive')],
      states: [
        state('u:7', { late: true, pointsDeducted: 2 }),
        state('u:8', { workflowState: 'unsubmitted', submittedAt: null }),
      ],
    })
    expect(index.byKey.get('u:7')).toMatchObject({ sections: ['Lab A', 'Lab C'], enrollment: 'active', late: true })
    expect(index.byKey.get('u:8')).toMatchObject({ enrollment: 'concluded', submitted: false })
    // Canvas's submissions list leaves inactive students out: unknown, not "not submitted".
    expect(index.byKey.get('u:9')).toMatchObject({ enrollment: 'inactive', submitted: null })
    expect(index.sectionNames).toEqual(['Lab A', 'Lab C'])
    expect(sectionsByKey(index)?.get('u:7')).toEqual(['Lab A', 'Lab C'])
  })

  it('anonymous rows get their own submission facts and never a section or an enrolment', () => {
    const index = joinStudentFacts({ sections, students: undefined, states: [state('a:Xy12z', { excused: true })] })
    expect(index.byKey.get('a:Xy12z')).toEqual({
      sections: [],
      enrollment: null,
      excused: true,
      submitted: true,
      late: false,
      pointsDeducted: null,
      sisUserId: null,
    })
    expect(sectionsByKey(index)).toBeUndefined()
  })
})
