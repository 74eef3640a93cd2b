import {
  test as base,
  expect,
  type APIRequestContext,
  type BrowserContext,
  type PlaywrightWorkerArgs,
} from '@playwright/test'

export type SimUser = {
  id: number
  name: string
  role: 'final_grader' | 'teacher' | 'ta' | 'admin' | 'student'
  token: string
}
export type FaultSpec = {
  route: string
  /** A regular expression tested against the query string (without `?`). */
  query?: string
  status?: number
  count?: number | 'always'
  kind?: 'status' | 'drop' | 'malformed' | 'html' | 'commit-then-drop' | 'commit-then-502'
}
export type SimRequest = { method: string; route: string; path: string; status: number; ms: number }

/**
 * One isolated simulator world per test: its own course, students, grades and faults, reached through the
 * `md_demo` cookie (world id + user id), exactly as a demo user is. Parallel tests never see each other.
 */
export class World {
  readonly id: string
  readonly users: SimUser[]
  private readonly request: APIRequestContext
  private readonly context: BrowserContext
  private readonly baseURL: string

  constructor(init: {
    id: string
    users: SimUser[]
    request: APIRequestContext
    context: BrowserContext
    baseURL: string
  }) {
    this.id = init.id
    this.users = init.users
    this.request = init.request
    this.context = init.context
    this.baseURL = init.baseURL
  }

  user(role: SimUser['role']): SimUser {
    const u = this.users.find((x) => x.role === role)
    if (!u) throw new Error(`no ${role} in world ${this.id}`)
    return u
  }

  /** Browse as this user (sets the demo identity cookie for this world). */
  async signInAs(role: SimUser['role'] | number): Promise<SimUser> {
    const u = typeof role === 'number' ? this.users.find((x) => x.id === role)! : this.user(role)
    await this.context.addCookies([{ name: 'md_demo', value: `${this.id}.${u.id}`, url: this.baseURL }])
    return u
  }

  /** Calls the simulated Canvas API directly with a user's token (to arrange or check state over HTTP). */
  async api(method: string, path: string, opts: { as?: SimUser['role']; data?: unknown } = {}) {
    const u = this.user(opts.as ?? 'final_grader')
    const res = await this.request.fetch(`/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${u.token}` },
      data: opts.data,
    })
    return res
  }

  async fault(spec: FaultSpec): Promise<void> {
    const r = await this.request.post(`/__sim/worlds/${this.id}/faults`, { data: spec })
    expect(r.ok(), await r.text()).toBeTruthy()
  }

  async clearFaults(): Promise<void> {
    await this.request.delete(`/__sim/worlds/${this.id}/faults`)
  }

  async configure(config: Record<string, unknown>): Promise<void> {
    const r = await this.request.put(`/__sim/worlds/${this.id}/config`, { data: config })
    expect(r.ok(), await r.text()).toBeTruthy()
  }

  async requests(): Promise<SimRequest[]> {
    const r = await this.request.get(`/__sim/worlds/${this.id}/requests`)
    return (await r.json()) as SimRequest[]
  }

  async dispose(): Promise<void> {
    await this.request.delete(`/__sim/worlds/${this.id}`)
  }
}

type Fixtures = {
  /** Scenario options for the `world` fixture, e.g. test.use({ scenario: { scenario: 'large', students: 500 } }). */
  scenario: { scenario: 'demo' | 'large' | 'realistic'; students?: number; graders?: number }
  /** A fresh world, browsed as its final grader unless the test signs in as someone else. */
  world: World
}

/**
 * An HTTP client for the server under test that sends what the app's own pages send on writes: `Origin` and the
 * server's CSRF token (from GET /session) as X-CSRF-Token. Without them the server refuses every write (403).
 */
export async function appRequest(
  playwright: PlaywrightWorkerArgs['playwright'],
  baseURL: string,
): Promise<APIRequestContext> {
  const probe = await playwright.request.newContext({ baseURL, ignoreHTTPSErrors: true })
  const session = (await (await probe.get('/session')).json()) as { csrfToken?: string }
  await probe.dispose()
  return playwright.request.newContext({
    baseURL,
    ignoreHTTPSErrors: true,
    extraHTTPHeaders: {
      Origin: new URL(baseURL).origin,
      ...(session.csrfToken ? { 'X-CSRF-Token': session.csrfToken } : {}),
    },
  })
}

export const test = base.extend<Fixtures>({
  // Tests arrange state through the control API and Canvas's API over HTTP, as the app's pages would send it.
  request: async ({ playwright, baseURL }, use) => {
    const request = await appRequest(playwright, baseURL!)
    await use(request)
    await request.dispose()
  },
  scenario: [{ scenario: 'demo' }, { option: true }],
  // Automatic, so that no test ever browses (or changes) the shared default world.
  world: [
    async ({ request, context, baseURL, scenario }, use) => {
      const res = await request.post('/__sim/worlds', { data: scenario })
      expect(res.ok(), await res.text()).toBeTruthy()
      const body = (await res.json()) as { worldId: string; users: SimUser[] }
      const world = new World({ id: body.worldId, users: body.users, request, context, baseURL: baseURL! })
      await world.signInAs('final_grader')
      await use(world)
      await world.dispose()
    },
    { auto: true },
  ],
})

export { expect }

export const paths = {
  home: '/',
  moderate: (courseId: number, assignmentId: number) => `/courses/${courseId}/assignments/${assignmentId}/moderate`,
}
