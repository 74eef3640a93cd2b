/**
 * Request bodies. Canvas endpoints read Rails-style params: query string and body (form-urlencoded, multipart or
 * JSON) merged into one nested object, as Rack does: `a[]=1&a[]=2` → {a: ['1','2']}, `submission[posted_grade]=8`
 * → {submission: {posted_grade: '8'}}. The simulator's own endpoints take JSON only (isJsonWrite).
 */

import { isJsonContentType } from '../../lib/http-protocol'

export type Params = Record<string, unknown>

/** Split `a[b][]` into ['a', 'b', '']. */
function keyPath(key: string): string[] {
  const head = /^[^[]*/.exec(key)![0]
  const rest = [...key.slice(head.length).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!)
  return [head, ...rest]
}

export function assignParam(target: Params, key: string, value: unknown): void {
  const path = keyPath(key)
  let node: Record<string, unknown> = target
  for (let i = 0; i < path.length; i++) {
    const part = path[i]!
    const last = i === path.length - 1
    const nextIsArray = path[i + 1] === ''
    if (last) {
      node[part] = value
      return
    }
    if (nextIsArray && i + 1 === path.length - 1) {
      const list = Array.isArray(node[part]) ? (node[part] as unknown[]) : []
      list.push(value)
      node[part] = list
      return
    }
    const child = node[part]
    if (typeof child !== 'object' || child === null || Array.isArray(child)) node[part] = {}
    node = node[part] as Record<string, unknown>
  }
}

export function paramsFromSearch(search: URLSearchParams, into: Params = {}): Params {
  for (const [key, value] of search) assignParam(into, key, value)
  return into
}

/** Reads the body once (on a clone, so handlers may still read it) and merges it over the query params. */
export async function readParams(request: Request, url: URL): Promise<Params> {
  const params = paramsFromSearch(url.searchParams)
  if (request.method === 'GET' || request.method === 'HEAD') return params
  const type = request.headers.get('content-type') ?? ''
  const text = await request.clone().text()
  if (!text) return params
  if (type.includes('application/json')) {
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      throw new BadBody()
    }
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) Object.assign(params, body)
    return params
  }
  if (type.includes('multipart/form-data')) {
    const form = await request.clone().formData()
    for (const [key, value] of form) assignParam(params, key, typeof value === 'string' ? value : value.name)
    return params
  }
  // form-urlencoded (also what curl -d sends without a type)
  return paramsFromSearch(new URLSearchParams(text), params)
}

export class BadBody extends Error {}

/**
 * Whether a write to a simulator-only endpoint (/__sim, /demo/session) carries JSON, the only body they take.
 * Not a Canvas rule (Canvas takes form posts too): these endpoints need no credentials, and a page on any other
 * site can send them a `<form enctype=text/plain>` or a `no-cors` fetch without a CORS preflight, with a
 * text/plain, form or multipart type, or none at all (a Blob body). `application/json` cannot be sent that way
 * (it needs a preflight, which nothing here answers). A write with neither a type nor a body (e.g. a reset with
 * no options) stays allowed; a form with no fields still says text/plain and is refused.
 */
export async function isJsonWrite(request: Request): Promise<boolean> {
  if (!['POST', 'PUT', 'PATCH'].includes(request.method.toUpperCase())) return true
  const type = request.headers.get('content-type')
  if (type !== null) return isJsonContentType(type)
  return (await request.clone().text()) === ''
}
