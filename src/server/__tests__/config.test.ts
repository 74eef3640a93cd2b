// @vitest-environment node
import { createPrivateKey } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { makeSelfSignedCert } from '../../../e2e/support/self-signed-cert'
import { DEFAULT_CANVAS_SCOPES } from '../canvas-scopes'
import { ConfigError, DEFAULT_DATA_DIR, readConfig } from '../config'
import { keyId } from '../db/token-cipher'

const KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7))
const KEY_BASE64 = KEY.toString('base64')

describe('readConfig', () => {
  it('defaults to the demo on 127.0.0.1:4173', () => {
    expect(readConfig({})).toEqual({ mode: 'demo', port: 4173, host: '127.0.0.1', allowedHosts: [] })
  })

  it('reads token mode', () => {
    expect(readConfig({ CANVAS_URL: 'https://canvas.example.edu/', CANVAS_TOKEN: 'abc', PORT: '8080' })).toMatchObject({
      mode: 'token',
      port: 8080,
      canvasUrl: 'https://canvas.example.edu',
      token: 'abc',
    })
  })

  it.each([
    [{ PORT: 'eighty' }, /PORT must be a whole number/],
    [{ CANVAS_TOKEN: 'abc' }, /CANVAS_URL is not/],
    [{ CANVAS_URL: 'https://canvas.example.edu' }, /CANVAS_TOKEN is missing/],
    [{ CANVAS_URL: 'http://canvas.example.edu', CANVAS_TOKEN: 'a' }, /must use https/],
    [{ CANVAS_URL: 'canvas.example.edu', CANVAS_TOKEN: 'a' }, /not a URL/],
    [{ CANVAS_URL: 'https://canvas.example.edu/api/v1', CANVAS_TOKEN: 'a' }, /just the Canvas address/],
    [{ CANVAS_URL: 'https://canvas.example.edu', CANVAS_TOKEN: 'a', UPSTREAM_TIMEOUT_MS: '5s' }, /UPSTREAM_TIMEOUT_MS/],
  ])('says which setting is wrong and how to fix it: %j', (env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError)
    expect(() => readConfig(env)).toThrow(message)
  })

  it('accepts plain http only for a Canvas on this machine', () => {
    expect(readConfig({ CANVAS_URL: 'http://127.0.0.1:3001', CANVAS_TOKEN: 'a' })).toMatchObject({
      canvasUrl: 'http://127.0.0.1:3001',
    })
  })
})

describe('OAuth mode: configuration', () => {
  const base = {
    CANVAS_URL: 'https://canvas.example.edu',
    CANVAS_CLIENT_ID: '170000000000123',
    CANVAS_CLIENT_SECRET: 'abc',
    PUBLIC_URL: 'https://desk.example.edu/',
    SESSION_ENCRYPTION_KEY: KEY_BASE64,
  }

  it('reads the developer key and the public address', () => {
    expect(readConfig(base)).toEqual({
      mode: 'oauth',
      port: 4173,
      host: '127.0.0.1',
      canvasUrl: 'https://canvas.example.edu',
      clientId: '170000000000123',
      clientSecret: 'abc',
      publicUrl: 'https://desk.example.edu',
      timeoutMs: 30_000,
      allowedHosts: [],
      scopes: [...DEFAULT_CANVAS_SCOPES],
      database: { kind: 'pglite', dataDir: DEFAULT_DATA_DIR },
      sessionKeys: { current: KEY, old: [] },
      lti: null,
    })
  })

  it('keeps sessions in the embedded database in DATA_DIR (default .data in the project), or in DATABASE_URL’s PostgreSQL', () => {
    const database = (env: Record<string, string>) => {
      const config = readConfig({ ...base, ...env })
      return config.mode === 'oauth' ? config.database : null
    }
    expect(DEFAULT_DATA_DIR).toBe(path.join(fileURLToPath(new URL('../../..', import.meta.url)), '.data'))
    expect(database({ DATA_DIR: '' })).toEqual({ kind: 'pglite', dataDir: DEFAULT_DATA_DIR })
    expect(database({ DATA_DIR: 'var/md' })).toEqual({ kind: 'pglite', dataDir: path.resolve('var/md') })
    const url = 'postgres://md:p%40ss@db.example.edu:5432/moderation_desk'
    expect(database({ DATABASE_URL: url })).toEqual({ kind: 'postgres', url })
    expect(database({ DATABASE_URL: 'postgresql://db/md' })).toEqual({ kind: 'postgres', url: 'postgresql://db/md' })
  })

  it.each([
    [{ DATABASE_URL: 'mysql://db/md' }, /DATABASE_URL must be a PostgreSQL address with the database name/],
    [{ DATABASE_URL: 'postgres://db.example.edu' }, /DATABASE_URL must be a PostgreSQL address with the database name/],
    [{ DATABASE_URL: 'postgres://db/md', DATA_DIR: '/var/md' }, /DATABASE_URL and DATA_DIR are both set/],
  ])('refuses a database setting that cannot work: %j', (change, message) => {
    expect(() => readConfig({ ...base, ...change })).toThrow(message)
  })

  it('SESSION_ENCRYPTION_KEY: required, 32 bytes as hex or base64; old keys for rotation; never echoed', () => {
    const keys = (env: Record<string, string>) => {
      const config = readConfig({ ...base, ...env })
      return config.mode === 'oauth' ? config.sessionKeys : null
    }
    expect(() => readConfig({ ...base, SESSION_ENCRYPTION_KEY: '' })).toThrow(
      /SESSION_ENCRYPTION_KEY is missing\. .*openssl rand -base64 32/,
    )
    expect(keys({ SESSION_ENCRYPTION_KEY: KEY.toString('hex') })).toEqual({ current: KEY, old: [] })
    expect(keys({ SESSION_ENCRYPTION_KEY: KEY.toString('base64url') })).toEqual({ current: KEY, old: [] })
    const older = Buffer.alloc(32, 1)
    const oldest = Buffer.alloc(32, 2)
    expect(
      keys({ SESSION_ENCRYPTION_OLD_KEYS: `${older.toString('base64')}, ${oldest.toString('hex')},${KEY_BASE64}` }),
    ).toEqual({ current: KEY, old: [older, oldest] })
    for (const bad of ['short', KEY.toString('hex').slice(2), Buffer.alloc(31).toString('base64'), `${KEY_BASE64}x`]) {
      let message = ''
      try {
        readConfig({ ...base, SESSION_ENCRYPTION_KEY: bad })
      } catch (err) {
        message = String(err)
      }
      expect(message).toMatch(/SESSION_ENCRYPTION_KEY is not a key \(\d+ characters\)\. It must be 32 random bytes/)
      expect(message).not.toContain(bad)
    }
    expect(() => readConfig({ ...base, SESSION_ENCRYPTION_OLD_KEYS: `${older.toString('hex')},nope` })).toThrow(
      /SESSION_ENCRYPTION_OLD_KEYS: key 2 of 2 is not a key/,
    )
    // The key id stored with each record is derived from the key and tells nothing about it.
    expect(keyId(KEY)).toMatch(/^[0-9a-f]{16}$/)
    expect(keyId(KEY)).not.toBe(keyId(older))
    expect(KEY.toString('hex')).not.toContain(keyId(KEY))
  })

  it('outside OAuth mode the session settings are not read', () => {
    expect(readConfig({ DATABASE_URL: 'mysql://x', SESSION_ENCRYPTION_KEY: 'x' })).toMatchObject({ mode: 'demo' })
    expect(
      readConfig({ CANVAS_URL: 'https://canvas.example.edu', CANVAS_TOKEN: 'abc', DATABASE_URL: 'postgres://db/md' }),
    ).toMatchObject({ mode: 'token' })
  })

  it('CANVAS_SCOPES: unset or empty asks for the scopes of every forwarded call; a value is used as given', () => {
    expect(DEFAULT_CANVAS_SCOPES.length).toBeGreaterThan(20)
    const scopes = (env: Record<string, string | undefined>) => {
      const config = readConfig(env)
      return config.mode === 'oauth' ? config.scopes : null
    }
    for (const unset of [undefined, '', '  '])
      expect(scopes({ ...base, CANVAS_SCOPES: unset })).toEqual([...DEFAULT_CANVAS_SCOPES])
    expect(
      scopes({
        ...base,
        CANVAS_SCOPES:
          ' url:GET|/api/v1/users/:id\n url:GET|/api/v1/courses,url:GET|/api/v1/users/:id  url:GET|/api/v1/courses/:course_id/rubrics ',
      }),
    ).toEqual(['url:GET|/api/v1/users/:id', 'url:GET|/api/v1/courses', 'url:GET|/api/v1/courses/:course_id/rubrics'])
  })

  it.each([
    ['GET|/api/v1/courses', /"GET\|\/api\/v1\/courses", which is not a Canvas scope\. It lacks the "url:" in front/],
    ['url:get|/api/v1/courses', /not a Canvas scope\. The method must be in capitals/],
    ['url:GET|/api/v1/courses?include[]=x', /not a Canvas scope\. A scope has no query string/],
    ['courses:read', /"courses:read", which is not a Canvas scope\. A scope looks like url:GET\|/],
    ['url:GET|/api/v1/courses/101/users', /names one record by its id.*write Canvas's parameter name/],
  ])('CANVAS_SCOPES=%j is refused with a message that says how to write it', (value, message) => {
    expect(() => readConfig({ ...base, CANVAS_SCOPES: `url:GET|/api/v1/courses ${value}` })).toThrow(message)
  })

  it('CANVAS_SCOPES longer than Canvas takes in the sign-in address is refused', () => {
    const many = Array.from({ length: 120 }, (_, i) => `url:GET|/api/v1/courses/:course_id/things_${i}/:thing_id`)
    expect(() => readConfig({ ...base, CANVAS_SCOPES: many.join(' ') })).toThrow(
      /CANVAS_SCOPES names 120 scopes, \d+ characters in the sign-in address: more than Canvas accepts/,
    )
    expect(encodeURIComponent(DEFAULT_CANVAS_SCOPES.join(' ')).length).toBeLessThan(7000)
  })

  it('CANVAS_SCOPES is refused where no developer key signs anyone in', () => {
    expect(() =>
      readConfig({ CANVAS_URL: 'https://canvas.example.edu', CANVAS_TOKEN: 'abc', CANVAS_SCOPES: 'url:GET|/a' }),
    ).toThrow(/CANVAS_SCOPES is set, but scopes belong to signing in with a developer key/)
    expect(() => readConfig({ CANVAS_SCOPES: 'url:GET|/api/v1/courses' })).toThrow(
      /CANVAS_SCOPES is set but CANVAS_URL is not/,
    )
  })

  it.each([
    [{ CANVAS_CLIENT_ID: '' }, /CANVAS_CLIENT_ID is missing/],
    [{ CANVAS_CLIENT_ID: 'my-key' }, /CANVAS_CLIENT_ID must be the developer key's Client ID/],
    [{ CANVAS_CLIENT_SECRET: '' }, /CANVAS_CLIENT_SECRET is missing/],
    [{ CANVAS_CLIENT_SECRET: 'a b' }, /CANVAS_CLIENT_SECRET contains white space/],
    [{ PUBLIC_URL: '' }, /PUBLIC_URL is missing/],
    [{ PUBLIC_URL: 'desk.example.edu' }, /PUBLIC_URL is not a URL/],
    [{ PUBLIC_URL: 'http://desk.example.edu' }, /PUBLIC_URL must use https/],
    [{ PUBLIC_URL: 'https://desk.example.edu/moderation' }, /without a path/],
    [{ CANVAS_TOKEN: 'tok' }, /both set/],
    [{ CANVAS_URL: '' }, /CANVAS_CLIENT_ID is set but CANVAS_URL is not/],
  ])('says which setting is wrong and how to fix it: %j', (change, message) => {
    expect(() => readConfig({ ...base, ...change })).toThrow(message)
  })

  it('never puts the client secret in an error message', () => {
    try {
      readConfig({ ...base, CANVAS_CLIENT_SECRET: 'super secret value', PUBLIC_URL: 'ftp://x' })
    } catch (error) {
      expect(String(error)).not.toContain('super secret value')
    }
  })
})

describe('TLS: TLS_CERT_FILE and TLS_KEY_FILE', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'md-config-tls-'))
  const { certFile, keyFile } = makeSelfSignedCert(path.join(dir, 'one'))
  const other = makeSelfSignedCert(path.join(dir, 'two'))
  const tls = { TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile }
  const write = (name: string, text: string) => {
    const file = path.join(dir, name)
    writeFileSync(file, text)
    return file
  }

  it('reads both PEM files, in every mode', () => {
    const files = { cert: readFileSync(certFile), key: readFileSync(keyFile) }
    expect(readConfig(tls)).toEqual({ mode: 'demo', port: 4173, host: '127.0.0.1', allowedHosts: [], tls: files })
    expect(readConfig({ ...tls, CANVAS_URL: 'https://canvas.example.edu', CANVAS_TOKEN: 'abc' })).toMatchObject({
      mode: 'token',
      tls: files,
    })
    expect(
      readConfig({
        ...tls,
        CANVAS_URL: 'https://canvas.example.edu',
        CANVAS_CLIENT_ID: '170000000000123',
        CANVAS_CLIENT_SECRET: 'abc',
        PUBLIC_URL: 'https://desk.example.edu',
        SESSION_ENCRYPTION_KEY: KEY_BASE64,
      }),
    ).toMatchObject({ mode: 'oauth', publicUrl: 'https://desk.example.edu', tls: files })
  })

  it('is plain HTTP when neither is set (empty counts as unset)', () => {
    expect(readConfig({ TLS_CERT_FILE: '', TLS_KEY_FILE: ' ' })).not.toHaveProperty('tls')
  })

  it.each([
    [
      'the certificate alone',
      () => ({ TLS_CERT_FILE: certFile }),
      /TLS_CERT_FILE is set but TLS_KEY_FILE is not\. Set both/,
    ],
    ['the key alone', () => ({ TLS_KEY_FILE: keyFile }), /TLS_KEY_FILE is set but TLS_CERT_FILE is not\. Set both/],
    [
      'a missing file',
      () => ({ ...tls, TLS_CERT_FILE: path.join(dir, 'nope.pem') }),
      /TLS_CERT_FILE cannot be read: ".*nope\.pem" \(there is no such file\)/,
    ],
    ['a folder', () => ({ ...tls, TLS_KEY_FILE: dir }), /TLS_KEY_FILE cannot be read: .*\(it is a folder\)/],
    [
      'a certificate that is not PEM',
      () => ({ ...tls, TLS_CERT_FILE: write('cert.der', 'not a certificate') }),
      /TLS_CERT_FILE is not a PEM certificate .* openssl x509 -inform der/,
    ],
    [
      'a key that is not PEM',
      () => ({ ...tls, TLS_KEY_FILE: write('key.txt', 'hunter2') }),
      /TLS_KEY_FILE is not a PEM private key .* openssl pkey -inform der/,
    ],
    [
      'the files swapped',
      () => ({ TLS_CERT_FILE: keyFile, TLS_KEY_FILE: certFile }),
      /TLS_CERT_FILE is not a PEM certificate .* It holds a private key: did you swap TLS_CERT_FILE and TLS_KEY_FILE\?\nTLS_KEY_FILE is not a PEM private key .* It holds a certificate/,
    ],
    [
      'a damaged certificate',
      () => ({
        ...tls,
        TLS_CERT_FILE: write('broken.pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'),
      }),
      /TLS_CERT_FILE holds a certificate that cannot be parsed/,
    ],
    [
      'another certificate’s key',
      () => ({ ...tls, TLS_KEY_FILE: other.keyFile }),
      /TLS_KEY_FILE is not the private key of the certificate in TLS_CERT_FILE/,
    ],
    [
      'a key with a passphrase',
      () => ({
        ...tls,
        TLS_KEY_FILE: write(
          'encrypted.pem',
          createPrivateKey(readFileSync(keyFile)).export({
            type: 'pkcs8',
            format: 'pem',
            cipher: 'aes-256-cbc',
            passphrase: 'pw',
          }) as string,
        ),
      }),
      /TLS_KEY_FILE is encrypted with a passphrase .* openssl pkey/,
    ],
  ])('says which setting is wrong and how to fix it: %s', (_, env, message) => {
    expect(() => readConfig(env())).toThrow(ConfigError)
    expect(() => readConfig(env())).toThrow(message)
  })

  it('says when a file cannot be read for lack of permission', () => {
    const denied = (file: string) => {
      if (file === keyFile) throw Object.assign(new Error('EACCES'), { code: 'EACCES' })
      return readFileSync(file)
    }
    expect(() => readConfig(tls, denied)).toThrow(
      /TLS_KEY_FILE cannot be read: ".*key\.pem" \(permission denied\)\. Give the path of a PEM file this user can read\./,
    )
  })

  it('reports TLS problems together with the other settings’ problems', () => {
    expect(() => readConfig({ PORT: 'x', TLS_CERT_FILE: certFile })).toThrow(
      /PORT must be a whole number[\s\S]*TLS_CERT_FILE is set but TLS_KEY_FILE is not/,
    )
  })
})

describe('Host names and the demo’s exposure', () => {
  it('reads ALLOWED_HOSTS as lower-case names or name:port, in every mode', () => {
    expect(readConfig({ ALLOWED_HOSTS: 'Desk.Example.edu., desk-internal:8080,[::1]:9000' }).allowedHosts).toEqual([
      'desk.example.edu',
      'desk-internal:8080',
      '[::1]:9000',
    ])
    expect(
      readConfig({ CANVAS_URL: 'https://canvas.example.edu', CANVAS_TOKEN: 'abc', ALLOWED_HOSTS: 'proxy.internal' })
        .allowedHosts,
    ).toEqual(['proxy.internal'])
  })

  it.each(['*', 'https://desk.example.edu', 'desk.example.edu/path', 'user@desk', 'desk:port'])(
    'refuses ALLOWED_HOSTS=%s, saying what is expected',
    (value) => {
      expect(() => readConfig({ ALLOWED_HOSTS: value })).toThrow(
        /ALLOWED_HOSTS has ".*", which is not a host name or host:port\. Example: ALLOWED_HOSTS=moderation\.example\.edu/,
      )
    },
  )

  it('refuses to put the demo on the network unless DEMO_ALLOW_REMOTE=1 acknowledges it has no sign-in', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1']) expect(readConfig({ HOST: host }).mode).toBe('demo')
    expect(() => readConfig({ HOST: '0.0.0.0' })).toThrow(
      /HOST=0\.0\.0\.0 would let other machines reach the demo, which has no sign-in.*DEMO_ALLOW_REMOTE=1/,
    )
    expect(readConfig({ HOST: '0.0.0.0', DEMO_ALLOW_REMOTE: '1', ALLOWED_HOSTS: 'demo.lab' })).toMatchObject({
      mode: 'demo',
      host: '0.0.0.0',
      allowedHosts: ['demo.lab'],
    })
    // Live modes have their own sign-in (OAuth) or are documented as single-user; HOST is theirs to choose.
    expect(readConfig({ HOST: '0.0.0.0', CANVAS_URL: 'https://canvas.example.edu', CANVAS_TOKEN: 'abc' }).mode).toBe(
      'token',
    )
  })
})
