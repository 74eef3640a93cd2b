// The stand-in for HTMLDialogElement.showModal()/close() and Escape that src/test/setup.ts installs in jsdom.
import { waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'

afterEach(() => {
  for (const d of document.querySelectorAll('dialog')) d.close()
  document.body.replaceChildren()
})

function setUp(dialogHtml: string) {
  document.body.innerHTML = `<button id="opener">Open</button><dialog>${dialogHtml}</dialog>`
  const opener = document.getElementById('opener') as HTMLButtonElement
  const dialog = document.querySelector('dialog')!
  opener.focus()
  return { opener, dialog }
}

describe('dialog polyfill (tests only)', () => {
  it('is installed: jsdom has no showModal() of its own', () => {
    expect(typeof HTMLDialogElement.prototype.showModal).toBe('function')
    expect(typeof HTMLDialogElement.prototype.close).toBe('function')
  })

  it('showModal() opens the dialog and focuses its first focusable area, tabindex="-1" included, like Chromium', () => {
    const { dialog } = setUp(
      '<p>Text</p><button disabled>Off</button><p id="note" tabindex="-1">Note</p><button>OK</button>',
    )
    expect(dialog.open).toBe(false)
    dialog.showModal()
    expect(dialog.open).toBe(true)
    expect(document.activeElement?.id).toBe('note')
  })

  it('showModal() prefers an [autofocus] descendant', () => {
    const { dialog } = setUp('<button>First</button><button autofocus id="auto">Second</button>')
    dialog.showModal()
    expect(document.activeElement?.id).toBe('auto')
  })

  it('showModal() throws on a dialog out of the document and does nothing on an open modal one', () => {
    const loose = document.createElement('dialog')
    expect(() => loose.showModal()).toThrow(expect.objectContaining({ name: 'InvalidStateError' }))
    const { dialog } = setUp('<button id="a">A</button><button id="b">B</button>')
    dialog.showModal()
    ;(document.getElementById('b') as HTMLButtonElement).focus()
    dialog.showModal()
    expect(document.activeElement?.id).toBe('b')
  })

  it('close() returns focus to the element focused before showModal() and fires close in a later task', async () => {
    const { opener, dialog } = setUp('<button>OK</button>')
    const onClose = vi.fn()
    dialog.addEventListener('close', onClose)
    dialog.showModal()
    expect(opener).not.toHaveFocus()
    dialog.close()
    expect(dialog.open).toBe(false)
    expect(opener).toHaveFocus()
    expect(onClose).not.toHaveBeenCalled()
    await waitFor(() => expect(onClose).toHaveBeenCalledTimes(1))
    dialog.close()
    await new Promise((r) => setTimeout(r, 10))
    expect(onClose).toHaveBeenCalledTimes(1) // closing a closed dialog does nothing
  })

  it('close() leaves focus alone when that element has left the document', () => {
    const { opener, dialog } = setUp('<button>OK</button>')
    dialog.showModal()
    opener.remove()
    const ok = dialog.querySelector('button')!
    dialog.close()
    expect(opener).not.toHaveFocus()
    expect(ok).toHaveFocus() // jsdom keeps focus on an element of a closed dialog; nothing was moved
  })

  it('close() does not return focus once the dialog itself has left the document', () => {
    const { opener, dialog } = setUp('<button>OK</button>')
    dialog.showModal()
    dialog.remove()
    dialog.close()
    expect(dialog.open).toBe(false)
    expect(opener).not.toHaveFocus()
  })

  it('Escape fires a cancelable cancel at the topmost modal dialog and closes it', async () => {
    const { opener, dialog } = setUp('<button id="inner-opener">More</button>')
    const inner = document.createElement('dialog')
    inner.innerHTML = '<button>Inner</button>'
    document.body.append(inner)
    const cancels: { target: string; cancelable: boolean }[] = []
    for (const [name, d] of [
      ['outer', dialog],
      ['inner', inner],
    ] as const)
      d.addEventListener('cancel', (e) => cancels.push({ target: name, cancelable: e.cancelable }))
    dialog.showModal()
    inner.showModal()
    await userEvent.keyboard('{Escape}')
    expect(cancels).toEqual([{ target: 'inner', cancelable: true }])
    expect(inner.open).toBe(false)
    expect(dialog.open).toBe(true)
    expect(document.activeElement?.id).toBe('inner-opener')
    await userEvent.keyboard('{Escape}')
    expect(dialog.open).toBe(false)
    expect(opener).toHaveFocus()
  })

  it('Escape leaves the dialog open when cancel is cancelled, and fires no cancel when keydown is', async () => {
    const { dialog } = setUp('<input aria-label="Reason">')
    const onCancel = vi.fn((e: Event) => e.preventDefault())
    dialog.addEventListener('cancel', onCancel)
    dialog.showModal()
    await userEvent.keyboard('{Escape}')
    expect(onCancel).toHaveBeenCalledTimes(1)
    expect(dialog.open).toBe(true)

    const input = dialog.querySelector('input')!
    input.addEventListener('keydown', (e) => e.preventDefault())
    await userEvent.keyboard('{Escape}')
    expect(onCancel).toHaveBeenCalledTimes(1)
    expect(dialog.open).toBe(true)
  })

  it('Escape still reaches the dialog when a handler stops the keydown from propagating', async () => {
    const { dialog } = setUp('<input aria-label="Reason">')
    dialog.querySelector('input')!.addEventListener('keydown', (e) => e.stopPropagation())
    dialog.showModal()
    await userEvent.keyboard('{Escape}')
    expect(dialog.open).toBe(false)
  })
})
