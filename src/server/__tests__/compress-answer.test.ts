// @vitest-environment node
/**
 * API answers reach the browser compressed: the server reads Canvas's answers decompressed (fetch undoes Canvas's
 * gzip) and compresses them again for the browser (compress-answer.ts), in token mode and in the demo.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { A } from '../../testing/canvas-json'
import { createAppServer } from '../app-server'
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
