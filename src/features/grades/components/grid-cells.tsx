/**
 * The grid's cells. Each cell is a `gridcell` (the student a `rowheader`) with a full accessible name, so a screen
 * reader hears the grade, the student, whether it is selected, stale or beyond the tolerance; what is visible is
 * compact (icons for badges, never truncated text) and carries the same meaning in text for sighted users.
 */
import type { ProvisionalGrade } from '../../../canvas/types'
import { formatNumber } from '../../../lib/format'
import type { GradeKind } from '../../../lib/grading-type'
import { gradeText, type Grader, type GridRow } from '../utils/grid-rows'

export interface CellCommon {
  col: number
  row: GridRow
  tabbable: boolean
  onActivate: (rowKey: string, col: number) => void
}

function common({ col, tabbable, row, onActivate }: CellCommon) {
  return {
    role: 'gridcell',
    'aria-colindex': col + 1,
    'data-col': col,
    tabIndex: tabbable ? 0 : -1,
    onFocus: (e: React.FocusEvent) => {
      if (e.target === e.currentTarget) onActivate(row.key, col)
    },
  } as const
}

/** How far apart the graders are, for the row header's description and the "next" announcement. */
export function spreadWords(row: GridRow, kind: GradeKind): string | null {
  if (row.spread === null) return null
  if (kind === 'pass_fail') return row.disagree ? 'graders gave different grades' : 'graders agree'
  return `graders ${formatNumber(row.spread)} points apart${row.disagree ? ', beyond the tolerance' : ''}`
}

export function StudentCell(p: CellCommon & { kind: GradeKind }) {
  const { row } = p
  const spread = spreadWords(row, p.kind)
  return (
    <div
      role="rowheader"
      aria-colindex={p.col + 1}
      data-col={p.col}
      tabIndex={p.tabbable ? 0 : -1}
      className={`grid__rowheader${row.disagree ? ' grid__rowheader--disagree' : ''}`}
      title={spread ? `${row.label}: ${spread}` : undefined}
      onFocus={(e) => {
        if (e.target === e.currentTarget) p.onActivate(row.key, p.col)
      }}
    >
      <span className="grid__name">{row.label}</span>
      {row.markers.map((m) => (
        <span key={m.label} className={`tag${m.tone === 'warn' ? ' tag--warn' : ''}`} title={m.description}>
          {m.label}
        </span>
      ))}
    </div>
  )
}

export function SectionCell(p: CellCommon) {
  const sections = p.row.facts?.sections.join(', ') ?? ''
  return (
    <div {...common(p)} className="grid__cell grid__cell--text" title={sections || undefined}>
      {sections || <span className="muted">Not known</span>}
    </div>
  )
}

export function SpreadCell(p: CellCommon & { kind: GradeKind }) {
  const { row } = p
  const text =
    row.spread === null ? '—' : p.kind === 'pass_fail' ? (row.disagree ? 'Differ' : 'Same') : formatNumber(row.spread)
  const name =
    row.spread === null
      ? `Spread for ${row.label}: fewer than two grades`
      : `Spread for ${row.label}: ${spreadWords(row, p.kind)}`
  return (
    <div
      {...common(p)}
      aria-label={name}
      className={`grid__cell grid__cell--num${row.disagree ? ' grid__cell--beyond' : ''}`}
    >
      {row.disagree ? (
        <span aria-hidden="true" className="grid__flag">
          ≠
        </span>
      ) : null}
      {text}
    </div>
  )
}

export function MeanCell(p: CellCommon) {
  const { row } = p
  return (
    <div
      {...common(p)}
      aria-label={`Mean for ${row.label}: ${row.mean === null ? 'no grades' : formatNumber(row.mean)}`}
      className="grid__cell grid__cell--num"
    >
      {row.mean === null ? '—' : formatNumber(row.mean)}
    </div>
  )
}

interface GradeCellProps extends CellCommon {
  grade: ProvisionalGrade | undefined
  grader: Grader
  readOnly: boolean
  kind: GradeKind
  onSelect: (row: GridRow, grade: ProvisionalGrade, graderLabel: string) => void
}

/** One grader's provisional grade: click, Enter or Space selects it. */
export function GradeCell(p: GradeCellProps) {
  const { row, grade } = p
  const label = p.grader.label
  if (!grade) {
    return (
      <div {...common(p)} className="grid__cell grid__cell--empty" aria-label={`${label}: no grade for ${row.label}`}>
        <span aria-hidden="true">—</span>
      </div>
    )
  }
  const selected = row.selectedGradeId === grade.id
  const stale = !grade.matchesCurrentSubmission
  const beyond = row.outliers.has(grade.graderKey)
  const text = gradeText(grade, p.kind)
  const name = `${label}: ${text} for ${row.label}${beyond ? ', beyond the tolerance' : ''}${selected ? ', selected' : ''}${stale ? ', stale (graded before the latest submission)' : ''}`
  return (
    <div
      {...common(p)}
      aria-selected={selected}
      aria-label={name}
      className={`grid__cell${selected ? ' grid__cell--selected' : ''}${stale ? ' grid__cell--stale' : ''}${beyond ? ' grid__cell--beyond' : ''}${p.readOnly ? '' : ' grid__cell--selectable'}`}
      onClick={() => {
        p.onActivate(row.key, p.col)
        if (!p.readOnly && !selected) p.onSelect(row, grade, label)
      }}
    >
      <span className="grid__score">{text}</span>
      {/* Most cells have no icon: no empty wrapper then (the grid mounts a few hundred cells per scroll step). */}
      {selected || stale || beyond ? (
        <span className="grid__icons" aria-hidden="true">
          {selected ? (
            <span className="icon icon--selected" title="Selected">
              ✓
            </span>
          ) : null}
          {stale ? (
            <span className="icon icon--stale" title="Stale: graded before the student's latest submission">
              ⚠
            </span>
          ) : null}
          {beyond ? (
            <span className="icon icon--beyond" title="Beyond the tolerance from the other graders">
              ≠
            </span>
          ) : null}
        </span>
      ) : null}
      {/* The arrow is CSS generated content (.grid__link::after), out of the accessibility tree. */}
      <a
        className="grid__link"
        href={grade.speedGraderUrl}
        target="_blank"
        rel="noopener noreferrer"
        tabIndex={-1}
        aria-label={`Open ${row.label} in SpeedGrader (${label}, new tab)`}
        onClick={(e) => e.stopPropagation()}
      />
    </div>
  )
}

interface FinalCellProps extends CellCommon {
  /** This row holds the grid's tab stop: Tab goes from the focused cell to Custom/Edit, then to SpeedGrader. */
  rowActive: boolean
  graders: readonly Grader[]
  readOnly: boolean
  canCustomGrade: boolean
  kind: GradeKind
  onSelect: (row: GridRow, grade: ProvisionalGrade, graderLabel: string) => void
  onCustomGrade: (row: GridRow) => void
}

/**
 * The effective final grade: the selected grade, whoever gave it ("15.5 · Reyes", "16 · custom"), or "Not selected";
 * a custom grade that is not selected can be selected here; Custom/Edit writes one. Tab moves from the focused
 * cell of the row to Custom/Edit, then to the student's SpeedGrader (each grade cell's own link is for the pointer).
 */
export function FinalCell(p: FinalCellProps) {
  const { row } = p
  const sel = row.selectedGrade
  const custom = row.finalGrade
  const grader = sel && !sel.final ? p.graders.find((g) => g.key === sel.graderKey) : undefined
  const source = !sel ? null : sel.final ? 'custom' : (grader?.label ?? 'grader')
  // Compact in the cell ("Reyes"), whole in the accessible name and the tooltip.
  const shortSource = grader?.short ?? source
  const customUnselected = custom && custom.id !== row.selectedGradeId ? custom : undefined
  const text = sel ? gradeText(sel, p.kind) : null
  const speedGrader = (sel ?? custom ?? row.student.grades[0])?.speedGraderUrl
  const name = sel
    ? sel.final
      ? `Final grade: ${text} for ${row.label}, selected`
      : `Final grade: ${text} for ${row.label}, ${source}’s grade selected${customUnselected ? `; custom grade ${gradeText(customUnselected, p.kind)} not selected` : ''}`
    : customUnselected
      ? `Final grade: not selected for ${row.label}; custom grade ${gradeText(customUnselected, p.kind)}, press Enter to select it`
      : `Final grade: no grade for ${row.label}`
  return (
    <div
      {...common(p)}
      aria-selected={sel?.final === true ? true : undefined}
      aria-label={name}
      className={`grid__cell grid__cell--final${sel ? ' grid__cell--has-final' : ''}${!p.readOnly && customUnselected ? ' grid__cell--selectable' : ''}`}
      onClick={() => {
        p.onActivate(row.key, p.col)
        if (p.readOnly) return
        if (customUnselected) p.onSelect(row, customUnselected, 'Custom grade')
      }}
    >
      {sel ? (
        <span className="grid__final">
          <span className="grid__score">{text}</span>
          <span className="grid__source" title={source ?? undefined}>
            {' '}
            · {shortSource}
          </span>
        </span>
      ) : (
        <span className="muted">Not selected</span>
      )}
      {customUnselected ? <span className="grid__source">custom {gradeText(customUnselected, p.kind)}</span> : null}
      {p.canCustomGrade && !p.readOnly ? (
        <button
          type="button"
          className="button button--small grid__custom"
          tabIndex={p.rowActive ? 0 : -1}
          aria-label={`Custom grade for ${row.label}`}
          onClick={(e) => {
            e.stopPropagation()
            p.onCustomGrade(row)
          }}
        >
          {custom ? 'Edit' : 'Custom'}
        </button>
      ) : null}
      {speedGrader ? (
        <a
          className="grid__link"
          href={speedGrader}
          target="_blank"
          rel="noopener noreferrer"
          tabIndex={p.rowActive ? 0 : -1}
          aria-label={`Open ${row.label} in SpeedGrader (new tab)`}
          onClick={(e) => e.stopPropagation()}
        />
      ) : null}
    </div>
  )
}
