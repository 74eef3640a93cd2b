import { useMutation, useQueryClient } from '@tanstack/react-query'
import { canvasPath, type AssignmentRef } from '../../../canvas/keys'
import { selectProvisionalGrade } from '../../../canvas/provisional-grades'
import { postCustomGrade, type SubmissionStudent } from '../../../canvas/submissions'
import { markSelected, replaceGrades } from '../utils/mark-selected'
import { gradeQueries } from './grade-queries'

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
      if (reselectGradeId !== undefined) {
        const freed = await selectProvisionalGrade({ ...ref, provisionalGradeId: reselectGradeId })
        // Canvas holds this selection now, whatever happens next: show it.
        qc.setQueryData(rosterKey, (r) => r && markSelected(r, student.key, freed.selectedGradeId))
      }
      const grades = await postCustomGrade({ ...ref, student, postedGrade })
      const final = grades.find((g) => g.final)
      if (!final) throw new Error('Canvas saved the grade but did not return a final provisional grade to select.')
      // Canvas has the grade now; show it even if selecting it fails below.
      qc.setQueryData(rosterKey, (r) => r && replaceGrades(r, student.key, grades))
      const selection = await selectProvisionalGrade({ ...ref, provisionalGradeId: final.id })
      return { selection, final }
    },
    onSuccess: ({ selection }, { student }) => {
      qc.setQueryData(rosterKey, (r) => r && markSelected(r, student.key, selection.selectedGradeId))
    },
  })
}
