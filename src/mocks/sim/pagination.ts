/**
 * Canvas's numbered pagination (lib/api.rb `Api.paginate`, the folio-pagination gem; contract §6.1):
 *
 * - `per_page` is `Api.per_page_for`: `(params[:per_page] || 10).to_i.clamp(1, 100)`, so `0`, `""`, `-5` and `abc`
 *   are 1, `25abc` is 25, 500 is 100; never an error.
 * - `page` is Ruby's `to_i` of the param (absent: 1). Page 0, a negative page, `""` or `abc` raise
 *   `Folio::InvalidPage` → 404 (`invalidPage`); `2abc` is page 2 (folio's `current_page=` does `to_i`).
 * - Link header `<url>; rel="current",<url>; rel="next",…` joined by a bare comma in the order current, next,
 *   prev, first, last; URLs are absolute, with the request's query re-encoded like Rails' `to_query` and the
 *   `per_page` Canvas used (the clamped value).
 * - Counted collections (the default) know their last page. A page past it is 200 `[]`: `Api.paginate_collection!`
 *   rescues the InvalidPage with an empty `Folio::Ordinal::Page.create`, which has no total and folio's default
 *   per_page (30), so its links are current, next (N+1), prev and first, with `per_page=30`, and no last (worked
 *   out from folio's lib/folio/ordinal/page.rb; not observed on a live server).
 * - `total_entries: nil` collections (`GET /courses/:id/users`, CoursesController#users) are not counted: no rel="last";
 *   a full page has next; a short page (`length < per_page`, and page 1 or not empty) has none; an empty page after
 *   an exact multiple of per_page is `[]` and still has next (folio `DecoratedArray#replace`), so a client must stop
 *   at an empty page. (Folio would give that short page a last link equal to itself; the simulator sends none, as
 *   the contract's §9 reads it: "never a `last` link". Clients must not need one.)
 */
import { invalidPage } from './errors'

export const DEFAULT_PER_PAGE = 10
export const MAX_PER_PAGE = 100
/** folio's `Folio.per_page` default, what the empty past-the-end page reports. */
export const FOLIO_DEFAULT_PER_PAGE = 30
const MAX_LINK_HEADER = 6 * 1024
const DROPPED_PARAMS = new Set(['page', 'per_page', 'access_token', 'api_key'])

export interface Page<T> {
  items: T[]
  link: string
}

/** Ruby's `String#to_i`: leading blanks, a sign and digits (underscores between them); anything else is 0. */
export function rubyToI(text: string): number {
  const m = /^\s*([+-]?\d+(?:_\d+)*)/.exec(text)
  return m ? Number(m[1]!.replace(/_/g, '')) : 0
}

/** Rack keeps the last of a repeated scalar param. */
function lastParam(url: URL, name: string): string | null {
  return url.searchParams.getAll(name).at(-1) ?? null
}

/** `Api.per_page_for`; `alias` is an older name an endpoint also reads (`params[:per_page] ||= params[:limit]`). */
export function perPageOf(url: URL, alias?: string): number {
  const raw = lastParam(url, 'per_page') ?? (alias === undefined ? null : lastParam(url, alias))
  if (raw === null) return DEFAULT_PER_PAGE
  return Math.min(MAX_PER_PAGE, Math.max(1, rubyToI(raw)))
}

/** The page asked for; not a positive number → Folio::InvalidPage (404). */
export function pageOf(url: URL): number {
  const raw = lastParam(url, 'page')
  if (raw === null) return 1
  const page = rubyToI(raw)
  if (!(page > 0)) throw invalidPage()
  return page
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

export interface PaginateOptions<T> {
  /** false for `total_entries: nil` endpoints (no count, no rel="last"). Default true. */
  counted?: boolean
  /**
   * Rows the endpoint drops from a page after paginating (courses/:id/users drops the test student), so a page can
   * be short and still have a next one. The links are those of the page before the drop.
   */
  dropAfterPaging?: (row: T) => boolean
  /** Another name for per_page this endpoint reads when per_page is absent. */
  perPageAlias?: string
}

/**
 * What pagination reads of a collection: how many rows it has and one page of them. Every array is one; an endpoint
 * over a large collection may answer with a lighter one that copies out only the page asked for.
 */
export interface Sliceable<T> {
  readonly length: number
  /** The rows from `start` up to (not including) `end`, as Array#slice; pagination passes 0 <= start <= end. */
  slice(start: number, end: number): T[]
}

export function paginate<T>(url: URL, items: Sliceable<T>, options: PaginateOptions<T> = {}): Page<T> {
  let perPage = perPageOf(url, options.perPageAlias)
  const page = pageOf(url)
  const start = (page - 1) * perPage
  let slice = items.slice(start, start + perPage)
  const rels: Array<[string, number]> = [['current', page]]
  if (options.counted === false) {
    const short = slice.length < perPage && (page === 1 || slice.length > 0)
    if (!short) rels.push(['next', page + 1])
    if (page > 1) rels.push(['prev', page - 1])
    rels.push(['first', 1])
  } else {
    const lastPage = Math.max(1, Math.ceil(items.length / perPage))
    if (page > lastPage) {
      // The empty page Api.paginate_collection! builds: total unknown, folio's default per_page.
      perPage = FOLIO_DEFAULT_PER_PAGE
      rels.push(['next', page + 1], ['prev', page - 1], ['first', 1])
    } else {
      if (page < lastPage) rels.push(['next', page + 1])
      if (page > 1) rels.push(['prev', page - 1])
      rels.push(['first', 1], ['last', lastPage])
    }
  }
  if (options.dropAfterPaging) slice = slice.filter((row) => !options.dropAfterPaging!(row))
  return { items: slice, link: linkHeader(url, perPage, rels) }
}

function linkHeader(url: URL, perPage: number, rels: Array<[string, number]>): string {
  const base = `${url.origin}${url.pathname}`
  const query = toQuery(url.searchParams)
  const href = (n: number) => `${base}?${query ? `${query}&` : ''}page=${n}&per_page=${perPage}`
  // Size cap: drop the least useful rels first (Canvas keeps next > last > prev > current > first).
  const dropOrder = ['first', 'current', 'prev', 'last']
  let entries = rels.map(([rel, n]) => `<${href(n)}>; rel="${rel}"`)
  while (entries.join(',').length > MAX_LINK_HEADER && dropOrder.length) {
    const drop = dropOrder.shift()!
    entries = entries.filter((e) => !e.endsWith(`rel="${drop}"`))
  }
  return entries.join(',')
}
