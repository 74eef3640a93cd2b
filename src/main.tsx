import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/app'

/**
 * The backend-less demo build (`vite build --mode demo`, `npm run dev`) answers /api/v1 with the Canvas
 * simulator inside a service worker. Every other build talks to its own origin, served by src/server.
 * The dynamic import keeps msw and the simulator out of the live bundle. The app itself is imported
 * statically: one request fewer on the way to the first screen.
 */
async function enableBrowserSimulator() {
  if (import.meta.env.MODE !== 'demo') return
  const { startBrowserSimulator } = await import('./mocks/browser')
  await startBrowserSimulator()
}

// Start downloading the moderation screen's code now, alongside GET /session, instead of after it
// (the router's lazy route then finds the module loaded).
if (/^\/courses\/\d+\/assignments\/\d+\/moderate\/?$/.test(window.location.pathname))
  void import('./app/routes/moderation')

const root = document.getElementById('root')!

enableBrowserSimulator().then(
  () => {
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    )
  },
  (error: unknown) => {
    // Without its service worker the demo has no Canvas to answer it: say so rather than leave a blank page.
    console.error(error)
    root.textContent = `The demo could not start: ${error instanceof Error ? error.message : String(error)}`
  },
)
