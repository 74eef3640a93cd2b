import { useCallback, useRef } from 'react'
import type { ClassifiedStudent } from '../../../lib/moderation/classify'

export interface WalkStep {
  student: ClassifiedStudent
  /** 1-based position in the queue, and its length. */
  position: number
  total: number
}

/**
 * Walks the decision queue forwards (N) and backwards (P), wrapping at the ends. Students leave the queue as
 * they are decided: after deciding the current one, "next" is the student that moved into its place, "previous"
 * the one before it.
 */
export function useDecisionWalker(queue: ClassifiedStudent[]) {
  const queueRef = useRef(queue)
  queueRef.current = queue
  const last = useRef<{ key: string; index: number } | null>(null)
  return useCallback((dir: 1 | -1 = 1): WalkStep | null => {
    const q = queueRef.current
    const n = q.length
    if (n === 0) return null
    const cur = last.current
    let i: number
    if (!cur) i = dir === 1 ? 0 : n - 1
    else {
      const at = q.findIndex((s) => s.key === cur.key)
      if (at >= 0) i = (at + dir + n) % n
      else i = dir === 1 ? cur.index % n : (cur.index - 1 + n) % n
    }
    last.current = { key: q[i]!.key, index: i }
    return { student: q[i]!, position: i + 1, total: n }
  }, [])
}
