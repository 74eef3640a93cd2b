import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from '../zod'
import { CanvasApiError } from '../errors'
import {
  fetchAllPages,
  fetchList,
  MAX_PAGES,
  pageNumber,
  parseLinkHeader,
  planRemainingPages,
  sameOriginPath,
  streamNumberedPages,
  streamPages,
} from '../pagination'
import { MAX_IN_FLIGHT } from '../throttle'

const canvasLink =
  '<https://canvas.example/api/v1/courses/1/assignments/2/gradeable_students?include%5B%5D=provisional_grades&page=1&per_page=100>; rel="current",' +
  '<https://canvas.example/api/v1/courses/1/assignments/2/gradeable_students?include%5B%5D=provisional_grades&page=2&per_page=100>; rel="next",' +
  '<https://canvas.example/api/v1/courses/1/assignments/2/gradeable_students?include%5B%5D=provisional_grades&page=1&per_page=100>; rel="first",' +
  '<https://canvas.example/api/v1/courses/1/assignments/2/gradeable_students?include%5B%5D=provisional_grades&page=12&per_page=100>; rel="last"'

describe('parseLinkHeader', () => {
  it('parses Canvas comma-joined links', () => {
    const links = parseLinkHeader(canvasLink)
    expect(Object.keys(links).sort()).toEqual(['current', 'first', 'last', 'next'])
    expect(pageNumber(links.last)).toBe(12)
    expect(sameOriginPath(links.next!)).toBe(
      '/api/v1/courses/1/assignments/2/gradeable_students?include%5B%5D=provisional_grades&page=2&per_page=100',
    )
  })
  it('tolerates spaces, missing header and bookmark pages', () => {
    expect(parseLinkHeader(null)).toEqual({})
    const l = parseLinkHeader(
      '</api/v1/x?page=bookmark:abc&per_page=10>; rel="next", </api/v1/x?page=first&per_page=10>; rel="first"',
    )
    expect(l.next).toBe('/api/v1/x?page=bookmark:abc&per_page=10')
    expect(pageNumber(l.next)).toBeUndefined()
  })
})

describe('planRemainingPages', () => {
  it('plans every remaining numbered page from rel=last', () => {
    const plan = planRemainingPages(parseLinkHeader(canvasLink))
    expect(plan.kind).toBe('numbered')
    if (plan.kind !== 'numbered') return
    expect(plan.totalPages).toBe(12)
    expect(plan.paths.map((p) => p.page)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(plan.paths[0]!.path).toContain('include%5B%5D=provisional_grades')
    expect(plan.paths[10]!.path).toMatch(/page=12&per_page=100$/)
  })
  it('follows next when there is no last (bookmarks)', () => {
    expect(planRemainingPages(parseLinkHeader('<https://c/api/v1/x?page=bookmark:q&per_page=10>; rel="next"'))).toEqual(
      {
        kind: 'follow-next',
        next: '/api/v1/x?page=bookmark:q&per_page=10',
      },
    )
  })
  it('refuses to plan more than the page cap', () => {
    const links = parseLinkHeader(
      '<https://c/api/v1/x?page=2&per_page=10>; rel="next",<https://c/api/v1/x?page=5000&per_page=10>; rel="last"',
    )
    expect(planRemainingPages(links)).toEqual({ kind: 'too-many', totalPages: 5000 })
    expect(planRemainingPages(links, 1, 5000).kind).toBe('numbered')
  })
  it('is done on a single page', () => {
    expect(planRemainingPages(parseLinkHeader('<https://c/api/v1/x?page=1&per_page=10>; rel="last"'))).toEqual({
      kind: 'done',
    })
    expect(planRemainingPages({})).toEqual({ kind: 'done' })
  })
})

describe('fetchAllPages', () => {
  const total = 25
  let inFlight = 0
  let maxInFlight = 0
  const requested: string[] = []
  const failPages = new Set<number>()
  const server = setupServer(
    http.get('*/api/v1/items', async ({ request }) => {
      const url = new URL(request.url)
      requested.push(url.search)
      const page = Number(url.searchParams.get('page') ?? 1)
      const per = Number(url.searchParams.get('per_page') ?? 10)
      const last = Math.ceil(total / per)
      if (failPages.has(page))
        return HttpResponse.json({ errors: [{ message: 'An error occurred.' }] }, { status: 503 })
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
      await new Promise((r) => setTimeout(r, 5 * (last - page)))
      inFlight--
      const items = Array.from({ length: Math.max(0, Math.min(per, total - (page - 1) * per)) }, (_, i) => ({
        n: (page - 1) * per + i,
      }))
      const link = (p: number, rel: string) =>
        `<https://canvas.example/api/v1/items?page=${p}&per_page=${per}>; rel="${rel}"`
      const links = [link(page, 'current')]
      if (page < last) links.push(link(page + 1, 'next'))
      links.push(link(1, 'first'), link(last, 'last'))
      return HttpResponse.json(items, { headers: { Link: links.join(',') } })
    }),
    http.get('*/api/v1/bookmarked', ({ request }) => {
      const page = new URL(request.url).searchParams.get('page')
      if (!page)
        return HttpResponse.json([{ n: 0 }], {
          headers: { Link: '<https://c/api/v1/bookmarked?page=bookmark:b&per_page=1>; rel="next"' },
        })
      return HttpResponse.json([{ n: 1 }])
    }),
  )
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => server.close())

  it('fetches page 1, then the rest concurrently (as many as the throttle queue lets go), in collection order, reporting each page', async () => {
    const progress: number[] = []
    const rows = await fetchAllPages({
      path: '/items',
      query: { per_page: 2 },
      item: z.object({ n: z.number() }),
      onPage: (_c, loaded) => progress.push(loaded),
    })
    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: 25 }, (_, i) => i))
    expect(progress).toEqual(Array.from({ length: 13 }, (_, i) => i + 1))
    // 12 pages after the first, more than the queue lets go at once: the queue is what bounds them.
    expect(maxInFlight).toBeLessThanOrEqual(MAX_IN_FLIGHT)
    expect(maxInFlight).toBeGreaterThan(1)
    expect(new Set(requested).size).toBe(requested.length)
  })

  it('a page that fails does not stop the others: every other page is read, then the failure is thrown', async () => {
    failPages.add(3)
    const landed: number[] = []
    const item = z.object({ n: z.number() })
    try {
      await expect(
        (async () => {
          for await (const chunk of streamPages({ path: '/items', query: { per_page: 2 }, item }))
            landed.push(chunk.page)
        })(),
      ).rejects.toMatchObject({ status: 503 })
    } finally {
      failPages.clear()
    }
    expect(landed.sort((a, b) => a - b)).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])
    // Just the missing page, asked for again.
    const again: number[] = []
    for await (const chunk of streamNumberedPages({
      path: '/items',
      query: { per_page: 2 },
      item,
      pages: [3],
      totalPages: 13,
      perPage: 2,
    }))
      again.push(...chunk.items.map((i) => i.n))
    expect(again).toEqual([4, 5])
  })

  it('follows next one page at a time when there is no last', async () => {
    const rows = await fetchAllPages({ path: '/bookmarked', item: z.object({ n: z.number() }) })
    expect(rows).toEqual([{ n: 0 }, { n: 1 }])
  })
})

describe('following rel="next" (no rel="last")', () => {
  const item = z.object({ n: z.number() })
  const requested: string[] = []
  const link = (path: string, rel: string) => `<https://canvas.example/api/v1${path}>; rel="${rel}"`
  /** A page of `count` items starting at `from`, with the given Link entries. */
  const page = (from: number, count: number, links: string[]) =>
    HttpResponse.json(
      Array.from({ length: count }, (_, i) => ({ n: from + i })),
      links.length ? { headers: { Link: links.join(',') } } : undefined,
    )
  const server = setupServer(
    // CoursesController#users: Api.paginate(..., total_entries: nil). Full pages link next only; the short last
    // page gets a total, so rel="last" and no next (folio Ordinal::Page).
    http.get('*/api/v1/uncounted', ({ request }) => {
      const p = Number(new URL(request.url).searchParams.get('page') ?? 1)
      requested.push(`uncounted ${p}`)
      if (p < 3) return page((p - 1) * 2, 2, [link(`/uncounted?page=${p + 1}&per_page=2`, 'next')])
      return page(4, 1, [link('/uncounted?page=3&per_page=2', 'current'), link('/uncounted?page=3&per_page=2', 'last')])
    }),
    // An exact multiple of per_page: the last full page still links a next page, which is [] and links on again.
    http.get('*/api/v1/exact', ({ request }) => {
      const p = Number(new URL(request.url).searchParams.get('page') ?? 1)
      requested.push(`exact ${p}`)
      const next = [link(`/exact?page=${p + 1}&per_page=2`, 'next')]
      return p <= 2 ? page((p - 1) * 2, 2, next) : page(0, 0, next)
    }),
    http.get('*/api/v1/empty', () => {
      requested.push('empty 1')
      return page(0, 0, [link('/empty?page=2&per_page=2', 'next')])
    }),
    // Page 2 links back to page 2.
    http.get('*/api/v1/circle', ({ request }) => {
      const p = Number(new URL(request.url).searchParams.get('page') ?? 1)
      requested.push(`circle ${p}`)
      return page(p, 1, [link('/circle?page=2&per_page=1', 'next')])
    }),
    // Never ends: every bookmark links a new one.
    http.get('*/api/v1/endless', ({ request }) => {
      const b = Number((new URL(request.url).searchParams.get('page') ?? 'bookmark:1').split(':')[1])
      requested.push(`endless ${b}`)
      return page(b, 1, [link(`/endless?page=bookmark:${b + 1}&per_page=1`, 'next')])
    }),
    http.get('*/api/v1/huge', () => {
      requested.push('huge 1')
      return page(0, 1, [
        link('/huge?page=2&per_page=1', 'next'),
        link(`/huge?page=${MAX_PAGES + 1}&per_page=1`, 'last'),
      ])
    }),
    // Rows that cannot be read still make a page that is not empty.
    http.get('*/api/v1/unreadable', ({ request }) => {
      const p = Number(new URL(request.url).searchParams.get('page') ?? 1)
      requested.push(`unreadable ${p}`)
      if (p === 1) return HttpResponse.json([{ n: 'x' }], { headers: { Link: link('/unreadable?page=2', 'next') } })
      return page(7, 1, [])
    }),
  )
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => server.close())
  const run = (path: string) => {
    requested.length = 0
    return fetchList({ path, query: { per_page: 2 }, item, lenient: true })
  }
  const failure = async (path: string, options: { maxPages?: number } = {}) => {
    requested.length = 0
    const error = await fetchList({ path, item, ...options }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CanvasApiError)
    expect((error as CanvasApiError).kind).toBe('malformed-response')
    return (error as CanvasApiError).canvasMessage
  }

  it('follows next one page at a time when Canvas does not count the total, until the last page', async () => {
    const list = await run('/uncounted')
    expect(list.items.map((r) => r.n)).toEqual([0, 1, 2, 3, 4])
    expect(requested).toEqual(['uncounted 1', 'uncounted 2', 'uncounted 3'])
  })

  it('stops on an empty page even though it links a next one', async () => {
    const list = await run('/exact')
    expect(list.items.map((r) => r.n)).toEqual([0, 1, 2, 3])
    expect(requested).toEqual(['exact 1', 'exact 2', 'exact 3'])
  })

  it('an empty first page is an empty list', async () => {
    expect(await run('/empty')).toEqual({ items: [], skipped: [] })
    expect(requested).toEqual(['empty 1'])
  })

  it('a page whose rows cannot be read is not empty: the next page is still read', async () => {
    const list = await run('/unreadable')
    expect(list.items).toEqual([{ n: 7 }])
    expect(list.skipped).toHaveLength(1)
    expect(requested).toEqual(['unreadable 1', 'unreadable 2'])
  })

  it('never follows a next link it has seen before: a clear error instead of a loop', async () => {
    expect(await failure('/circle')).toBe(
      'GET /api/v1/circle: the link to page 3 leads back to a page already read, so loading stopped after 2 pages.',
    )
    expect(requested).toEqual(['circle 1', 'circle 2'])
  })

  it('stops at the page cap with a clear error', async () => {
    expect(await failure('/endless', { maxPages: 5 })).toBe(
      'GET /api/v1/endless has more than 5 pages; Moderation Desk reads at most 5 pages of one list.',
    )
    expect(requested).toHaveLength(5)
  })

  it('does not ask for the pages of a rel="last" beyond the cap', async () => {
    expect(await failure('/huge')).toBe(
      `GET /api/v1/huge has ${MAX_PAGES + 1} pages; Moderation Desk reads at most ${MAX_PAGES} pages of one list.`,
    )
    expect(requested).toEqual(['huge 1'])
  })
})

describe('the other numbered pages are asked for from page 1’s headers', () => {
  const item = z.object({ n: z.number() })
  const events: string[] = []
  const link = (p: number, rel: string) => `<https://canvas.example/api/v1/slow?page=${p}&per_page=1>; rel="${rel}"`
  const links = (last: number) => [link(1, 'current'), link(2, 'next'), link(1, 'first'), link(last, 'last')].join(',')
  let pageTwoAsked: () => void = () => {}
  /** Page 1's headers at once, its body only once page 2 has been asked for (or, failing that, a while later). */
  const heldBody = (text: string) =>
    new ReadableStream<Uint8Array>({
      async start(controller) {
        await new Promise<void>((resolve) => {
          pageTwoAsked = resolve
          setTimeout(resolve, 1000)
        })
        events.push('page 1 body')
        controller.enqueue(new TextEncoder().encode(text))
        controller.close()
      },
    })
  const server = setupServer(
    http.get('*/api/v1/slow', ({ request }) => {
      const p = Number(new URL(request.url).searchParams.get('page') ?? 1)
      if (p > 1) {
        events.push(`page ${p} asked`)
        pageTwoAsked()
        return HttpResponse.json([{ n: p }], { headers: { Link: links(3) } })
      }
      return new HttpResponse(heldBody('[{"n":1}]'), {
        headers: { 'Content-Type': 'application/json', Link: links(3) },
      })
    }),
    // Page 1 links two more pages but is empty: an empty collection, whatever its links say.
    http.get('*/api/v1/empty-first', ({ request }) => {
      const p = Number(new URL(request.url).searchParams.get('page') ?? 1)
      events.push(`empty-first ${p}`)
      return HttpResponse.json(p === 1 ? [] : [{ n: p }], { headers: { Link: links(3) } })
    }),
    // Page 1's body is not JSON: the list fails, and the pages already asked for are dropped.
    http.get('*/api/v1/broken-first', ({ request }) => {
      const p = Number(new URL(request.url).searchParams.get('page') ?? 1)
      if (p > 1) return HttpResponse.json([{ n: p }], { headers: { Link: links(3) } })
      return new HttpResponse('[{"n":', { headers: { 'Content-Type': 'application/json', Link: links(3) } })
    }),
  )
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => server.close())

  it('asks for page 2 before page 1’s body has arrived, and still lists the pages in order', async () => {
    events.length = 0
    const list = await fetchList({ path: '/slow', query: { per_page: 1 }, item })
    expect(list.items.map((r) => r.n)).toEqual([1, 2, 3])
    expect(events.indexOf('page 2 asked')).toBeLessThan(events.indexOf('page 1 body'))
  })

  it('an empty page 1 is still an empty list', async () => {
    events.length = 0
    expect(await fetchList({ path: '/empty-first', query: { per_page: 1 }, item })).toEqual({ items: [], skipped: [] })
  })

  it('a page 1 that cannot be read fails the list', async () => {
    const error = await fetchList({ path: '/broken-first', query: { per_page: 1 }, item }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CanvasApiError)
    expect((error as CanvasApiError).kind).toBe('malformed-response')
  })
})
