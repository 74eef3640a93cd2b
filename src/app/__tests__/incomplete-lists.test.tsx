// Screens over lists Canvas sent with items this page cannot show: they say how many, and why (msw, no simulator).
import { QueryClientProvider } from '@tanstack/react-query'
import { render, screen, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import type { ReactNode } from 'react'
import { MemoryRouter } from 'react-router'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { toGradeableStudent } from '../../canvas/gradeable-students'
import { ModeratedAssignmentList } from '../../features/assignments/components/moderated-assignment-list'
import { CourseList } from '../../features/courses/components/course-list'
import { gradeQueries } from '../../features/grades/api/grade-queries'
import { ModerationGrades } from '../../features/grades/components/moderation-grades'
import { ModerationState } from '../../features/grades/components/moderation-state'
import { PublishPanel } from '../../features/grades/components/publish-panel'
import { emptyRoster, type Roster } from '../../features/grades/utils/roster'
import { createQueryClient } from '../../lib/query-client'

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

function renderWith(ui: ReactNode, qc = createQueryClient()) {
  render(
    <QueryClientProvider client={qc}>
      <MemoryRouter initialEntries={['/']}>{ui}</MemoryRouter>
    </QueryClientProvider>,
  )
  return qc
}

const teacher = [{ type: 'teacher', role: 'TeacherEnrollment', user_id: 1, enrollment_state: 'active' }]
const moderated = {
  id: 501,
  course_id: 101,
  name: 'Lab Report 3',
  points_possible: 20,
  grading_type: 'points',
  published: true,
  moderated_grading: true,
  grader_count: 2,
  final_grader_id: 1,
  grader_comments_visible_to_graders: true,
  graders_anonymous_to_graders: false,
  grader_names_visible_to_final_grader: true,
  anonymous_grading: true,
  grades_published: false,
}
const ref = { courseId: 101, assignmentId: 501 }
const anonymousRow = { anonymous_id: 'k3Zq9', avatar_image_url: 'https://canvas.example/avatar.png' }
const unreadableRow = { anonymous_id: 'zz001', provisional_grades: [{ provisional_grade_id: 'x' }] }

describe('home page', () => {
  it('says how many courses and assignments are not shown, and why; an incomplete roster is never "ready"', async () => {
    server.use(
      http.get('*/api/v1/courses', () =>
        HttpResponse.json([
          { id: 101, name: 'Biology', course_code: 'BIO', workflow_state: 'available', enrollments: teacher },
          { id: 102, access_restricted_by_date: true },
          { id: 103, name: 'No code' },
        ]),
      ),
      http.get('*/api/v1/accounts', () => HttpResponse.json([])),
      http.get('*/api/v1/courses/101/assignment_groups', () =>
        HttpResponse.json([{ id: 1, name: 'Labs', position: 1, assignments: [moderated, { id: 502 }] }]),
      ),
      http.get('*/api/v1/courses/101/assignments/501/gradeable_students', () =>
        HttpResponse.json([anonymousRow, unreadableRow]),
      ),
    )
    renderWith(
      <CourseList
        renderAssignments={(c) => (
          <ModeratedAssignmentList
            courseId={c.id}
            selfId={1}
            moderatePath={() => '/'}
            renderState={(a) => <ModerationState assignmentRef={{ courseId: c.id, assignmentId: a.id }} />}
          />
        )}
      />,
    )
    expect(
      await screen.findByText(
        '1 course is not shown: Canvas restricts access to it by date. 1 course could not be shown: Canvas sent it in a form this page cannot read.',
      ),
    ).toHaveAttribute('role', 'note')
    expect(screen.getByRole('heading', { name: /Biology/ })).toBeInTheDocument()
    expect(
      await screen.findByText('1 assignment could not be shown: Canvas sent it in a form this page cannot read.'),
    ).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Lab Report 3' })).toBeInTheDocument()
    const pill = await screen.findByText('Roster incomplete: 1 student not shown')
    expect(pill).toHaveAttribute(
      'title',
      '1 student could not be shown: Canvas sent their row in a form this page cannot read.',
    )
    expect(screen.queryByText('Ready to publish')).toBeNull()
  })

  it('with only a date-restricted course, says so next to "No courses to moderate"', async () => {
    server.use(
      http.get('*/api/v1/courses', () =>
        HttpResponse.json([
          { id: 102, access_restricted_by_date: true },
          { id: 104, access_restricted_by_date: true },
        ]),
      ),
      http.get('*/api/v1/accounts', () => HttpResponse.json([])),
    )
    renderWith(<CourseList renderAssignments={() => null} />)
    expect(
      await screen.findByText('2 courses are not shown: Canvas restricts access to them by date.'),
    ).toBeInTheDocument()
    expect(screen.getByRole('heading', { name: 'No courses to moderate' })).toBeInTheDocument()
  })
})

describe('moderation page', () => {
  it('shows the rows it can read, labels old anonymous rows "Student <id>", and counts the others', async () => {
    server.use(
      http.get('*/api/v1/courses/101/assignments/501/gradeable_students', () =>
        HttpResponse.json([anonymousRow, unreadableRow, unreadableRow]),
      ),
    )
    renderWith(
      <ModerationGrades
        assignmentRef={ref}
        assignmentName="Lab Report 3"
        pointsPossible={20}
        gradingType="points"
        finalGraderId={null}
        graderNames={new Map()}
        readOnly={false}
        canCustomGrade
        finalGraderName={null}
      />,
    )
    expect(
      await screen.findByText('2 students could not be shown: Canvas sent their rows in a form this page cannot read.'),
    ).toBeInTheDocument()
    const grid = await screen.findByRole('grid')
    expect(within(grid).getByRole('rowheader', { name: 'Student k3Zq9' })).toBeInTheDocument()
    expect(screen.queryByText(/has no gradeable students/)).toBeNull()
  })

  it('the publish panel says the roster is incomplete instead of "nothing blocks publishing"', async () => {
    const qc = createQueryClient()
    const roster: Roster = {
      ...emptyRoster,
      pages: [[toGradeableStudent(anonymousRow)]],
      loadedPages: 1,
      totalPages: 1,
      complete: true,
      notShown: 2,
    }
    qc.setQueryData(gradeQueries.roster(ref).queryKey, roster)
    renderWith(<PublishPanel assignmentRef={ref} published={false} canPublish onPublished={() => {}} />, qc)
    expect(
      await screen.findByText(
        /^The roster is incomplete\. 2 students could not be shown: Canvas sent their rows in a form this page cannot read\. This check does not cover those students, but publishing does/,
      ),
    ).toBeInTheDocument()
    expect(
      screen.getByText(
        'Nothing blocks publishing among the students shown: every student with two or more grades has a selection.',
      ),
    ).toBeInTheDocument()
  })
})
