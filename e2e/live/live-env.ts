/**
 * The live-mode browser tests' servers (playwright.config.ts starts them, the fixtures use them):
 * - the Canvas simulator over real HTTP on loopback, standing in for "the live Canvas" (`npm run sim`);
 * - the app server in token mode (CANVAS_TOKEN = the final grader's token of world "live-token");
 * - the app server in OAuth mode (the developer key of world "live-oauth");
 * - the app server in LTI mode (OAuth plus the LTI key of world "live-lti").
 * Tokens and developer keys are deterministic per world id and seed, so they are computed here with the
 * simulator's own model; the fixtures create (or reset) the worlds on the simulator before every test.
 */
import { SimHost } from '../../src/mocks/sim/host'

const base = Number(process.env.E2E_PORT ?? 4317)
export const SIM_PORT = Number(process.env.E2E_SIM_PORT ?? base + 1)
export const TOKEN_PORT = Number(process.env.E2E_TOKEN_PORT ?? base + 2)
export const OAUTH_PORT = Number(process.env.E2E_OAUTH_PORT ?? base + 3)
export const SIM_URL = `http://127.0.0.1:${SIM_PORT}`
export const TOKEN_URL = `http://127.0.0.1:${TOKEN_PORT}`
export const OAUTH_URL = `http://127.0.0.1:${OAUTH_PORT}`
export const LTI_PORT = Number(process.env.E2E_LTI_PORT ?? base + 6)
export const LTI_URL = `http://127.0.0.1:${LTI_PORT}`

export const TOKEN_WORLD = 'live-token'
export const OAUTH_WORLD = 'live-oauth'
export const LTI_WORLD = 'live-lti'

const host = new SimHost()
const tokenWorld = host.createWorld({ worldId: TOKEN_WORLD, scenario: 'demo' })
const oauthWorld = host.createWorld({ worldId: OAUTH_WORLD, scenario: 'demo' })
const ltiWorld = host.createWorld({ worldId: LTI_WORLD, scenario: 'demo' })

/** The token-mode server's CANVAS_TOKEN: Dr. Maya Chen (final grader) in world "live-token". */
export const LIVE_TOKEN = tokenWorld.cast.find((m) => m.role === 'final_grader')!.token
export const OAUTH_KEY = { clientId: oauthWorld.oauth.key.clientId, clientSecret: oauthWorld.oauth.key.clientSecret }
/** The LTI server (OAuth mode plus an LTI key) of world "live-lti": its API developer key and its LTI key. */
export const LTI_OAUTH_KEY = { clientId: ltiWorld.oauth.key.clientId, clientSecret: ltiWorld.oauth.key.clientSecret }
export const LTI_KEY = { clientId: ltiWorld.lti.key.clientId, deploymentId: ltiWorld.lti.key.deploymentId }
