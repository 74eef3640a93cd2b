import type { ClassifiedStudent } from '../../../lib/moderation/classify'
import { moderationCsv, type CsvOptions } from '../utils/csv'

interface Props {
  students: ClassifiedStudent[]
  graders: { key: string; label: string }[]
  anonymous: boolean
  sections?: CsvOptions['sections']
  gradeKind?: CsvOptions['gradeKind']
  /** SIS and login ids by student key (`u:<user id>`), as Canvas shows them to the caller; never for anonymous students. */
  ids?: CsvOptions['ids']
  /** The assignment's grade bands: a Band column for the selected grade. */
  bands?: CsvOptions['bands']
  /** The tolerance the Class column depends on ("2 points"), recorded in its header. */
  tolerance?: CsvOptions['tolerance']
  /** Student keys in the grid's current order, read when the CSV is made; default: name order, as the grid starts. */
  order?: () => CsvOptions['order']
  fileName: string
  disabled?: boolean
}

/** Downloads the moderation as CSV (UTF-8 with a BOM so spreadsheets read accented names correctly). */
export function ExportCsvButton({ students, fileName, disabled, order, ...opts }: Props) {
  function download() {
    const csv = moderationCsv(students, { ...opts, order: order?.() })
    const blob = new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' })
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
