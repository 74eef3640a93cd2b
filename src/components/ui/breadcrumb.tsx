import { Link } from 'react-router'

export interface Crumb {
  label: string
  /** Omitted for the current page (the last crumb). */
  to?: string
}

/** A breadcrumb trail: links to the pages above, the current page marked with aria-current. */
export function Breadcrumb({ items }: { items: Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      <ol>
        {items.map((c) => (
          <li key={c.label} aria-current={c.to ? undefined : 'page'}>
            {c.to ? <Link to={c.to}>{c.label}</Link> : c.label}
          </li>
        ))}
      </ol>
    </nav>
  )
}
