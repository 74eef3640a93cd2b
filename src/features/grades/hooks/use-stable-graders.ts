import { useRef } from 'react'
import type { Grader } from '../utils/grid-rows'
import type { Roster } from '../utils/roster'
import { rosterGraders } from '../utils/roster-figures'

/**
 * The roster's grader columns, the same array as long as the columns are the same: the grid's rows and the
 * tools' figures are memoized on it, and a landing page or a selection rarely changes who graded.
 */
export function useStableGraders(roster: Roster | undefined, names: ReadonlyMap<number, string>): Grader[] {
  const prev = useRef<{ sig: string; graders: Grader[] }>({ sig: '', graders: [] })
  const graders = rosterGraders(roster, names)
  const sig = graders.map((g) => `${g.key}=${g.label}`).join('|')
  if (sig !== prev.current.sig) prev.current = { sig, graders }
  return prev.current.graders
}
