/**
 * The simulator's answers: one JSON response helper for every handler (Canvas endpoints, OAuth2, the control
 * API, the demo session), Canvas's Cache-Control, and Canvas's error responses.
 */
import { HttpResponse } from 'msw'
import type { SimError } from '../sim/errors'

export const JSON_TYPE = 'application/json; charset=utf-8'

/** `body` as JSON; `headers` add to (or replace) the Content-Type. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new HttpResponse(JSON.stringify(body), { status, headers: { 'Content-Type': JSON_TYPE, ...headers } })
}

/**
 * Canvas's Cache-Control on API answers. Canvas leaves it to Rails: its `cache_buster` (no-store for pages)
 * returns early for `api_request?` (app/controllers/application_controller.rb), and Rails' middleware
 * `Rack::ETag, "no-cache"` then gives a 200 or 201 with a body an ETag and `max-age=0, private,
 * must-revalidate`, and every other answer (errors, 204) `no-cache`. The ETag itself is not simulated. The
 * server's proxy must answer `no-store` whatever arrives (a browser may keep `private` answers on disk).
 */
export function canvasCacheControl(status: number, hasBody: boolean): string {
  return (status === 200 || status === 201) && hasBody ? 'max-age=0, private, must-revalidate' : 'no-cache'
}

/** A Canvas API answer: JSON with the Cache-Control Rails gives it. */
export function canvasJson(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return canvasJsonText(status, JSON.stringify(body), headers)
}

/** The same, from JSON already written out. */
export function canvasJsonText(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new HttpResponse(text, {
    status,
    headers: { 'Content-Type': JSON_TYPE, 'Cache-Control': canvasCacheControl(status, true), ...headers },
  })
}

/** A SimError as Canvas answers it: its status, body and headers (`extra` last, so it may replace them). */
export function errorResponse(error: SimError, extra: Record<string, string> = {}): Response {
  return canvasJson(error.status, error.body, { ...error.headers, ...extra })
}

/** A `malformed` fault: 200 with the first half of the real body, so the client's JSON parse fails. */
export function truncatedJson(text: string, headers: Record<string, string> = {}): Response {
  return new HttpResponse(text.slice(0, Math.max(1, Math.floor(text.length / 2))), {
    status: 200,
    headers: { 'Content-Type': JSON_TYPE, ...headers },
  })
}
