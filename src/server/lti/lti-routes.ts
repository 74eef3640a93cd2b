/**
 * LTI 1.3 tool routes (LTI mode: OAuth mode with LTI_CLIENT_ID), for Canvas's course navigation and assignment menu:
 *
 *   GET|POST /lti/login    OIDC login initiation (Canvas → tool): checks iss, client_id and the deployment, makes a
 *                          state and a nonce (the nonce in the database, the state in a signed cookie bound to this
 *                          browser), and redirects to Canvas's authorization endpoint (LTI_AUTH_URL).
 *   POST     /lti/launch   Canvas's form post of the signed id_token: checked (id-token.ts), the nonce used once, the
 *                          state matched to the nonce and to this browser's cookie; then the course (and assignment)
 *                          from the custom fields and the Canvas user, whose session starts from their kept tokens
 *                          or, the first time, through the OAuth2 sign-in (which keeps them for next time).
 *   GET      /lti/open     A one-time link (from the launch page of a browser that kept the cookies back) that signs
 *                          a new tab in.
 *   GET      /lti/jwks     The tool's public key (LTI_PRIVATE_KEY), for the developer key's public_jwk_url.
 *   GET      /lti/config.json  The developer key's JSON configuration (Canvas: LTI Key → Enter URL).
 *
 * /lti/login and /lti/launch are cross-site form posts from Canvas by design, so the Origin check in front of every
 * other write (request-guard.ts) does not apply to them (app-server.ts): what proves a launch is the platform's
 * signature, the single-use nonce and the state cookie. Refusals answer a plain page saying why and are logged
 * with their reason (never a token).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { escapeHtml } from '../../lib/html'
import { sendJson, type ProxyLog } from '../canvas-proxy'
import type { LtiConfig, OAuthConfig } from '../config'
import { randomToken, sameSecret } from '../csrf'
import { createLoginStateCodec } from '../login-state'
import type { createOAuthRoutes } from '../oauth-routes'
import { loginUrl } from '../oauth-routes'
import { canvasUserAgent } from '../user-agent'
import { createIdTokenVerifier, LaunchRefused, LTI_CLAIM, PLACEMENT_CLAIM, type Refusal } from './id-token'
import { hashValue, type LtiStore } from './lti-store'

export const LTI_STATE_COOKIE = 'md_lti'
/** Paths Canvas posts to from its own pages: exempt from the same-origin check for writes (app-server.ts). */
export const LTI_CROSS_SITE_PATHS: ReadonlySet<string> = new Set(['/lti/login', '/lti/launch'])
/** The custom fields the developer key asks Canvas to fill in (config.json); their values are strings. */
export const CUSTOM_FIELDS = {
  canvas_course_id: '$Canvas.course.id',
  canvas_assignment_id: '$Canvas.assignment.id',
  canvas_user_id: '$Canvas.user.id',
} as const
/** An id_token is 2–5 KB; a login request less than one. */
const MAX_FORM_BYTES = 64 * 1024

type OAuthRoutes = ReturnType<typeof createOAuthRoutes>

export type LtiRoutesOptions = {
  config: OAuthConfig & { lti: LtiConfig }
  routes: OAuthRoutes
  store: LtiStore
  now: () => number
  log: (entry: ProxyLog) => void
}

/** The page text and status of each refusal. */
const REFUSALS: Record<Refusal | 'replayed' | 'unknown-nonce' | 'state-mismatch', { status: number; text: string }> = {
  'bad-signature': {
    status: 401,
    text: 'The launch was not signed by Canvas: its signature does not match any of Canvas’s published keys.',
  },
  'wrong-issuer': { status: 401, text: 'The launch comes from another platform than the Canvas this server trusts.' },
  'wrong-audience': {
    status: 401,
    text: 'The launch was made for another tool (its audience is not this tool’s LTI client id).',
  },
  expired: { status: 401, text: 'The launch has expired. Open Moderation Desk from Canvas again.' },
  'not-yet-valid': {
    status: 401,
    text: 'The launch is dated in the future or too long ago: check the server’s clock, then open Moderation Desk from Canvas again.',
  },
  'no-nonce': { status: 400, text: 'The launch carries no nonce.' },
  replayed: {
    status: 401,
    text: 'This launch has already been used. Open Moderation Desk from Canvas again.',
  },
  'unknown-nonce': {
    status: 401,
    text: 'This launch did not start here, or took too long. Open Moderation Desk from Canvas again.',
  },
  'state-mismatch': {
    status: 401,
    text: 'This launch did not start in this browser. Open Moderation Desk from Canvas again.',
  },
  'unknown-deployment': {
    status: 401,
    text: 'The launch comes from an installation of the tool (deployment) this server does not accept. Your Canvas administrator can add its Deployment ID to LTI_DEPLOYMENT_IDS.',
  },
  'wrong-message-type': {
    status: 400,
    text: 'Canvas sent a kind of LTI message Moderation Desk does not handle (it handles resource link launches, LtiResourceLinkRequest).',
  },
  'wrong-version': { status: 400, text: 'The launch is not LTI version 1.3.0.' },
  'wrong-target': { status: 400, text: 'The launch was meant for another site (target_link_uri).' },
  'keys-unavailable': {
    status: 503,
    text: 'Canvas’s signing keys could not be fetched just now, so the launch cannot be checked. Try again in a moment.',
  },
}

const STAFF_ROLE =
  /(membership#(Instructor|ContentDeveloper|Administrator)|membership\/Instructor#|institution\/person#Administrator|system\/person#(SysAdmin|Administrator))$/

/** Reads an x-www-form-urlencoded body (POST) or the query (GET); null for a body too large or of another type. */
async function formParams(req: IncomingMessage, url: URL): Promise<URLSearchParams | null> {
  if (req.method !== 'POST') return url.searchParams
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded') return null
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_FORM_BYTES) return null
    chunks.push(chunk)
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}

/** customId's answer for a field Canvas left as the `$Variable` it was. */
const UNEXPANDED = '$'

/** A custom field's value: a Canvas id (digits), UNEXPANDED (Canvas left the `$Variable` as it was), or null. */
function customId(custom: Record<string, unknown>, name: keyof typeof CUSTOM_FIELDS): string | null {
  const value = custom[name]
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value)
  if (typeof value !== 'string' || !value) return null
  if (/^\d{1,20}$/.test(value)) return value
  // LTI Core §5.4.6: a substitution the platform does not support (or not in this context) is "passed unresolved".
  return value.startsWith('$') ? UNEXPANDED : null
}

export function createLtiRoutes(opts: LtiRoutesOptions) {
  const { config, routes, store, now, log } = opts
  const lti = config.lti
  const { publicOrigin } = routes
  const launchUrl = `${publicOrigin}/lti/launch`
  const stateCookie = `${routes.secure ? '__Host-' : ''}${LTI_STATE_COOKIE}`
  const states = createLoginStateCodec(config.clientSecret, {
    pendingMs: store.nonceMs,
    now,
    purpose: 'moderation-desk/lti-state/v1',
  })
  const verify = createIdTokenVerifier(lti, {
    publicOrigin,
    now,
    userAgent: canvasUserAgent(config.publicUrl),
  })

  function page(res: ServerResponse, status: number, title: string, paragraphs: string[], linkHtml = '') {
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
    res.end(
      `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} – Moderation Desk</title></head>` +
        `<body><main><h1>${escapeHtml(title)}</h1>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}${linkHtml}</main></body></html>\n`,
    )
  }

  /** A refused login or launch: the page says why; the log line names the reason (the route carries it). */
  function refuse(res: ServerResponse, why: keyof typeof REFUSALS, detail?: string): { status: number; why: string } {
    const { status, text } = REFUSALS[why]
    page(res, status, 'Moderation Desk could not be opened from Canvas', [text])
    return { status, why: detail && detail !== why ? `${why}: ${detail}` : why }
  }

  function badRequest(res: ServerResponse, why: string, text: string): { status: number; why: string } {
    page(res, 400, 'Moderation Desk could not be opened from Canvas', [text])
    return { status: 400, why }
  }

  /** GET|POST /lti/login: LTI Core §4.1 / IMS Security Framework §5.1.1 (third-party initiated login). */
  async function login(req: IncomingMessage, res: ServerResponse, url: URL) {
    const q = await formParams(req, url)
    if (!q) return badRequest(res, 'form', 'The login request is not a form Moderation Desk can read.')
    const iss = q.get('iss')
    const loginHint = q.get('login_hint')
    const target = q.get('target_link_uri')
    if (iss !== lti.issuer) return refuse(res, 'wrong-issuer')
    if (!loginHint || !target)
      return badRequest(res, 'params', 'The login request lacks login_hint or target_link_uri.')
    const clientId = q.get('client_id')
    if (clientId !== null && clientId !== lti.clientId) return refuse(res, 'wrong-audience')
    // Canvas sends lti_deployment_id (LTI Core §4.1.2) and, in some versions, deployment_id as well.
    const deployment = q.get('lti_deployment_id') ?? q.get('deployment_id')
    if (deployment !== null && !lti.deploymentIds.includes(deployment)) return refuse(res, 'unknown-deployment')
    let targetOrigin = ''
    try {
      targetOrigin = new URL(target).origin
    } catch {
      // below
    }
    if (targetOrigin !== publicOrigin) return refuse(res, 'wrong-target')

    const state = randomToken(24)
    const nonce = randomToken(24)
    await store.issueNonce(nonce, state)
    const pending = states.add(states.decode(routes.cookies(req)[stateCookie]), {
      state,
      returnTo: '',
      createdAt: now(),
    })
    const auth = new URL(lti.authUrl)
    const params: Record<string, string> = {
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: lti.clientId,
      redirect_uri: launchUrl,
      login_hint: loginHint,
      state,
      nonce,
    }
    const hint = q.get('lti_message_hint')
    if (hint !== null) params.lti_message_hint = hint
    for (const [k, v] of Object.entries(params)) auth.searchParams.set(k, v)
    routes.redirect(res, 302, auth.toString(), [
      routes.setCookie(stateCookie, states.encode(pending), Math.round(store.nonceMs / 1000), true),
    ])
    return { status: 302, why: '' }
  }

  /** POST /lti/launch: IMS Security Framework §5.1.3 (authentication response validation) and LTI Core §5.3. */
  async function launch(req: IncomingMessage, res: ServerResponse, url: URL) {
    if (req.method !== 'POST') return badRequest(res, 'method', 'Canvas launches Moderation Desk with a form post.')
    const q = await formParams(req, url)
    if (!q) return badRequest(res, 'form', 'The launch is not a form Moderation Desk can read.')
    const error = q.get('error')
    if (error !== null) {
      // Canvas posts its refusals the same way (authentication_controller.rb, set_oidc_error!).
      const description = q.get('error_description') ?? ''
      page(res, 400, 'Canvas did not launch Moderation Desk', [
        `Canvas answered: ${error}${description ? ` (${description})` : ''}.`,
        error === 'login_required'
          ? 'Sign in to Canvas in this browser, then open Moderation Desk from Canvas again.'
          : 'Open Moderation Desk from Canvas again; if this repeats, tell your Canvas administrator.',
      ])
      return { status: 400, why: `canvas error ${error.slice(0, 40)}` }
    }
    const idToken = q.get('id_token')
    const state = q.get('state')
    if (!idToken) return badRequest(res, 'no id_token', 'The launch carries no id_token.')

    let claims
    try {
      claims = await verify(idToken)
    } catch (err) {
      if (err instanceof LaunchRefused) return refuse(res, err.why, err.message)
      throw err
    }
    const used = await store.useNonce(claims.nonce)
    if (used.outcome !== 'ok') return refuse(res, used.outcome === 'replayed' ? 'replayed' : 'unknown-nonce')
    if (!state || !sameSecret(hashValue(state), used.stateHash)) return refuse(res, 'state-mismatch')
    const pending = states.decode(routes.cookies(req)[stateCookie])
    const mine = pending.find((e) => sameSecret(e.state, state))
    const leftover = routes.setCookie(
      stateCookie,
      pending.length > 1 ? states.encode(pending.filter((e) => e !== mine)) : '',
      pending.length > 1 ? Math.round(store.nonceMs / 1000) : 0,
      true,
    )

    const custom = (claims[`${LTI_CLAIM}custom`] ?? {}) as Record<string, unknown>
    const placement = claims[PLACEMENT_CLAIM]
    const courseId = customId(custom, 'canvas_course_id')
    const userId = customId(custom, 'canvas_user_id')
    const assignmentId = customId(custom, 'canvas_assignment_id')
    const fieldsHelp =
      'The LTI developer key must ask for the custom fields canvas_course_id=$Canvas.course.id and canvas_user_id=$Canvas.user.id ' +
      '(they are in Moderation Desk’s /lti/config.json); tell your Canvas administrator.'
    if (courseId === null || courseId === UNEXPANDED)
      return badRequest(res, 'no course', `Canvas did not say which course this launch is from. ${fieldsHelp}`)
    if (userId === null || userId === UNEXPANDED)
      return badRequest(res, 'no user', `Canvas did not say which Canvas user is launching. ${fieldsHelp}`)
    const roles = claims[`${LTI_CLAIM}roles`]
    if (Array.isArray(roles) && roles.length > 0 && !roles.some((r) => typeof r === 'string' && STAFF_ROLE.test(r))) {
      page(res, 403, 'Moderation Desk is for the course’s teachers', [
        'Moderation Desk is for teachers, TAs and administrators who moderate grades. Your role in this course does not moderate grades.',
      ])
      return { status: 403, why: 'not staff' }
    }
    const uid = Number(userId)
    const fromAssignment = placement === 'assignment_menu'
    const coursePage = `/?course=${courseId}`
    const target =
      fromAssignment && assignmentId !== null && assignmentId !== UNEXPANDED
        ? `/courses/${courseId}/assignments/${assignmentId}/moderate`
        : coursePage
    // The assignment menu without the assignment's id: Canvas leaves $Canvas.assignment.id unexpanded when it
    // launches the menu without `assignment_id` (external_tools_controller.rb); the course's list stands in.
    const notice =
      fromAssignment && target === coursePage
        ? 'Canvas did not tell Moderation Desk which assignment you opened it from, so here are the moderated assignments of the course. Choose the assignment there.'
        : null

    const cookiesBack = mine !== undefined
    if (!cookiesBack) {
      // The state matched this server's nonce, but the browser did not send the state's cookie back: it blocks
      // this site's cookies inside Canvas's frame (Safari). A session cookie would not come back either; a new tab,
      // where this site is first-party, works.
      const token = randomToken(32)
      await store.issueLink(token, lti.issuer, uid, target)
      const name = typeof claims.name === 'string' && claims.name ? claims.name : `Canvas user ${uid}`
      page(
        res,
        200,
        'Open Moderation Desk in a new tab',
        [
          `Your browser keeps Moderation Desk’s cookies back inside Canvas, so it cannot sign you in here (${name}).`,
          ...(notice ? [notice] : []),
        ],
        `<p><a href="/lti/open?t=${escapeHtml(token)}" target="_blank" rel="noopener">Open Moderation Desk in a new tab</a></p>` +
          `<p>The link works once, for ${Math.round(store.linkMs / 60_000)} minutes.</p>`,
      )
      return { status: 200, why: 'cookies blocked: new tab' }
    }

    const current = await routes.sessionOf(req)
    let setCookies: string[] = [leftover]
    let next = target
    if (current?.tokens && current.user?.id === uid) {
      // Already signed in here as this user: the session goes on.
    } else {
      const kept = await store.getUser(lti.issuer, uid)
      if (kept) setCookies = [...setCookies, ...(await routes.startSession(req, kept.user, kept.tokens))]
      else {
        // The first launch of this user: the OAuth2 sign-in once (in LTI mode it keeps the tokens, oauth.ts).
        // Another user's session in this browser ends first, or /login would go straight back as that user.
        if (current) setCookies = [...setCookies, ...(await routes.endSession(req))]
        next = loginUrl(target)
      }
    }
    if (notice) {
      res.setHeader('Set-Cookie', setCookies)
      page(res, 200, 'Choose the assignment', [notice], `<p><a href="${escapeHtml(next)}">Continue</a></p>`)
      return { status: 200, why: 'no assignment id' }
    }
    routes.redirect(res, 303, next.startsWith('/') ? `${publicOrigin}${next}` : next, setCookies)
    return { status: 303, why: '' }
  }

  /** GET /lti/open?t=…: the one-time link of a launch whose cookies the browser kept back (see launch). */
  async function open(req: IncomingMessage, res: ServerResponse, url: URL) {
    const link = await store.useLink(url.searchParams.get('t') ?? '')
    if (!link || link.issuer !== lti.issuer) {
      page(res, 400, 'This link has expired', [
        'A link to open Moderation Desk works once and for a short while. Open Moderation Desk from Canvas again.',
      ])
      return { status: 400, why: 'link expired or used' }
    }
    const kept = await store.getUser(link.issuer, link.userId)
    const current = await routes.sessionOf(req)
    if (current?.tokens && current.user?.id === link.userId) {
      routes.redirect(res, 303, `${publicOrigin}${link.returnTo}`)
    } else if (kept) {
      routes.redirect(
        res,
        303,
        `${publicOrigin}${link.returnTo}`,
        await routes.startSession(req, kept.user, kept.tokens),
      )
    } else {
      const cleared = current ? await routes.endSession(req) : []
      routes.redirect(res, 303, `${publicOrigin}${loginUrl(link.returnTo)}`, cleared)
    }
    return { status: 303, why: '' }
  }

  /** The developer key's JSON (doc/api/lti_dev_key_config.md; lib/schemas/lti/tool_configuration.rb). */
  function developerKeyJson() {
    const placement = (name: 'course_navigation' | 'assignment_menu') => ({
      placement: name,
      message_type: 'LtiResourceLinkRequest',
      target_link_uri: launchUrl,
      text: 'Moderation Desk',
      enabled: true,
      ...(name === 'course_navigation' ? { visibility: 'admins', default: 'enabled' } : {}),
    })
    return {
      title: 'Moderation Desk',
      description:
        'Moderated grading for Canvas: compare the graders’ marks, pick or reconcile the final grade and post it, from the course or the assignment.',
      oidc_initiation_url: `${publicOrigin}/lti/login`,
      target_link_uri: launchUrl,
      public_jwk_url: `${publicOrigin}/lti/jwks`,
      scopes: [],
      extensions: [
        {
          platform: 'canvas.instructure.com',
          domain: new URL(publicOrigin).host,
          tool_id: 'moderation-desk',
          privacy_level: 'public',
          settings: {
            text: 'Moderation Desk',
            placements: [placement('course_navigation'), placement('assignment_menu')],
          },
        },
      ],
      custom_fields: { ...CUSTOM_FIELDS },
    }
  }

  const ROUTES: Record<string, readonly string[]> = {
    '/lti/login': ['GET', 'POST'],
    '/lti/launch': ['POST'],
    '/lti/open': ['GET'],
    '/lti/jwks': ['GET'],
    '/lti/config.json': ['GET'],
  }

  function handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> | false {
    const allowed = ROUTES[pathname]
    if (!allowed) return false
    return (async () => {
      const started = performance.now()
      const method = req.method ?? 'GET'
      const url = new URL(req.url ?? '/', publicOrigin)
      let outcome: { status: number; why: string }
      if (!allowed.includes(method) && !(method === 'HEAD' && allowed.includes('GET'))) {
        sendJson(
          res,
          405,
          { errors: [{ message: `Use ${allowed.join(' or ')} for ${pathname}.` }] },
          {
            Allow: allowed.join(', '),
          },
        )
        outcome = { status: 405, why: '' }
      } else if (pathname === '/lti/login') outcome = await login(req, res, url)
      else if (pathname === '/lti/launch') outcome = await launch(req, res, url)
      else if (pathname === '/lti/open') outcome = await open(req, res, url)
      else if (pathname === '/lti/jwks') {
        sendJson(res, 200, { keys: [lti.publicJwk] }, { 'Cache-Control': 'public, max-age=3600' })
        outcome = { status: 200, why: '' }
      } else {
        sendJson(res, 200, developerKeyJson(), { 'Cache-Control': 'no-cache' })
        outcome = { status: 200, why: '' }
      }
      log({
        method,
        route: outcome.why ? `${pathname} (${outcome.why})` : pathname,
        status: outcome.status,
        ms: Math.round(performance.now() - started),
      })
    })()
  }

  return { handle, developerKeyJson }
}
