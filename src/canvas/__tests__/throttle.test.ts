// The client under Canvas's throttle, against the simulator (which throttles as request_throttle.rb does).
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createHandlers } from '../../mocks/handlers'
import { SimHost } from '../../mocks/sim/host'
import type { World } from '../../mocks/sim/world'
import { streamGradeableStudents } from '../gradeable-students'
import { selectProvisionalGrade } from '../provisional-grades'
import { MAX_IN_FLIGHT, resetThrottle, retryDelay, throttleState } from '../throttle'

const host = new SimHost()
const server = setupServer(...createHandlers(host, { demoSession: true }))
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => {
  resetThrottle()
  document.cookie = 'md_demo=; Max-Age=0; Path=/'
})
afterAll(() => server.close())

const ref = { courseId: 101, assignmentId: 501 }

/** A large world, signed in (md_demo cookie) as its final grader. */
function largeWorld(students: number): World {
  const world = host.createWorld({ scenario: 'large', students, graders: 3 })
  const finalGrader = world.cast.find((m) => m.role === 'final_grader')!
  document.cookie = `md_demo=${world.id}.${finalGrader.id}; Path=/`
  return world
}

async function loadRoster(): Promise<string[]> {
  const keys: string[] = []
  for await (const chunk of streamGradeableStudents(ref)) keys.push(...chunk.items.map((s) => s.key))
  return keys
}

const rosterLog = (world: World) => world.requestLog.filter((e) => e.route === 'gradeable_students')

describe('Canvas request throttle', () => {
  it('backs off 250, 500, 1000, 2000 ms (+ up to 20 %), then gives up', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, () => 0))).toEqual([250, 500, 1000, 2000])
    expect(retryDelay(4, () => 1)).toBe(2400)
    expect(retryDelay(5)).toBeUndefined()
  })

  it('a refused page is retried: every student arrives, and fewer requests go at once afterwards', async () => {
    const world = largeWorld(1_200)
    // Canvas's rule with a lower high-water mark: the 6th request in flight meets 300 and is refused.
    world.settings.rateLimit = {
      highWaterMark: 300,
      maximum: 800,
      outflowPerSecond: 0,
      upFrontCost: 50,
      requestCost: 1,
    }
    world.settings.latencyMs = 20

    const keys = await loadRoster()

    expect(keys).toHaveLength(1_200)
    expect(new Set(keys).size).toBe(1_200)
    const log = rosterLog(world)
    expect(log.filter((e) => e.status === 403).length).toBeGreaterThan(0)
    // Each of the 12 pages was answered 200 exactly once.
    const pages = log
      .filter((e) => e.status === 200)
      .map((e) => new URLSearchParams(e.path.split('?')[1]).get('page') ?? '1')
    expect(pages.sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 12 }, (_, i) => String(i + 1)))
    expect(throttleState().limit).toBeLessThan(MAX_IN_FLIGHT)
  })

  it('a page still refused after four retries fails the load with Canvas’s rate-limit message', async () => {
    const world = largeWorld(300)
    world.settings.rateLimit = { highWaterMark: 300, maximum: 800, outflowPerSecond: 0, upFrontCost: 0, requestCost: 0 }
    const bucket = { count: 300, lastLeakAt: performance.now() }
    world.buckets.set(`session:${world.id}:${world.cast.find((m) => m.role === 'final_grader')!.id}`, bucket)

    const error = await loadRoster().catch((e: unknown) => e)

    expect(error).toMatchObject({
      kind: 'rate-limited',
      status: 403,
      messages: ['403 Forbidden (Rate Limit Exceeded)'],
    })
    expect(rosterLog(world).map((e) => e.status)).toEqual([403, 403, 403, 403, 403])
  }, 10_000)

  it('a selection made while the roster loads goes ahead of the pages still waiting', async () => {
    const world = largeWorld(3_000)
    world.settings.latencyMs = 30
    let selected: Promise<unknown> | undefined
    const keys: string[] = []
    for await (const chunk of streamGradeableStudents(ref)) {
      keys.push(...chunk.items.map((s) => s.key))
      // The first page after page 1: by now every other page has been asked for.
      if (chunk.page !== 1 && !selected) {
        const grade = chunk.items[0]!.grades[0]!
        selected = selectProvisionalGrade({ ...ref, provisionalGradeId: grade.id })
      }
    }
    await selected
    expect(keys).toHaveLength(3_000)
    // The log is written as answers go out: the pages still waiting were asked for before the selection, yet
    // the selection waited only for a free slot, not for them. (About 18 pages wait when it is made; behind them,
    // it would be answered after every page. How many are left depends on how busy the machine is: at least 5.)
    const log = world.requestLog.filter((e) => e.route === 'gradeable_students' || e.route === 'select')
    const at = log.findIndex((e) => e.route === 'select')
    expect(log[at]!.status).toBe(200)
    expect(log.length - 1 - at).toBeGreaterThanOrEqual(5)
  })
})
