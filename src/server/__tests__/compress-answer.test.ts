// @vitest-environment node
/**
 * API answers reach the browser compressed: the server reads Canvas's answers decompressed (fetch undoes Canvas's
 * gzip) and compresses them again for the browser (compress-answer.ts), in token mode and in the demo.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { A } from '../../testing/canvas-json'
import { createAppServer } from '../app-server'
import { brotliWindowBits } from '../compress-answer'
import { readConfig } from '../config'
import { createSimServer } from '../sim-server'
import { close, listen } from './http-helpers'

const ROSTER = `${A(501)}/gradeable_students?include[]=provisional_grades&per_page=100`

async function get(url: string, acceptEncoding: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers: { 'Accept-Encoding': acceptEncoding, ...headers } })
  // fetch decodes the body; the headers say how it travelled.
  return {
    encoding: res.headers.get('content-encoding'),
    vary: res.headers.get('vary'),
    rows: (await res.json()) as unknown[],
  }
}

describe('compressed API answers', () => {
  it('token mode: brotli or gzip as the browser asks, and the same rows either way', async () => {
    const sim = createSimServer()
    const canvas = await listen(sim)
    const world = sim.host.createWorld({})
    const token = world.cast.find((m) => m.role === 'final_grader')!.token
    const app = createAppServer(readConfig({ CANVAS_URL: canvas, CANVAS_TOKEN: token }), { distDir: '/nonexistent' })
    const origin = await listen(app)
    try {
      const br = await get(`${origin}${ROSTER}`, 'gzip, deflate, br')
      const gz = await get(`${origin}${ROSTER}`, 'gzip')
      const plain = await get(`${origin}${ROSTER}`, 'identity')
      expect([br.encoding, gz.encoding, plain.encoding]).toEqual(['br', 'gzip', null])
      expect(br.vary).toBe('Accept-Encoding')
      expect(br.rows).toEqual(plain.rows)
      expect(gz.rows).toEqual(plain.rows)
      expect(plain.rows.length).toBeGreaterThan(20)
    } finally {
      await close(app)
      await close(sim)
    }
  })

  it('npm start’s demo: the simulator’s answers are compressed too', async () => {
    const app = createAppServer(readConfig({}), { distDir: mkdtempSync(path.join(tmpdir(), 'md-compress-')) })
    const origin = await listen(app)
    try {
      const br = await get(`${origin}${ROSTER}`, 'br')
      expect(br.encoding).toBe('br')
      expect(br.rows.length).toBeGreaterThan(20)
    } finally {
      await close(app)
    }
  })
})

describe('brotliWindowBits', () => {
  it('is the smallest brotli window that holds the whole answer, and never more than brotli’s default', () => {
    // A window of n bits holds 2^n - 16 bytes; brotli's smallest is 10 bits, its default 22.
    expect(brotliWindowBits(0)).toBe(10)
    expect(brotliWindowBits(1008)).toBe(10)
    expect(brotliWindowBits(1009)).toBe(11)
    expect(brotliWindowBits(130_000)).toBe(17)
    expect(brotliWindowBits(131_057)).toBe(18)
    expect(brotliWindowBits(50_000_000)).toBe(22)
  })

  it('compresses an answer about as well as brotli’s default window does', () => {
    const body = Buffer.from(JSON.stringify(Array.from({ length: 400 }, (_, i) => ({ id: i, name: `Student ${i}` }))))
    const params = (extra: Record<number, number>) => ({
      params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.length, ...extra },
    })
    const fitted = brotliCompressSync(body, params({ [constants.BROTLI_PARAM_LGWIN]: brotliWindowBits(body.length) }))
    expect(brotliDecompressSync(fitted).equals(body)).toBe(true)
    // A window larger than the answer finds no more matches; the blocks may split a little differently.
    expect(fitted.length).toBeLessThanOrEqual(brotliCompressSync(body, params({})).length * 1.01)
  })
})
