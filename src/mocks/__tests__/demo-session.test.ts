// @vitest-environment node
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHandlers } from '../handlers'
import { SimHost } from '../sim/host'

const host = new SimHost()
const cookieWrites: string[] = []
const server = setupServer(
  ...createHandlers(host, { demoSession: true, onDemoSessionChange: (c) => cookieWrites.push(c) }),
)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(() => server.close())

const ORIGIN = 'http://localhost:3000'
const get = (path: string, cookie?: string) => fetch(`${ORIGIN}${path}`, { headers: cookie ? { Cookie: cookie } : {} })

describe('demo session', () => {
  it('signs a request without Authorization in as the default world’s final grader', async () => {
    const res = await get('/api/v1/users/self')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ id: 1, name: 'Dr. Maya Chen' })
  })

  it('GET /demo/session describes the current identity and the staff identities', async () => {
    const body = await (await get('/demo/session')).json()
    expect(body).toEqual({
      worldId: 'default',
      current: { id: 1, name: 'Dr. Maya Chen', role: 'final_grader' },
      identities: [
        { id: 1, name: 'Dr. Maya Chen', role: 'final_grader' },
        { id: 2, name: 'Prof. Daniel Reyes', role: 'teacher' },
        { id: 3, name: 'Priya Natarajan', role: 'ta' },
        { id: 4, name: 'Tomás Herrera', role: 'ta' },
        { id: 5, name: 'Alex Morgan', role: 'admin' },
      ],
    })
  })

  it('PUT /demo/session sets the md_demo cookie; the cookie then picks the user (and the world)', async () => {
    const res = await fetch(`${ORIGIN}/demo/session`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId: 2 }),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie')).toBe('md_demo=default.2; Path=/; SameSite=Lax')
    expect(cookieWrites.at(-1)).toBe('md_demo=default.2; Path=/; SameSite=Lax')
    expect(((await res.json()) as { current: { id: number } }).current.id).toBe(2)
    expect(await (await get('/api/v1/users/self', 'md_demo=default.2')).json()).toMatchObject({ id: 2 })
    // Reyes is not a moderator: the cookie identity gets Canvas's rules.
    expect(
      (
        await get(
          '/api/v1/courses/101/assignments/501/gradeable_students?include[]=provisional_grades',
          'md_demo=default.2',
        )
      ).status,
    ).toBe(401)

    const other = host.createWorld({ scenario: 'large', students: 3 })
    const self = await get('/api/v1/users/self', `md_demo=${other.id}.4`)
    expect(await self.json()).toMatchObject({ id: 4 })
    const students = await (
      await get('/api/v1/courses/101/assignments/501/gradeable_students', `md_demo=${other.id}.1`)
    ).json()
    expect(students).toHaveLength(3)
    // A switch keeps the world of the current cookie.
    const switched = await fetch(`${ORIGIN}/demo/session`, {
      method: 'PUT',
      headers: { Cookie: `md_demo=${other.id}.1`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId: 5 }),
    })
    expect(switched.headers.get('set-cookie')).toBe(`md_demo=${other.id}.5; Path=/; SameSite=Lax`)
  })

  it('refuses unknown or student identities, falls back to the default for a stale cookie, and still honours Bearer tokens', async () => {
    const bad = await fetch(`${ORIGIN}/demo/session`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userId: 1001 }),
    })
    expect(bad.status).toBe(400)
    expect(await (await get('/api/v1/users/self', 'md_demo=gone.3')).json()).toMatchObject({ id: 1 })
    const token = host.getWorld('default')!.cast.find((m) => m.id === 3)!.token
    const res = await fetch(`${ORIGIN}/api/v1/users/self`, {
      headers: { Authorization: `Bearer ${token}`, Cookie: 'md_demo=default.2' },
    })
    expect(await res.json()).toMatchObject({ id: 3 })
    expect((await fetch(`${ORIGIN}/api/v1/users/self`, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(
      401,
    )
  })

  it('GET /session says demo mode (as the app server does), and only that exact path', async () => {
    expect(await (await get('/session')).json()).toEqual({ mode: 'demo', signedIn: true })
    expect(await (await get('/session?x=1')).json()).toEqual({ mode: 'demo', signedIn: true })
    expect((await get('/demo/session')).status).toBe(200)
    expect(await (await get('/demo/session')).json()).toHaveProperty('worldId')
  })
})
