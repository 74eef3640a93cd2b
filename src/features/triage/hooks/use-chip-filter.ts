import { useCallback, useMemo } from 'react'
import { useSearchParams } from 'react-router'
import { chipGroups, type ChipId } from '../../../lib/moderation/classify'

const known = new Set<string>(chipGroups.flatMap((g) => g.chips.map((c) => c.id)))

/** Pressed triage chips, kept in the URL (`?show=disagree,unselected`) so a filtered view can be linked. */
export function useChipFilter(): [
  ReadonlySet<ChipId>,
  (chip: ChipId) => void,
  () => void,
  (chips: readonly ChipId[]) => void,
] {
  const [params, setParams] = useSearchParams()
  const raw = params.get('show') ?? ''
  const pressed = useMemo(() => new Set(raw.split(',').filter((x) => known.has(x)) as ChipId[]), [raw])
  const write = useCallback(
    (next: Set<ChipId>) =>
      setParams(
        (p) => {
          const q = new URLSearchParams(p)
          if (next.size === 0) q.delete('show')
          else q.set('show', [...next].join(','))
          return q
        },
        { replace: true },
      ),
    [setParams],
  )
  const toggle = useCallback(
    (chip: ChipId) => {
      const next = new Set(pressed)
      if (next.has(chip)) next.delete(chip)
      else next.add(chip)
      write(next)
    },
    [pressed, write],
  )
  const clear = useCallback(() => write(new Set()), [write])
  const set = useCallback((chips: readonly ChipId[]) => write(new Set(chips)), [write])
  return [pressed, toggle, clear, set]
}
