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
  /** The course's sections, when it has several and students are named; the filter is offered then. */
  sections?: readonly string[]
}

export function GridToolbar({ filters, onFiltersChange, sortOrder, onSortChange, shown, total, sections }: Props) {
  const sortId = useId()
  const searchId = useId()
  const sectionId = useId()
  return (
    <div className="toolbar">
      <div className="field">
        <label htmlFor={searchId}>Search students</label>
        <input
          id={searchId}
          type="search"
          value={filters.search}
          onChange={(e) => onFiltersChange({ ...filters, search: e.target.value })}
        />
      </div>
      {sections && sections.length > 1 ? (
        <div className="field">
          <label htmlFor={sectionId}>Section</label>
          <select
            id={sectionId}
            value={filters.section}
            onChange={(e) => onFiltersChange({ ...filters, section: e.target.value })}
          >
            <option value="">All sections</option>
            {sections.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={sortId}>Sort by</label>
        <select id={sortId} value={sortOrder} onChange={(e) => onSortChange(e.target.value as SortOrder)}>
          <option value="name-asc">Name (A–Z)</option>
          <option value="name-desc">Name (Z–A)</option>
          <option value="spread-desc">Spread between graders (largest first)</option>
        </select>
      </div>
      <fieldset className="toolbar__filters">
        <legend>Show only</legend>
        <label>
          <input
            type="checkbox"
            checked={filters.noSelection}
            onChange={(e) => onFiltersChange({ ...filters, noSelection: e.target.checked })}
          />
          No selection yet
        </label>
        <label>
          <input
            type="checkbox"
            checked={filters.disagree}
            onChange={(e) => onFiltersChange({ ...filters, disagree: e.target.checked })}
          />
          Graders disagree
        </label>
        <label>
          <input
            type="checkbox"
            checked={filters.stale}
            onChange={(e) => onFiltersChange({ ...filters, stale: e.target.checked })}
          />
          Stale
        </label>
      </fieldset>
      <p className="toolbar__count" aria-live="polite">
        Showing {formatCount(shown)} of {formatCount(total)} students
      </p>
    </div>
  )
}
