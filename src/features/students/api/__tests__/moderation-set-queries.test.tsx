import { QueryClientProvider } from '@tanstack/react-query'
import { renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { signInAs, signOut } from '../../../../canvas/__tests__/sim-session'
import { resetThrottle } from '../../../../canvas/throttle'
import { createQueryClient } from '../../../../lib/query-client'
import { removeSelectionRow } from '../../../../mocks/sim/moderation'
import { setupSimulator } from '../../../../testing/simulator'
import { MODERATION_SET_CHUNK, useAddModeratedStudentsInChunks } from '../moderation-set-queries'

const sim = setupSimulator()
afterEach(() => {
  resetThrottle()
  signOut()
})
const ref = { courseId: 101, assignmentId: 501 }

function hook() {
  const qc = createQueryClient()
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={qc}>{children}</QueryClientProvider>
  )
  return renderHook(() => useAddModeratedStudentsInChunks(ref), { wrapper }).result
}

describe('adding to the moderation set in chunks', () => {
  it('sends 50 ids per request, one after another, and reports progress', async () => {
    const w = sim.createWorld({ scenario: 'large', students: 120 })
    for (let id = 1001; id <= 1120; id++) removeSelectionRow(w.world, 501, id)
    signInAs(w, 1)
    const ids = Array.from({ length: 120 }, (_, i) => 1001 + i)
    const seen: string[] = []
    const out = await hook().current.mutateAsync({
      studentIds: [...ids, 999_999],
      onProgress: (p) => seen.push(`${p.sending}/${p.done}/${p.total}`),
    })
    expect(MODERATION_SET_CHUNK).toBe(50)
    expect(w.world.requestLog.filter((r) => r.route === 'moderated_students_create')).toHaveLength(3)
    expect(seen).toEqual(['50/0/121', '50/50/121', '100/50/121', '100/100/121', '121/100/121', '121/121/121'])
    expect(out).toMatchObject({ added: ids, notAdded: [999_999], refused: [], unknown: [], unsent: [], error: null })
    expect(w.world.selections.get(501)!.size).toBeGreaterThanOrEqual(120)
  })

  it('stops at a refusal: that request’s students are refused, the rest not sent', async () => {
    const w = sim.createWorld({ scenario: 'large', students: 120 })
    // The teacher is not the final grader: Canvas refuses the moderation set (401).
    signInAs(w, 2)
    const ids = Array.from({ length: 120 }, (_, i) => 1001 + i)
    const out = await hook().current.mutateAsync({ studentIds: ids })
    expect(out.refused).toEqual(ids.slice(0, 50))
    expect(out.unsent).toEqual(ids.slice(50))
    expect(out.added).toEqual([])
    expect(out.error).toBeTruthy()
    expect(w.world.requestLog.filter((r) => r.route === 'moderated_students_create')).toHaveLength(1)
  })
})
