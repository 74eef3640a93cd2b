import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { fetchAllPages, pageNumber, parseLinkHeader, planRemainingPages, sameOriginPath } from '../pagination'
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
  const server = setupServer(
    http.get('*/api/v1/items', async ({ request }) => {
      const url = new URL(request.url)
      requested.push(url.search)
      const page = Number(url.searchParams.get('page') ?? 1)
      const per = Number(url.searchParams.get('per_page') ?? 10)
      const last = Math.ceil(total / per)
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

  it('follows next one page at a time when there is no last', async () => {
    const rows = await fetchAllPages({ path: '/bookmarked', item: z.object({ n: z.number() }) })
    expect(rows).toEqual([{ n: 0 }, { n: 1 }])
  })
})
