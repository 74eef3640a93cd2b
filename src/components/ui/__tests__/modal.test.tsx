import { act, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { StrictMode, useEffect, useRef, useState } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Modal } from '../modal'

afterEach(() => vi.restoreAllMocks())

interface HarnessProps {
  /** Like the publish panel while publishing: onClose is called but the dialog stays open. */
  pending?: boolean
  /** The opener disappears while the dialog is open. */
  hideOpener?: boolean
  /** After closing, the caller moves focus to a message of its own. */
  focusMessage?: boolean
  onClose?: () => void
}

/** A caller: a button opens the dialog; Escape and Cancel close it unless `pending`. */
function Harness({ pending = false, hideOpener = false, focusMessage = false, onClose }: HarnessProps) {
  const [open, setOpen] = useState(false)
  const [closedOnce, setClosedOnce] = useState(false)
  const messageRef = useRef<HTMLParagraphElement>(null)
  useEffect(() => {
    if (focusMessage && closedOnce) messageRef.current?.focus()
  }, [focusMessage, closedOnce])
  const close = () => {
    onClose?.()
    if (pending) return
    setOpen(false)
    setClosedOnce(true)
  }
  return (
    <>
      {hideOpener && open ? null : (
        <button type="button" onClick={() => setOpen(true)}>
          Delete rules
        </button>
      )}
      <button type="button">Elsewhere</button>
      {closedOnce ? (
        <p ref={messageRef} tabIndex={-1}>
          Rules kept.
        </p>
      ) : null}
      {open ? (
        <Modal title="Delete the rules?" onClose={close}>
          <label>
            Reason <input />
          </label>
          <div className="modal__actions">
            <button type="button" onClick={close}>
              Cancel
            </button>
            <button type="button">Delete</button>
          </div>
        </Modal>
      ) : null}
    </>
  )
}

async function openHarness() {
  await userEvent.click(screen.getByRole('button', { name: 'Delete rules' }))
  return screen.getByRole('dialog', { name: 'Delete the rules?' })
}

describe('Modal', () => {
  it('is a native <dialog> opened with showModal(), named by its heading and described by describedBy', () => {
    const showModal = vi.spyOn(HTMLDialogElement.prototype, 'showModal')
    render(
      <Modal title="Accept all grades from Ana Ruiz?" describedBy="what" onClose={() => {}}>
        <p id="what">3 selections will change.</p>
        <button type="button">Accept 3 grades</button>
      </Modal>,
    )
    const dialog = screen.getByRole('dialog', { name: 'Accept all grades from Ana Ruiz?' })
    expect(dialog).toHaveAccessibleDescription('3 selections will change.')
    expect(dialog.tagName).toBe('DIALOG')
    expect(dialog).toHaveAttribute('open')
    expect(showModal).toHaveBeenCalledTimes(1)
    expect(showModal.mock.contexts[0]).toBe(dialog)
    expect(screen.getByRole('heading', { level: 2, name: 'Accept all grades from Ana Ruiz?' })).toBeInTheDocument()
  })

  it('is an alertdialog when asked', () => {
    render(
      <Modal title="Publish grades?" role="alertdialog" onClose={() => {}}>
        <button type="button">Publish</button>
      </Modal>,
    )
    expect(screen.getByRole('alertdialog', { name: 'Publish grades?' })).toHaveAttribute('open')
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('focuses the first focusable element, past tabindex="-1" and disabled ones', () => {
    render(
      <Modal title="Custom grade" onClose={() => {}}>
        <p tabIndex={-1}>Read me first.</p>
        <button type="button" disabled>
          Not yet
        </button>
        <input aria-label="Custom grade" />
        <button type="button">Save</button>
      </Modal>,
    )
    expect(screen.getByRole('textbox', { name: 'Custom grade' })).toHaveFocus()
  })

  it('focuses initialFocusRef, once: a later one does not pull focus back', async () => {
    function WithRef({ second }: { second: boolean }) {
      const cancel = useRef<HTMLButtonElement>(null)
      const other = useRef<HTMLButtonElement>(null)
      return (
        <Modal title="Publish grades?" onClose={() => {}} initialFocusRef={second ? other : cancel}>
          <input aria-label="Type PUBLISH to confirm" />
          <button type="button" ref={cancel}>
            Cancel
          </button>
          <button type="button" ref={other}>
            Other
          </button>
        </Modal>
      )
    }
    const { rerender } = render(<WithRef second={false} />)
    expect(screen.getByRole('button', { name: 'Cancel' })).toHaveFocus()
    const box = screen.getByRole('textbox', { name: 'Type PUBLISH to confirm' })
    await userEvent.click(box)
    rerender(<WithRef second />)
    expect(box).toHaveFocus()
  })

  it('on Escape calls onClose; once the caller unmounts it, focus is back on the opener', async () => {
    const onClose = vi.fn()
    render(<Harness onClose={onClose} />)
    const dialog = await openHarness()
    expect(dialog).toContainElement(document.activeElement as HTMLElement)
    await userEvent.keyboard('{Escape}')
    expect(onClose).toHaveBeenCalledTimes(1)
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(screen.getByRole('button', { name: 'Delete rules' })).toHaveFocus()
  })

  it('returns focus to the opener when closed by a button inside', async () => {
    render(<Harness />)
    const dialog = await openHarness()
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(dialog).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Delete rules' })).toHaveFocus()
  })

  it('stays open on Escape while the caller refuses to close, with focus where it was', async () => {
    const onClose = vi.fn()
    render(<Harness pending onClose={onClose} />)
    const dialog = await openHarness()
    const closed = vi.fn()
    dialog.addEventListener('close', closed)
    const reason = screen.getByRole('textbox', { name: 'Reason' })
    await userEvent.type(reason, 'wrong scale')
    await userEvent.keyboard('{Escape}')
    expect(onClose).toHaveBeenCalledTimes(1)
    expect(screen.getByRole('dialog', { name: 'Delete the rules?' })).toBe(dialog)
    expect(dialog).toHaveAttribute('open')
    expect(reason).toHaveFocus()
    await new Promise((r) => setTimeout(r, 10))
    expect(closed).not.toHaveBeenCalled() // not even for a moment
  })

  it('reopens when the browser closes it anyway (a cancel that cannot be refused) and the caller keeps it', async () => {
    const onClose = vi.fn()
    render(<Harness pending onClose={onClose} />)
    const dialog = await openHarness()
    const reason = screen.getByRole('textbox', { name: 'Reason' })
    await userEvent.click(reason)
    // What Chromium does on a second Escape with no user activation since the first: a non-cancelable cancel,
    // then close().
    act(() => {
      dialog.dispatchEvent(new Event('cancel', { cancelable: false }))
      ;(dialog as HTMLDialogElement).close()
    })
    expect(onClose).toHaveBeenCalledTimes(1)
    await waitFor(() => expect(screen.getByRole('dialog', { name: 'Delete the rules?' })).toHaveAttribute('open'))
    expect(reason).toHaveFocus()
  })

  it('does not close on a click on the backdrop (which the browser targets at the dialog)', async () => {
    const onClose = vi.fn()
    render(<Harness onClose={onClose} />)
    const dialog = await openHarness()
    await userEvent.click(dialog)
    expect(onClose).not.toHaveBeenCalled()
    expect(dialog).toHaveAttribute('open')
  })

  it('does not move focus anywhere when the opener is gone', async () => {
    render(<Harness hideOpener />)
    await openHarness()
    expect(screen.queryByRole('button', { name: 'Delete rules' })).toBeNull()
    await userEvent.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(document.body).toHaveFocus()
  })

  it('leaves focus where the caller puts it after closing', async () => {
    render(<Harness focusMessage />)
    await openHarness()
    await userEvent.keyboard('{Escape}')
    expect(screen.getByText('Rules kept.')).toHaveFocus()
  })

  it('opens, closes and returns focus under StrictMode', async () => {
    render(
      <StrictMode>
        <Harness />
      </StrictMode>,
    )
    const dialog = await openHarness()
    expect(dialog).toHaveAttribute('open')
    expect(screen.getByRole('textbox', { name: 'Reason' })).toHaveFocus()
    await userEvent.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(screen.getByRole('button', { name: 'Delete rules' })).toHaveFocus()
  })
})
