import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from '../zod'
import { CanvasApiError, isOutcomeUnknown, parseCanvasErrorBody, statusWords } from '../errors'
import { canvasRequest } from '../http'

describe('parseCanvasErrorBody (contract §6.2)', () => {
  it.each([
    [
      '{"status":"unauthenticated","errors":[{"message":"user authorization required"}]}',
      ['user authorization required'],
    ],
    ['{"errors":[{"message":"Invalid access token."}]}', ['Invalid access token.']],
    [
      '{"status":"unauthorized","errors":[{"message":"user not authorized to perform that action"}]}',
      ['user not authorized to perform that action'],
    ],
    ['{"message":"All submissions must have a selected grade"}', ['All submissions must have a selected grade']],
    [
      '{"error":"The maximum number of graders has been reached for this assignment."}',
      ['The maximum number of graders has been reached for this assignment.'],
    ],
    ['{"errors":{"base":"Max graders","error_code":"MAX_GRADERS_REACHED"}}', ['Max graders']],
    ['[]', []],
  ])('%s', (body, messages) => {
    expect(parseCanvasErrorBody(body, 'application/json').messages).toEqual(messages)
  })
  it('reads error codes and the text/plain rate limit', () => {
    expect(
      parseCanvasErrorBody('{"errors":{"base":"x","error_code":"MAX_GRADERS_REACHED"}}', 'application/json').errorCode,
    ).toBe('MAX_GRADERS_REACHED')
    expect(parseCanvasErrorBody('403 Forbidden (Rate Limit Exceeded)\n', 'text/plain; charset=utf-8').messages).toEqual(
      ['403 Forbidden (Rate Limit Exceeded)'],
    )
  })
  it('classifies status + body', () => {
    const kind = (status: number, messages: string[]) => new CanvasApiError({ status, messages, path: 'GET /x' }).kind
    expect(kind(403, ['403 Forbidden (Rate Limit Exceeded)'])).toBe('rate-limited')
    expect(kind(403, ['user not authorized to perform that action'])).toBe('unauthorized')
    expect(kind(401, ['user not authorized to perform that action'])).toBe('unauthorized')
    expect(kind(401, ['user authorization required'])).toBe('unauthenticated')
    expect(kind(422, [])).toBe('unprocessable')
    expect(kind(404, [])).toBe('not-found')
  })
})

// nginx's own 502 page (as the issue quotes it; nginx itself ends it with one more CRLF).
const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>'

describe('bodies that are not Canvas’s JSON', () => {
  it('a gateway’s HTML page never becomes a message: plain words from the status code', () => {
    expect(parseCanvasErrorBody(NGINX_502, 'text/html', 502).messages).toEqual([
      'Canvas (or a gateway in front of it) answered 502 Bad Gateway.',
    ])
    expect(parseCanvasErrorBody(`${NGINX_502}\r\n`, 'text/html; charset=utf-8', 504).messages).toEqual([
      'Canvas (or a gateway in front of it) answered 504 Gateway Timeout.',
    ])
    // Without a content type, or claiming JSON but not JSON, or empty.
    expect(parseCanvasErrorBody(NGINX_502, null, 503).messages).toEqual([
      'Canvas (or a gateway in front of it) answered 503 Service Unavailable.',
    ])
    expect(parseCanvasErrorBody('{"errors":[{"mess', 'application/json', 500).messages).toEqual([
      'Canvas (or a gateway in front of it) answered 500 Internal Server Error.',
    ])
    expect(parseCanvasErrorBody('', null, 502).messages).toEqual([
      'Canvas (or a gateway in front of it) answered 502 Bad Gateway.',
    ])
    // Without a status there is nothing to say; the error falls back to "Canvas answered N".
    expect(parseCanvasErrorBody(NGINX_502, 'text/html').messages).toEqual([])
  })

  it('plain text other than Canvas’s throttle answer is not shown either; the throttle answer is kept', () => {
    expect(
      parseCanvasErrorBody('upstream connect error or disconnect/reset before headers', 'text/plain', 503),
    ).toEqual({
      messages: ['Canvas (or a gateway in front of it) answered 503 Service Unavailable.'],
    })
    expect(
      parseCanvasErrorBody('403 Forbidden (Rate Limit Exceeded)\n', 'text/plain; charset=utf-8', 403).messages,
    ).toEqual(['403 Forbidden (Rate Limit Exceeded)'])
    // A page that merely mentions it is not Canvas's throttle: not retried as one.
    const page = '<html><body><h1>403 Forbidden</h1><p>Rate limit exceeded</p></body></html>'
    const { messages } = parseCanvasErrorBody(page, 'text/html', 403)
    expect(messages).toEqual(['Canvas (or a gateway in front of it) answered 403 Forbidden.'])
    expect(new CanvasApiError({ status: 403, messages, path: 'GET /x' }).kind).toBe('unauthorized')
  })

  it('status words: the standard reason, or the number alone', () => {
    expect([statusWords(502), statusWords(504), statusWords(429), statusWords(520)]).toEqual([
      '502 Bad Gateway',
      '504 Gateway Timeout',
      '429 Too Many Requests',
      '520',
    ])
  })
})

describe('isOutcomeUnknown', () => {
  const error = (init: Partial<ConstructorParameters<typeof CanvasApiError>[0]> & { status: number }) =>
    new CanvasApiError({ messages: [], path: 'PUT /api/v1/x', ...init })
  it.each([
    ['PUT network failure', error({ status: 0, kind: 'network' }), true],
    ['POST timeout', error({ status: 0, kind: 'timeout', path: 'POST /api/v1/x' }), true],
    ['PUT 502', error({ status: 502 }), true],
    ['POST 503', error({ status: 503, path: 'POST /api/v1/publish' }), true],
    ['DELETE 504', error({ status: 504, path: 'DELETE /api/v1/x' }), true],
    ['PUT 200 with a body that is not the answer', error({ status: 200, kind: 'malformed-response' }), true],
    ['the method given apart from the path', error({ status: 502, method: 'put', path: '/api/v1/x' }), true],
    ['PUT 500 (Canvas’s own error)', error({ status: 500 }), false],
    ['PUT 501', error({ status: 501 }), false],
    ['PUT 400', error({ status: 400 }), false],
    ['PUT 401', error({ status: 401 }), false],
    ['PUT 403 rate limited', error({ status: 403, messages: ['403 Forbidden (Rate Limit Exceeded)'] }), false],
    ['PUT 422', error({ status: 422 }), false],
    ['GET network failure', error({ status: 0, kind: 'network', path: 'GET /api/v1/x' }), false],
    ['GET 502', error({ status: 502, path: 'GET /api/v1/x' }), false],
    ['HEAD 504', error({ status: 504, path: 'HEAD /api/v1/x' }), false],
    ['no method known', error({ status: 502, path: '/api/v1/x' }), false],
    ['PUT 502 our server made before Canvas (not-sent)', error({ status: 502, refusedBeforeCanvas: true }), false],
    [
      'POST 504 our server made before Canvas',
      error({ status: 504, path: 'POST /api/v1/x', refusedBeforeCanvas: true }),
      false,
    ],
  ])('%s → %s', (_, e, unknown) => {
    expect(isOutcomeUnknown(e)).toBe(unknown)
  })
  it('is false for what is not a Canvas error', () => {
    expect(isOutcomeUnknown(new TypeError('Failed to fetch'))).toBe(false)
    expect(isOutcomeUnknown(new DOMException('The operation timed out.', 'TimeoutError'))).toBe(false)
    expect(isOutcomeUnknown(null)).toBe(false)
  })
})

describe('canvasRequest', () => {
  const server = setupServer(
    http.get(
      '*/api/v1/limited',
      () =>
        new HttpResponse('403 Forbidden (Rate Limit Exceeded)\n', {
          status: 403,
          headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Rate-Limit-Remaining': '0.0' },
        }),
    ),
    http.get('*/api/v1/bad', () => HttpResponse.json([{ id: 'seven' }])),
    http.put(
      '*/api/v1/gateway',
      () => new HttpResponse(`${NGINX_502}\r\n`, { status: 502, headers: { 'Content-Type': 'text/html' } }),
    ),
    // The server's proxy (src/server/canvas-proxy.ts): Canvas could not be connected to; the connection dropped.
    http.put('*/api/v1/not-sent', () =>
      HttpResponse.json(
        {
          errors: [
            { message: 'Canvas could not be reached, so nothing was sent to it and nothing in Canvas has changed.' },
          ],
        },
        { status: 502, headers: { 'X-Moderation-Desk-Refused': 'not-sent' } },
      ),
    ),
    http.put('*/api/v1/dropped', () =>
      HttpResponse.json(
        {
          errors: [
            {
              message:
                'The connection to Canvas dropped before its answer came back, so the change may or may not have been made.',
            },
          ],
        },
        { status: 502 },
      ),
    ),
    http.get('/session', () => HttpResponse.json({ mode: 'token', signedIn: true, csrfToken: 't' })),
  )
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterAll(() => server.close())

  it('throws a typed error for the rate-limit 403', async () => {
    const err = await canvasRequest({ path: '/limited', schema: z.unknown() }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(CanvasApiError)
    expect((err as CanvasApiError).kind).toBe('rate-limited')
    expect((err as CanvasApiError).status).toBe(403)
  })
  it('names the endpoint and the field when data is malformed', async () => {
    const err = (await canvasRequest({ path: '/bad', schema: z.array(z.object({ id: z.number() })) }).catch(
      (e: unknown) => e,
    )) as CanvasApiError
    expect(err.kind).toBe('malformed-response')
    expect(err.canvasMessage).toMatch(/^GET \/api\/v1\/bad returned unexpected data: \[0\]\.id: /)
  })
  it('keeps a gateway’s page out of the error, message and all', async () => {
    const err = (await canvasRequest({ method: 'PUT', path: '/gateway', json: {}, schema: z.unknown() }).catch(
      (e: unknown) => e,
    )) as CanvasApiError
    expect([err.status, err.kind, err.method, err.messages]).toEqual([
      502,
      'server',
      'PUT',
      ['Canvas (or a gateway in front of it) answered 502 Bad Gateway.'],
    ])
    expect(err.message).toBe('Canvas (or a gateway in front of it) answered 502 Bad Gateway. (PUT /api/v1/gateway)')
    expect(isOutcomeUnknown(err)).toBe(true)
    expect(err.refusedBeforeCanvas).toBe(false)
  })
  it('a 502 our server marks X-Moderation-Desk-Refused: not-sent never reached Canvas: its outcome is known', async () => {
    const err = (await canvasRequest({ method: 'PUT', path: '/not-sent', json: {}, schema: z.unknown() }).catch(
      (e: unknown) => e,
    )) as CanvasApiError
    expect([err.status, err.refusedBeforeCanvas, isOutcomeUnknown(err), err.messages]).toEqual([
      502,
      true,
      false,
      ['Canvas could not be reached, so nothing was sent to it and nothing in Canvas has changed.'],
    ])
  })
  it('a 502 of our server without the mark (the connection dropped after sending) stays unknown', async () => {
    const err = (await canvasRequest({ method: 'PUT', path: '/dropped', json: {}, schema: z.unknown() }).catch(
      (e: unknown) => e,
    )) as CanvasApiError
    expect([err.status, err.refusedBeforeCanvas, isOutcomeUnknown(err)]).toEqual([502, false, true])
  })
})
