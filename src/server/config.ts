import {
  createHash,
  createPrivateKey,
  createPublicKey,
  X509Certificate,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEFAULT_CANVAS_SCOPES, SCOPE_SYNTAX } from './canvas-scopes'
import type { EncryptionKeys } from './db/token-cipher'

/**
 * Server settings from the environment, checked at start: a wrong or missing setting stops the server
 * with a message that says which one and how to fix it.
 */
export type ServerConfig =
  | (Listen & { mode: 'demo' })
  | (Listen & { mode: 'token'; canvasUrl: string; token: string; timeoutMs: number })
  | OAuthConfig

/** Where the server listens, and how: the same in every mode. */
export type Listen = {
  port: number
  host: string
  /** TLS_CERT_FILE + TLS_KEY_FILE: serve HTTPS with HTTP/2 (and HTTP/1.1). Absent: plain HTTP/1.1. */
  tls?: TlsFiles
  /**
   * ALLOWED_HOSTS: the Host names (besides 127.0.0.1, localhost and [::1] on the listening port, and PUBLIC_URL's
   * host) this server answers for; `name` matches any port, `name:port` that port only. Lower case, no trailing dot.
   */
  allowedHosts: string[]
}

/** The PEM contents of TLS_CERT_FILE (certificate, optionally followed by its chain) and TLS_KEY_FILE. */
export type TlsFiles = { cert: Buffer; key: Buffer }

/** Shared deployment: every user signs in with Canvas OAuth2 through the institution's developer key. */
export type OAuthConfig = Listen & {
  mode: 'oauth'
  canvasUrl: string
  clientId: string
  /** Never logged or sent to the browser. */
  clientSecret: string
  /** The origin users open, e.g. https://moderation.example.edu; the redirect URI is PUBLIC_URL/oauth/callback. */
  publicUrl: string
  timeoutMs: number
  /**
   * CANVAS_SCOPES: the Canvas scopes asked for at sign-in (`scope` of /login/oauth2/auth). Default: those of every
   * API call the server forwards (canvas-scopes.ts), which a developer key with "Enforce Scopes" must have.
   */
  scopes: string[]
  /**
   * Where the sessions (and the Canvas tokens in them) are kept:
   * - DATABASE_URL=postgres://user:password@host:5432/name — PostgreSQL, which any number of server processes may
   *   share (behind a load balancer, no sticky sessions needed);
   * - otherwise the embedded PostgreSQL (PGlite) in the folder DATA_DIR (default `.data` in the project folder),
   *   for one server process: sessions survive restarts with nothing to set up.
   */
  database: SessionDatabase
  /**
   * SESSION_ENCRYPTION_KEY: the key that encrypts the Canvas tokens in the database (AES-256-GCM), 32 random bytes
   * written as 64 hex digits or as base64 (44 characters; `openssl rand -base64 32` makes one). Required in OAuth
   * mode; every process of a deployment needs the same. SESSION_ENCRYPTION_OLD_KEYS: earlier keys, comma-separated,
   * still read but never written (rotation: the new key in SESSION_ENCRYPTION_KEY, the old one here until the
   * sessions it encrypted have ended, at most the absolute session lifetime, 7 days).
   */
  sessionKeys: EncryptionKeys
  /**
   * LTI 1.3 (LTI_CLIENT_ID set): the server is also an LTI 1.3 tool Canvas launches from a course's navigation and
   * from an assignment's menu (src/server/lti/). The API token still comes from the OAuth2 sign-in above (an LTI
   * launch carries none): the first launch of a user goes through it once, later launches reuse the stored token.
   * null: no LTI routes.
   */
  lti: LtiConfig | null
}

/** The LTI 1.3 settings (see parseLti for each). */
export type LtiConfig = {
  /** LTI_CLIENT_ID: the client id of Canvas's LTI developer key (the `aud` of its id_tokens). */
  clientId: string
  /** LTI_ISSUER: the platform's `iss` (default https://canvas.instructure.com, Instructure's cloud Canvas). */
  issuer: string
  /** LTI_PLATFORM_JWKS_URL: where Canvas publishes its signing keys (default CANVAS_URL/api/lti/security/jwks). */
  jwksUrl: string
  /** LTI_AUTH_URL: Canvas's OIDC authorization endpoint (default CANVAS_URL/api/lti/authorize_redirect). */
  authUrl: string
  /** LTI_DEPLOYMENT_IDS: the deployments (installations of the tool in Canvas) whose launches are accepted. */
  deploymentIds: string[]
  /** LTI_PRIVATE_KEY (or LTI_PRIVATE_KEY_FILE): the tool's RSA key; its public half is served at /lti/jwks. */
  privateKey: KeyObject
  /** The public half as a JWK, with kid = its RFC 7638 thumbprint, alg RS256, use sig. */
  publicJwk: JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' }
}

export type SessionDatabase = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string }

/** DATA_DIR's default: `.data` in the project folder (git-ignored). */
export const DEFAULT_DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..', '.data')

export class ConfigError extends Error {}

/** Reads a file named by a setting (TLS_CERT_FILE, TLS_KEY_FILE); tests replace it. */
export type ReadFile = (path: string) => Buffer

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])
/** HOST values that listen on this machine only. */
const LOOPBACK_LISTEN = new Set(['127.0.0.1', 'localhost', '::1', '[::1]'])
/** A host name or IP literal with an optional port, as it appears in a Host header. */
export const AUTHORITY =
  /^(\[[0-9a-f:.]+\]|[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*)(?::(\d{1,5}))?$/
const PRIVATE_KEY_PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----/

export function readConfig(env: Record<string, string | undefined>, readFile: ReadFile = readFileSync): ServerConfig {
  const problems: string[] = []
  const port = parsePort(env.PORT ?? '4173', problems)
  const host = env.HOST || '127.0.0.1'
  const tls = readTls(env, readFile, problems)
  const allowedHosts = parseAllowedHosts(env.ALLOWED_HOSTS ?? '', problems)
  const listen: Listen = tls ? { port, host, tls, allowedHosts } : { port, host, allowedHosts }
  const canvasUrl = env.CANVAS_URL?.trim()

  if (!canvasUrl) {
    for (const name of [
      'CANVAS_TOKEN',
      'CANVAS_CLIENT_ID',
      'CANVAS_CLIENT_SECRET',
      'PUBLIC_URL',
      'CANVAS_SCOPES',
      ...LTI_SETTINGS,
    ] as const) {
      if (env[name])
        problems.push(
          `${name} is set but CANVAS_URL is not. Set CANVAS_URL=https://your-canvas.example.edu, or unset ${name} to run the demo.`,
        )
    }
    // The demo has no sign-in: anyone who can reach it can read and change every simulated grade and switch
    // identity. It listens on this machine only unless that exposure is acknowledged.
    if (!LOOPBACK_LISTEN.has(host) && env.DEMO_ALLOW_REMOTE !== '1') {
      problems.push(
        `HOST=${host} would let other machines reach the demo, which has no sign-in: anyone who can reach it can change its data and read its simulated users' tokens. ` +
          'Leave HOST unset (127.0.0.1) or, to show the demo on a network on purpose, also set DEMO_ALLOW_REMOTE=1 (and ALLOWED_HOSTS to the name people will use).',
      )
    }
    if (problems.length) throw new ConfigError(problems.join('\n'))
    return { mode: 'demo', ...listen }
  }

  let origin = ''
  try {
    const u = new URL(canvasUrl)
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.has(u.hostname))) {
      problems.push(
        `CANVAS_URL must use https:// (got "${canvasUrl}"); plain http is accepted only for a Canvas on this machine (127.0.0.1).`,
      )
    }
    if (u.username || u.password)
      problems.push('CANVAS_URL must not contain a user name or password; put the token in CANVAS_TOKEN.')
    if (u.pathname !== '/' || u.search || u.hash)
      problems.push(`CANVAS_URL must be just the Canvas address, like https://canvas.example.edu (got "${canvasUrl}").`)
    origin = u.origin
  } catch {
    problems.push(`CANVAS_URL is not a URL (got "${canvasUrl}"). Example: CANVAS_URL=https://canvas.example.edu`)
  }

  let timeoutMs = 30_000
  if (env.UPSTREAM_TIMEOUT_MS !== undefined) {
    timeoutMs = Number(env.UPSTREAM_TIMEOUT_MS)
    if (!Number.isInteger(timeoutMs) || timeoutMs < 100)
      problems.push(
        `UPSTREAM_TIMEOUT_MS must be a whole number of milliseconds ≥ 100 (got "${env.UPSTREAM_TIMEOUT_MS}").`,
      )
  }

  const oauthVars = (['CANVAS_CLIENT_ID', 'CANVAS_CLIENT_SECRET', 'PUBLIC_URL'] as const).filter((name) =>
    env[name]?.trim(),
  )
  if (oauthVars.length > 0) {
    if (env.CANVAS_TOKEN?.trim()) {
      problems.push(
        'CANVAS_TOKEN and CANVAS_CLIENT_ID/CANVAS_CLIENT_SECRET/PUBLIC_URL are both set. Use CANVAS_TOKEN alone for a single user on this machine, ' +
          'or the developer key settings alone for a shared deployment where each user signs in with Canvas.',
      )
    }
    const clientId = env.CANVAS_CLIENT_ID?.trim() ?? ''
    const clientSecret = env.CANVAS_CLIENT_SECRET?.trim() ?? ''
    const keyHelp =
      'In Canvas: Admin → Developer Keys → + Developer Key → API Key, with the redirect URI PUBLIC_URL/oauth/callback; turn the key ON.'
    if (!clientId)
      problems.push(
        `CANVAS_CLIENT_ID is missing: set it to the developer key's Client ID (the number in the Details column). ${keyHelp}`,
      )
    else if (!/^\d{1,30}$/.test(clientId))
      problems.push(
        "CANVAS_CLIENT_ID must be the developer key's Client ID, a number like 170000000000123 (Details column), not its secret or name.",
      )
    if (!clientSecret)
      problems.push(
        `CANVAS_CLIENT_SECRET is missing: set it to the developer key's secret ("Show Key" in the Details column). ${keyHelp}`,
      )
    else if (/\s/.test(clientSecret))
      problems.push("CANVAS_CLIENT_SECRET contains white space; paste the key's secret alone.")
    const publicUrl = parsePublicUrl(env.PUBLIC_URL?.trim() ?? '', problems)
    const scopes = parseScopes(env.CANVAS_SCOPES ?? '', problems)
    const database = parseDatabase(env, problems)
    const sessionKeys = parseSessionKeys(env, problems)
    const lti = parseLti(env, origin, readFile, problems)
    if (problems.length) throw new ConfigError(problems.join('\n'))
    return {
      mode: 'oauth',
      ...listen,
      canvasUrl: origin,
      clientId,
      clientSecret,
      publicUrl,
      timeoutMs,
      scopes,
      database,
      sessionKeys: sessionKeys!,
      lti,
    }
  }

  for (const name of LTI_SETTINGS) {
    if (env[name]?.trim())
      problems.push(
        `${name} is set, but LTI launches need the OAuth2 sign-in as well (the API token comes from it): set CANVAS_CLIENT_ID, CANVAS_CLIENT_SECRET and PUBLIC_URL (an API developer key), ` +
          `or unset ${name}.`,
      )
  }

  if (env.CANVAS_SCOPES?.trim()) {
    problems.push(
      'CANVAS_SCOPES is set, but scopes belong to signing in with a developer key (CANVAS_CLIENT_ID, CANVAS_CLIENT_SECRET, PUBLIC_URL); ' +
        'a personal access token (CANVAS_TOKEN) has none. Unset CANVAS_SCOPES.',
    )
  }

  const token = env.CANVAS_TOKEN?.trim() ?? ''
  if (!token) {
    problems.push(
      'CANVAS_TOKEN is missing. Either create one in Canvas (Account → Settings → Approved integrations → New access token) and start with CANVAS_URL=… CANVAS_TOKEN=… npm start, ' +
        'or, for a shared deployment, set CANVAS_CLIENT_ID, CANVAS_CLIENT_SECRET and PUBLIC_URL (a Canvas developer key) so each user signs in with Canvas.',
    )
  } else if (/\s/.test(token)) {
    problems.push('CANVAS_TOKEN contains white space; paste the token alone.')
  }
  if (problems.length) throw new ConfigError(problems.join('\n'))
  return { mode: 'token', ...listen, canvasUrl: origin, token, timeoutMs }
}

/**
 * TLS_CERT_FILE and TLS_KEY_FILE: both (HTTPS) or neither (plain HTTP). Each must be a readable PEM file, the
 * key unencrypted and belonging to the certificate; checked here so that a wrong file stops the server at
 * start with a message, not at the first browser's handshake.
 */
function readTls(
  env: Record<string, string | undefined>,
  readFile: ReadFile,
  problems: string[],
): TlsFiles | undefined {
  const certPath = env.TLS_CERT_FILE?.trim() ?? ''
  const keyPath = env.TLS_KEY_FILE?.trim() ?? ''
  if (!certPath && !keyPath) return undefined
  const both =
    'Set both TLS_CERT_FILE (the certificate, PEM) and TLS_KEY_FILE (its private key, PEM) to serve HTTPS, or neither to serve plain HTTP.'
  if (!certPath) {
    problems.push(`TLS_KEY_FILE is set but TLS_CERT_FILE is not. ${both}`)
    return undefined
  }
  if (!keyPath) {
    problems.push(`TLS_CERT_FILE is set but TLS_KEY_FILE is not. ${both}`)
    return undefined
  }
  const read = (name: string, file: string): Buffer | null => {
    try {
      return readFile(file)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      const why =
        code === 'ENOENT'
          ? 'there is no such file'
          : code === 'EACCES'
            ? 'permission denied'
            : code === 'EISDIR'
              ? 'it is a folder'
              : (code ?? 'unreadable')
      problems.push(`${name} cannot be read: "${file}" (${why}). Give the path of a PEM file this user can read.`)
      return null
    }
  }
  const cert = read('TLS_CERT_FILE', certPath)
  const key = read('TLS_KEY_FILE', keyPath)
  if (!cert || !key) return undefined

  let x509: X509Certificate | null = null
  if (!cert.includes('-----BEGIN CERTIFICATE-----')) {
    const hint = PRIVATE_KEY_PEM.test(cert.toString('latin1'))
      ? 'It holds a private key: did you swap TLS_CERT_FILE and TLS_KEY_FILE?'
      : 'Convert a DER certificate with: openssl x509 -inform der -in cert.der -out cert.pem'
    problems.push(
      `TLS_CERT_FILE is not a PEM certificate ("${certPath}" has no "-----BEGIN CERTIFICATE-----"). ${hint}`,
    )
  } else {
    try {
      x509 = new X509Certificate(cert)
    } catch {
      problems.push(
        `TLS_CERT_FILE holds a certificate that cannot be parsed ("${certPath}"); check that the PEM file is complete and not damaged.`,
      )
    }
  }
  let privateKey: KeyObject | null = null
  const keyText = key.toString('latin1')
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(keyText)) {
    problems.push(
      `TLS_KEY_FILE is encrypted with a passphrase ("${keyPath}"); the server cannot ask for it. Write an unencrypted copy readable only by this user: openssl pkey -in key.pem -out key-plain.pem`,
    )
  } else if (!PRIVATE_KEY_PEM.test(keyText)) {
    const hint = keyText.includes('-----BEGIN CERTIFICATE-----')
      ? 'It holds a certificate: did you swap TLS_CERT_FILE and TLS_KEY_FILE?'
      : 'Convert a DER key with: openssl pkey -inform der -in key.der -out key.pem'
    problems.push(
      `TLS_KEY_FILE is not a PEM private key ("${keyPath}" has no "-----BEGIN … PRIVATE KEY-----"). ${hint}`,
    )
  } else {
    try {
      privateKey = createPrivateKey(key)
    } catch {
      problems.push(
        `TLS_KEY_FILE holds a private key that cannot be parsed ("${keyPath}"); check that the PEM file is complete and not damaged.`,
      )
    }
  }
  if (x509 && privateKey && !x509.checkPrivateKey(privateKey)) {
    problems.push(
      `TLS_KEY_FILE is not the private key of the certificate in TLS_CERT_FILE ("${keyPath}", "${certPath}"). Use the key the certificate was issued for.`,
    )
  }
  return x509 && privateKey ? { cert, key } : undefined
}

/** The longest `scope` parameter (URL-encoded) sent to Canvas, leaving room in its 8000 characters for the rest. */
const MAX_SCOPE_PARAM = 7000

/**
 * CANVAS_SCOPES: Canvas scopes separated by spaces (or commas), each `url:<METHOD>|<path>` as Canvas writes them
 * (Admin → Developer Keys lists them; so do Canvas's API docs, under each endpoint). Unset or empty: the scopes of
 * every API call Moderation Desk makes. A set value is used as given (duplicates dropped), so it may name fewer
 * scopes, e.g. for a key an administrator will not widen (the calls outside it then fail at Canvas), or more.
 */
function parseScopes(raw: string, problems: string[]): string[] {
  const given = raw.split(/[\s,]+/).filter(Boolean)
  if (given.length === 0) return [...DEFAULT_CANVAS_SCOPES]
  const example =
    'A scope looks like url:GET|/api/v1/courses/:course_id/users: "url:", the HTTP method in capitals, "|", and the API path with ' +
    "Canvas's parameter names. Separate scopes with spaces, or unset CANVAS_SCOPES to ask for the ones Moderation Desk needs (see the README)."
  const out: string[] = []
  for (const scope of given) {
    if (!SCOPE_SYNTAX.test(scope)) {
      const hint = /^(GET|POST|PUT|PATCH|DELETE)\|/i.test(scope)
        ? ' It lacks the "url:" in front.'
        : /^url:[a-z]+\|/i.test(scope) && !/^url:[A-Z]+\|/.test(scope)
          ? ' The method must be in capitals.'
          : scope.includes('?')
            ? ' A scope has no query string.'
            : ''
      problems.push(`CANVAS_SCOPES has "${scope}", which is not a Canvas scope.${hint} ${example}`)
      continue
    }
    const path = scope.slice(scope.indexOf('|') + 1)
    if (/\/\d+(\/|$)/.test(path)) {
      problems.push(
        `CANVAS_SCOPES has "${scope}", which names one record by its id. Canvas scopes name routes: write Canvas's parameter name ` +
          'instead of the id, e.g. url:GET|/api/v1/courses/:course_id/users.',
      )
      continue
    }
    if (!out.includes(scope)) out.push(scope)
  }
  // They travel in the sign-in address, which Canvas takes up to 8000 characters long (doc/api/developer_keys.md:
  // "on average, an access token may use up to 110 scopes").
  const length = encodeURIComponent(out.join(' ')).length
  if (length > MAX_SCOPE_PARAM) {
    problems.push(
      `CANVAS_SCOPES names ${out.length} scopes, ${length} characters in the sign-in address: more than Canvas accepts there (about ${MAX_SCOPE_PARAM}). ` +
        'Leave out the scopes Moderation Desk does not use (unset CANVAS_SCOPES for exactly those it does).',
    )
  }
  return out
}

/** PUBLIC_URL: the address users open; https, or http on this machine for trying it out. */
function parsePublicUrl(raw: string, problems: string[]): string {
  const example =
    'Example: PUBLIC_URL=https://moderation.example.edu (the redirect URI on the developer key is then https://moderation.example.edu/oauth/callback).'
  if (!raw) {
    problems.push(`PUBLIC_URL is missing: set it to the address users open Moderation Desk at. ${example}`)
    return ''
  }
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    problems.push(`PUBLIC_URL is not a URL (got "${raw}"). ${example}`)
    return ''
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.has(u.hostname))) {
    problems.push(
      `PUBLIC_URL must use https:// (got "${raw}"): the sign-in cookie is only safe over https. Plain http is accepted only for 127.0.0.1/localhost.`,
    )
  }
  if (u.username || u.password) problems.push('PUBLIC_URL must not contain a user name or password.')
  if (u.pathname !== '/' || u.search || u.hash)
    problems.push(
      `PUBLIC_URL must be just the address, without a path (got "${raw}"); Moderation Desk is served from the root. ${example}`,
    )
  return u.origin
}

/**
 * ALLOWED_HOSTS=desk.example.edu,desk-internal:8080 — comma-separated host names (any port) or host:port, for a
 * server reached under a name other than 127.0.0.1/localhost or PUBLIC_URL's (a reverse proxy that passes its
 * own Host on). Anything else a browser sends as Host is refused (DNS rebinding).
 */
function parseAllowedHosts(raw: string, problems: string[]): string[] {
  const out: string[] = []
  for (const part of raw.split(',')) {
    const entry = part.trim().toLowerCase().replace(/\.$/, '')
    if (!entry) continue
    if (entry === '*' || !AUTHORITY.test(entry)) {
      problems.push(
        `ALLOWED_HOSTS has "${part.trim()}", which is not a host name or host:port. ` +
          'Example: ALLOWED_HOSTS=moderation.example.edu,moderation.internal:8080 (no scheme, no path, no wildcards).',
      )
      continue
    }
    out.push(entry)
  }
  return out
}

/**
 * DATABASE_URL (PostgreSQL) or DATA_DIR (the embedded database's folder), not both. Outside OAuth mode neither is
 * used (there are no sessions) and neither is read.
 */
function parseDatabase(env: Record<string, string | undefined>, problems: string[]): SessionDatabase {
  const url = env.DATABASE_URL?.trim() ?? ''
  const dataDir = env.DATA_DIR?.trim() ?? ''
  if (!url) return { kind: 'pglite', dataDir: dataDir ? path.resolve(dataDir) : DEFAULT_DATA_DIR }
  if (dataDir)
    problems.push(
      'DATABASE_URL and DATA_DIR are both set. DATABASE_URL keeps sessions in that PostgreSQL; DATA_DIR is the folder of the embedded database used without it. Unset one.',
    )
  let u: URL | null = null
  try {
    u = new URL(url)
  } catch {
    // below
  }
  if (!u || (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') || !u.pathname.slice(1))
    problems.push(
      'DATABASE_URL must be a PostgreSQL address with the database name, like postgres://moderation_desk:PASSWORD@db.example.edu:5432/moderation_desk ' +
        '(special characters in the password percent-encoded). Unset it to keep sessions in the embedded database in DATA_DIR.',
    )
  return { kind: 'postgres', url }
}

const KEY_HELP =
  'It must be 32 random bytes written as 64 hex digits or as base64 (44 characters): make one with `openssl rand -base64 32` ' +
  'and give every process of this deployment the same one.'

/** SESSION_ENCRYPTION_KEY (required) and SESSION_ENCRYPTION_OLD_KEYS. Never echoed in a message. */
function parseSessionKeys(env: Record<string, string | undefined>, problems: string[]): EncryptionKeys | null {
  const raw = env.SESSION_ENCRYPTION_KEY?.trim() ?? ''
  const olds = (env.SESSION_ENCRYPTION_OLD_KEYS ?? '').split(/[\s,]+/).filter(Boolean)
  if (!raw) {
    problems.push(
      "SESSION_ENCRYPTION_KEY is missing. Each user's Canvas tokens are kept in the session database, encrypted with this key. " +
        KEY_HELP,
    )
  }
  const current = raw ? parseKey(raw) : null
  if (raw && !current) problems.push(`SESSION_ENCRYPTION_KEY is not a key (${raw.length} characters). ${KEY_HELP}`)
  const old: Buffer[] = []
  olds.forEach((k, i) => {
    const key = parseKey(k)
    if (!key)
      problems.push(
        `SESSION_ENCRYPTION_OLD_KEYS: key ${i + 1} of ${olds.length} is not a key (${k.length} characters). Separate keys with commas; each is written like SESSION_ENCRYPTION_KEY.`,
      )
    else if (!current?.equals(key)) old.push(key)
  })
  return current ? { current, old } : null
}

/** Every LTI setting: any of them without the OAuth settings (or without CANVAS_URL) is a mistake said at start. */
const LTI_SETTINGS = [
  'LTI_CLIENT_ID',
  'LTI_ISSUER',
  'LTI_PLATFORM_JWKS_URL',
  'LTI_AUTH_URL',
  'LTI_DEPLOYMENT_IDS',
  'LTI_PRIVATE_KEY',
  'LTI_PRIVATE_KEY_FILE',
] as const

/** The default platform issuer: Instructure's cloud Canvas (lib/lti/messages/jwt_message.rb: Canvas::Security.config["lti_iss"]). */
export const DEFAULT_LTI_ISSUER = 'https://canvas.instructure.com'

const LTI_HELP =
  'In Canvas: Admin → Developer Keys → + Developer Key → LTI Key, "Method: Enter URL" with PUBLIC_URL/lti/config.json, save and turn it ON; ' +
  "then install it in the account or course (Settings → Apps → + App → By Client ID) and copy the Deployment ID from the app's menu."

/**
 * The LTI 1.3 settings; null when LTI_CLIENT_ID is not set (no LTI routes). Once it is:
 * - LTI_CLIENT_ID (required): the LTI developer key's Client ID, a number like 10000000000042 (Canvas uses the key's
 *   global id as the id_token's `aud` and the login request's `client_id`).
 * - LTI_DEPLOYMENT_IDS (required): the Deployment IDs of the installations whose launches are accepted,
 *   comma-separated (Canvas shows one per installation, like `12:8865aa05b4b79b64a91a86042e43af5ea8ae79eb`). A launch
 *   from any other deployment is refused.
 * - LTI_PRIVATE_KEY or LTI_PRIVATE_KEY_FILE (one, required): the tool's RSA private key (2048 bits or more), PEM
 *   (PKCS#8 or PKCS#1; `\n` may stand for line breaks) or a private JWK as JSON. Its public half is served at
 *   /lti/jwks (the developer key's public_jwk_url). `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`.
 * - LTI_ISSUER: the platform's issuer, the id_token's `iss` (default https://canvas.instructure.com; beta and test
 *   Canvas use https://canvas.beta.instructure.com / https://canvas.test.instructure.com, a self-hosted Canvas the
 *   `lti_iss` of its config/security.yml).
 * - LTI_PLATFORM_JWKS_URL: Canvas's public keys (default CANVAS_URL/api/lti/security/jwks; Instructure's cloud also
 *   serves them at https://sso.canvaslms.com/api/lti/security/jwks).
 * - LTI_AUTH_URL: Canvas's OIDC authorization endpoint (default CANVAS_URL/api/lti/authorize_redirect; Instructure
 *   recommends https://sso.canvaslms.com/api/lti/authorize_redirect for cloud Canvas).
 */
function parseLti(
  env: Record<string, string | undefined>,
  canvasOrigin: string,
  readFile: ReadFile,
  problems: string[],
): LtiConfig | null {
  const clientId = env.LTI_CLIENT_ID?.trim() ?? ''
  if (!clientId) {
    for (const name of LTI_SETTINGS.filter((n) => n !== 'LTI_CLIENT_ID'))
      if (env[name]?.trim())
        problems.push(
          `${name} is set but LTI_CLIENT_ID is not. Set LTI_CLIENT_ID to turn LTI launches on, or unset ${name}.`,
        )
    return null
  }
  if (!/^\d{1,30}$/.test(clientId))
    problems.push(
      `LTI_CLIENT_ID must be the LTI developer key's Client ID, a number like 10000000000042 (the Details column of Admin → Developer Keys), got "${clientId}".`,
    )
  const url = (name: string, raw: string | undefined, fallback: string) => {
    const value = raw?.trim() || fallback
    try {
      const u = new URL(value)
      if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.has(u.hostname)))
        problems.push(
          `${name} must use https:// (got "${value}"); plain http is accepted only for 127.0.0.1/localhost.`,
        )
      if (u.username || u.password || u.hash)
        problems.push(`${name} must not contain a user name, password or #fragment.`)
    } catch {
      problems.push(`${name} is not a URL (got "${value}").`)
    }
    return value
  }
  const issuer = url('LTI_ISSUER', env.LTI_ISSUER, DEFAULT_LTI_ISSUER).replace(/\/$/, '')
  const jwksUrl = url('LTI_PLATFORM_JWKS_URL', env.LTI_PLATFORM_JWKS_URL, `${canvasOrigin}/api/lti/security/jwks`)
  const authUrl = url('LTI_AUTH_URL', env.LTI_AUTH_URL, `${canvasOrigin}/api/lti/authorize_redirect`)

  const deploymentIds = (env.LTI_DEPLOYMENT_IDS ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean)
  if (deploymentIds.length === 0)
    problems.push(
      `LTI_DEPLOYMENT_IDS is missing: set it to the Deployment ID of each installation of the tool whose launches are accepted, comma-separated. ${LTI_HELP}`,
    )
  for (const id of deploymentIds)
    // LTI Core 1.3 §5.3.3: "MUST NOT exceed 255 ASCII characters".
    if (id.length > 255 || !/^[\x21-\x7e]+$/.test(id))
      problems.push(
        `LTI_DEPLOYMENT_IDS has "${id.slice(0, 40)}", which is not a deployment id (printable ASCII, at most 255 characters).`,
      )

  const inline = env.LTI_PRIVATE_KEY?.trim() ?? ''
  const file = env.LTI_PRIVATE_KEY_FILE?.trim() ?? ''
  const keyHelp =
    'Make one with `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out lti-key.pem` and set LTI_PRIVATE_KEY_FILE=lti-key.pem ' +
    '(or its contents in LTI_PRIVATE_KEY); keep it like a password, and the same on every process.'
  let keyText = inline
  if (inline && file) problems.push('LTI_PRIVATE_KEY and LTI_PRIVATE_KEY_FILE are both set; set one.')
  else if (file) {
    try {
      keyText = readFile(file).toString('utf8').trim()
    } catch (err) {
      problems.push(
        `LTI_PRIVATE_KEY_FILE cannot be read: "${file}" (${(err as NodeJS.ErrnoException).code ?? 'unreadable'}). Give the path of a PEM file this user can read.`,
      )
      return null
    }
  } else if (!inline) {
    problems.push(
      `LTI_PRIVATE_KEY is missing: the tool's RSA private key, whose public half Canvas checks at /lti/jwks. ${keyHelp}`,
    )
    return null
  }
  let privateKey: KeyObject
  try {
    privateKey = keyText.startsWith('{')
      ? createPrivateKey({ key: JSON.parse(keyText) as JsonWebKey, format: 'jwk' })
      : createPrivateKey(keyText.replaceAll('\\n', '\n'))
  } catch {
    problems.push(
      `${file ? 'LTI_PRIVATE_KEY_FILE' : 'LTI_PRIVATE_KEY'} is not a private key (an unencrypted PEM "-----BEGIN PRIVATE KEY-----" or a private JWK as JSON). ${keyHelp}`,
    )
    return null
  }
  const bits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0
  if (privateKey.asymmetricKeyType !== 'rsa' || bits < 2048) {
    problems.push(
      `The LTI private key must be an RSA key of 2048 bits or more (Canvas expects RS256), got ${privateKey.asymmetricKeyType ?? 'unknown'}${bits ? ` of ${bits} bits` : ''}. ${keyHelp}`,
    )
    return null
  }
  const { n, e } = createPublicKey(privateKey).export({ format: 'jwk' })
  // RFC 7638: the SHA-256 of the required members in lexicographic order, without white space.
  const kid = createHash('sha256')
    .update(JSON.stringify({ e, kty: 'RSA', n }))
    .digest('base64url')
  return {
    clientId,
    issuer,
    jwksUrl,
    authUrl,
    deploymentIds,
    privateKey,
    publicJwk: { kty: 'RSA', n, e, kid, alg: 'RS256', use: 'sig' },
  }
}

/** 32 bytes from 64 hex digits or from base64 / base64url (43 or 44 characters); null for anything else. */
export function parseKey(raw: string): Buffer | null {
  if (/^[0-9a-f]{64}$/i.test(raw)) return Buffer.from(raw, 'hex')
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(raw)) return null
  const key = Buffer.from(raw, 'base64')
  return key.length === 32 ? key : null
}

function parsePort(raw: string, problems: string[]): number {
  const port = Number(raw)
  if (!/^\d+$/.test(raw) || port > 65535) {
    problems.push(`PORT must be a whole number from 0 to 65535 (got "${raw}"). Example: PORT=8080 npm start`)
    return 0
  }
  return port
}
