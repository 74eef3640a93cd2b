import type { GradeableStudent, ProvisionalGrade } from '../../../canvas/types'

export type PublishChoice =
  | { kind: 'skipped' } // no provisional grades: Canvas leaves the submission alone
  | { kind: 'selected'; grade: ProvisionalGrade }
  | { kind: 'only-graded'; grade: ProvisionalGrade }
  | { kind: 'blank'; grade: ProvisionalGrade }
  | { kind: 'blocked'; graded: ProvisionalGrade[] }

/**
 * Which provisional grade Canvas's publish would copy for one student (contract §2.6, in order):
 * 1. the selected one; 2. else the only one with graded_at; 3. else the first with graded_at null (comment-only);
 * 4. else (two or more graded, nothing selected) publishing aborts with 422.
 */
export function publishChoice(student: GradeableStudent): PublishChoice {
  const grades = student.grades
  if (grades.length === 0) return { kind: 'skipped' }
  if (student.selectedGradeId !== null) {
    const selected = grades.find((g) => g.id === student.selectedGradeId)
    if (selected) return { kind: 'selected', grade: selected }
  }
  const graded = grades.filter((g) => g.gradedAt !== null)
  if (graded.length === 1) return { kind: 'only-graded', grade: graded[0]! }
  const blank = grades.find((g) => g.gradedAt === null)
  // Canvas's literal rule: with 0 or 2+ graded grades and no selection, a comment-only grade wins.
  if (blank) return { kind: 'blank', grade: blank }
  return { kind: 'blocked', graded }
}

export interface PublishReadiness {
  blockers: GradeableStudent[]
  /** Students whose chosen grade was given before their latest submission. */
  stale: GradeableStudent[]
  /** Grades that publishing would write (chosen provisional grades, incl. comment-only ones). */
  gradesToWrite: number
  /** Students with no provisional grade at all (Canvas skips them). */
  ungraded: number
  /**
   * Students Canvas listed whose rows could not be read: this check does not cover them, yet Canvas's publish
   * does (it publishes every student of the assignment).
   */
  notShown: number
  /** Nothing blocks publishing, and that is known for every student (none is left out). */
  ready: boolean
}

export function publishReadiness(students: GradeableStudent[], notShown = 0): PublishReadiness {
  const blockers: GradeableStudent[] = []
  const stale: GradeableStudent[] = []
  let gradesToWrite = 0
  let ungraded = 0
  for (const s of students) {
    const choice = publishChoice(s)
    if (choice.kind === 'skipped') ungraded++
    else if (choice.kind === 'blocked') blockers.push(s)
    else {
      gradesToWrite++
      if (!choice.grade.matchesCurrentSubmission) stale.push(s)
    }
  }
  return { blockers, stale, gradesToWrite, ungraded, notShown, ready: blockers.length === 0 && notShown === 0 }
}
