import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'

afterEach(() => cleanup())

// jsdom has no layout: @tanstack/react-virtual reads clientWidth/clientHeight (0) and would render 0 rows.
if (typeof HTMLElement !== 'undefined') {
  Object.defineProperties(HTMLElement.prototype, {
    clientHeight: { configurable: true, get: () => 600 },
    clientWidth: { configurable: true, get: () => 800 },
  })
}

// jsdom has <dialog> but neither showModal() nor close(), no top layer and no Escape key: a stand-in following the
// HTML spec where the app relies on it (tested in src/components/ui/__tests__/dialog-polyfill.test.ts).
// - showModal() opens the dialog and focuses its [autofocus] descendant, else its first focusable area (like
//   Chromium, a tabindex="-1" element counts);
// - close() focuses the element focused before showModal(), if both are still in the document (a modal dialog
//   removed from the document stops being modal and no longer returns focus), and fires `close` in a later task;
// - Escape, unless its keydown is cancelled, fires a cancelable `cancel` at the topmost open modal dialog, then
//   closes it unless `cancel` was cancelled.
// Not emulated: the inert page outside the dialog, show(), returnValue, the close watcher's non-cancelable cancel.
if (typeof HTMLDialogElement !== 'undefined' && !Object.hasOwn(HTMLDialogElement.prototype, 'showModal')) {
  const FOCUS_AREA = 'a[href], button, input, select, textarea, summary, [tabindex]'
  const modals: HTMLDialogElement[] = []
  const previouslyFocused = new WeakMap<HTMLDialogElement, Element | null>()
  Object.defineProperties(HTMLDialogElement.prototype, {
    showModal: {
      configurable: true,
      writable: true,
      value(this: HTMLDialogElement) {
        if (this.open && modals.includes(this)) return
        if (this.open) throw new DOMException('The dialog is already open as a non-modal dialog.', 'InvalidStateError')
        if (!this.isConnected) throw new DOMException('The dialog is not in a document.', 'InvalidStateError')
        previouslyFocused.set(this, this.ownerDocument.activeElement)
        this.setAttribute('open', '')
        for (let i = modals.length - 1; i >= 0; i--) if (!modals[i]!.isConnected) modals.splice(i, 1)
        modals.push(this)
        const control =
          this.querySelector<HTMLElement>('[autofocus]') ??
          [...this.querySelectorAll<HTMLElement>(FOCUS_AREA)].find((el) => !el.matches(':disabled'))
        control?.focus()
      },
    },
    close: {
      configurable: true,
      writable: true,
      value(this: HTMLDialogElement) {
        if (!this.open) return
        this.removeAttribute('open')
        const i = modals.indexOf(this)
        if (i >= 0) modals.splice(i, 1)
        const element = previouslyFocused.get(this)
        previouslyFocused.delete(this)
        if (this.isConnected && element instanceof HTMLElement && element.isConnected) element.focus()
        setTimeout(() => this.dispatchEvent(new Event('close')))
      },
    },
  })
  // Captured before any handler can stop it; acted on once the keydown has been dispatched, as the browser does.
  window.addEventListener(
    'keydown',
    (e) => {
      if (e.key !== 'Escape') return
      queueMicrotask(() => {
        if (e.defaultPrevented) return
        const top = modals.findLast((d) => d.isConnected && d.open)
        if (top?.dispatchEvent(new Event('cancel', { cancelable: true }))) top.close()
      })
    },
    true,
  )
}
