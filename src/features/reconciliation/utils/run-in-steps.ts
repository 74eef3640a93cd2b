/**
 * Runs a generator's steps a few milliseconds at a time, letting the browser paint and handle input in between
 * (issue #17: a task over 50 ms is one the user feels). Resolves with what the generator returns, or undefined once
 * `signal` is aborted (the caller no longer wants the result; the remaining steps are not run).
 */
export async function runInSteps<T>(
  steps: Generator<void, T, void>,
  signal: AbortSignal,
  budgetMs = 10,
): Promise<T | undefined> {
  for (;;) {
    // Yield first: the caller's task (a click that opened the dialog, a keystroke) ends and its frame is shown.
    await nextTask()
    if (signal.aborted) return undefined
    const until = performance.now() + budgetMs
    for (;;) {
      const r = steps.next()
      if (r.done) return r.value
      if (performance.now() >= until) break
    }
  }
}

interface Scheduler {
  yield?: () => Promise<void>
}

/**
 * A new task soon: scheduler.yield() where the browser has it (its continuation goes ahead of other queued work),
 * else a message to ourselves (setTimeout is clamped to 4 ms after a few nested calls).
 */
function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler
  if (typeof scheduler?.yield === 'function') return scheduler.yield()
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      channel.port1.close()
      resolve()
    }
    channel.port2.postMessage(null)
  })
}
