import { beforeEach, describe, expect, it } from 'vitest'
import { storedJson } from '../stored-json'

describe('storedJson', () => {
  beforeEach(() => localStorage.clear())

  it('keeps the same object until the stored text changes; text that is not JSON reads as the fallback', () => {
    const fallback: number[] = []
    const read = storedJson<number[]>(fallback, (json) => (Array.isArray(json) ? (json as number[]) : fallback))
    expect(read('k')).toBe(fallback)
    localStorage.setItem('k', '[1,2]')
    const first = read('k')
    expect(first).toEqual([1, 2])
    expect(read('k')).toBe(first) // same object: useSyncExternalStore sees no change
    localStorage.setItem('k', '[3]')
    expect(read('k')).toEqual([3])
    localStorage.setItem('k', '{not json')
    expect(read('k')).toBe(fallback)
    localStorage.setItem('k', '{"a":1}')
    expect(read('k')).toBe(fallback) // fromJson decides what to trust
  })
})
