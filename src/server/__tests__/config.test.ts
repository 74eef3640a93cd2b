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
