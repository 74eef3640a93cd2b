import type { IncomingMessage } from 'node:http'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import { negotiateEncoding } from './static-files'

const brotli = promisify(brotliCompress)
const gz = promisify(gzip)

/** Smaller than this, compression saves less than a packet and costs a little time. */
const MIN_BYTES = 1024

/**
 * Compresses an API answer (JSON, text) for the browser, as Canvas's own front end does for its answers: the server
 * reads Canvas's answers decompressed (fetch undoes Canvas's gzip), and without this would send a large course's
 * roster to the browser at full size (1.3 MB of JSON at 1,000 students). Brotli at quality 4 (fast, smaller than
 * gzip at 6) or gzip at 6, chosen from Accept-Encoding; nothing for other types, small bodies, or no Accept-Encoding.
 */
export async function compressAnswer(
  req: IncomingMessage,
  contentType: string | null | undefined,
  body: Buffer,
): Promise<{ body: Buffer; encoding: 'br' | 'gzip' | null }> {
  if (body.length < MIN_BYTES || !/^(application\/json|text\/)/i.test(contentType ?? ''))
    return { body, encoding: null }
  const coding = negotiateEncoding(req.headers['accept-encoding'], ['br', 'gzip'])
  if (coding === 'identity') return { body, encoding: null }
  const packed =
    coding === 'br'
      ? await brotli(body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 4,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
            [constants.BROTLI_PARAM_LGWIN]: brotliWindowBits(body.length),
          },
        })
      : await gz(body, { level: 6 })
  return packed.length < body.length ? { body: packed, encoding: coding } : { body, encoding: null }
}

/**
 * The smallest window that holds the whole body (brotli's window is 2^bits - 16 bytes), at most brotli's default
 * of 22 bits. Brotli sizes its buffers by the window, not by the size hint: at the default 4 MB window every
 * answer of a 100-student page (130 kB) took several MB of memory outside the JavaScript heap, and with ten pages
 * in flight that memory made V8 collect the whole heap about once per ten answers (30 full collections in 300
 * answers instead of 1; the simulator answered a 10,000-student roster's pages about half as fast). A window larger
 * than the body finds no more matches, so the answer is as small (the same bytes, for the roster's pages).
 */
export function brotliWindowBits(length: number): number {
  let bits = constants.BROTLI_MIN_WINDOW_BITS
  while (bits < constants.BROTLI_DEFAULT_WINDOW && 2 ** bits - 16 < length) bits++
  return bits
}

/** Headers for a body `compressAnswer` returned (Vary is set either way: the answer depends on Accept-Encoding). */
export function encodingHeaders(encoding: 'br' | 'gzip' | null, length: number): Record<string, string> {
  return {
    Vary: 'Accept-Encoding',
    'Content-Length': String(length),
    ...(encoding ? { 'Content-Encoding': encoding } : {}),
  }
}
