import { test as base, expect, request as apiRequest, type APIRequestContext, type Page } from '@playwright/test'
import type { FaultSpec, SimRequest, SimUser } from '../fixtures'
import { LIVE_TOKEN, LTI_OAUTH_KEY, LTI_WORLD, OAUTH_KEY, OAUTH_WORLD, SIM_URL, TOKEN_WORLD } from './live-env'

/**
 * The live Canvas of a live project: one simulator world, reached directly on the simulator's port (never
 * through the app server, which refuses /__sim in live mode). Reset before every test, so the tests of a
 * project run one after another (see playwright.config.ts).
 */
export class LiveCanvas {
  readonly id: string
  readonly users: SimUser[]
  private readonly sim: APIRequestContext

  constructor(id: string, users: SimUser[], sim: APIRequestContext) {
    this.id = id
    this.users = users
    this.sim = sim
  }

  user(role: SimUser['role']): SimUser {
    return this.users.find((u) => u.role === role)!
  }

  /** Calls the simulated Canvas directly with a user's token (to arrange or check state). */
  api(method: string, path: string, opts: { as?: SimUser['role']; data?: unknown } = {}) {
    return this.sim.fetch(`/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.user(opts.as ?? 'final_grader').token}` },
      data: opts.data,
    })
  }

  private async control(method: string, path: string, data?: unknown) {
    const r = await this.sim.fetch(`/__sim/worlds/${this.id}${path}`, { method, data })
    expect(r.ok(), await r.text()).toBeTruthy()
    return r
  }

  fault = (spec: FaultSpec) => this.control('POST', '/faults', spec)
  requests = async () => (await (await this.control('GET', '/requests')).json()) as SimRequest[]
  clearRequests = () => this.control('DELETE', '/requests')
  /** OAuth: every access token of the world expires now (refresh still works). */
  expireTokens = () => this.control('POST', '/oauth/expire', {})
  /** OAuth: every grant is revoked (refresh fails too, as when a user removes the integration in Canvas). */
  revokeGrants = () => this.control('POST', '/oauth/revoke', {})
  grants = async () => ((await (await this.control('GET', '/oauth')).json()) as { grants: unknown[] }).grants
  /** OAuth: the developer key's "Enforce Scopes" (`scopes`; null = off) and "Allow Include Parameters". */
  oauthKey = (key: { scopes?: readonly string[] | null; allowIncludes?: boolean }) => this.control('PUT', '/oauth', key)
  /** LTI: the world's LTI developer key, configured from the tool's JSON (as Canvas's "Paste JSON"). */
  ltiKey = (config: unknown) => this.control('PUT', '/lti', { config })
}

export const test = base.extend<{ canvas: LiveCanvas }>({
  canvas: [
    async ({}, use, testInfo) => {
      const id =
        testInfo.project.name === 'live-oauth'
          ? OAUTH_WORLD
          : testInfo.project.name === 'live-lti'
            ? LTI_WORLD
            : TOKEN_WORLD
      const sim = await apiRequest.newContext({ baseURL: SIM_URL })
      let r = await sim.post(`/__sim/worlds/${id}/reset`, { data: { scenario: 'demo' } })
      if (r.status() === 404) r = await sim.post('/__sim/worlds', { data: { scenario: 'demo', worldId: id } })
      expect(r.ok(), await r.text()).toBeTruthy()
      const { users, oauth } = (await r.json()) as { users: SimUser[]; oauth: { clientId: string } }
      // The servers were started with credentials computed in live-env.ts: they must be this world's.
      if (id === TOKEN_WORLD) expect(users.find((u) => u.role === 'final_grader')?.token).toBe(LIVE_TOKEN)
      else expect(oauth.clientId).toBe(id === LTI_WORLD ? LTI_OAUTH_KEY.clientId : OAUTH_KEY.clientId)
      await use(new LiveCanvas(id, users, sim))
      await sim.dispose()
    },
    { auto: true },
  ],
})

export { expect }

export const LAB = '/courses/101/assignments/501/moderate'
export const GRADEABLE = '/courses/101/assignments/501/gradeable_students?include[]=provisional_grades&per_page=100'

/** OAuth: the app sends the page to /login, Canvas shows its sign-in page; pick Dr. Maya Chen. */
export async function signInWithCanvas(page: Page, landing: string) {
  await expect(page).toHaveURL(new RegExp(`^${SIM_URL}/login/oauth2/auth\\?`))
  await page.getByRole('link', { name: 'Sign in as Dr. Maya Chen' }).click()
  await expect(page).toHaveURL(landing)
}
