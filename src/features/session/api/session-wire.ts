/**
 * Our own server's session endpoints (not Canvas). Kept apart from the Canvas wire schemas and loaded on first
 * use, so zod is not part of the JavaScript every page needs before it can draw (the Canvas data screens load
 * it anyway).
 */
import { z } from '../../../canvas/zod'

export const serverSessionWire = z.object({
  mode: z.enum(['demo', 'token', 'oauth']),
  signedIn: z.boolean(),
  user: z.nullish(z.object({ id: z.number(), name: z.string() })),
  login_url: z.optional(z.string()),
  /** What state-changing requests must echo as X-CSRF-Token (absent in the service-worker demo). */
  csrfToken: z.optional(z.string()),
})

export const signOutWire = z.object({
  login_url: z.string(),
  revoked: z.optional(z.boolean()),
  message: z.optional(z.string()),
})

export const demoIdentityWire = z.object({ id: z.number(), name: z.string(), role: z.string() })
export const demoSessionWire = z.object({
  worldId: z.string(),
  current: demoIdentityWire,
  identities: z.array(demoIdentityWire),
})
export const anyJson = z.unknown()
