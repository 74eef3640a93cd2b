import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { z } from '../zod'
import { CanvasApiError } from '../errors'
import { canvasRequest, forgetCsrfToken, onSignInRequired } from '../http'

// What the server needs from the client (src/server/csrf.ts, oauth.ts): a CSRF token on every non-GET request
// (from GET /session, or OAuth mode's md_csrf cookie), the page it is on, and a 401 with login_url treated as
// "sign in again" (any other 401 is Canvas's).
const seen: Request[] = []
/** What GET /session answers; the server's current CSRF token (a restart changes it). */
let serverToken: string | undefined
let sessionReads = 0
const server = setupServer(
  http.get('*/session', () => {
    sessionReads++
    return HttpResponse.json({ mode: 'token', signedIn: true, ...(serverToken ? { csrfToken: serverToken } : {}) })
  }),
  http.all('*/api/v1/guarded', ({ request }) => {
    seen.push(request.clone())
    if (request.method !== 'GET' && request.headers.get('x-csrf-token') !== serverToken) {
      return HttpResponse.json(
        { errors: [{ message: 'The request is missing its CSRF token (X-CSRF-Token).' }] },
        { status: 403, headers: { 'X-Moderation-Desk-Refused': 'csrf' } },
      )
    }
    return HttpResponse.json({ ok: true })
  }),
  http.all('*/api/v1/echo', ({ request }) => {
    seen.push(request.clone())
    return HttpResponse.json({ ok: true })
  }),
  http.get('*/api/v1/signin', () =>
    HttpResponse.json(
      { errors: [{ message: 'Sign in with Canvas to continue.' }], login_url: '/login?return_to=%2Fx' },
      { status: 401 },
    ),
  ),
  http.put('*/api/v1/signin', () =>
    HttpResponse.json(
      { errors: [{ message: 'Sign in with Canvas to continue.' }], login_url: '/login?return_to=%2Fx' },
      { status: 401 },
    ),
  ),
  http.get('*/api/v1/forbidden', () =>
    HttpResponse.json(
      { status: 'unauthorized', errors: [{ message: 'user not authorized to perform that action' }] },
      { status: 401 },
    ),
  ),
  http.get('*/api/v1/renew', () =>
    HttpResponse.json(
      { errors: [{ message: 'Canvas could not renew your sign-in just now. Try again in a moment.' }] },
      { status: 503 },
    ),
  ),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  seen.length = 0
  sessionReads = 0
  serverToken = undefined
  forgetCsrfToken()
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

  it('token and demo mode: learns the token from GET /session once, and sends it on writes', async () => {
    serverToken = 'process-token'
    await canvasRequest({ method: 'POST', path: '/guarded', json: {}, schema: any })
    await canvasRequest({ method: 'PUT', path: '/guarded', json: {}, schema: any })
    expect(seen.map((r) => r.headers.get('x-csrf-token'))).toEqual(['process-token', 'process-token'])
    expect(sessionReads).toBe(1)
  })

  it('a write refused for a stale token (the server restarted) is sent once more with the new token', async () => {
    serverToken = 'before-restart'
    await canvasRequest({ method: 'POST', path: '/guarded', json: {}, schema: any })
    serverToken = 'after-restart'
    const { data } = await canvasRequest({ method: 'PUT', path: '/guarded', json: { a: 1 }, schema: any })
    expect(data).toEqual({ ok: true })
    expect(seen.map((r) => `${r.method} ${r.headers.get('x-csrf-token')}`)).toEqual([
      'POST before-restart',
      'PUT before-restart',
      'PUT after-restart',
    ])
    expect(await seen[2]!.text()).toBe('{"a":1}')
    expect(sessionReads).toBe(2)
  })

  it('gives up after one retry: a refusal that persists is reported', async () => {
    serverToken = undefined // the server hands out no token, yet refuses: nothing to retry with
    const err = (await canvasRequest({ method: 'POST', path: '/guarded', json: {}, schema: any }).catch(
      (e: unknown) => e,
    )) as CanvasApiError
    expect(err.status).toBe(403)
    expect(seen).toHaveLength(1)
  })

  it('the service-worker demo has no server token: no header, and /session is asked only once', async () => {
    await canvasRequest({ method: 'POST', path: '/echo', json: {}, schema: any })
    await canvasRequest({ method: 'POST', path: '/echo', json: {}, schema: any })
    expect(seen.map((r) => r.headers.get('x-csrf-token'))).toEqual([null, null])
    expect(sessionReads).toBe(1)
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
