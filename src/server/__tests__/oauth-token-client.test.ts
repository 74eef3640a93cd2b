// @vitest-environment node
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { OAuthConfig } from '../config'
import { createTokenClient, RECENT_REFRESH_WAIT_MS, THROTTLE_RETRY_MS } from '../oauth-token-client'
import { close, listen } from './http-helpers'

// Canvas's token endpoint, as far as these tests need it: it records what the server sent and answers with the
// next scripted answer (then with a token).
const seen: Array<{ method: string; headers: IncomingHttpHeaders; body: string }> = []
let script: Array<(res: ServerResponse) => void> = []
const token = (res: ServerResponse) => {
  res.writeHead(200, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify({ access_token: 'at', refresh_token: 'rt', expires_in: 3600, user: { id: 1, name: 'A' } }))
}
// What Canvas's request throttle answers (request_throttle.rb): plain text, and the remaining-units header.
const throttled = (res: ServerResponse) => {
  res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Rate-Limit-Remaining': '0.0' })
  res.end('403 Forbidden (Rate Limit Exceeded)\n')
}
const canvas = createServer((req, res) => {
  let body = ''
  req.on('data', (c: Buffer) => (body += c))
  req.on('end', () => {
    seen.push({ method: req.method!, headers: req.headers, body })
    const next = script.shift()
    if (next) return next(res)
    if (req.method === 'DELETE') return void res.end('{}')
    token(res)
  })
})
let config: OAuthConfig
beforeAll(async () => {
  const url = await listen(canvas)
  config = {
    mode: 'oauth',
    port: 0,
    host: '127.0.0.1',
    allowedHosts: [],
    canvasUrl: url,
    clientId: '1',
    clientSecret: 'secret',
    publicUrl: 'https://desk.example.edu',
    timeoutMs: 2000,
    scopes: [],
    database: { kind: 'pglite', dataDir: '/nonexistent' },
    sessionKeys: { current: Buffer.alloc(32), old: [] },
    lti: null,
  }
})
beforeEach(() => {
  seen.length = 0
  script = []
})
afterAll(() => close(canvas))

describe('the Canvas token client', () => {
  it('sends a descriptive User-Agent with the public address on exchange, refresh and revoke', async () => {
    const client = createTokenClient(config, () => {})
    expect(await client.request({ grant_type: 'refresh_token', refresh_token: 'rt' })).toMatchObject({
      ok: true,
      accessToken: 'at',
    })
    expect(await client.revoke('at')).toBe('revoked')
    expect(seen.map((r) => r.method)).toEqual(['POST', 'DELETE'])
    for (const r of seen) {
      expect(r.headers['user-agent']).toMatch(
        /^ModerationDesk\/\d+\.\d+\.\d+ \(\+https:\/\/desk\.example\.edu; Node\.js v\d+/,
      )
    }
    expect(seen[0]!.body).toContain('client_secret=secret')
  })

  it('retries a token call Canvas refused for its throttle, with back-off, and then succeeds', async () => {
    script = [throttled, throttled]
    const started = performance.now()
    const answer = await createTokenClient(config, () => {}).request({
      grant_type: 'refresh_token',
      refresh_token: 'rt',
    })
    expect(answer).toMatchObject({ ok: true, accessToken: 'at' })
    expect(seen).toHaveLength(3)
    // 0.5 s, then 1 s (each plus up to 20 %).
    expect(performance.now() - started).toBeGreaterThanOrEqual(1400)
  })

  it('a refusal for the throttle that persists is "unavailable" (try again), never a rejected grant', async () => {
    script = Array.from({ length: 10 }, () => throttled)
    const answer = await createTokenClient(config, () => {}, { throttleRetryMs: [10, 20, 40, 80, 160] }).request({
      grant_type: 'refresh_token',
      refresh_token: 'rt',
    })
    expect(answer).toEqual({ ok: false, kind: 'unavailable', error: 'rate limited' })
    expect(seen).toHaveLength(6) // the call and five retries
    // By default the waits double up to 8 s: longer than Canvas's bucket takes to drain after three token calls
    // (600 units full, 10 a second, 200 a call: about 5 s), which the sign-in rush test in oauth.test.ts meets.
    expect(THROTTLE_RETRY_MS).toEqual([500, 1000, 2000, 4000, 8000])
  })

  // Older Canvas answers a renewal within 5 s of the token's last change with `"access_token": null`.
  const noToken = (res: ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify({ access_token: null, token_type: 'Bearer', user: { id: 1, name: 'A' }, expires_in: 3599 }))
  }

  it('a renewal answered without a token is tried once more after the refresh threshold, then is "unavailable"', async () => {
    script = [noToken]
    const client = createTokenClient(config, () => {}, { recentRefreshWaitMs: 300 })
    const started = performance.now()
    expect(await client.request({ grant_type: 'refresh_token', refresh_token: 'rt' })).toMatchObject({
      ok: true,
      accessToken: 'at',
    })
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
    expect(seen).toHaveLength(2)

    seen.length = 0
    script = [noToken, noToken]
    expect(await client.request({ grant_type: 'refresh_token', refresh_token: 'rt' })).toEqual({
      ok: false,
      kind: 'unavailable',
      error: 'no access token',
    })
    expect(seen).toHaveLength(2)
    // Canvas's own threshold is 5 s (oauth_refresh_token_spam_interval); the wait is a little longer.
    expect(RECENT_REFRESH_WAIT_MS).toBeGreaterThan(5000)
  })

  it('a code exchange answered without a token, or with a body that is not an object, is not retried', async () => {
    script = [noToken, (res) => res.end('null')]
    const client = createTokenClient(config, () => {}, { recentRefreshWaitMs: 60_000 })
    const exchange = () => client.request({ grant_type: 'authorization_code', code: 'c', redirect_uri: 'x' })
    expect(await exchange()).toEqual({ ok: false, kind: 'unavailable', error: 'no access token' })
    expect(await exchange()).toEqual({ ok: false, kind: 'unavailable', error: 'no access token' })
    expect(seen).toHaveLength(2)
  })

  it('reads a failed code exchange from a JSON 400 or from an error redirect to the redirect URI', async () => {
    script = [
      (res) => {
        res.writeHead(400, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ error: 'invalid_grant', error_description: 'authorization_code not found' }))
      },
      (res) => {
        res.writeHead(302, {
          Location:
            'https://desk.example.edu/oauth/callback?error=invalid_grant&error_description=authorization_code+not+found',
        })
        res.end()
      },
      (res) => {
        res.writeHead(302, { Location: 'https://canvas.example.edu/login' })
        res.end()
      },
    ]
    const client = createTokenClient(config, () => {})
    const exchange = () => client.request({ grant_type: 'authorization_code', code: 'c', redirect_uri: 'x' })
    expect(await exchange()).toEqual({ ok: false, kind: 'rejected', error: 'invalid_grant' })
    expect(await exchange()).toEqual({
      ok: false,
      kind: 'rejected',
      error: 'invalid_grant: authorization_code not found',
    })
    // A redirect that is not an OAuth error says nothing about the grant.
    expect(await exchange()).toEqual({ ok: false, kind: 'unavailable', error: 'status 302' })
  })
})
