/**
 * Canvas's numbered pagination (lib/api.rb, contract §6.1): per_page default 10, max 100; Link header
 * `<url>; rel="current",<url>; rel="next",…` joined by a bare comma in the order current, next, prev,
 * first, last; URLs are absolute, with the request's query re-encoded like Rails' `to_query`.
 */

export const DEFAULT_PER_PAGE = 10
export const MAX_PER_PAGE = 100
const MAX_LINK_HEADER = 6 * 1024
const DROPPED_PARAMS = new Set(['page', 'per_page', 'access_token', 'api_key'])

export interface Page<T> {
  items: T[]
  link: string
}

function positiveInt(raw: string | null): number | null {
  if (raw === null || !/^\s*\d+\s*$/.test(raw)) return null
  const n = Number(raw)
  return n > 0 ? n : null
}

export function perPageOf(url: URL): number {
  return Math.min(positiveInt(url.searchParams.get('per_page')) ?? DEFAULT_PER_PAGE, MAX_PER_PAGE)
}

/** Ruby's CGI.escape: unreserved are a-z A-Z 0-9 _ . - ~, space becomes '+'. */
export function cgiEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
}

/**
 * Rails `Hash#to_query` of the request params: each key renders as `k=v` (arrays as `k%5B%5D=a&k%5B%5D=b`
 * in their order), then the rendered pieces are sorted and joined with `&`.
 */
export function toQuery(params: URLSearchParams): string {
  const groups = new Map<string, string[]>()
  for (const [key, value] of params) {
    if (DROPPED_PARAMS.has(key)) continue
    const list = groups.get(key)
    if (list) list.push(value)
    else groups.set(key, [value])
  }
  const pieces: string[] = []
  for (const [key, values] of groups) {
    const isArray = key.endsWith('[]')
    // A repeated scalar key keeps its last value, as Rack does.
    const kept = isArray ? values : [values[values.length - 1]!]
    pieces.push(kept.map((v) => `${cgiEscape(key)}=${cgiEscape(v)}`).join('&'))
  }
  return pieces.sort().join('&')
}

export function paginate<T>(url: URL, items: readonly T[]): Page<T> {
  const perPage = perPageOf(url)
  const page = positiveInt(url.searchParams.get('page')) ?? 1
  const lastPage = Math.max(1, Math.ceil(items.length / perPage))
  const base = `${url.origin}${url.pathname}`
  const query = toQuery(url.searchParams)
  const href = (n: number) => `${base}?${query ? `${query}&` : ''}page=${n}&per_page=${perPage}`

  const rels: Array<[string, number]> = [['current', page]]
  if (page < lastPage) rels.push(['next', page + 1])
  if (page > 1) rels.push(['prev', page - 1])
  rels.push(['first', 1], ['last', lastPage])

  // Size cap: drop the least useful rels first (Canvas keeps next > last > prev > current > first).
  const dropOrder = ['first', 'current', 'prev', 'last']
  let entries = rels.map(([rel, n]) => `<${href(n)}>; rel="${rel}"`)
  while (entries.join(',').length > MAX_LINK_HEADER && dropOrder.length) {
    const drop = dropOrder.shift()!
    entries = entries.filter((e) => !e.endsWith(`rel="${drop}"`))
  }
  const start = (page - 1) * perPage
  return { items: items.slice(start, start + perPage), link: entries.join(',') }
}
