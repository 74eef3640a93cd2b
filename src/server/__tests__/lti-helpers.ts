/**
 * LTI launches over real HTTP for the server's tests: the Canvas simulator's launch page → the tool's /lti/login →
 * Canvas's authorization endpoint → the tool's /lti/launch, with the cookie-jar Browser of http-helpers.ts, and
 * forged id_tokens (jose) for the refusals.
 */
import { generateKeyPairSync } from 'node:crypto'
import { decodeJwt, SignJWT, type JWTPayload } from 'jose'
import { expect } from 'vitest'
import type { World } from '../../mocks/sim/world'
import type { Browser } from './http-helpers'

const unescape = (s: string) =>
  s
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')

/** The first form of an HTML page: its action and hidden fields. */
export function parseForm(html: string): { action: string; method: string; fields: Record<string, string> } {
  const form = /<form action="([^"]*)"[^>]*method="([^"]*)"/i.exec(html)
  if (!form) throw new Error(`no form in: ${html.slice(0, 300)}`)
  const fields: Record<string, string> = {}
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g))
    fields[unescape(m[1]!)] = unescape(m[2]!)
  return { action: unescape(form[1]!), method: form[2]!.toUpperCase(), fields }
}

export const formPost = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
})

/** A fresh 2048-bit RSA key for the tool, as PEM. */
export const toolKeyPem = () =>
  generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()

export type LaunchParams = {
  placement?: 'course_navigation' | 'assignment_menu'
  courseId?: number
  userId?: number
  assignmentId?: number
  menuAssignmentId?: number
  storageTarget?: boolean
}

/** Canvas's launch page for `world`: the login request form it posts to the tool. */
export async function launchPage(browser: Browser, canvasUrl: string, world: World, p: LaunchParams = {}) {
  const q = new URLSearchParams({
    placement: p.placement ?? 'course_navigation',
    course_id: String(p.courseId ?? 101),
    user_id: String(p.userId ?? 1),
  })
  if (p.assignmentId !== undefined) q.set('assignment_id', String(p.assignmentId))
  if (p.menuAssignmentId !== undefined) q.append('assignments[]', String(p.menuAssignmentId))
  if (p.storageTarget === false) q.set('storage_target', '0')
  const page = await browser.fetch(`${canvasUrl}/__sim/worlds/${world.id}/lti/launch?${q.toString()}`)
  expect(page.status).toBe(200)
  return parseForm(page.text_)
}

/**
 * Up to the tool's /lti/launch (not posted yet): the launch page, the login request (posted from Canvas's page),
 * Canvas's authorization redirects and its auto-submitting form. Returns that form and the nonce and state the
 * tool sent.
 */
export async function toLaunchForm(browser: Browser, canvasUrl: string, world: World, p: LaunchParams = {}) {
  const login = await launchPage(browser, canvasUrl, world, p)
  const initiated = await browser.fetch(login.action, { ...formPost(login.fields), origin: canvasUrl })
  expect(initiated.status).toBe(302)
  const authUrl = new URL(initiated.headers.get('location')!)
  const redirected = await browser.fetch(authUrl.toString())
  expect(redirected.status).toBe(302)
  const authorized = await browser.fetch(redirected.headers.get('location')!)
  expect(authorized.status).toBe(200)
  const form = parseForm(authorized.text_)
  return {
    form,
    authUrl,
    nonce: authUrl.searchParams.get('nonce')!,
    state: authUrl.searchParams.get('state')!,
  }
}

/** Posts Canvas's form to the tool, as Canvas's page does (Origin: Canvas). */
export function postLaunch(
  browser: Browser,
  canvasUrl: string,
  form: { action: string; fields: Record<string, string> },
) {
  return browser.fetch(form.action, { ...formPost(form.fields), origin: canvasUrl })
}

/** A whole launch: the tool's answer to the id_token's form post. */
export async function launch(browser: Browser, canvasUrl: string, world: World, p: LaunchParams = {}) {
  const { form } = await toLaunchForm(browser, canvasUrl, world, p)
  return postLaunch(browser, canvasUrl, form)
}

/** `idToken`'s claims changed by `change`, signed again with `key` (the platform's, unless another is given). */
export async function resign(
  idToken: string,
  key: Parameters<SignJWT['sign']>[0],
  kid: string,
  change: (claims: JWTPayload) => JWTPayload = (c) => c,
): Promise<string> {
  return new SignJWT(change({ ...decodeJwt(idToken) })).setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid }).sign(key)
}
