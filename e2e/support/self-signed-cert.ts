/**
 * A throwaway self-signed certificate for 127.0.0.1 and localhost (P-256, valid 2 days), made with the
 * `openssl` CLI, for serving the app over HTTPS/HTTP/2 in tests and the benchmark (TLS_CERT_FILE, TLS_KEY_FILE).
 * Clients must accept it explicitly (Playwright ignoreHTTPSErrors, rejectUnauthorized: false).
 *
 *   import { makeSelfSignedCert } from '../support/self-signed-cert'   // → { certFile, keyFile }
 *   node --import tsx e2e/support/self-signed-cert.ts <dir>            // writes <dir>/cert.pem, <dir>/key.pem
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** Writes cert.pem and key.pem into `dir` (created if needed; a new temporary folder if omitted). */
export function makeSelfSignedCert(dir?: string): { certFile: string; keyFile: string } {
  const folder = dir ? path.resolve(dir) : mkdtempSync(path.join(os.tmpdir(), 'md-cert-'))
  mkdirSync(folder, { recursive: true })
  const certFile = path.join(folder, 'cert.pem')
  const keyFile = path.join(folder, 'key.pem')
  const args = [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout',
    keyFile,
    '-out',
    certFile,
  ]
  try {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] })
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer }
    if (e.code === 'ENOENT')
      throw new Error('openssl is not installed; on Debian/Ubuntu: sudo apt-get install -y openssl')
    throw new Error(`openssl could not make a certificate: ${e.stderr?.toString().trim() || e.message}`)
  }
  chmodSync(keyFile, 0o600)
  return { certFile, keyFile }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2]
  if (!dir) {
    console.error(
      'usage: node --import tsx e2e/support/self-signed-cert.ts <dir>   (writes <dir>/cert.pem and <dir>/key.pem)',
    )
    process.exit(2)
  }
  const { certFile, keyFile } = makeSelfSignedCert(dir)
  console.log(`${certFile}\n${keyFile}`)
}
