import { describe, expect, it } from 'vitest'
import { CanvasApiError } from '../../../../canvas/errors'
import { applyMessages, nothingSent, progressText, splitBySet } from '../apply'

const pick = (userId: number | undefined, label: string) => ({
  studentKey: userId === undefined ? `a:${label}` : `u:${userId}`,
  ...(userId === undefined ? {} : { userId }),
  label,
  mark: 10,
  reasons: ['Top 1'],
})
const labelOf = (id: number) => `Student ${id}`

describe('applying a sample', () => {
  it('sends only named students not in the set yet', () => {
    const split = splitBySet([pick(1, 'Ana'), pick(2, 'Ben'), pick(undefined, 'Student 3')], new Set([2]))
    expect(split.toAdd.map((p) => p.label)).toEqual(['Ana'])
    expect(split.already.map((p) => p.label)).toEqual(['Ben'])
  })

  it('says the progress as the ids sent so far', () => {
    expect(progressText({ sending: 50, done: 0, total: 120 })).toBe('Adding 50 of 120…')
  })

  it('says what went in and names who did not', () => {
    const out = { ...nothingSent, added: [1, 2], notAdded: [3], reread: true }
    expect(applyMessages(out, { labelOf, sent: 3, already: 2, kept: true })).toEqual({
      status:
        'Canvas’s answer was lost, so the moderation set was read back from Canvas. Added 2 students to the moderation set. 2 students were already in it. Not added: Student 3. Canvas adds only students it shows for this assignment. The reasons are kept in this browser and shown in the moderation set.',
      alert: null,
    })
  })

  it('a refusal, a lost answer that could not be read back, and what was never sent are alerts', () => {
    const error = new CanvasApiError({
      status: 403,
      messages: ['user not authorized to perform that action'],
      path: '/x',
    })
    const out = { ...nothingSent, added: [1], refused: [2], unknown: [], unsent: [3, 4], error }
    const { alert } = applyMessages(out, { labelOf, sent: 4, already: 0, kept: false })
    expect(alert).toMatch(/^Canvas refused to add Student 2: /)
    expect(alert).toMatch(/Not sent, so not added: Student 3 and Student 4\.$/)
    const lost = applyMessages({ ...nothingSent, unknown: [5] }, { labelOf, sent: 1, already: 0, kept: true })
    expect(lost.alert).toBe(
      'Canvas’s answer about Student 5 was lost and the moderation set could not be read back, so whether they were added is not known. Open the moderation set to see.',
    )
  })

  it('nothing to send when the whole sample is in the set already', () => {
    expect(applyMessages(nothingSent, { labelOf, sent: 0, already: 4, kept: true }).status).toBe(
      'Nothing to send: every student in the sample is already in the moderation set. The reasons are kept in this browser and shown in the moderation set.',
    )
  })
})
