/**
 * Staying under Canvas's request throttle (contract §6.3, app/middleware/request_throttle.rb).
 *
 * Canvas keeps a leaky bucket per token (or signed-in user): every request in flight adds 50 units up front,
 * every finished request leaves its cost (CPU + DB seconds), the bucket leaks 10 units a second, and a request
 * that finds it at the high-water mark of 600 is refused with 403 "Rate Limit Exceeded". From an empty bucket
 * that is about 12 requests in flight; after a few hundred requests the costs left behind lower it further.
 *
 * So every Canvas request of this tab goes through one queue:
 * - at most `MAX_IN_FLIGHT` at once (less after a refusal, growing back after successes);
 * - user actions first (a selection made while 100 roster pages load does not wait behind them), then
 *   ordinary reads, then background pages;
 * - a refused request is retried after a back-off. That is safe for every method, publish included: Canvas
 *   refuses before the request reaches its controller (`allowed?` is checked before `@app.call`), so a
 *   throttled request changed nothing.
 * Several tabs or users sharing one token each have their own queue; the retries cover that case.
 */
import PQueue from 'p-queue'

export const MAX_IN_FLIGHT = 10
export const MIN_IN_FLIGHT = 2
/** Successes in a row after which one more request may be in flight again. */
const GROW_AFTER = 20
/** Back-off before retry n (1-based): 250, 500, 1000, 2000 ms, plus up to 20 % jitter. Then the error stands. */
export const RETRY_DELAYS_MS = [250, 500, 1000, 2000] as const

export type RequestPriority = 'user-action' | 'read' | 'background'
const PRIORITY: Record<RequestPriority, number> = { 'user-action': 2, read: 1, background: 0 }

const queue = new PQueue({ concurrency: MAX_IN_FLIGHT })
let successesInARow = 0

/** Runs `task` when a slot is free, in priority order; rejects without running if `signal` aborts first. */
export function schedule<T>(priority: RequestPriority, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  return queue.add(task, { priority: PRIORITY[priority], signal }) as Promise<T>
}

/** Canvas refused a request: one fewer in flight from now on. */
export function noteThrottled(): void {
  successesInARow = 0
  queue.concurrency = Math.max(MIN_IN_FLIGHT, queue.concurrency - 1)
}

export function noteAccepted(): void {
  if (queue.concurrency >= MAX_IN_FLIGHT) return
  successesInARow += 1
  if (successesInARow >= GROW_AFTER) {
    successesInARow = 0
    queue.concurrency += 1
  }
}

export function retryDelay(attempt: number, random: () => number = Math.random): number | undefined {
  const base = RETRY_DELAYS_MS[attempt - 1]
  return base === undefined ? undefined : Math.round(base * (1 + 0.2 * random()))
}

/** What the queue is doing now (tests, diagnostics). */
export function throttleState(): { limit: number; running: number; waiting: number } {
  return { limit: queue.concurrency, running: queue.pending, waiting: queue.size }
}

/** Tests: back to a fresh tab's state. */
export function resetThrottle(): void {
  queue.clear()
  queue.concurrency = MAX_IN_FLIGHT
  successesInARow = 0
}
