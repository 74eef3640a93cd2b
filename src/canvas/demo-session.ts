/**
 * The demo simulator's session endpoint (not Canvas). 404 in live mode: there is then no demo session.
 */
import { z } from 'zod'
import { canvasRequest } from './http'
import { isCanvasApiError } from './errors'

const identityWire = z.object({ id: z.number(), name: z.string(), role: z.string() })
const demoSessionWire = z.object({ worldId: z.string(), current: identityWire, identities: z.array(identityWire) })

export type DemoIdentity = z.infer<typeof identityWire>
export type DemoSession = z.infer<typeof demoSessionWire>

export async function getDemoSession({ signal }: { signal?: AbortSignal }): Promise<DemoSession | null> {
  try {
    const { data } = await canvasRequest({ path: '/demo/session', prefix: '', schema: demoSessionWire, signal })
    return data
  } catch (error) {
    if (isCanvasApiError(error) && (error.status === 404 || error.status === 405)) return null
    throw error
  }
}

export async function switchDemoIdentity({ userId }: { userId: number }): Promise<DemoSession> {
  const { data } = await canvasRequest({ method: 'PUT', path: '/demo/session', prefix: '', json: { userId }, schema: demoSessionWire.or(z.unknown()) })
  const parsed = demoSessionWire.safeParse(data)
  if (parsed.success) return parsed.data
  const again = await getDemoSession({})
  if (!again) throw new Error('The demo session disappeared')
  return again
}
