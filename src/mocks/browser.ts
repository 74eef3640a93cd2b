/**
 * The simulator in the browser demo (msw service worker). State lives in the tab; the signed-in identity
 * is the md_demo cookie, written here because a service worker's Set-Cookie never reaches the page.
 */
import { setupWorker } from 'msw/browser'
import { createHandlers } from './handlers'
import { SimHost } from './sim/host'

export const host = new SimHost()

export async function startBrowserSimulator() {
  const worker = setupWorker(
    ...createHandlers(host, {
      demoSession: true,
      onDemoSessionChange: (cookie) => {
        document.cookie = cookie
      },
    }),
  )
  await worker.start({
    onUnhandledRequest: 'bypass',
    serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
    quiet: true,
  })
  return worker
}
