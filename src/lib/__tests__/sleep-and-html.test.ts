import { describe, expect, it } from 'vitest'
import { escapeHtml } from '../html'
import { sleep } from '../sleep'

describe('sleep', () => {
  it('resolves after the time, and rejects with the abort reason at once when aborted', async () => {
    const started = performance.now()
    await sleep(20)
    expect(performance.now() - started).toBeGreaterThanOrEqual(15)
    const controller = new AbortController()
    const waiting = sleep(10_000, controller.signal)
    controller.abort(new Error('stop'))
    await expect(waiting).rejects.toThrow('stop')
    await expect(sleep(10, AbortSignal.abort(new Error('already')))).rejects.toThrow('already')
  })
})

describe('escapeHtml', () => {
  it('escapes what could end an element or an attribute, and nothing else', () => {
    expect(escapeHtml(`Sam <b>Bold</b> & "Liam" O'Brien`)).toBe(
      'Sam &lt;b&gt;Bold&lt;/b&gt; &amp; &quot;Liam&quot; O&#39;Brien',
    )
    expect(escapeHtml('Zoë Müller')).toBe('Zoë Müller')
  })
})
