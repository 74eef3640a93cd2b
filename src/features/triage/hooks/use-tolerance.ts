import { useCallback, useMemo } from 'react'
import { useSearchParams } from 'react-router'
import type { AssignmentRef } from '../../../canvas/keys'
import { parseTolerance, suggestedTolerance, type Tolerance } from '../../../lib/moderation/tolerance'

const storageKey = (ref: AssignmentRef) => `moderation-desk:tolerance:${ref.courseId}:${ref.assignmentId}`

function readStored(ref: AssignmentRef): Tolerance | null {
  try {
    const raw = localStorage.getItem(storageKey(ref))
    if (!raw) return null
    const v = JSON.parse(raw) as { unit?: string; value?: number }
    return parseTolerance(String(v.value ?? ''), v.unit ?? null)
  } catch {
    return null
  }
}

/**
 * The assignment's tolerance: the URL (`?tol=2&tolUnit=percent`) wins so a link reproduces a view; otherwise the
 * last value used on this assignment in this browser (local storage); otherwise the suggestion (5 % of points
 * possible), marked `suggested` until the moderator confirms or changes it. Setting it writes both.
 */
export function useTolerance(
  ref: AssignmentRef,
  pointsPossible: number | null = null,
): [Tolerance, (t: Tolerance) => void, { suggested: boolean }] {
  const [params, setParams] = useSearchParams()
  // The raw parameters, not a parsed object, are what the memo depends on: they are the same strings from one
  // render to the next, so the tolerance keeps its identity until the URL or the assignment changes.
  const tol = params.get('tol')
  const tolUnit = params.get('tolUnit')
  const { courseId, assignmentId } = ref
  const chosen = useMemo(
    () => parseTolerance(tol, tolUnit) ?? readStored({ courseId, assignmentId }),
    [tol, tolUnit, courseId, assignmentId],
  )
  const suggestion = useMemo(() => suggestedTolerance(pointsPossible), [pointsPossible])
  const tolerance = chosen ?? suggestion
  const set = useCallback(
    (t: Tolerance) => {
      try {
        localStorage.setItem(storageKey({ courseId, assignmentId }), JSON.stringify(t))
      } catch {
        // Private mode or full storage: the URL still carries it.
      }
      setParams(
        (p) => {
          const next = new URLSearchParams(p)
          next.set('tol', String(t.value))
          if (t.unit === 'percent') next.set('tolUnit', 'percent')
          else next.delete('tolUnit')
          return next
        },
        { replace: true },
      )
    },
    [courseId, assignmentId, setParams],
  )
  return [tolerance, set, { suggested: chosen === null }]
}
