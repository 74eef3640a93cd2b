// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { ConfigError, readConfig } from '../config'

describe('readConfig', () => {
  it('defaults to the demo on 127.0.0.1:4173', () => {
    expect(readConfig({})).toEqual({ mode: 'demo', port: 4173, host: '127.0.0.1' })
  })

  it('reads token mode', () => {
    expect(readConfig({ CANVAS_URL: 'https://canvas.example.edu/', CANVAS_TOKEN: 'abc', PORT: '8080' })).toMatchObject({
      mode: 'token',
      port: 8080,
      canvasUrl: 'https://canvas.example.edu',
      token: 'abc',
    })
  })

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ CANVAS_TOKEN: 'abc' }, /CANVAS_URL is not/],
    [{ CANVAS_URL: 'https://canvas.example.edu' }, /CANVAS_TOKEN is missing/],
    [{ CANVAS_URL: 'http://canvas.example.edu', CANVAS_TOKEN: 'a' }, /must use https/],
    [{ CANVAS_URL: 'canvas.example.edu', CANVAS_TOKEN: 'a' }, /not a URL/],
    [{ CANVAS_URL: 'https://canvas.example.edu/api/v1', CANVAS_TOKEN: 'a' }, /just the Canvas address/],
    [{ CANVAS_URL: 'https://canvas.example.edu', CANVAS_TOKEN: 'a', UPSTREAM_TIMEOUT_MS: '5s' }, /UPSTREAM_TIMEOUT_MS/],
  ])('says which setting is wrong and how to fix it: %j', (env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError)
    expect(() => readConfig(env)).toThrow(message)
  })

  it('accepts plain http only for a Canvas on this machine', () => {
    expect(readConfig({ CANVAS_URL: 'http://127.0.0.1:3001', CANVAS_TOKEN: 'a' })).toMatchObject({ canvasUrl: 'http://127.0.0.1:3001' })
  })
})

describe('OAuth mode: configuration', () => {
  const base = { CANVAS_URL: 'https://canvas.example.edu', CANVAS_CLIENT_ID: '170000000000123', CANVAS_CLIENT_SECRET: 'abc', PUBLIC_URL: 'https://desk.example.edu/' }

  it('reads the developer key and the public address', () => {
    expect(readConfig(base)).toEqual({
      mode: 'oauth',
      port: 4173,
      host: '127.0.0.1',
      canvasUrl: 'https://canvas.example.edu',
      clientId: '170000000000123',
      clientSecret: 'abc',
      publicUrl: 'https://desk.example.edu',
      timeoutMs: 30_000,
    })
  })

  it.each([
    [{ CANVAS_CLIENT_ID: '' }, /CANVAS_CLIENT_ID is missing/],
    [{ CANVAS_CLIENT_ID: 'my-key' }, /CANVAS_CLIENT_ID must be the developer key's Client ID/],
    [{ CANVAS_CLIENT_SECRET: '' }, /CANVAS_CLIENT_SECRET is missing/],
    [{ CANVAS_CLIENT_SECRET: 'a b' }, /CANVAS_CLIENT_SECRET contains white space/],
    [{ PUBLIC_URL: '' }, /PUBLIC_URL is missing/],
    [{ PUBLIC_URL: 'desk.example.edu' }, /PUBLIC_URL is not a URL/],
    [{ PUBLIC_URL: 'http://desk.example.edu' }, /PUBLIC_URL must use https/],
    [{ PUBLIC_URL: 'https://desk.example.edu/moderation' }, /without a path/],
    [{ CANVAS_TOKEN: 'tok' }, /both set/],
    [{ CANVAS_URL: '' }, /CANVAS_CLIENT_ID is set but CANVAS_URL is not/],
  ])('says which setting is wrong and how to fix it: %j', (change, message) => {
    expect(() => readConfig({ ...base, ...change })).toThrow(message)
  })

  it('never puts the client secret in an error message', () => {
    try {
      readConfig({ ...base, CANVAS_CLIENT_SECRET: 'super secret value', PUBLIC_URL: 'ftp://x' })
    } catch (error) {
      expect(String(error)).not.toContain('super secret value')
    }
  })
})
