/**
 * Canvas's LTI 1.3 platform endpoints for the simulator, and the control API that sets a world's LTI developer key
 * and starts launches. The model is ../sim/lti.ts. Registered by the standalone simulator only (sim-server.ts:
 * createSimServer), not in the browser demo, which has no LTI tool to launch.
 *
 *   GET      /api/lti/security/jwks            the platform's public keys (every world's that made one)
 *   GET|POST /api/lti/authorize_redirect       → 302 to /api/lti/authorize on the same host, with the same parameters
 *   GET|POST /api/lti/authorize                checks the request; answers an auto-submitting form posting the
 *                                              id_token and state (and lti_storage_target) to redirect_uri
 *   GET  /__sim/worlds/:id/lti                 the world's LTI key: client id, deployment id, issuer, the tool's URLs
 *   PUT  /__sim/worlds/:id/lti                 sets them: {oidcInitiationUrl, targetLinkUri, redirectUris, customFields,
 *                                              placements, issuer} or {config: <the tool's developer key JSON>}
 *   GET  /__sim/worlds/:id/lti/launch?placement=course_navigation|assignment_menu&course_id=101&user_id=1
 *        [&assignment_id=501 | &assignments[]=501][&storage_target=0][&frame=0]
 *                                              Canvas's launch page: the login request as an auto-submitting form
 *                                              posted into an iframe named tool_content (frame=0: the whole window)
 */
import { http, HttpResponse, type HttpHandler } from 'msw'
import { z } from 'zod'
import { escapeHtml } from '../../lib/html'
import { SimError } from '../sim/errors'
import type { SimHost } from '../sim/host'
import { authorize, platformKeys, prepareLaunch } from '../sim/lti'
import type { LtiPlacement, LtiPlacementConfig } from '../sim/oauth-state'
import type { World } from '../sim/world'
import { isJsonWrite } from './params'
import { errorResponse, jsonResponse } from './responses'

const NO_STORE = { 'Cache-Control': 'no-store' }
/** Lti::LaunchHelper FRAME_ALLOWANCES, as the launch iframe's `allow`. */
const FRAME_ALLOW = [
  'geolocation',
  'microphone',
  'camera',
  'midi',
  'encrypted-media',
  'autoplay',
  'clipboard-write',
  'display-capture',
]
  .map((s) => `${s} *`)
  .join('; ')

function html(body: string, status = 200): Response {
  return new HttpResponse(`<!doctype html>\n<html lang="en"><head><meta charset="utf-8">${body}</html>\n`, {
    status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', ...NO_STORE },
  })
}

const hiddenFields = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('\n')

/** GET query or POST form body. */
async function params(request: Request): Promise<URLSearchParams> {
  const url = new URL(request.url)
  if (request.method.toUpperCase() !== 'POST') return url.searchParams
  const text = await request.text()
  const merged = new URLSearchParams(url.searchParams)
  for (const [k, v] of new URLSearchParams(text)) merged.set(k, v)
  return merged
}

function worldByLtiClientId(host: SimHost, clientId: string | null): World | undefined {
  if (!clientId) return undefined
  for (const id of host.worldIds()) {
    const w = host.getWorld(id)
    if (w?.lti.key.clientId === clientId) return w
  }
  return undefined
}

const url = z.string().regex(/^https?:\/\//, { error: 'URLs must be http(s) URLs' })
const customFields = z.record(z.string(), z.string(), { error: 'customFields must map names to strings' })
const placementInput = z.object({
  targetLinkUri: url.optional(),
  messageType: z.string().optional(),
  customFields: customFields.optional(),
})
const ltiInput = z.object({
  oidcInitiationUrl: url.optional(),
  targetLinkUri: url.optional(),
  redirectUris: z.array(url).optional(),
  customFields: customFields.optional(),
  issuer: url.optional(),
  placements: z
    .partialRecord(z.enum(['course_navigation', 'assignment_menu']), placementInput, {
      error: 'placements are course_navigation and assignment_menu',
    })
    .optional(),
  /** The tool's developer key JSON (doc/api/lti_dev_key_config.md), read as Canvas's "Paste JSON" reads it. */
  config: z
    .object({
      oidc_initiation_url: url,
      target_link_uri: url,
      custom_fields: customFields.optional(),
      extensions: z
        .array(
          z.object({
            settings: z.object({
              placements: z.array(
                z.object({
                  placement: z.string(),
                  target_link_uri: url.optional(),
                  message_type: z.string().optional(),
                  custom_fields: customFields.optional(),
                }),
              ),
            }),
          }),
        )
        .optional(),
    })
    .optional(),
})

function ltiJson(world: World) {
  const { clientId, deploymentId, issuer, oidcInitiationUrl, targetLinkUri, redirectUris, customFields, placements } =
    world.lti.key
  return { clientId, deploymentId, issuer, oidcInitiationUrl, targetLinkUri, redirectUris, customFields, placements }
}

function applyLti(world: World, input: unknown) {
  const parsed = ltiInput.safeParse(input)
  if (!parsed.success) throw new SimError(400, { error: parsed.error.issues[0]?.message ?? 'invalid body' })
  const { config, ...direct } = parsed.data
  const key = world.lti.key
  if (config) {
    key.oidcInitiationUrl = config.oidc_initiation_url
    key.targetLinkUri = config.target_link_uri
    key.customFields = config.custom_fields ?? {}
    key.placements = {}
    for (const p of config.extensions?.flatMap((e) => e.settings.placements) ?? []) {
      if (p.placement !== 'course_navigation' && p.placement !== 'assignment_menu') continue
      const entry: LtiPlacementConfig = {}
      if (p.target_link_uri) entry.targetLinkUri = p.target_link_uri
      if (p.message_type) entry.messageType = p.message_type
      if (p.custom_fields) entry.customFields = p.custom_fields
      key.placements[p.placement] = entry
    }
  }
  if (direct.oidcInitiationUrl !== undefined) key.oidcInitiationUrl = direct.oidcInitiationUrl
  if (direct.targetLinkUri !== undefined) key.targetLinkUri = direct.targetLinkUri
  if (direct.redirectUris !== undefined) key.redirectUris = direct.redirectUris
  if (direct.customFields !== undefined) key.customFields = direct.customFields
  if (direct.issuer !== undefined) key.issuer = direct.issuer
  if (direct.placements !== undefined) key.placements = direct.placements
}

const positiveInt = (raw: string | null): number | undefined => {
  if (raw === null || !/^\d{1,15}$/.test(raw)) return undefined
  return Number(raw)
}

export function ltiHandlers(host: SimHost): HttpHandler[] {
  const worldOf = (params: Record<string, unknown>) => {
    const w = typeof params.worldId === 'string' ? host.getWorld(params.worldId) : undefined
    if (!w) throw new SimError(404, { error: `no world ${String(params.worldId)}` })
    return w
  }
  const guarded =
    (fn: (args: { request: Request; params: Record<string, unknown> }) => Promise<Response> | Response) =>
    async (args: { request: Request; params: Record<string, unknown> }) => {
      try {
        return await fn(args)
      } catch (error) {
        if (error instanceof SimError) return errorResponse(error, NO_STORE)
        throw error
      }
    }

  const authorizeHandler = guarded(async ({ request }) => {
    const q = await params(request)
    const world = worldByLtiClientId(host, q.get('client_id'))
    if (!world) return html('<title>Canvas</title><p>Unknown client_id</p>', 400)
    const answer = await authorize(world, q)
    if (answer.kind === 'reject')
      return html(`<title>Canvas</title><p>${escapeHtml(answer.message)}</p>`, answer.status)
    // app/views/lti/ims/authentication/authorize.html.erb
    return html(
      `<title>Canvas</title></head><body>` +
        `<form action="${escapeHtml(answer.action)}" method="post" id="authorization_redirect_form">\n${hiddenFields(answer.fields)}\n</form>` +
        `<script>document.getElementById('authorization_redirect_form').submit();</script></body>`,
    )
  })

  const redirectHandler = guarded(async ({ request }) => {
    // authorize_redirect: to /api/lti/authorize on the institution's domain (here the same host), as a GET.
    const q = await params(request)
    const to = new URL('/api/lti/authorize', request.url)
    to.search = q.toString()
    return new HttpResponse(null, { status: 302, headers: { Location: to.toString(), ...NO_STORE } })
  })

  return [
    http.get('*/api/lti/security/jwks', async () => {
      const keys = []
      for (const id of host.worldIds()) {
        const w = host.getWorld(id)
        if (w?.lti.keys) keys.push((await platformKeys(w)).publicJwk)
      }
      // security_controller.rb: max-age of Lti::KeyStorage (10 days).
      return jsonResponse(200, { keys }, { 'Cache-Control': 'max-age=864000' })
    }),
    http.get('*/api/lti/authorize_redirect', redirectHandler),
    http.post('*/api/lti/authorize_redirect', redirectHandler),
    http.get('*/api/lti/authorize', authorizeHandler),
    http.post('*/api/lti/authorize', authorizeHandler),

    http.get(
      '*/__sim/worlds/:worldId/lti',
      guarded(({ params }) => jsonResponse(200, ltiJson(worldOf(params)), NO_STORE)),
    ),
    http.put(
      '*/__sim/worlds/:worldId/lti',
      guarded(async ({ request, params }) => {
        if (!(await isJsonWrite(request)))
          return jsonResponse(415, { error: 'Content-Type must be application/json' }, NO_STORE)
        const world = worldOf(params)
        let input: unknown
        try {
          input = JSON.parse((await request.text()) || '{}')
        } catch {
          throw new SimError(400, { error: 'body must be a JSON object' })
        }
        applyLti(world, input)
        // The platform's key pair is made now, so that the first launch does not wait for it.
        await platformKeys(world)
        return jsonResponse(200, ltiJson(world), NO_STORE)
      }),
    ),
    http.get(
      '*/__sim/worlds/:worldId/lti/launch',
      guarded(({ request, params }) => {
        const world = worldOf(params)
        const q = new URL(request.url).searchParams
        const placement = (q.get('placement') ?? 'course_navigation') as LtiPlacement
        if (placement !== 'course_navigation' && placement !== 'assignment_menu')
          throw new SimError(400, { error: 'placement must be course_navigation or assignment_menu' })
        const courseId = positiveInt(q.get('course_id'))
        const userId = positiveInt(q.get('user_id'))
        if (courseId === undefined || userId === undefined)
          throw new SimError(400, { error: 'course_id and user_id are required' })
        const { action, fields } = prepareLaunch(world, {
          placement,
          courseId,
          userId,
          assignmentId: positiveInt(q.get('assignment_id')),
          menuAssignmentIds: q.getAll('assignments[]').map(Number),
          includeStorageTarget: q.get('storage_target') !== '0',
        })
        const framed = q.get('frame') !== '0'
        const target = framed ? 'tool_content' : '_self'
        // app/views/lti/_launch_iframe.html.erb: the form posts into the tool's iframe.
        return html(
          `<title>Moderation Desk – ${escapeHtml(world.courses.get(courseId)!.name)} (Canvas simulator)</title></head><body>` +
            `<h1>Canvas (simulator): ${escapeHtml(placement)}</h1>` +
            `<form action="${escapeHtml(action)}" method="POST" target="${target}" id="tool_form">\n${hiddenFields(fields)}\n</form>` +
            (framed
              ? `<iframe name="tool_content" id="tool_content" title="Moderation Desk" allow="${FRAME_ALLOW}" allowfullscreen style="width:100%;height:90vh;border:0"></iframe>`
              : '') +
            `<script>document.getElementById('tool_form').submit();</script></body>`,
        )
      }),
    ),
  ]
}
