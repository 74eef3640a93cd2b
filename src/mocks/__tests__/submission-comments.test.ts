// @vitest-environment node
// Graders' provisional comments and the final comment (issue #15), as Canvas's source has them: each provisional grade's
// `submission_comments` (its own OR the ordinary ones), anonymity of authors, where a comment written through the
// Submissions API lands, what publishing copies, and what the student sees before and after grades are posted.
import { describe, expect, it } from 'vitest'
import { setupSimulator, type SimWorldHandle } from '../../testing/simulator'
import { A, allGradeable, rowOf, type PgJson } from '../../testing/canvas-json'
import { ESSAY_FEEDBACK, LAB3_FEEDBACK } from '../sim/scenarios/demo-feedback'

const sim = setupSimulator()
const byJson = (x: unknown, y: unknown) => JSON.stringify(x).localeCompare(JSON.stringify(y))
type Who = Parameters<SimWorldHandle['fetch']>[0]

interface CommentJson {
  id: number
  comment: string
  author_id?: number | null
  author_name?: string
  anonymous_id?: string | null
  [key: string]: unknown
}
type PgWithComments = PgJson & { submission_comments?: CommentJson[] }
interface SubmissionJson {
  id: number
  user_id?: number
  anonymous_id?: string
  submission_comments?: CommentJson[]
  provisional_grades?: PgWithComments[]
}

const BOTH = 'include[]=provisional_grades&include[]=submission_comments'
/** The keys of `anonymous_moderated_submission_comments_json` (lib/api/v1/submission_comment.rb), plus publishable. */
const MODERATED_KEYS = [
  'attempt',
  'author_id',
  'author_name',
  'cached_attachments',
  'comment',
  'created_at',
  'draft',
  'group_comment_id',
  'id',
  'media_comment_id',
  'media_comment_type',
  'publishable',
]

function show(w: SimWorldHandle, who: Who, assignmentId: number, userId: number | 'self', query = BOTH) {
  return w.json<SubmissionJson>(who, `${A(assignmentId)}/submissions/${userId}?${query}`)
}

function put(w: SimWorldHandle, who: Who, assignmentId: number, userId: number, body: unknown) {
  return w.json<SubmissionJson>(who, `${A(assignmentId)}/submissions/${userId}`, { method: 'PUT', json: body })
}

const texts = (cs: CommentJson[] | undefined) => (cs ?? []).map((c) => c.comment)

/** Posts (or hides) every grade of the assignment through Canvas's GraphQL, as the app does (sim/posting.ts). */
async function postAll(w: SimWorldHandle, assignmentId: number, op: 'post_grades' | 'hide_grades' = 'post_grades') {
  const res = await w.fetch('final_grader', `/api/md/courses/101/assignments/${assignmentId}/${op}`, {
    method: 'POST',
    json: {},
  })
  if (res.status !== 200) throw new Error(`${op}: ${res.status} ${await res.text()}`)
}

/** Selects a grade for every student of 501 who would block publishing, then publishes (over the API). */
async function publish501(w: SimWorldHandle) {
  const rows = await allGradeable(w, 'final_grader', 501)
  const ids = rows
    .filter((r) => r.selected_provisional_grade_id === null)
    .map((r) => r.provisional_grades!.find((g) => g.graded_at && !g.final)?.provisional_grade_id)
    .filter((id): id is number => id !== undefined)
  await w.json('final_grader', `${A(501)}/provisional_grades/bulk_select`, {
    method: 'PUT',
    json: { provisional_grade_ids: ids },
  })
  await w.json('final_grader', `${A(501)}/provisional_grades/publish`, { method: 'POST' })
}

describe('reading the graders’ comments (include[]=provisional_grades&include[]=submission_comments)', () => {
  it('each provisional grade carries its own comments and the ordinary ones (OR NULL), in Canvas’s comment JSON', async () => {
    const w = sim.createWorld()
    const rows = await allGradeable(w, 'final_grader', 501, `${BOTH}&per_page=100`)
    const mei = rowOf(rows, 1013)
    const student = LAB3_FEEDBACK[1013]!.student!
    for (const pg of mei.provisional_grades as PgWithComments[]) {
      const own = LAB3_FEEDBACK[1013]!.graders[pg.scorer_id!]!
      expect(texts(pg.submission_comments)).toEqual([student, ...own])
      for (const c of pg.submission_comments!) {
        expect(Object.keys(c).sort()).toEqual(MODERATED_KEYS)
        expect(c).not.toHaveProperty('provisional_grade_id')
      }
    }
    const priyas = (mei.provisional_grades as PgWithComments[]).find((pg) => pg.scorer_id === 3)!
    expect(priyas.submission_comments![1]).toMatchObject({
      author_id: 3,
      author_name: 'Priya Natarajan',
      draft: false,
      publishable: false,
      cached_attachments: [],
      media_comment_id: null,
    })
    // Without include[]=submission_comments the grades carry none.
    const plain = rowOf(await allGradeable(w, 'final_grader', 501), 1013)
    expect(plain.provisional_grades!.every((pg) => !('submission_comments' in pg))).toBe(true)
  })

  it('a submission’s own submission_comments are the ordinary ones only; the submissions list and status agree', async () => {
    const w = sim.createWorld()
    const one = await show(w, 'final_grader', 501, 1013)
    expect(texts(one.submission_comments)).toEqual([LAB3_FEEDBACK[1013]!.student])
    expect(Object.keys(one.submission_comments![0]!).sort()).toEqual([
      'author',
      'author_id',
      'author_name',
      'comment',
      'created_at',
      'edited_at',
      'id',
    ])
    expect(one.submission_comments![0]).toMatchObject({ author_id: 1013, author: { id: 1013 } })
    const list = await w.json<SubmissionJson[]>('final_grader', `${A(501)}/submissions?${BOTH}&per_page=100`)
    expect(list.find((s) => s.user_id === 1013)!.provisional_grades).toEqual(one.provisional_grades)

    const status = await w.json<{ provisional_grades: PgWithComments[] }>(
      'final_grader',
      `${A(501)}/provisional_grades/status?student_id=1012&last_updated_at=2000-01-01T00:00:00Z`,
    )
    for (const pg of status.provisional_grades)
      expect(texts(pg.submission_comments)).toEqual(LAB3_FEEDBACK[1012]!.graders[pg.scorer_id!])
  })

  it('hides grader and student identities where Canvas does (anonymous 502), keeping the caller’s own name', async () => {
    const w = sim.createWorld()
    const essay = w.world.submissions.get(502)!.get(1018)!
    // The student comments on their own submission; the final grader comments too (ordinary comments).
    await put(w, 1018, 502, 1018, { comment: { text_comment: 'Thank you.' } })
    await put(w, 'final_grader', 502, 1018, { comment: { text_comment: 'Final: a thoughtful essay.' } })
    const body = await w.json<SubmissionJson>(
      'final_grader',
      `${A(502)}/anonymous_submissions/${essay.anonymous_id}?${BOTH}`,
    )
    expect(body).not.toHaveProperty('user_id')
    const pgs = body.provisional_grades!.filter((pg) => !pg.final)
    for (const pg of pgs) {
      expect(pg).not.toHaveProperty('scorer_id')
      const byText = (t: string) => pg.submission_comments!.find((c) => c.comment === t)!
      // The student: the submission's anonymous id, no author_id or author_name.
      const student = byText('Thank you.')
      expect(student.anonymous_id).toBe(essay.anonymous_id)
      expect(student).not.toHaveProperty('author_id')
      expect(student).not.toHaveProperty('author_name')
      // A grader: their grader anonymous id (the grade's anonymous_grader_id), no author_id, no author_name.
      const own = pg.submission_comments!.filter((c) => c !== student && !c.comment.startsWith('Final:'))
      expect(own.length).toBeGreaterThan(0)
      for (const c of own) {
        expect(c.anonymous_id).toBe(pg.anonymous_grader_id)
        expect(c).not.toHaveProperty('author_id')
        expect(c).not.toHaveProperty('author_name')
      }
      // The caller's own comment: Chen is a moderation grader of 502 (her custom grades), so her grader anonymous id,
      // no author_id, but her name (it is the caller's).
      const mine = byText('Final: a thoughtful essay.')
      expect(mine).toMatchObject({ author_name: 'Dr. Maya Chen', anonymous_id: expect.any(String) })
      expect(mine).not.toHaveProperty('author_id')
    }
    expect(
      pgs
        .map((pg) => texts(pg.submission_comments).filter((t) => t !== 'Thank you.' && !t.startsWith('Final:')))
        .sort(byJson),
    ).toEqual(Object.values(ESSAY_FEEDBACK[1018]!.graders).sort(byJson))
    // Top-level (submission_comment_json): someone else's comment while students are anonymized is "Anonymous User".
    expect(body.submission_comments).toEqual([
      expect.objectContaining({ comment: 'Thank you.', author_id: null, author_name: 'Anonymous User', author: {} }),
      expect.objectContaining({ comment: 'Final: a thoughtful essay.', author_id: 1 }),
    ])
    expect(JSON.stringify(body)).not.toMatch(/Natarajan|Herrera|Rosa|Jiménez/)
  })
})

describe('writing comments through PUT …/submissions/:user_id', () => {
  it('comment[text_comment] without submission[provisional]: an ordinary comment, no grade, no slot, hidden until posted', async () => {
    const w = sim.createWorld()
    const pgsBefore = (await show(w, 'final_grader', 501, 1012)).provisional_grades!
    const graderRows = w.world.moderationGraders.get(501)!.size
    const res = await put(w, 'final_grader', 501, 1012, { comment: { text_comment: '  Final comment.  ' } })
    // Stripped (Submission#add_comment), in the answer's top-level comments.
    expect(texts(res.submission_comments)).toEqual(['Final comment.'])
    const after = await show(w, 'final_grader', 501, 1012)
    expect(after.provisional_grades!.map((pg) => pg.provisional_grade_id)).toEqual(
      pgsBefore.map((pg) => pg.provisional_grade_id),
    )
    expect(w.world.moderationGraders.get(501)!.size).toBe(graderRows)
    // Under every grade (OR NULL), after the grade's own comments.
    for (const pg of after.provisional_grades!) expect(texts(pg.submission_comments).at(-1)).toBe('Final comment.')

    // The student sees no grader's comment and not the final comment before posting …
    expect(texts((await show(w, 1012, 501, 'self', 'include[]=submission_comments')).submission_comments)).toEqual([])
    // … and the final comment once grades are published and posted (lib/mutable.rb show_stream_items).
    await publish501(w)
    await postAll(w, 501)
    expect(texts((await show(w, 1012, 501, 'self', 'include[]=submission_comments')).submission_comments)).toContain(
      'Final comment.',
    )
  })

  it('with submission[provisional] and [final], the grade is the final mark but the comment lands on the author’s own non-final grade', async () => {
    const w = sim.createWorld()
    const res = await put(w, 'final_grader', 501, 1012, {
      submission: { posted_grade: '15', provisional: true, final: true },
      comment: { text_comment: 'Sent with the custom grade.' },
    })
    const final = res.provisional_grades!.find((pg) => pg.final)!
    const own = res.provisional_grades!.find((pg) => !pg.final && pg.scorer_id === 1)!
    expect(final).toMatchObject({ score: 15, scorer_id: 1 })
    // A blank grade of Chen's own was created for the comment (and took her grader row).
    expect(own).toMatchObject({ score: null, graded_at: null })
    expect(texts(own.submission_comments)).toEqual(['Sent with the custom grade.'])
    expect(texts(final.submission_comments)).toEqual([])
    expect(res.submission_comments).toEqual([])
    expect(w.world.moderationGraders.get(501)!.get(1)!.slot_taken).toBe(true)
  })

  it('a blank text writes no comment', async () => {
    const w = sim.createWorld()
    const res = await put(w, 'final_grader', 501, 1012, { comment: { text_comment: '   ' } })
    expect(res.submission_comments).toEqual([])
  })
})

describe('publishing and posting', () => {
  it('publish copies only the selected grade’s own comments; the student sees them and the final comment once posted', async () => {
    const w = sim.createWorld()
    // 1012: select Herrera's grade; 1013: a custom grade (the final mark) with a final comment.
    const liam = await show(w, 'final_grader', 501, 1012)
    const tomas = liam.provisional_grades!.find((pg) => pg.scorer_id === 4)!
    await w.json('final_grader', `${A(501)}/provisional_grades/${tomas.provisional_grade_id}/select`, { method: 'PUT' })
    const custom = await put(w, 'final_grader', 501, 1013, {
      submission: { posted_grade: '17', provisional: true, final: true },
    })
    const finalId = custom.provisional_grades!.find((pg) => pg.final)!.provisional_grade_id
    await w.json('final_grader', `${A(501)}/provisional_grades/${finalId}/select`, { method: 'PUT' })
    await put(w, 'final_grader', 501, 1013, { comment: { text_comment: 'Combined feedback.' } })
    await publish501(w)

    // Published, not posted: the copies are hidden (dup keeps `hidden`), the student sees nothing of the graders.
    expect(texts((await show(w, 1012, 501, 'self', 'include[]=submission_comments')).submission_comments)).toEqual([])
    expect(texts((await show(w, 1013, 501, 'self', 'include[]=submission_comments')).submission_comments)).toEqual([
      LAB3_FEEDBACK[1013]!.student,
    ])
    // Staff see the copies as ordinary comments.
    const staff = await show(w, 'final_grader', 501, 1012, 'include[]=submission_comments')
    expect(texts(staff.submission_comments)).toEqual(LAB3_FEEDBACK[1012]!.graders[4])

    await postAll(w, 501)
    expect(texts((await show(w, 1012, 501, 'self', 'include[]=submission_comments')).submission_comments)).toEqual(
      LAB3_FEEDBACK[1012]!.graders[4],
    )
    // The custom grade carries no grader's comment: the student gets their own note and the final comment only.
    expect(texts((await show(w, 1013, 501, 'self', 'include[]=submission_comments')).submission_comments)).toEqual([
      LAB3_FEEDBACK[1013]!.student,
      'Combined feedback.',
    ])
  })

  it('hiding grades again hides the instructors’ comments (lib/mutable.rb hide_stream_items)', async () => {
    const w = sim.createWorld()
    await put(w, 'final_grader', 501, 1013, { comment: { text_comment: 'Final comment.' } })
    await publish501(w)
    await postAll(w, 501)
    const seen = () =>
      show(w, 1013, 501, 'self', 'include[]=submission_comments').then((s) => texts(s.submission_comments))
    expect(await seen()).toContain('Final comment.')
    await postAll(w, 501, 'hide_grades')
    expect(await seen()).toEqual([LAB3_FEEDBACK[1013]!.student])
    await postAll(w, 501)
    expect(await seen()).toContain('Final comment.')
  })
})
