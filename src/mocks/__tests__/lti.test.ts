// @vitest-environment node
/**
 * The simulator's Canvas LTI 1.3 platform side (sim/lti.ts, handlers/lti.ts) as a tool meets it, through the same
 * handlers the standalone simulator serves (sim-server.ts; over real HTTP in src/server/__tests__/lti.test.ts): the
 * launch page's login request, /api/lti/authorize_redirect → /api/lti/authorize and its checks, the signed id_token
 * and the key set it verifies against.
 */
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose'
import { getResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { createHandlers } from '../handlers'
import { ltiHandlers } from '../handlers/lti'
import { SimHost } from '../sim/host'
import type { World } from '../sim/world'

const host = new SimHost()
const handlers = [...ltiHandlers(host), ...createHandlers(host)]
const O = 'http://canvas.test'
/** The simulator's answer, without following redirects. */
async function fetch(url: string | URL, init?: RequestInit): Promise<Response> {
  return (await getResponse(handlers, new Request(url, init))) ?? new Response(null, { status: 404 })
}

const unescape = (s: string) =>
  s
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')

function parseForm(html: string): { action: string; method: string; fields: Record<string, string> } {
  const form = /<form action="([^"]*)"[^>]*method="([^"]*)"/i.exec(html)
  if (!form) throw new Error(`no form in: ${html.slice(0, 300)}`)
  const fields: Record<string, string> = {}
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g))
    fields[unescape(m[1]!)] = unescape(m[2]!)
  return { action: unescape(form[1]!), method: form[2]!.toUpperCase(), fields }
}

const TOOL = 'https://tool.example.edu'
const CLAIM = 'https://purl.imsglobal.org/spec/lti/claim/'
const TOOL_CONFIG = {
  title: 'Tool',
  description: 'A tool',
  oidc_initiation_url: `${TOOL}/lti/login`,
  target_link_uri: `${TOOL}/lti/launch`,
  extensions: [
    {
      platform: 'canvas.instructure.com',
      privacy_level: 'public',
      settings: {
        placements: [
          { placement: 'course_navigation', message_type: 'LtiResourceLinkRequest' },
          { placement: 'assignment_menu', message_type: 'LtiResourceLinkRequest' },
        ],
      },
    },
  ],
  custom_fields: { course: '$Canvas.course.id', assignment: '$Canvas.assignment.id', user: '$Canvas.user.id' },
}

async function ltiWorld(config: unknown = TOOL_CONFIG): Promise<World> {
  const world = host.createWorld({ scenario: 'demo' })
  const put = await fetch(`${O}/__sim/worlds/${world.id}/lti`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ config }),
  })
  expect(put.status).toBe(200)
  return world
}

async function launchPage(world: World, query = 'placement=course_navigation&course_id=101&user_id=1') {
  const res = await fetch(`${O}/__sim/worlds/${world.id}/lti/launch?${query}`)
  expect(res.status).toBe(200)
  const html = await res.text()
  return { html, ...parseForm(html) }
}

/** The tool's step 2: Canvas's authorization endpoint with these parameters (after the redirect). */
async function authorize(params: Record<string, string>) {
  const redirect = await fetch(`${O}/api/lti/authorize_redirect?${new URLSearchParams(params)}`)
  expect(redirect.status).toBe(302)
  const to = new URL(redirect.headers.get('location')!)
  expect(to.pathname).toBe('/api/lti/authorize')
  const res = await fetch(to)
  return { status: res.status, html: await res.text() }
}

function authParams(world: World, login: Record<string, string>, extra: Record<string, string> = {}) {
  return {
    scope: 'openid',
    response_type: 'id_token',
    response_mode: 'form_post',
    prompt: 'none',
    client_id: world.lti.key.clientId,
    redirect_uri: `${TOOL}/lti/launch`,
    login_hint: login.login_hint!,
    lti_message_hint: login.lti_message_hint!,
    state: 'state-1',
    nonce: 'nonce-1',
    ...extra,
  }
}

describe('simulated Canvas: LTI 1.3 launch', () => {
  it("the launch page posts Canvas's login request to the tool's oidc_initiation_url, into an iframe", async () => {
    const world = await ltiWorld()
    const page = await launchPage(world)
    expect(page.action).toBe(`${TOOL}/lti/login`)
    expect(page.method).toBe('POST')
    expect(page.html).toContain('target="tool_content"')
    expect(page.html).toContain('<iframe name="tool_content"')
    expect(page.fields).toEqual({
      iss: 'https://canvas.instructure.com',
      login_hint: expect.stringMatching(/^[0-9a-f]{40}$/),
      client_id: world.lti.key.clientId,
      lti_deployment_id: world.lti.key.deploymentId,
      deployment_id: world.lti.key.deploymentId,
      target_link_uri: `${TOOL}/lti/launch`,
      lti_message_hint: expect.any(String),
      canvas_environment: 'prod',
      canvas_region: 'not_configured',
      lti_storage_target: 'post_message_forwarding',
    })
    expect(world.lti.key.deploymentId).toMatch(/^\d+:[0-9a-z]{40}$/)
    // Canvas's mobile apps send no lti_storage_target; frame=0 launches in the whole window.
    const mobile = await launchPage(
      world,
      'placement=course_navigation&course_id=101&user_id=1&storage_target=0&frame=0',
    )
    expect(mobile.fields.lti_storage_target).toBeUndefined()
    expect(mobile.html).not.toContain('<iframe')
  })

  it('answers the authorization request with a form posting an RS256 id_token (with the tool’s nonce) and the state', async () => {
    const world = await ltiWorld()
    const login = await launchPage(world)
    const answer = await authorize(authParams(world, login.fields))
    expect(answer.status).toBe(200)
    expect(answer.html).toContain("document.getElementById('authorization_redirect_form').submit()")
    const form = parseForm(answer.html)
    expect(form.action).toBe(`${TOOL}/lti/launch`)
    expect(form.method).toBe('POST')
    expect(Object.keys(form.fields).sort()).toEqual(['id_token', 'lti_storage_target', 'state'])
    expect(form.fields.state).toBe('state-1')
    const token = form.fields.id_token!
    expect(decodeProtectedHeader(token)).toEqual({ typ: 'JWT', alg: 'RS256', kid: expect.any(String) })
    const jwks = (await (await fetch(`${O}/api/lti/security/jwks`)).json()) as JSONWebKeySet
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: 'https://canvas.instructure.com',
      audience: world.lti.key.clientId,
    })
    expect(payload).toMatchObject({
      azp: world.lti.key.clientId,
      nonce: 'nonce-1',
      [`${CLAIM}deployment_id`]: world.lti.key.deploymentId,
      [`${CLAIM}message_type`]: 'LtiResourceLinkRequest',
      [`${CLAIM}version`]: '1.3.0',
      [`${CLAIM}target_link_uri`]: `${TOOL}/lti/launch`,
      [`${CLAIM}roles`]: expect.arrayContaining(['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor']),
      [`${CLAIM}custom`]: { course: '101', assignment: '$Canvas.assignment.id', user: '1' },
      'https://www.instructure.com/placement': 'course_navigation',
      name: 'Dr. Maya Chen',
    })
    expect(payload.exp! - payload.iat!).toBe(3600)
    expect((payload[`${CLAIM}context`] as { title: string }).title).toBe(world.courses.get(101)!.name)
  })

  it('expands $Canvas.assignment.id for a launch naming assignment_id, not for the menu’s assignments[]', async () => {
    const world = await ltiWorld()
    const claims = async (query: string) => {
      const login = await launchPage(world, query)
      const token = parseForm((await authorize(authParams(world, login.fields))).html).fields.id_token!
      return decodeJwt(token)
    }
    const named = await claims('placement=assignment_menu&course_id=101&user_id=1&assignment_id=501')
    expect(named[`${CLAIM}custom`]).toMatchObject({ assignment: '501' })
    expect(named['https://www.instructure.com/placement']).toBe('assignment_menu')
    const menu = await claims('placement=assignment_menu&course_id=101&user_id=1&assignments[]=501')
    expect(menu[`${CLAIM}custom`]).toMatchObject({ assignment: '$Canvas.assignment.id' })
  })

  it('refuses what Canvas refuses: a redirect_uri not registered, missing parameters, another scope, a used or unknown hint, another user', async () => {
    const world = await ltiWorld()
    const login = await launchPage(world)
    const errorOf = (html: string) => parseForm(html).fields
    const redirect = await authorize(authParams(world, login.fields, { redirect_uri: 'https://evil.example/launch' }))
    expect(redirect.status).toBe(400)
    expect(redirect.html).toContain('Invalid redirect_uri')
    const scope = await authorize(authParams(world, login.fields, { scope: 'openid profile' }))
    expect(errorOf(scope.html)).toEqual({
      error: 'invalid_request_object',
      error_description: "The 'scope' must be 'openid'",
      state: 'state-1',
    })
    const { nonce: _, ...noNonce } = authParams(world, login.fields)
    expect(errorOf((await authorize(noNonce)).html).error_description).toBe(
      'The following parameters are missing: nonce',
    )
    const other = await authorize(authParams(world, login.fields, { login_hint: '0'.repeat(40) }))
    expect(errorOf(other.html)).toMatchObject({ error: 'login_required' })
    // The hint was used up by the refused attempt just before (single use, as Canvas's cache).
    const used = await authorize(authParams(world, login.fields))
    expect(errorOf(used.html)).toMatchObject({ error: 'launch_no_longer_valid' })
    const unknownClient = await authorize(authParams(world, login.fields, { client_id: '1' }))
    expect(unknownClient.status).toBe(400)
  })

  it('the control API sets the key field by field, and refuses a launch before a tool is set', async () => {
    const world = host.createWorld({ scenario: 'demo' })
    const early = await fetch(`${O}/__sim/worlds/${world.id}/lti/launch?course_id=101&user_id=1`)
    expect(early.status).toBe(400)
    const put = await fetch(`${O}/__sim/worlds/${world.id}/lti`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        oidcInitiationUrl: `${TOOL}/login`,
        targetLinkUri: `${TOOL}/launch`,
        redirectUris: [`${TOOL}/launch`],
        customFields: { c: '$Canvas.course.id' },
      }),
    })
    expect(await put.json()).toMatchObject({
      clientId: world.lti.key.clientId,
      deploymentId: world.lti.key.deploymentId,
      oidcInitiationUrl: `${TOOL}/login`,
      redirectUris: [`${TOOL}/launch`],
    })
    const bad = await fetch(`${O}/__sim/worlds/${world.id}/lti`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ targetLinkUri: 'ftp://x' }),
    })
    expect(bad.status).toBe(400)
    expect((await fetch(`${O}/__sim/worlds/${world.id}/lti/launch?course_id=101&user_id=1`)).status).toBe(200)
  })
})
