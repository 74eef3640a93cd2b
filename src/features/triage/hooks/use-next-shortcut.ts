import { useEffect, useRef } from 'react'

/** True when a key press belongs to what has focus (typing, a menu, a dialog), not to a page shortcut. */
function isTypingTarget(el: Element | null): boolean {
  if (!el) return false
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)
    return true
  if (el instanceof HTMLElement && el.isContentEditable) return true
  return el.closest('[role="dialog"], [role="alertdialog"]') !== null
}

/** "n" (no modifier, not while typing or in a dialog) runs `onNext`. */
export function useNextShortcut(onNext: () => void, enabled: boolean) {
  const ref = useRef(onNext)
  ref.current = onNext
  useEffect(() => {
    if (!enabled) return
    function onKeyDown(e: KeyboardEvent) {
      if (e.key !== 'n' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return
      if (isTypingTarget(document.activeElement)) return
      e.preventDefault()
      ref.current()
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [enabled])
}
