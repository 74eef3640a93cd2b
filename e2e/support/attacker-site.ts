/**
 * Another web site open in the same browser: a second local HTTP server whose page, as soon as it loads, tries
 * the state-changing requests a page elsewhere can send without a CORS preflight — a `no-cors` fetch and a
 * cross-site form post (`enctype=text/plain`, and form-encoded) — against the server under test. The page's title
 * says when it is done; the test then checks what reached Canvas.
 *
 * `host`: `127.0.0.1` makes it a sibling port of the app (same site, so SameSite=Lax cookies go along: the
 * hardest case); `localhost` makes it another site.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export type Forgery = {
  kind: 'no-cors fetch' | 'form text/plain' | 'form urlencoded'
  url: string
  fields?: Record<string, string>
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

export function attackerPage(forgeries: Forgery[]): string {
  const forms = forgeries
    .map((f, i) =>
      f.kind === 'no-cors fetch'
        ? ''
        : `<form id="f${i}" method="POST" target="sink${i}" action="${escape(f.url)}" enctype="${f.kind === 'form text/plain' ? 'text/plain' : 'application/x-www-form-urlencoded'}">` +
          Object.entries(f.fields ?? {})
            .map(([k, v]) => `<input type="hidden" name="${escape(k)}" value="${escape(v)}">`)
            .join('') +
          `</form><iframe name="sink${i}" title="sink ${i}"></iframe>`,
    )
    .join('\n')
  const script = `
    const forgeries = ${JSON.stringify(forgeries)};
    (async () => {
      const frames = [];
      for (const [i, f] of forgeries.entries()) {
        if (f.kind === 'no-cors fetch') {
          await fetch(f.url, { method: 'POST', mode: 'no-cors', credentials: 'include', body: JSON.stringify(f.fields ?? {}) }).catch(() => {});
        } else {
          frames.push(new Promise((resolve) => document.querySelector('iframe[name=sink' + i + ']').addEventListener('load', resolve, { once: true })));
          document.getElementById('f' + i).submit();
        }
      }
      await Promise.all(frames);
      document.title = 'done';
    })();`
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>cute cats</title></head><body>${forms}<script>${script}</script></body></html>`
}

/** Serves `html` at `/` on a free port of `host`; returns its URL and a close function. */
export async function startAttackerSite(
  host: '127.0.0.1' | 'localhost',
  html: string,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    res.end(html)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://${host}:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}
