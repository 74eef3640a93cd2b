import { useMutation, useQueryClient } from '@tanstack/react-query'
import { canvasPath, type AssignmentRef } from '../../../canvas/keys'
import { readStudentModeration, selectProvisionalGrade } from '../../../canvas/provisional-grades'
import type { ProvisionalGrade } from '../../../canvas/types'
import { postCustomGrade, type SubmissionStudent } from '../../../canvas/submissions'
import { markSelected, replaceGrades } from '../utils/mark-selected'
import { gradeQueries } from './grade-queries'
import { isOutcomeUnknownError, writeOrReread } from '../../../canvas/settle'

export interface CustomGradeVars {
  student: SubmissionStudent & { key: string }
  postedGrade: string
  /**
   * Select this (another grader's) grade first. Canvas will not change a selected provisional grade whose scorer
   * is not the assignment's final grader (PROVISIONAL_GRADE_MODIFY_SELECTED, Submission#update_provisional_grade
   * in app/models/submission.rb) — e.g. an administrator's custom grade, or any custom grade when the assignment
   * has no final grader. Selecting another grade frees it; the new custom grade is then selected again.
   */
  reselectGradeId?: number
}

/**
 * The final grader's custom grade (contract §1.5, §7.3): write a provisional *final* grade through the
 * Submissions API, then select it, because Canvas does not select it by itself. Not optimistic: it writes a grade.
 */
export function useCustomGrade(ref: AssignmentRef) {
  const qc = useQueryClient()
  const rosterKey = gradeQueries.roster(ref).queryKey
  return useMutation({
    mutationKey: [...canvasPath.selections(ref), 'custom'],
    mutationFn: async ({ student, postedGrade, reselectGradeId }: CustomGradeVars) => {
      const reread = () => readStudentModeration({ ...ref, student })
      // Canvas holds this for the student now (after a write, or after reading it back): show it.
      const show = (grades: ProvisionalGrade[] | null, selectedGradeId: number | null) =>
        qc.setQueryData(rosterKey, (r) => {
          if (!r) return r
          const withGrades = grades ? replaceGrades(r, student.key, grades) : r
          return markSelected(withGrades, student.key, selectedGradeId)
        })
      let lostAnswer = false
      if (reselectGradeId !== undefined) {
        const freed = await writeOrReread(
          () => selectProvisionalGrade({ ...ref, provisionalGradeId: reselectGradeId }),
          reread,
        )
        const selected = freed.reread ? freed.reread.selectedGradeId : freed.written.selectedGradeId
        show(freed.reread?.grades ?? null, selected)
        lostAnswer ||= freed.reread !== undefined
        if (selected !== reselectGradeId)
          throw new Error(
            'Canvas’s answer was lost, and reading it back showed the other grade was not selected. Nothing else was changed.',
          )
      }
      const posted = await writeOrReread(() => postCustomGrade({ ...ref, student, postedGrade }), reread)
      let final: ProvisionalGrade | undefined
      if (posted.reread) {
        lostAnswer = true
        final = posted.reread.grades.find((g) => g.final)
        show(posted.reread.grades, posted.reread.selectedGradeId)
        // The custom grade Canvas holds is the one sent when it reads the same (Canvas writes `grade` from what was
        // posted: "B+", "85%", "17", "complete").
        if (!final || (final.grade ?? '').toLowerCase() !== postedGrade.toLowerCase())
          throw new Error('Canvas’s answer was lost, and reading it back showed the custom grade was not saved.')
      } else {
        final = posted.written.find((g) => g.final)
        if (!final) throw new Error('Canvas saved the grade but did not return a final provisional grade to select.')
        // Canvas has the grade now; show it even if selecting it fails below.
        qc.setQueryData(rosterKey, (r) => r && replaceGrades(r, student.key, posted.written))
      }
      const chosen = await writeOrReread(() => selectProvisionalGrade({ ...ref, provisionalGradeId: final.id }), reread)
      const selectedGradeId = chosen.reread ? chosen.reread.selectedGradeId : chosen.written.selectedGradeId
      if (chosen.reread) lostAnswer = true
      if (selectedGradeId !== final.id) {
        show(chosen.reread?.grades ?? null, selectedGradeId)
        throw new Error(
          'The custom grade is saved in Canvas, but reading it back showed it is not selected. Select it in the Final grade column.',
        )
      }
      return { selection: { studentKey: student.key, selectedGradeId }, final, lostAnswer }
    },
    onError: (error) => {
      if (isOutcomeUnknownError(error)) void qc.invalidateQueries({ queryKey: rosterKey })
    },
    onSuccess: ({ selection }, { student }) => {
      qc.setQueryData(rosterKey, (r) => r && markSelected(r, student.key, selection.selectedGradeId))
    },
  })
}
