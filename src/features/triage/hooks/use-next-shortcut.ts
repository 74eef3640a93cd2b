import { useEffect, useRef } from 'react'

/** True when a key press belongs to what has focus (typing, a menu, a dialog), not to a page shortcut. */
function isTypingTarget(el: Element | null): boolean {
  if (!el) return false
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)
    return true
  if (el instanceof HTMLElement && el.isContentEditable) return true
  return el.closest('dialog, [role="dialog"], [role="alertdialog"]') !== null
}

/** N (next) and P (previous) — either case, no other modifier — not while typing or in a dialog. */
export function useNextShortcut(onStep: (dir: 1 | -1) => void, enabled: boolean) {
  const ref = useRef(onStep)
  ref.current = onStep
  useEffect(() => {
    if (!enabled) return
    function onKeyDown(e: KeyboardEvent) {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return
      const key = e.key.toLowerCase()
      if (key !== 'n' && key !== 'p') return
      if (isTypingTarget(document.activeElement)) return
      e.preventDefault()
      ref.current(key === 'n' ? 1 : -1)
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [enabled])
}
