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

  it('stops the source when the consumer stops', async () => {
    const stopped = { value: false }
    for await (const b of coalesce(timed([0, 10, 20, 30, 40], false, stopped), 1)) if (b.includes(0)) break
    await sleep(80)
    expect(stopped.value).toBe(true)
  })
})
