// Posting grades (issue #15): Canvas's GraphQL mutations as the simulator plays them (sim/posting.ts), reached through
// the named operations the server exposes (handlers/post-operations.ts plays the server here).
import { describe, expect, it } from 'vitest'
import { POST_DOCUMENTS } from '../../lib/post-operations'
import { setupSimulator, type SimWorldHandle } from '../../testing/simulator'
import { A } from '../../testing/canvas-json'
import { commentsOf } from '../sim/submission-comments'

const sim = setupSimulator()
const op = (
  w: SimWorldHandle,
  name: string,
  body: unknown,
  assignment = 501,
  who: 'final_grader' | 'student' = 'final_grader',
) => w.fetch(who, `/api/md/courses/101/assignments/${assignment}/${name}`, { method: 'POST', json: body })

function publish(w: SimWorldHandle, id: number) {
  w.world.assignments.get(id)!.grades_published_at = w.world.tick()
}
const postedAt = (w: SimWorldHandle, id: number) =>
  [...w.world.submissions.get(id)!.values()].map((s) => [s.user_id, s.posted_at] as const)

describe('posting grades through GraphQL', () => {
  it('refuses before publishing, with Canvas’s words', async () => {
    const w = sim.createWorld()
    const res = await op(w, 'post_grades', {})
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      errors: [{ message: 'Assignments under moderation cannot be posted before grades are published' }],
    })
    expect(postedAt(w, 501).every(([, at]) => at === null)).toBe(true)
  })

  it('posts every visible student’s submission, queues a Progress that reads completed, and hides again', async () => {
    const w = sim.createWorld()
    publish(w, 501)
    expect(await w.json('final_grader', A(501))).toMatchObject({ post_manually: true, muted: true })
    const res = await op(w, 'post_grades', {})
    expect(res.status).toBe(200)
    const { progress } = (await res.json()) as { progress: { id: number; state: string } }
    expect(progress.state).toBe('queued')
    const shown = await w.json<{ workflow_state: string; results: { user_ids: number[]; posted_at: string } }>(
      'final_grader',
      `/api/v1/progress/${progress.id}`,
    )
    expect(shown.workflow_state).toBe('completed')
    const subs = postedAt(w, 501)
    expect(subs.filter(([, at]) => at !== null).length).toBe(shown.results.user_ids.length)
    expect(shown.results.user_ids.length).toBeGreaterThan(20)
    // Canvas's `muted` is "has any unposted submission" (lib/mutable.rb): the inactive and the concluded student are
    // not among the enrolments posted (Course#student_enrollments), so theirs stay unposted and it stays true.
    const left = postedAt(w, 501)
      .filter(([, at]) => at === null)
      .map(([user]) => user)
    expect(left.sort((x, y) => x - y)).toEqual([1031, 1032])
    expect(await w.json('final_grader', A(501))).toMatchObject({ muted: true })
    const rest = await w.json<{ posted_at: string | null }[]>('final_grader', `${A(501)}/submissions?per_page=100`)
    expect(rest.some((s) => s.posted_at === shown.results.posted_at)).toBe(true)

    expect((await op(w, 'hide_grades', {})).status).toBe(200)
    expect(postedAt(w, 501).every(([, at]) => at === null)).toBe(true)
    expect(await w.json('final_grader', A(501))).toMatchObject({ muted: true })
  })

  it('graded only leaves ungraded students hidden', async () => {
    const w = sim.createWorld()
    publish(w, 501)
    const subs = [...w.world.submissions.get(501)!.values()]
    // `Submission.postable` is graded or with hidden comments: the demo's staff comments on ungraded work count.
    const ungraded = subs
      .filter((s) => s.score === null && s.grade === null && !s.excused)
      .filter((s) => !commentsOf(w.world, s).some((c) => c.hidden))
      .map((s) => s.user_id)
    expect((await op(w, 'post_grades', { gradedOnly: true })).status).toBe(200)
    for (const [user, at] of postedAt(w, 501)) expect(at === null, `user ${user}`).toBe(ungraded.includes(user))
  })

  it('by section: only that section’s students; bad ids and anonymous assignments refused', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    publish(w, 501)
    const section = [...w.world.sections.values()].find((s) => s.course_id === 101)!
    const inSection = new Set(
      [...w.world.enrollmentsByUser.values()]
        .flat()
        .filter((e) => e.course_section_id === section.id && e.type === 'student')
        .map((e) => e.user_id),
    )
    const res = await op(w, 'post_grades_for_sections', { sectionIds: [section.id] })
    expect(res.status).toBe(200)
    const posted = postedAt(w, 501).filter(([, at]) => at !== null)
    expect(posted.length).toBeGreaterThan(0)
    for (const [user] of posted) expect(inSection.has(user), `user ${user}`).toBe(true)

    const bad = await op(w, 'post_grades_for_sections', { sectionIds: [section.id, 99999] })
    expect(await bad.json()).toEqual({ errors: [{ message: 'Invalid section ids' }] })
    publish(w, 502)
    const anon = await op(w, 'post_grades_for_sections', { sectionIds: [section.id] }, 502)
    expect(await anon.json()).toEqual({ errors: [{ message: 'Anonymous assignments cannot be posted by section' }] })
  })

  it('a student is told "not found", and nothing is posted', async () => {
    const w = sim.createWorld()
    publish(w, 501)
    const res = await op(w, 'post_grades', {}, 501, 'student')
    expect([res.status, await res.json()]).toEqual([404, { errors: [{ message: 'not found' }] }])
    expect(postedAt(w, 501).every(([, at]) => at === null)).toBe(true)
  })

  it('the named operations refuse anything else: unknown names, unknown fields, wrong types', async () => {
    const w = sim.createWorld()
    expect((await op(w, 'delete_everything', {})).status).toBe(404)
    expect((await op(w, 'post_grades', { query: '{ __schema { types { name } } }' })).status).toBe(400)
    expect((await op(w, 'post_grades', { gradedOnly: 'yes' })).status).toBe(400)
    expect((await op(w, 'post_grades_for_sections', { sectionIds: ['1; DROP'] })).status).toBe(400)
    expect((await op(w, 'hide_grades', { gradedOnly: true })).status).toBe(400)
  })

  it('Canvas’s /api/graphql answers the posting documents; the simulator says it knows no others', async () => {
    const w = sim.createWorld()
    publish(w, 501)
    const other = await w.json<{ errors: { message: string }[] }>('final_grader', '/api/graphql', {
      method: 'POST',
      json: { query: '{ allCourses { name } }' },
    })
    expect(other.errors[0]!.message).toMatch(/only the posting documents/)
    const direct = await w.json<{ data: { postAssignmentGrades: { progress: { _id: string } } } }>(
      'final_grader',
      '/api/graphql',
      { method: 'POST', json: { query: POST_DOCUMENTS.post_grades.document, variables: { assignmentId: '501' } } },
    )
    expect(direct.data.postAssignmentGrades.progress._id).toMatch(/^\d+$/)
  })
})
