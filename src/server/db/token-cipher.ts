/**
 * Canvas tokens at rest: AES-256-GCM (node:crypto) with a fresh random 12-byte IV per record and the record's
 * session-id hash as additional authenticated data, so a record copied onto another session's row does not
 * decrypt. A record is IV (12 bytes) ‖ ciphertext ‖ tag (16 bytes), stored with the id of the key that made it.
 *
 * Keys (config.ts): SESSION_ENCRYPTION_KEY encrypts; SESSION_ENCRYPTION_OLD_KEYS only decrypt (rotation). A key's
 * id is derived from the key itself (the first 8 bytes of a SHA-256 of it, in hex), so nobody has to name keys and
 * a record says which key it needs without revealing anything about it.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'

export type EncryptionKeys = { current: Buffer; old: readonly Buffer[] }
export type Sealed = { keyId: string; data: Buffer }

const IV_BYTES = 12
const TAG_BYTES = 16

export const keyId = (key: Buffer) =>
  createHash('sha256').update('moderation-desk/session-key-id/v1\0').update(key).digest('hex').slice(0, 16)

export function createTokenCipher(keys: EncryptionKeys) {
  const byId = new Map<string, Buffer>()
  for (const key of [keys.current, ...keys.old]) {
    if (key.length !== 32) throw new Error('an encryption key must be 32 bytes')
    if (!byId.has(keyId(key))) byId.set(keyId(key), key)
  }
  const currentId = keyId(keys.current)

  /** Encrypts `plain` with the current key, bound to `aad`. */
  function seal(plain: string, aad: string): Sealed {
    const iv = randomBytes(IV_BYTES)
    const cipher = createCipheriv('aes-256-gcm', keys.current, iv, { authTagLength: TAG_BYTES })
    cipher.setAAD(Buffer.from(aad, 'utf8'))
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return { keyId: currentId, data: Buffer.concat([iv, body, cipher.getAuthTag()]) }
  }

  /** The plain text, or null: a key this server does not have, or a record altered or made for another `aad`. */
  function open(sealed: Sealed, aad: string): string | null {
    const key = byId.get(sealed.keyId)
    if (!key || sealed.data.length < IV_BYTES + TAG_BYTES) return null
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.data.subarray(0, IV_BYTES), {
        authTagLength: TAG_BYTES,
      })
      decipher.setAAD(Buffer.from(aad, 'utf8'))
      decipher.setAuthTag(sealed.data.subarray(sealed.data.length - TAG_BYTES))
      const body = sealed.data.subarray(IV_BYTES, sealed.data.length - TAG_BYTES)
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
    } catch {
      return null
    }
  }

  return { seal, open, currentKeyId: currentId }
}

export type TokenCipher = ReturnType<typeof createTokenCipher>
