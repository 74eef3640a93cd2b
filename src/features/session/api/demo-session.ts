/**
 * The demo simulator's session endpoint (not Canvas). 404 in live mode: there is then no demo session.
 */
import type { z } from '../../../canvas/zod'
import { canvasRequest } from '../../../canvas/http'
import { isCanvasApiError } from '../../../canvas/errors'
import type { demoIdentityWire, demoSessionWire } from './session-wire'

const wire = () => import('./session-wire')

export type DemoIdentity = z.infer<typeof demoIdentityWire>
export type DemoSession = z.infer<typeof demoSessionWire>

export async function getDemoSession({ signal }: { signal?: AbortSignal }): Promise<DemoSession | null> {
  try {
    const { data } = await canvasRequest({
      path: '/demo/session',
      prefix: '',
      schema: wire().then((w) => w.demoSessionWire),
      signal,
    })
    return data
  } catch (error) {
    if (isCanvasApiError(error) && (error.status === 404 || error.status === 405)) return null
    throw error
  }
}

export async function switchDemoIdentity({ userId }: { userId: number }): Promise<DemoSession> {
  const w = await wire()
  const { data } = await canvasRequest({
    method: 'PUT',
    path: '/demo/session',
    prefix: '',
    json: { userId },
    schema: w.anyJson,
  })
  const parsed = w.demoSessionWire.safeParse(data)
  if (parsed.success) return parsed.data
  const again = await getDemoSession({})
  if (!again) throw new Error('The demo session disappeared')
  return again
}
