import { useMutation, useQueryClient } from '@tanstack/react-query'
import { canvasPath, type AssignmentRef } from '../../../canvas/keys'
import { selectProvisionalGrade } from '../../../canvas/provisional-grades'
import { postCustomGrade, type SubmissionStudent } from '../../../canvas/submissions'
import { markSelected, replaceGrades } from '../utils/mark-selected'
import { gradeQueries } from './grade-queries'

export interface CustomGradeVars {
  student: SubmissionStudent & { key: string }
  postedGrade: string
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
    mutationFn: async ({ student, postedGrade }: CustomGradeVars) => {
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

/** Parse and check a custom score: a number from 0 to twice the points possible (extra credit allowed). */
export function validateCustomGrade(
  input: string,
  pointsPossible: number | null,
): { ok: true; value: string } | { ok: false; message: string } {
  const text = input.trim()
  const max = pointsPossible !== null && pointsPossible > 0 ? pointsPossible * 2 : 1000
  const range = pointsPossible
    ? `from 0 to ${max} (the assignment is worth ${pointsPossible} points)`
    : `from 0 to ${max}`
  if (text === '') return { ok: false, message: `Enter a score ${range}.` }
  if (!/^\d+(\.\d{1,2})?$/.test(text))
    return { ok: false, message: `“${text}” is not a number. Enter a score ${range}, e.g. 17 or 16.5.` }
  const value = Number(text)
  if (value < 0 || value > max) return { ok: false, message: `${text} is out of range. Enter a score ${range}.` }
  return { ok: true, value: String(value) }
}
