/**
 * Groups the items of an async source that land close together: the first item is passed on at once, later
 * ones at most once per `intervalMs`, everything that landed meanwhile in one batch. The source is read eagerly
 * (it never waits for the consumer), and its end is passed on without waiting out the interval.
 *
 * Used for the roster: 50 pages landing over a second would otherwise be 50 cache updates, each re-rendering
 * every component that reads the roster.
 */
export interface CoalesceOptions {
  now?: () => number
  /**
   * Pace the batches by what each one costs the consumer: after a batch, the next waits at least `busyFactor` times
   * as long as the consumer was busy with it (until the first task after it had run: the renders its cache update
   * set off run before it), and at most `maxIntervalMs`. A roster's cache update costs more the more students it
   * holds (everything that reads the roster renders again), and the same update costs four times as much on a slow
   * laptop: a fixed interval gave such a machine most of its time to renders while the remaining pages waited for
   * the main thread to ask for them.
   */
  busyFactor?: number
  maxIntervalMs?: number
}

export async function* coalesce<T>(
  source: AsyncIterable<T>,
  intervalMs: number,
  options: CoalesceOptions | (() => number) = {},
): AsyncGenerator<T[]> {
  const {
    now = () => performance.now(),
    busyFactor = 0,
    maxIntervalMs = intervalMs,
  } = typeof options === 'function' ? { now: options } : options
  const iterator = source[Symbol.asyncIterator]()
  let buffer: T[] = []
  let ended = false
  let failure: { error: unknown } | null = null
  let wake: (() => void) | null = null
  const signal = () => {
    const w = wake
    wake = null
    w?.()
  }
  void (async () => {
    try {
      for (;;) {
        const r = await iterator.next()
        if (r.done) break
        buffer.push(r.value)
        signal()
      }
    } catch (error) {
      failure = { error }
    } finally {
      ended = true
      signal()
    }
  })()

  /** Resolves on the next item or the end, or after `ms` if given. */
  const waitForNews = (ms?: number) =>
    new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(resolve, ms)
      wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })

  let lastYield = Number.NEGATIVE_INFINITY
  let gap = intervalMs
  try {
    for (;;) {
      if (buffer.length === 0 && !ended) await waitForNews()
      // Within the interval since the last batch: keep collecting until it is over or the source ends.
      while (!ended && now() - lastYield < gap) await waitForNews(Math.max(0, lastYield + gap - now()))
      if (buffer.length > 0) {
        const batch = buffer
        buffer = []
        lastYield = now()
        yield batch
        if (busyFactor > 0) {
          await nextTask()
          gap = Math.min(maxIntervalMs, Math.max(intervalMs, (now() - lastYield) * busyFactor))
        }
      }
      // Whatever landed before the failure goes out first (it may have landed while the consumer had the last batch).
      if (failure && buffer.length === 0) throw (failure as { error: unknown }).error
      if (ended && buffer.length === 0) return
    }
  } finally {
    // The consumer stopped early: stop the source too (its own cleanup aborts what it has in flight).
    if (!ended) void iterator.return?.()?.catch(() => undefined)
  }
}

/** After the tasks already queued (a timer queued earlier, such as a cache update's notification, runs first). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0))
}
