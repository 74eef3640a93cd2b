import { describe, expect, it } from 'vitest'
import { addToFinalComment, inFinalComment, removeFromFinalComment } from '../final-comment'

describe('building the final comment', () => {
  it('adds texts as paragraphs, and says which are in it', () => {
    let text = addToFinalComment('', '  First point. ')
    expect(text).toBe('First point.')
    text = addToFinalComment(`${text}\n`, 'Second point.')
    expect(text).toBe('First point.\n\nSecond point.')
    expect(inFinalComment(text, 'Second point. ')).toBe(true)
    expect(inFinalComment(text, 'Third point.')).toBe(false)
    expect(inFinalComment(text, '  ')).toBe(false)
    expect(addToFinalComment(text, '   ')).toBe(text)
  })

  it('takes a text out and joins what is around it, leaving edits elsewhere alone', () => {
    const text = 'Intro I wrote.\n\nFirst point.\n\nSecond point.'
    expect(removeFromFinalComment(text, 'First point.')).toBe('Intro I wrote.\n\nSecond point.')
    expect(removeFromFinalComment(text, 'Second point.')).toBe('Intro I wrote.\n\nFirst point.')
    expect(removeFromFinalComment('First point.', 'First point.')).toBe('')
    expect(removeFromFinalComment(text, 'Not there.')).toBe(text)
  })
})
