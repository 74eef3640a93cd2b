import type { ClassifiedStudent } from '../../../lib/moderation/classify'
import { moderationCsv, type CsvOptions } from '../utils/csv'

interface Props {
  students: ClassifiedStudent[]
  graders: { key: string; label: string }[]
  anonymous: boolean
  sections?: CsvOptions['sections']
  gradeKind?: CsvOptions['gradeKind']
  fileName: string
  disabled?: boolean
}

/** Downloads the moderation as CSV (UTF-8 with a BOM so spreadsheets read accented names correctly). */
export function ExportCsvButton({ students, graders, anonymous, sections, gradeKind, fileName, disabled }: Props) {
  function download() {
    const blob = new Blob(['\uFEFF', moderationCsv(students, { graders, anonymous, sections, gradeKind })], {
      type: 'text/csv;charset=utf-8',
    })
    const url = URL.createObjectURL(blob)
    const a = document.createElement('a')
    a.href = url
    a.download = fileName
    document.body.append(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 0)
  }
  return (
    <button type="button" className="button" onClick={download} disabled={disabled}>
      Export CSV
    </button>
  )
}
