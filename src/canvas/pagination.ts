/**
 * Canvas pagination (contract §6.1): a `Link` header with rel current/next/prev/first/last, joined by a bare
 * comma. URLs are absolute and opaque; we only ever request their path+query on our own origin. When `last`
 * is present with a numeric page we plan the remaining pages and ask for all of them at once (the throttle queue
 * decides how many are in flight). Without `last` we follow `next` one page at a time: bookmark collections, and
 * numbered ones whose total Canvas does not count (lib/api.rb: `Api.paginate(..., total_entries: nil)`, as
 * CoursesController#users does, or any count that times out in config/initializers/folio.rb).
 *
 * Following `next` stops on an empty page (a collection of an exact multiple of per_page ends with `[]` that
 * still links a next page, folio's Ordinal::Page), and never runs in a circle: a next link seen before, or more
 * than MAX_PAGES pages, ends the list with an error that says so.
 */
import type { z } from './zod'
import { CanvasApiError } from './errors'
import { apiPath, canvasRequest, type QueryParams } from './http'
import { lenientArray, strictArray, type LenientList, type LenientOptions, type SkippedItem } from './lenient'

/**
 * The most pages one list may have: 100,000 items at per_page=100, far above any course. Beyond it the list
 * fails with an error rather than sending requests without end.
 */
export const MAX_PAGES = 1000

export type LinkRel = 'current' | 'next' | 'prev' | 'first' | 'last'
export type Links = Partial<Record<LinkRel, string>>

export function parseLinkHeader(header: string | null | undefined): Links {
  const links: Links = {}
  if (!header) return links
  const re = /<([^>]*)>\s*((?:;\s*[^;,]+)*)/g
  let match: RegExpExecArray | null
  while ((match = re.exec(header)) !== null) {
    const url = match[1]
    const params = match[2] ?? ''
    const rel = /rel\s*=\s*"?([^";,]+)"?/i.exec(params)?.[1]
    if (!url || !rel) continue
    for (const r of rel.trim().split(/\s+/)) {
      if (r === 'current' || r === 'next' || r === 'prev' || r === 'first' || r === 'last') links[r] ??= url
    }
  }
  return links
}

/** Same-origin path+query of an (absolute or relative) Canvas URL. */
export function sameOriginPath(url: string): string {
  const u = new URL(url, 'http://same-origin.invalid')
  return `${u.pathname}${u.search}`
}

/** The numeric `page` of a pagination URL, or undefined for bookmarks/absent. */
export function pageNumber(url: string | undefined): number | undefined {
  if (!url) return undefined
  const raw = new URL(url, 'http://same-origin.invalid').searchParams.get('page')
  if (raw === null || !/^\d+$/.test(raw)) return undefined
  return Number(raw)
}

export function perPageOf(url: string | undefined): number | undefined {
  if (!url) return undefined
  const raw = new URL(url, 'http://same-origin.invalid').searchParams.get('per_page')
  return raw !== null && /^\d+$/.test(raw) ? Number(raw) : undefined
}

function withPage(url: string, page: number): string {
  const u = new URL(url, 'http://same-origin.invalid')
  u.searchParams.set('page', String(page))
  return `${u.pathname}${u.search}`
}

export type PagePlan =
  | { kind: 'done' }
  | { kind: 'numbered'; totalPages: number; paths: { page: number; path: string }[] }
  | { kind: 'follow-next'; next: string }
  | { kind: 'too-many'; totalPages: number }

/** Decide how to fetch the rest of a collection from page 1's links. */
export function planRemainingPages(links: Links, currentPage = 1, maxPages = MAX_PAGES): PagePlan {
  const last = pageNumber(links.last)
  const next = pageNumber(links.next)
  if (links.last && last !== undefined && (links.next === undefined || next !== undefined)) {
    if (last <= currentPage) return { kind: 'done' }
    if (last > maxPages) return { kind: 'too-many', totalPages: last }
    const paths: { page: number; path: string }[] = []
    for (let p = currentPage + 1; p <= last; p++) paths.push({ page: p, path: withPage(links.last, p) })
    return { kind: 'numbered', totalPages: last, paths }
  }
  if (links.next) return { kind: 'follow-next', next: sameOriginPath(links.next) }
  return { kind: 'done' }
}

export interface PageChunk<T> {
  /** 1-based page index in collection order. */
  page: number
  items: T[]
  /** Items of this page left out by a lenient read (always empty for a strict one). */
  skipped: SkippedItem[]
  /** Known once page 1 carried a numeric `last` link. */
  totalPages: number | undefined
  perPage: number | undefined
}

export interface StreamOptions<S extends z.ZodMiniType> {
  path: string
  query?: QueryParams
  item: S
  signal?: AbortSignal
  /**
   * Parse items one by one (lenient.ts): an item that does not fit `item` is left out and reported in the
   * page's `skipped`, instead of failing the whole list. Without it one bad item fails the request.
   */
  lenient?: LenientOptions | true
  /** The most pages to read (default MAX_PAGES); past it the list fails with an error. */
  maxPages?: number
}

function paginationError(path: string, message: string): CanvasApiError {
  return new CanvasApiError({ status: 200, kind: 'malformed-response', path: `GET ${path}`, messages: [message] })
}

const isEmpty = (page: LenientList<unknown>) => page.items.length === 0 && page.skipped.length === 0

/**
 * The pages of `requests` as they land. A page that fails does not stop the others: every page that can be read is
 * yielded, and then the first failure is thrown, so a list stops with as few pages missing as possible (and "Load
 * the rest" has the fewest to ask for again).
 */
async function* inArrivalOrder<T extends { page: number }>(requests: Promise<T>[]): AsyncGenerator<T> {
  type Settled = { key: number; chunk: T } | { key: number; error: unknown }
  const pending = new Map<number, Promise<Settled>>(
    requests.map((request, key) => [
      key,
      request.then(
        (chunk) => ({ key, chunk }),
        (error: unknown) => ({ key, error }),
      ),
    ]),
  )
  let failure: { error: unknown } | null = null
  while (pending.size > 0) {
    const settled = await Promise.race(pending.values())
    pending.delete(settled.key)
    if ('chunk' in settled) yield settled.chunk
    else failure ??= { error: settled.error }
  }
  if (failure) throw failure.error
}

/** A page's schema: items read one by one (lenient.ts) when asked, else the whole page strictly. */
function pageSchema<S extends z.ZodMiniType>(options: StreamOptions<S>) {
  return options.lenient === undefined
    ? strictArray(options.item)
    : lenientArray(options.item, options.lenient === true ? {} : options.lenient)
}

/**
 * Yields pages as they land (page 1 first, the rest in arrival order). Pages after the first are `background`
 * requests of the throttle queue (throttle.ts): it alone bounds how many are in flight, together with everything
 * else this tab asks Canvas, and lets user actions and ordinary reads go first. Stopping the iteration
 * (break/return) or aborting `signal` aborts the requests still in flight or waiting in the queue.
 */
export async function* streamPages<S extends z.ZodMiniType>(
  options: StreamOptions<S>,
): AsyncGenerator<PageChunk<z.infer<S>>> {
  const inner = new AbortController()
  const onAbort = () => inner.abort()
  options.signal?.addEventListener('abort', onAbort)
  const schema = pageSchema(options)
  const maxPages = options.maxPages ?? MAX_PAGES
  const firstPath = sameOriginPath(apiPath(options.path, options.query))
  const listName = `GET ${firstPath.split('?')[0] ?? firstPath}`
  const tooMany = (pages: string) =>
    paginationError(
      firstPath,
      `${listName} has ${pages} pages; Moderation Desk reads at most ${maxPages} pages of one list.`,
    )
  const perPageFrom = (links: Links) =>
    perPageOf(links.current ?? links.next ?? links.last) ??
    (typeof options.query?.per_page === 'number' ? options.query.per_page : undefined)
  const requestPages = (plan: Extract<PagePlan, { kind: 'numbered' }>, perPage: number | undefined) =>
    plan.paths.map(({ page, path }) => {
      const request = canvasRequest({ path, schema, signal: inner.signal, priority: 'background' }).then(
        (r): PageChunk<z.infer<S>> => ({ page, ...r.data, totalPages: plan.totalPages, perPage }),
      )
      // Asked for before page 1 was read: if page 1 fails, these are aborted and nobody reads their outcome.
      request.catch(() => undefined)
      return request
    })
  try {
    // The other pages are asked for as soon as page 1's Link header is in, not after its body has been read and
    // checked: that took 40 ms of a 10,000-student load on a fast machine, several times that on a slow one, and
    // every page waited for it. Page 1 still decides: if it is empty or cannot be read, they are aborted.
    const early: { pages: Promise<PageChunk<z.infer<S>>>[] | null } = { pages: null }
    const first = await canvasRequest({
      path: options.path,
      query: options.query,
      schema,
      signal: inner.signal,
      onHeaders: (headers) => {
        const links = parseLinkHeader(headers.get('Link'))
        const plan = planRemainingPages(links, 1, maxPages)
        if (plan.kind === 'numbered') early.pages = requestPages(plan, perPageFrom(links))
      },
    })
    const links = parseLinkHeader(first.headers.get('Link'))
    // An empty first page is an empty collection, whatever its links say.
    const plan: PagePlan = isEmpty(first.data) ? { kind: 'done' } : planRemainingPages(links, 1, maxPages)
    if (plan.kind === 'too-many') throw tooMany(String(plan.totalPages))
    if (early.pages && plan.kind !== 'numbered') inner.abort()
    const perPage = perPageFrom(links)
    const totalPages = plan.kind === 'numbered' ? plan.totalPages : plan.kind === 'done' ? 1 : undefined
    yield { page: 1, ...first.data, totalPages, perPage }

    if (plan.kind === 'numbered') {
      yield* inArrivalOrder(early.pages ?? requestPages(plan, perPage))
    } else if (plan.kind === 'follow-next') {
      const seen = new Set([firstPath])
      let next: string | undefined = plan.next
      let page = 1
      while (next) {
        if (seen.has(next)) {
          throw paginationError(
            next,
            `${listName}: the link to page ${page + 1} leads back to a page already read, so loading stopped after ${page} pages.`,
          )
        }
        if (page >= maxPages) throw tooMany(`more than ${maxPages}`)
        seen.add(next)
        page += 1
        const r: Awaited<ReturnType<typeof canvasRequest<typeof schema>>> = await canvasRequest({
          path: next,
          schema,
          signal: inner.signal,
          priority: 'background',
        })
        const l = parseLinkHeader(r.headers.get('Link'))
        next = l.next && !isEmpty(r.data) ? sameOriginPath(l.next) : undefined
        yield { page, ...r.data, totalPages: next ? undefined : page, perPage }
      }
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
    inner.abort()
  }
}

/**
 * Just the numbered pages `pages` of a collection whose page 1 said how many there are (a `last` link): what
 * "Load the rest" asks for after some pages failed, instead of the whole collection again. Yields them as they land,
 * as `background` requests of the throttle queue; a page that fails does not stop the others: every page that can be
 * read is yielded, then the first failure is thrown (inArrivalOrder).
 */
export async function* streamNumberedPages<S extends z.ZodMiniType>(
  options: StreamOptions<S> & { pages: number[]; totalPages: number; perPage: number | undefined },
): AsyncGenerator<PageChunk<z.infer<S>>> {
  const inner = new AbortController()
  const onAbort = () => inner.abort()
  options.signal?.addEventListener('abort', onAbort)
  const schema = pageSchema(options)
  const { totalPages, perPage } = options
  try {
    yield* inArrivalOrder(
      options.pages.map((page) =>
        canvasRequest({
          path: options.path,
          query: { ...options.query, page },
          schema,
          signal: inner.signal,
          priority: 'background',
        }).then((r): PageChunk<z.infer<S>> => ({ page, ...r.data, totalPages, perPage })),
      ),
    )
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
    inner.abort()
  }
}

type ListOptions<S extends z.ZodMiniType> = StreamOptions<S> & {
  onPage?: (chunk: PageChunk<z.infer<S>>, loadedPages: number) => void
}

/** Every item of a paginated collection, in collection order, and the items a lenient read left out. */
export async function fetchList<S extends z.ZodMiniType>(options: ListOptions<S>): Promise<LenientList<z.infer<S>>> {
  const pages: PageChunk<z.infer<S>>[] = []
  let loaded = 0
  for await (const chunk of streamPages(options)) {
    pages[chunk.page - 1] = chunk
    loaded += 1
    options.onPage?.(chunk, loaded)
  }
  return { items: pages.flatMap((p) => p?.items ?? []), skipped: pages.flatMap((p) => p?.skipped ?? []) }
}

/** Every item of a paginated collection, read strictly (one bad item fails the list). `onPage` reports progress. */
export async function fetchAllPages<S extends z.ZodMiniType>(
  options: Omit<ListOptions<S>, 'lenient'>,
): Promise<z.infer<S>[]> {
  return (await fetchList({ ...options, lenient: undefined })).items
}
