/**
 * Canvas pagination (contract §6.1): a `Link` header with rel current/next/prev/first/last, joined by a bare
 * comma. URLs are absolute and opaque; we only ever request their path+query on our own origin. When `last`
 * is present with a numeric page we plan the remaining pages and ask for all of them at once (the throttle queue
 * decides how many are in flight); bookmark collections have no `last`, so we follow `next` one page at a time.
 */
import { z } from 'zod'
import { canvasRequest, type QueryParams } from './http'

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

/** Decide how to fetch the rest of a collection from page 1's links. */
export function planRemainingPages(links: Links, currentPage = 1): PagePlan {
  const last = pageNumber(links.last)
  const next = pageNumber(links.next)
  if (links.last && last !== undefined && (links.next === undefined || next !== undefined)) {
    if (last <= currentPage) return { kind: 'done' }
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
  /** Known once page 1 carried a numeric `last` link. */
  totalPages: number | undefined
  perPage: number | undefined
}

export interface StreamOptions<S extends z.ZodType> {
  path: string
  query?: QueryParams
  item: S
  signal?: AbortSignal
}

/**
 * Yields pages as they land (page 1 first, the rest in arrival order). Pages after the first are `background`
 * requests of the throttle queue (throttle.ts): it alone bounds how many are in flight, together with everything
 * else this tab asks Canvas, and lets user actions and ordinary reads go first. Stopping the iteration
 * (break/return) or aborting `signal` aborts the requests still in flight or waiting in the queue.
 */
export async function* streamPages<S extends z.ZodType>(
  options: StreamOptions<S>,
): AsyncGenerator<PageChunk<z.infer<S>>> {
  const inner = new AbortController()
  const onAbort = () => inner.abort()
  options.signal?.addEventListener('abort', onAbort)
  const schema = z.array(options.item)
  try {
    const first = await canvasRequest({ path: options.path, query: options.query, schema, signal: inner.signal })
    const links = parseLinkHeader(first.headers.get('Link'))
    const plan = planRemainingPages(links, 1)
    const perPage =
      perPageOf(links.current ?? links.next ?? links.last) ??
      (typeof options.query?.per_page === 'number' ? options.query.per_page : undefined)
    const totalPages = plan.kind === 'numbered' ? plan.totalPages : plan.kind === 'done' ? 1 : undefined
    yield { page: 1, items: first.data, totalPages, perPage }

    if (plan.kind === 'numbered') {
      const pending = new Map(
        plan.paths.map(({ page, path }) => {
          const request = canvasRequest({ path, schema, signal: inner.signal, priority: 'background' }).then(
            (r): PageChunk<z.infer<S>> => ({ page, items: r.data, totalPages, perPage }),
          )
          // The race below observes rejections; this keeps the losers of a failed race from being "unhandled".
          request.catch(() => undefined)
          return [page, request] as const
        }),
      )
      while (pending.size > 0) {
        const chunk = await Promise.race(pending.values())
        pending.delete(chunk.page)
        yield chunk
      }
    } else if (plan.kind === 'follow-next') {
      let next: string | undefined = plan.next
      let page = 1
      while (next) {
        page += 1
        const r: Awaited<ReturnType<typeof canvasRequest<typeof schema>>> = await canvasRequest({
          path: next,
          schema,
          signal: inner.signal,
          priority: 'background',
        })
        const l = parseLinkHeader(r.headers.get('Link'))
        next = l.next ? sameOriginPath(l.next) : undefined
        yield { page, items: r.data, totalPages: next ? undefined : page, perPage }
      }
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
    inner.abort()
  }
}

/** Every item of a paginated collection, in collection order. `onPage` reports progress per landed page. */
export async function fetchAllPages<S extends z.ZodType>(
  options: StreamOptions<S> & { onPage?: (chunk: PageChunk<z.infer<S>>, loadedPages: number) => void },
): Promise<z.infer<S>[]> {
  const pages: z.infer<S>[][] = []
  let loaded = 0
  for await (const chunk of streamPages(options)) {
    pages[chunk.page - 1] = chunk.items
    loaded += 1
    options.onPage?.(chunk, loaded)
  }
  return pages.flatMap((p) => p ?? [])
}
