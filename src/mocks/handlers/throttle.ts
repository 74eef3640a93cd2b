/**
 * Canvas's RequestThrottle (lib/canvas/request_throttle.rb) as a leaky bucket per token (or per demo session):
 * reserve the up-front cost while the request is in flight, refuse when that brings the bucket to the high-water
 * mark, then settle the real cost. The settings are the world's (`rateLimit`, null when turned off).
 */
import { HttpResponse } from 'msw'
import type { Bucket, RateLimitConfig, World } from '../sim/world'

/** Ruby prints floats with at least one decimal: 600 → "600.0". */
export function formatFloat(n: number): string {
  const rounded = Math.round(n * 1000) / 1000
  return Number.isInteger(rounded) ? rounded.toFixed(1) : String(rounded)
}

/** The bucket of `key`, drained by what has leaked out since it was last touched. */
function leak(world: World, key: string, config: RateLimitConfig): Bucket {
  const t = performance.now()
  let bucket = world.buckets.get(key)
  if (!bucket) {
    bucket = { count: 0, lastLeakAt: t }
    world.buckets.set(key, bucket)
  }
  bucket.count = Math.max(0, bucket.count - ((t - bucket.lastLeakAt) / 1000) * config.outflowPerSecond)
  bucket.lastLeakAt = t
  return bucket
}

export interface Admission {
  /** Settles the request's cost (once it is answered); returns the X-Request-Cost and X-Rate-Limit-Remaining headers. */
  settle(): Record<string, string>
}

/**
 * Admits one request, or null when the bucket is full (answer `rateLimited()`; a refused request costs nothing
 * more). Token requests carry the cost headers even with the throttle off, as Canvas's do.
 */
export function admit(world: World, key: string, withToken: boolean): Admission | null {
  const limit = world.settings.rateLimit
  if (!limit) {
    const headers: Record<string, string> = withToken
      ? { 'X-Request-Cost': '0.0', 'X-Rate-Limit-Remaining': formatFloat(600) }
      : {}
    return { settle: () => headers }
  }
  const bucket = leak(world, key, limit)
  // Canvas's order: reserve the up-front cost first, then ask `full?` (count >= hwm), so the request's own
  // reservation counts.
  bucket.count += limit.upFrontCost
  if (bucket.count >= limit.highWaterMark) {
    bucket.count = Math.max(0, bucket.count - limit.upFrontCost)
    return null
  }
  return {
    settle: () => {
      bucket.count = Math.min(limit.maximum, Math.max(0, bucket.count - limit.upFrontCost + limit.requestCost))
      return {
        'X-Request-Cost': formatFloat(limit.requestCost),
        'X-Rate-Limit-Remaining': formatFloat(Math.max(0, limit.highWaterMark - bucket.count)),
      }
    },
  }
}

/** Canvas's answer to a throttled request: plain text, not its JSON error shape. */
export function rateLimited(): Response {
  return new HttpResponse('403 Forbidden (Rate Limit Exceeded)\n', {
    status: 403,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Rate-Limit-Remaining': '0.0' },
  })
}
