import { describe, expect, it, vi } from 'vitest'
import { createIncrementalMap } from '../incremental-map'

describe('createIncrementalMap', () => {
  const a = { n: 1 }
  const b = { n: 2 }
  const c = { n: 3 }

  it('maps everything the first time and whenever the length changes', () => {
    const fn = vi.fn((x: { n: number }) => x.n * 10)
    const map = createIncrementalMap(fn)
    expect(map([a, b])).toEqual([10, 20])
    expect(map([a, b, c])).toEqual([10, 20, 30])
    expect(fn).toHaveBeenCalledTimes(5)
  })

  it('maps again only the entries that are new objects, and keeps the result when none are', () => {
    const fn = vi.fn((x: { n: number }) => ({ doubled: x.n * 2 }))
    const map = createIncrementalMap(fn)
    const first = map([a, b, c])
    const b2 = { n: 5 }
    const second = map([a, b2, c])
    expect(second).toEqual([{ doubled: 2 }, { doubled: 10 }, { doubled: 6 }])
    expect(second[0]).toBe(first[0])
    expect(second[2]).toBe(first[2])
    expect(second).not.toBe(first)
    expect(first[1]).toEqual({ doubled: 4 }) // the earlier result is not changed in place
    expect(fn).toHaveBeenCalledTimes(4)
    expect(map([a, b2, c].slice())).toBe(second)
    expect(fn).toHaveBeenCalledTimes(4)
  })

  it('follows entries that moved (same length, other order) by mapping them again', () => {
    const map = createIncrementalMap((x: { n: number }) => x.n)
    map([a, b, c])
    expect(map([c, b, a])).toEqual([3, 2, 1])
  })
})
