import { useId } from 'react'
import { formatCount } from '../../../lib/format'
import type { RowFilters, SortOrder } from '../utils/grid-rows'

interface Props {
  filters: RowFilters
  onFiltersChange: (f: RowFilters) => void
  sortOrder: SortOrder
  onSortChange: (s: SortOrder) => void
  shown: number
  total: number
  /** Not every student has loaded (yet, or loading stopped): the count says "loaded", never claims them all. */
  incomplete?: boolean
  /** The course's sections, when it has several and students are named; the filter is offered then. */
  sections?: readonly string[]
  /** Every filter in force, in words (chips, section, search), for the one "Active: … · Clear" summary. */
  active?: readonly string[]
  onClearAll?: () => void
}

/**
 * Search, section and sort, and the summary of every filter in force. Classes, flags and selection are filtered by
 * the triage chips only: one filter model, whose summary is here.
 */
export function GridToolbar(p: Props) {
  const { filters, onFiltersChange } = p
  const sortId = useId()
  const searchId = useId()
  const sectionId = useId()
  return (
    <div className="toolbar">
      <div className="field field--inline">
        <label htmlFor={searchId}>Search students</label>
        <input
          id={searchId}
          type="search"
          value={filters.search}
          placeholder="Name or user id"
          onChange={(e) => onFiltersChange({ ...filters, search: e.target.value })}
        />
      </div>
      {p.sections && p.sections.length > 1 ? (
        <div className="field field--inline">
          <label htmlFor={sectionId}>Section</label>
          <select
            id={sectionId}
            value={filters.section}
            onChange={(e) => onFiltersChange({ ...filters, section: e.target.value })}
          >
            <option value="">All sections</option>
            {p.sections.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field field--inline">
        <label htmlFor={sortId}>Sort by</label>
        <select id={sortId} value={p.sortOrder} onChange={(e) => p.onSortChange(e.target.value as SortOrder)}>
          <option value="name-asc">Name (A–Z)</option>
          <option value="name-desc">Name (Z–A)</option>
          <option value="spread-desc">Spread (largest first)</option>
          <option value="spread-asc">Spread (smallest first)</option>
          <option value="mean-desc">Mean (highest first)</option>
          <option value="mean-asc">Mean (lowest first)</option>
        </select>
      </div>
      <p className="toolbar__count" aria-live="polite">
        Showing {formatCount(p.shown)} of {formatCount(p.total)} students{p.incomplete ? ' loaded so far' : ''}
        {p.active && p.active.length > 0 ? (
          <>
            {' · '}
            <span className="toolbar__active">Active: {p.active.join(', ')}</span>{' '}
            <button type="button" className="button button--small" onClick={p.onClearAll}>
              Clear filters
            </button>
          </>
        ) : null}
      </p>
    </div>
  )
}
