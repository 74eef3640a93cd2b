// @vitest-environment node
import { createServer, type IncomingHttpHeaders } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OAuthConfig } from '../config'
import { createTokenClient } from '../oauth-token-client'
import { close, listen } from './http-helpers'

// Canvas's token endpoint, as far as this test needs it: it records what the server sent.
const seen: Array<{ method: string; headers: IncomingHttpHeaders; body: string }> = []
const canvas = createServer((req, res) => {
  let body = ''
  req.on('data', (c: Buffer) => (body += c))
  req.on('end', () => {
    seen.push({ method: req.method!, headers: req.headers, body })
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.end(
      req.method === 'POST'
        ? JSON.stringify({ access_token: 'at', refresh_token: 'rt', expires_in: 3600, user: { id: 1, name: 'A' } })
        : '{}',
    )
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
  }
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
    for (const r of seen)
      expect(r.headers['user-agent']).toMatch(
        /^ModerationDesk\/\d+\.\d+\.\d+ \(\+https:\/\/desk\.example\.edu; Node\.js v\d+/,
      )
    expect(seen[0]!.body).toContain('client_secret=secret')
  })
})
