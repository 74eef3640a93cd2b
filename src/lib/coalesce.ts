/**
 * Groups the items of an async source that land close together: the first item is passed on at once, later
 * ones at most once per `intervalMs`, everything that landed meanwhile in one batch. The source is read eagerly
 * (it never waits for the consumer), and its end is passed on without waiting out the interval.
 *
 * Used for the roster: 50 pages landing over a second would otherwise be 50 cache updates, each re-rendering
 * every component that reads the roster.
 */
export async function* coalesce<T>(
  source: AsyncIterable<T>,
  intervalMs: number,
  now: () => number = () => performance.now(),
): AsyncGenerator<T[]> {
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
  try {
    for (;;) {
      if (buffer.length === 0 && !ended) await waitForNews()
      // Within the interval since the last batch: keep collecting until it is over or the source ends.
      while (!ended && now() - lastYield < intervalMs) await waitForNews(Math.max(0, lastYield + intervalMs - now()))
      if (buffer.length > 0) {
        const batch = buffer
        buffer = []
        lastYield = now()
        yield batch
      }
      if (failure) throw (failure as { error: unknown }).error
      if (ended && buffer.length === 0) return
    }
  } finally {
    // The consumer stopped early: stop the source too (its own cleanup aborts what it has in flight).
    if (!ended) void iterator.return?.()?.catch(() => undefined)
  }
}
