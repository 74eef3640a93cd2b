import { useEffectEvent, useId, useLayoutEffect, useRef, type ReactNode } from 'react'

interface ModalProps {
  title: string
  /** 'alertdialog' for irreversible confirmations. */
  role?: 'dialog' | 'alertdialog'
  onClose: () => void
  children: ReactNode
  /** Element to focus first (defaults to the first focusable element). */
  initialFocusRef?: React.RefObject<HTMLElement | null>
  describedBy?: string
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'

/**
 * A modal dialog on the native `<dialog>`, open with showModal() while it is mounted: the browser puts it in the top
 * layer, makes the rest of the page inert and turns Escape into a `cancel` event. Labelled by its heading; focus
 * moves in when it opens and, on close(), back to the element that had it before.
 *
 * The caller decides when it closes: Escape calls onClose, and the dialog stays open until the caller unmounts it
 * (a caller may refuse while a request is pending). A click on the backdrop does nothing.
 */
export function Modal({ title, role = 'dialog', onClose, children, initialFocusRef, describedBy }: ModalProps) {
  const titleId = useId()
  const ref = useRef<HTMLDialogElement>(null)

  const requestClose = useEffectEvent(() => onClose())
  // Focus moves in once, when the dialog opens: a later initialFocusRef must not pull it back from where the
  // user has since moved it. Chosen here, not left to showModal(): the browser would pick the first focusable
  // area, which may be a tabindex="-1" element or a scrollable region.
  const focusInitial = useEffectEvent((dialog: HTMLDialogElement) => {
    const first = initialFocusRef?.current ?? dialog.querySelector<HTMLElement>(FOCUSABLE)
    first?.focus()
  })

  // A layout effect, so that close() runs while the dialog is still in the document: a modal dialog removed
  // without close() leaves focus on the body instead of returning it to the opener.
  useLayoutEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    // Where focus was when the browser closed the dialog on its own (see onNativeClose).
    let focusedBeforeClose: Element | null = null
    dialog.showModal()
    focusInitial(dialog)

    const onCancel = (e: Event) => {
      e.preventDefault()
      if (!e.cancelable) focusedBeforeClose = document.activeElement
      requestClose()
    }
    // A cancel cannot always be refused: a second Escape with no user activation since the first fires a
    // non-cancelable `cancel` and the browser closes the dialog. Open while mounted: if the caller kept it, reopen.
    const onNativeClose = () => {
      if (dialog.open) return // the close() of an earlier cleanup, reopened since (StrictMode)
      dialog.showModal()
      if (focusedBeforeClose instanceof HTMLElement && dialog.contains(focusedBeforeClose)) focusedBeforeClose.focus()
      else focusInitial(dialog)
      focusedBeforeClose = null
    }
    dialog.addEventListener('cancel', onCancel)
    dialog.addEventListener('close', onNativeClose)
    return () => {
      dialog.removeEventListener('cancel', onCancel)
      dialog.removeEventListener('close', onNativeClose)
      dialog.close()
    }
  }, [])

  return (
    <dialog
      ref={ref}
      className="modal"
      role={role === 'alertdialog' ? 'alertdialog' : undefined}
      aria-labelledby={titleId}
      aria-describedby={describedBy}
    >
      <h2 id={titleId} className="modal__title">
        {title}
      </h2>
      {children}
    </dialog>
  )
}
