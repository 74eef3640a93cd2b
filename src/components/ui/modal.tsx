import { useEffect, useEffectEvent, useId, useRef, type ReactNode } from 'react'

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

/** A modal dialog: labelled by its heading, traps Tab, closes on Escape, returns focus to the opener. */
export function Modal({ title, role = 'dialog', onClose, children, initialFocusRef, describedBy }: ModalProps) {
  const titleId = useId()
  const ref = useRef<HTMLDivElement>(null)
  const onCloseRef = useRef(onClose)
  onCloseRef.current = onClose

  // Focus moves in once, when the dialog opens: a later initialFocusRef must not pull it back from where the
  // user has since moved it.
  const focusInitial = useEffectEvent(() => {
    const first = initialFocusRef?.current ?? ref.current?.querySelector<HTMLElement>(FOCUSABLE)
    first?.focus()
  })
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null
    focusInitial()
    return () => {
      if (opener && document.contains(opener)) opener.focus()
    }
  }, [])

  function onKeyDown(e: React.KeyboardEvent) {
    if (e.key === 'Escape') {
      e.stopPropagation()
      onCloseRef.current()
      return
    }
    if (e.key !== 'Tab' || !ref.current) return
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)]
    if (items.length === 0) return
    const first = items[0]!
    const last = items[items.length - 1]!
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault()
      last.focus()
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault()
      first.focus()
    }
  }

  return (
    <div className="modal-backdrop">
      <div
        ref={ref}
        className="modal"
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} className="modal__title">
          {title}
        </h2>
        {children}
      </div>
    </div>
  )
}
