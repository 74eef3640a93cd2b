// The graders' feedback on one student, grouped by grade, and the final comment (issue #15).
import { afterEach, describe, expect, it } from 'vitest'
import { LAB3_FEEDBACK, ESSAY_FEEDBACK } from '../../mocks/sim/scenarios/demo-feedback'
import { setupSimulator } from '../../testing/simulator'
import { findSavedComment, postFinalComment, readStudentFeedback, splitFeedback } from '../provisional-comments'
import { resetThrottle } from '../throttle'
import { submissionFeedbackWire } from '../wire/submission-comments'
import { signInAs, signOut } from './sim-session'

const sim = setupSimulator()
const byJson = (x: unknown, y: unknown) => JSON.stringify(x).localeCompare(JSON.stringify(y))
afterEach(() => {
  resetThrottle()
  signOut()
})
const lab = { courseId: 101, assignmentId: 501 }
const named = (userId: number) => ({ userId, anonymousId: userId.toString(36), anonymous: false })

const pg = (id: number, scorer: number, comments: unknown[], final = false) => ({
  provisional_grade_id: id,
  grade: '10',
  score: 10,
  graded_at: '2025-10-08T10:00:00Z',
  scorer_id: scorer,
  graded_anonymously: null,
  final,
  grade_matches_current_submission: true,
  speedgrader_url: 'https://canvas.example/x',
  submission_comments: comments,
})
const c = (id: number, comment: string, extra: Record<string, unknown> = {}) => ({
  id,
  comment,
  created_at: `2025-10-08T10:0${id % 10}:00Z`,
  author_id: 9,
  author_name: 'Someone',
  ...extra,
})

describe('splitFeedback', () => {
  it('keeps each grade’s own comments and puts the ordinary ones (listed under every grade) apart, each once', () => {
    const wire = submissionFeedbackWire.parse({
      id: 1,
      submission_comments: [c(3, 'ordinary')],
      provisional_grades: [pg(10, 2, [c(1, 'a1'), c(3, 'ordinary')]), pg(11, 3, [c(2, 'b1'), c(3, 'ordinary')])],
    })
    const f = splitFeedback(wire)
    expect(f.grades.map((g) => [g.grade.id, g.comments.map((x) => x.text)])).toEqual([
      [10, ['a1']],
      [11, ['b1']],
    ])
    expect(f.ordinary.map((x) => x.text)).toEqual(['ordinary'])
    expect(f.skipped).toBe(0)
  })

  it('without the submission’s own list, a comment under two grades is ordinary; drafts and unreadable comments are left out', () => {
    const wire = submissionFeedbackWire.parse({
      id: 1,
      provisional_grades: [
        pg(10, 2, [c(1, 'a1'), c(3, 'ordinary'), c(4, 'draft', { draft: true })]),
        pg(11, 3, [c(3, 'ordinary'), { id: 'x' }]),
      ],
    })
    const f = splitFeedback(wire)
    expect(f.grades.map((g) => g.comments.map((x) => x.text))).toEqual([['a1'], []])
    expect(f.ordinary.map((x) => x.text)).toEqual(['ordinary'])
    expect(f.skipped).toBe(1)
  })

  it('keeps an author Canvas hides as its anonymous id, with no name', () => {
    const wire = submissionFeedbackWire.parse({
      id: 1,
      provisional_grades: [
        {
          ...pg(10, 0, [
            { id: 5, comment: '<b>not bold</b>', created_at: '2025-10-08T10:00:00Z', anonymous_id: 'Ab1' },
          ]),
          scorer_id: undefined,
          anonymous_grader_id: 'Ab1',
        },
      ],
    })
    const [g] = splitFeedback(wire).grades
    expect(g!.grade.anonymousGraderId).toBe('Ab1')
    expect(g!.comments[0]).toEqual({
      id: 5,
      text: '<b>not bold</b>',
      createdAt: '2025-10-08T10:00:00Z',
      authorId: undefined,
      anonymousAuthorId: 'Ab1',
      authorName: undefined,
    })
  })
})

describe('readStudentFeedback and postFinalComment (against the simulator)', () => {
  it('reads every grader’s comments on a student, grouped by grade, and the student’s own comment apart', async () => {
    const w = sim.createWorld()
    signInAs(w, 1)
    const f = await readStudentFeedback({ ...lab, student: named(1013) })
    expect(f.ordinary.map((x) => x.text)).toEqual([LAB3_FEEDBACK[1013]!.student])
    expect(f.grades.map((g) => [g.grade.scorerId, g.comments.map((x) => x.text)])).toEqual(
      f.grades.map((g) => [g.grade.scorerId, LAB3_FEEDBACK[1013]!.graders[g.grade.scorerId!]]),
    )
    expect(f.grades).toHaveLength(2)
  })

  it('reads an anonymous student by anonymous id; graders only by their anonymous ids', async () => {
    const w = sim.createWorld()
    signInAs(w, 1)
    const sub = w.world.submissions.get(502)!.get(1018)!
    const f = await readStudentFeedback({
      courseId: 101,
      assignmentId: 502,
      student: { userId: undefined, anonymousId: sub.anonymous_id, anonymous: true },
    })
    const graders = f.grades.filter((g) => !g.grade.final)
    expect(graders.map((g) => g.comments.map((x) => x.text)).sort(byJson)).toEqual(
      Object.values(ESSAY_FEEDBACK[1018]!.graders).sort(byJson),
    )
    for (const g of graders) {
      expect(g.grade.scorerId).toBeUndefined()
      for (const x of g.comments) {
        expect(x.authorId).toBeUndefined()
        expect(x.authorName).toBeUndefined()
        expect(x.anonymousAuthorId).toBe(g.grade.anonymousGraderId)
      }
    }
  })

  it('writes the final comment as an ordinary comment (no new grade) and finds it again by its text', async () => {
    const w = sim.createWorld()
    signInAs(w, 1)
    const before = await readStudentFeedback({ ...lab, student: named(1012) })
    const ordinary = await postFinalComment({ ...lab, student: named(1012), text: 'Combined feedback.\n\nWell done.' })
    const saved = findSavedComment(ordinary, ' Combined feedback.\n\nWell done. ', new Set(), 1)
    expect(saved).toMatchObject({ text: 'Combined feedback.\n\nWell done.', authorId: 1 })
    expect(findSavedComment(ordinary, 'Combined feedback.\n\nWell done.', new Set([saved!.id]), 1)).toBeUndefined()
    const after = await readStudentFeedback({ ...lab, student: named(1012) })
    expect(after.grades.map((g) => g.grade.id)).toEqual(before.grades.map((g) => g.grade.id))
    expect(after.grades.map((g) => g.comments)).toEqual(before.grades.map((g) => g.comments))
    expect(after.ordinary.map((x) => x.text)).toEqual(['Combined feedback.\n\nWell done.'])
  })
})
