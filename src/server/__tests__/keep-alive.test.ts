// @vitest-environment node
/**
 * Idle keep-alive connections are closed by the client, not by the server (http-server.ts). CI once failed with
 * "socket hang up" when Playwright's request context reused a connection at the moment node:http's 5 s default
 * closed it. Here a client with no idle timeout of its own reuses its connection after more than 5 s.
 */
import { request as httpRequest, Agent, type IncomingMessage } from 'node:http'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createAppServer } from '../app-server'
import { readConfig } from '../config'
import { createSimServer } from '../sim-server'
import { close, listen } from './http-helpers'

type Answer = { status: number; keepAlive: string; reusedSocket: boolean }

function get(agent: Agent, url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { agent }, (res: IncomingMessage) => {
      res.resume()
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          keepAlive: String(res.headers['keep-alive']),
          reusedSocket: req.reusedSocket,
        }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

const app = createAppServer(readConfig({}), { distDir: mkdtempSync(path.join(tmpdir(), 'md-keepalive-')) })
const sim = createSimServer()
afterAll(async () => {
  await close(app)
  await close(sim)
})

describe('idle connections', () => {
  it('the app server and the simulator keep them past 5 s and say for how long', { timeout: 15_000 }, async () => {
    const bases = [await listen(app), await listen(sim)]
    const agents = bases.map(() => new Agent({ keepAlive: true, maxSockets: 1 }))
    const urls = [`${bases[0]}/session`, `${bases[1]}/api/v1/courses`]

    const first = await Promise.all(urls.map((url, i) => get(agents[i]!, url)))
    for (const answer of first) expect(answer.keepAlive).toBe('timeout=65')

    await new Promise((resolve) => setTimeout(resolve, 5_500))
    const again = await Promise.all(urls.map((url, i) => get(agents[i]!, url)))
    expect(again.map((a) => a.reusedSocket)).toEqual([true, true])
    expect(again.map((a) => a.status)).toEqual(first.map((a) => a.status))
    for (const agent of agents) agent.destroy()
  })
})
