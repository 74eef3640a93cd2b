// @vitest-environment node
/**
 * What the builds ship (vite.config.ts): the live build (`npm run build`, what `npm start` serves) has no msw
 * worker script; the demo build (`--mode demo`) needs it and keeps it. Real Vite builds into temp folders,
 * about a second each.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { build } from 'vite'

const root = fileURLToPath(new URL('../..', import.meta.url))
const outDirs: string[] = []

async function buildInto(mode: string): Promise<string> {
  const outDir = mkdtempSync(path.join(tmpdir(), `md-build-${mode}-`))
  outDirs.push(outDir)
  await build({
    root,
    mode,
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true },
  })
  return outDir
}

afterAll(() => {
  for (const dir of outDirs) rmSync(dir, { recursive: true, force: true })
})

describe('the builds (vite.config.ts)', () => {
  it('the live build leaves out mockServiceWorker.js', async () => {
    const out = await buildInto('production')
    expect(existsSync(path.join(out, 'index.html'))).toBe(true)
    expect(existsSync(path.join(out, 'favicon.svg'))).toBe(true) // the rest of public/ is still copied
    expect(readdirSync(out)).not.toContain('mockServiceWorker.js')
  })

  it('the demo build keeps it (its service worker is the simulator)', async () => {
    const out = await buildInto('demo')
    expect(readdirSync(out)).toContain('mockServiceWorker.js')
  })
})
