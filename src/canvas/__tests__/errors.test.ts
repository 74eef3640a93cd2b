import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { CanvasApiError, parseCanvasErrorBody } from '../errors'
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
})
