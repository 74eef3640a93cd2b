import { useCallback, useRef } from 'react'
import { nextInQueue, type ClassifiedStudent } from '../../../lib/moderation/classify'

/**
 * Walks the decision queue: each call returns the next student not yet visited in this pass (largest spread
 * first). Students leave the queue as they are decided, so the walk naturally shrinks.
 */
export function useDecisionWalker(queue: ClassifiedStudent[]) {
  const visited = useRef(new Set<string>())
  const queueRef = useRef(queue)
  queueRef.current = queue
  return useCallback(() => {
    const q = queueRef.current
    const next = nextInQueue(q, visited.current)
    if (!next) return null
    if (next.newPass) visited.current = new Set()
    visited.current.add(next.student.key)
    return { student: next.student, position: q.indexOf(next.student) + 1, total: q.length }
  }, [])
}
