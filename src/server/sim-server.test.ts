// @vitest-environment node
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSimServer } from './sim-server'

const server = createSimServer({ demoSession: true })
let base = ''

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
})

describe('the simulator over real HTTP (src/server/sim-server.ts)', () => {
  it('answers Canvas endpoints with tokens and builds Link URLs from the request origin', async () => {
    const chen = server.host.getWorld('default')!.cast.find((m) => m.role === 'final_grader')!
    const self = await fetch(`${base}/api/v1/users/self`, { headers: { Authorization: `Bearer ${chen.token}` } })
    expect(self.status).toBe(200)
    expect(self.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await self.json()).toMatchObject({ id: 1, name: 'Dr. Maya Chen' })
    const page = await fetch(`${base}/api/v1/courses/101/assignments/501/gradeable_students?per_page=3`, {
      headers: { Authorization: `Bearer ${chen.token}` },
    })
    expect(page.headers.get('link')).toContain(
      `<${base}/api/v1/courses/101/assignments/501/gradeable_students?page=2&per_page=3>; rel="next"`,
    )
  })

  it('takes form and JSON bodies, the control API, the demo cookie, and 404s unknown paths', async () => {
    const created = await fetch(`${base}/__sim/worlds`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ scenario: 'demo' }),
    })
    const { worldId, users } = (await created.json()) as {
      worldId: string
      users: Array<{ role: string; token: string }>
    }
    const auth = { Authorization: `Bearer ${users.find((u) => u.role === 'teacher')!.token}` }
    const form = await fetch(`${base}/api/v1/courses/101/assignments/501/submissions/1024`, {
      method: 'PUT',
      headers: { ...auth, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'submission%5Bposted_grade%5D=13&submission%5Bprovisional%5D=true',
    })
    expect(await form.json()).toMatchObject({
      provisional_grades: [expect.objectContaining({ score: 13, scorer_id: 2 })],
    })

    const put = await fetch(`${base}/demo/session`, {
      method: 'PUT',
      headers: { Cookie: `md_demo=${worldId}.1`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId: 3 }),
    })
    expect(put.headers.getSetCookie()).toEqual([`md_demo=${worldId}.3; Path=/; SameSite=Lax`])
    const asPriya = await fetch(`${base}/api/v1/users/self`, { headers: { Cookie: `md_demo=${worldId}.3` } })
    expect(await asPriya.json()).toMatchObject({ id: 3 })

    const unknown = await fetch(`${base}/somewhere/else`)
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toEqual({ errors: [{ message: 'The specified resource does not exist.' }] })
  })

  it('destroys the socket for a drop fault', async () => {
    const chen = server.host.getWorld('default')!.cast.find((m) => m.role === 'final_grader')!
    await fetch(`${base}/__sim/worlds/default/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ route: 'users_self', kind: 'drop' }),
    })
    await expect(
      fetch(`${base}/api/v1/users/self`, { headers: { Authorization: `Bearer ${chen.token}` } }),
    ).rejects.toThrow()
    expect(
      (await fetch(`${base}/api/v1/users/self`, { headers: { Authorization: `Bearer ${chen.token}` } })).status,
    ).toBe(200)
  })
})
