import { describe, expect, it } from 'vitest'
import { coalesce } from '../coalesce'
import { sleep } from '../sleep'

/** Items at the given times (ms from start); `fail` throws after the last one. */
async function* timed(schedule: number[], fail = false, stopped?: { value: boolean }): AsyncGenerator<number> {
  const t0 = performance.now()
  try {
    for (const [i, at] of schedule.entries()) {
      await sleep(Math.max(0, at - (performance.now() - t0)))
      yield i
    }
    if (fail) throw new Error('page 4 failed')
  } finally {
    if (stopped) stopped.value = true
  }
}

async function collect<T>(it: AsyncIterable<T[]>): Promise<{ batches: T[][]; at: number[] }> {
  const t0 = performance.now()
  const batches: T[][] = []
  const at: number[] = []
  for await (const b of it) {
    batches.push(b)
    at.push(performance.now() - t0)
  }
  return { batches, at }
}

describe('coalesce', () => {
  it('passes the first item at once and groups what lands within the interval', async () => {
    const { batches, at } = await collect(coalesce(timed([0, 10, 20, 30, 250]), 100))
    expect(batches).toEqual([[0], [1, 2, 3], [4]])
    expect(at[0]).toBeLessThan(50)
    // Nothing is lost and every item arrives in order.
    expect(batches.flat()).toEqual([0, 1, 2, 3, 4])
  })

  it('passes the end on without waiting out the interval', async () => {
    const { batches, at } = await collect(coalesce(timed([0, 5]), 1_000))
    expect(batches).toEqual([[0], [1]])
    expect(at[1]).toBeLessThan(500)
  })

  it('delivers what landed before a failure, then the failure', async () => {
    const got: number[][] = []
    const error = await (async () => {
      for await (const b of coalesce(timed([0, 5, 10], true), 50)) got.push(b)
    })().catch((e: unknown) => e)
    expect(got.flat()).toEqual([0, 1, 2])
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toBe('page 4 failed')
  })

  it('delivers what landed while the consumer still had the last batch before the failure that followed it', async () => {
    const got: number[][] = []
    const error = await (async () => {
      for await (const b of coalesce(timed([0, 10], true), 1)) {
        got.push(b)
        // The consumer takes its time over the first batch; item 1 lands, and the source fails, meanwhile.
        if (got.length === 1) await sleep(60)
      }
    })().catch((e: unknown) => e)
    expect(got.flat()).toEqual([0, 1])
    expect((error as Error).message).toBe('page 4 failed')
  })

  it('stops the source when the consumer stops', async () => {
    const stopped = { value: false }
    for await (const b of coalesce(timed([0, 10, 20, 30, 40], false, stopped), 1)) if (b.includes(0)) break
    await sleep(80)
    expect(stopped.value).toBe(true)
  })

  /** Keeps the main thread busy for `ms`, as a render would. */
  const busy = (ms: number) => {
    const until = performance.now() + ms
    while (performance.now() < until) {
      /* busy */
    }
  }

  it('with busyFactor, waits longer after a batch that kept the consumer busy', async () => {
    const batches: number[][] = []
    for await (const b of coalesce(timed([0, 40, 80, 120, 160, 400]), 20, { busyFactor: 4, maxIntervalMs: 1_000 })) {
      batches.push(b)
      if (batches.length === 1) busy(60)
    }
    // The first batch kept the consumer busy for 60 ms, so the next one waited four times that: the items that
    // landed meanwhile came together (with the 20 ms interval alone, item 1 would have come on its own).
    expect(batches).toEqual([[0], [1, 2, 3, 4], [5]])
  })

  it('with busyFactor, waits no longer than maxIntervalMs', async () => {
    const batches: number[][] = []
    for await (const b of coalesce(timed([0, 50, 400]), 20, { busyFactor: 100, maxIntervalMs: 150 })) {
      batches.push(b)
      if (batches.length === 1) busy(60)
    }
    expect(batches).toEqual([[0], [1], [2]])
  })
})
