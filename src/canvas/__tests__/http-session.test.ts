import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { CanvasApiError } from '../errors'
import { canvasRequest, onSignInRequired } from '../http'

// What the live server needs from the client (src/server/oauth.ts): the CSRF cookie echoed on every non-GET
// request, the page it is on, and a 401 with login_url treated as "sign in again" (any other 401 is Canvas's).
const seen: Request[] = []
const server = setupServer(
  http.all('*/api/v1/echo', ({ request }) => {
    seen.push(request.clone())
    return HttpResponse.json({ ok: true })
  }),
  http.get('*/api/v1/signin', () => HttpResponse.json({ errors: [{ message: 'Sign in with Canvas to continue.' }], login_url: '/login?return_to=%2Fx' }, { status: 401 })),
  http.put('*/api/v1/signin', () => HttpResponse.json({ errors: [{ message: 'Sign in with Canvas to continue.' }], login_url: '/login?return_to=%2Fx' }, { status: 401 })),
  http.get('*/api/v1/forbidden', () => HttpResponse.json({ status: 'unauthorized', errors: [{ message: 'user not authorized to perform that action' }] }, { status: 401 })),
  http.get('*/api/v1/renew', () => HttpResponse.json({ errors: [{ message: 'Canvas could not renew your sign-in just now. Try again in a moment.' }] }, { status: 503 })),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  seen.length = 0
  document.cookie = 'md_csrf=; Max-Age=0; Path=/'
})
afterAll(() => server.close())

const any = z.unknown()

describe('canvasRequest and the live server', () => {
  it('echoes the md_csrf cookie as X-CSRF-Token on non-GET requests only, and says which page it is on', async () => {
    document.cookie = 'md_csrf=abc123; Path=/'
    window.history.replaceState(null, '', '/courses/1/assignments/2/moderate?x=1#g')
    await canvasRequest({ path: '/echo', schema: any })
    await canvasRequest({ method: 'PUT', path: '/echo', json: {}, schema: any })
    expect(seen.map((r) => r.headers.get('x-csrf-token'))).toEqual([null, 'abc123'])
    expect(seen[0]!.headers.get('x-return-to')).toBe('/courses/1/assignments/2/moderate?x=1#g')
  })

  it('sends no CSRF header when there is no cookie (demo and token mode)', async () => {
    await canvasRequest({ method: 'POST', path: '/echo', json: {}, schema: any })
    expect(seen[0]!.headers.get('x-csrf-token')).toBeNull()
  })

  it('a 401 with login_url calls the sign-in handler and throws an "unauthenticated" error', async () => {
    const handler = vi.fn()
    const off = onSignInRequired(handler)
    const err = await canvasRequest({ method: 'PUT', path: '/signin', json: {}, schema: any }).catch((e: unknown) => e)
    off()
    expect(err).toBeInstanceOf(CanvasApiError)
    expect((err as CanvasApiError).kind).toBe('unauthenticated')
    expect((err as CanvasApiError).loginUrl).toBe('/login?return_to=%2Fx')
    expect(handler).toHaveBeenCalledWith({ loginUrl: '/login?return_to=%2Fx', method: 'PUT', path: '/api/v1/signin' })
  })

  it('a 401 without login_url is a Canvas permission error: no sign-in', async () => {
    const handler = vi.fn()
    const off = onSignInRequired(handler)
    const err = (await canvasRequest({ path: '/forbidden', schema: any }).catch((e: unknown) => e)) as CanvasApiError
    off()
    expect(handler).not.toHaveBeenCalled()
    expect(err.kind).toBe('unauthorized')
    expect(err.canvasMessage).toBe('user not authorized to perform that action')
  })

  it('a 503 "could not renew" keeps its retryable message', async () => {
    const err = (await canvasRequest({ path: '/renew', schema: any }).catch((e: unknown) => e)) as CanvasApiError
    expect(err.status).toBe(503)
    expect(err.kind).toBe('server')
    expect(err.canvasMessage).toMatch(/could not renew your sign-in.*Try again/)
  })
})
