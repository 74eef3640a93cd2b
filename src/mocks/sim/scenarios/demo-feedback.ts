/**
 * The demo's graders' comments (issue #15): a few students of 501 and 502 whose two graders each left provisional
 * comments in SpeedGrader, and one student's own comment on the submission. Listed in src/mocks/README.md with the
 * other special students; keep the two in sync. Uses no randomness, so the rest of the demo is unchanged.
 */
import { provisionalGradesOf } from '../provisional-grades'
import { addComment } from '../submission-comments'
import type { Submission } from '../types'
import type { World } from '../world'
import { TA_IDS, TEACHER_ID } from './common'

const MINUTE = 60_000
const [PRIYA, TOMAS] = TA_IDS

type Feedback = Record<number, string[]>
interface StudentFeedback {
  /** Provisional comments, by grader user id (each grader's own non-final grade must exist). */
  graders: Feedback
  /** The student's own comment on the submission (an ordinary comment: under every grade's list too). */
  student?: string
}

/** 501 "Lab Report 3: Enzyme Kinetics". */
export const LAB3_FEEDBACK: Record<number, StudentFeedback> = {
  // Liam O'Brien: Herrera and Reyes disagree by more than 4 points.
  1012: {
    graders: {
      [TOMAS]: [
        'Good aim and hypothesis. The method leaves out how the hydrogen peroxide was diluted, so the concentrations in Table 1 cannot be checked.',
        'Your Km of 0.8 mM is far below the published values for catalase: check the dilution factor before you interpret it.',
      ],
      [TEACHER_ID]: [
        'The discussion is thoughtful: you explain why the rate levels off at high [S] and link it to saturation of the active sites.',
        'Figure 2: rates at [S] < 5 mM have no error bars, and the x-axis needs units (mM).',
      ],
    },
  },
  // Mei Lin Zhang: Reyes and Natarajan, and her own note on the resubmitted figure.
  1013: {
    graders: {
      [TEACHER_ID]: ['Clear, well-structured report. The Lineweaver–Burk plot is correct; state the R² of the fit.'],
      [PRIYA]: [
        'Strong results section.',
        'Say why you chose 37 °C when the protocol used room temperature: it changes Vmax.',
      ],
    },
    student: 'I have uploaded Figure 2 again with the error bars added.',
  },
  // Aisha Mohammed: Natarajan and Herrera.
  1029: {
    graders: {
      [PRIYA]: ['The calculations are right, but the units of Vmax are missing throughout (µmol/min).'],
      [TOMAS]: [
        'Nice use of a control without enzyme. The conclusion repeats the results; say what they mean instead.',
      ],
    },
  },
}

/** 502 "Reflective Essay (anonymous)": the graders are "Grader 1" and "Grader 2" to the final grader. */
export const ESSAY_FEEDBACK: Record<number, StudentFeedback> = {
  1004: {
    graders: {
      [PRIYA]: ['An honest account of what went wrong. Go further on what you would change next time.'],
      [TOMAS]: [
        'Well written. The second paragraph summarises the protocol; the reflection starts only in paragraph three.',
      ],
    },
  },
  1018: {
    graders: {
      [PRIYA]: ['Mostly description of the experiment; there is little reflection on your own decisions.'],
      [TOMAS]: [
        'A mature reflection: you question your assumptions and link them to the literature.',
        'Trim the introduction, which repeats the assignment brief.',
      ],
    },
  },
}

function seed(world: World, assignmentId: number, feedback: Record<number, StudentFeedback>) {
  for (const [rawId, f] of Object.entries(feedback)) {
    const submission = world.submissions.get(assignmentId)?.get(Number(rawId))
    if (!submission) throw new Error(`demo feedback: no submission of ${rawId} on ${assignmentId}`)
    const pgs = provisionalGradesOf(world, submission)
    let latest = submission.updated_at
    for (const [rawGrader, texts] of Object.entries(f.graders)) {
      const pg = pgs.find((g) => !g.final && g.scorer_id === Number(rawGrader))
      if (!pg || pg.graded_at === null) throw new Error(`demo feedback: ${rawGrader} did not grade ${rawId}`)
      texts.forEach((text, i) => {
        // Written in SpeedGrader just after the grade, before anything was posted: hidden from the student.
        latest = Math.max(
          latest,
          comment(world, submission, Number(rawGrader), text, pg.graded_at! + (i + 1) * MINUTE, pg.id),
        )
      })
    }
    if (f.student)
      latest = Math.max(
        latest,
        comment(world, submission, submission.user_id, f.student, submission.submitted_at! + 20 * MINUTE, null),
      )
    // Submission#add_comment touches the submission.
    submission.updated_at = latest
  }
}

function comment(
  world: World,
  submission: Submission,
  authorId: number,
  text: string,
  at: number,
  provisionalGradeId: number | null,
): number {
  addComment(world, submission, {
    author_id: authorId,
    comment: text,
    created_at: at,
    provisional_grade_id: provisionalGradeId,
    // A student's own comment is never hidden from them; the graders' are until grades are posted.
    hidden: authorId !== submission.user_id && submission.posted_at === null,
    attempt: submission.attempt,
  })
  return at
}

export function seedDemoFeedback(world: World): void {
  seed(world, 501, LAB3_FEEDBACK)
  seed(world, 502, ESSAY_FEEDBACK)
}
