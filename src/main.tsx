import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'

/**
 * The backend-less demo build (`vite build --mode demo`, `npm run dev`) answers /api/v1 with the Canvas
 * simulator inside a service worker. Every other build talks to its own origin, served by src/server.
 * The dynamic import keeps msw and the simulator out of the live bundle.
 */
async function enableBrowserSimulator() {
  if (import.meta.env.MODE !== 'demo') return
  const { startBrowserSimulator } = await import('./mocks/browser')
  await startBrowserSimulator()
}

enableBrowserSimulator().then(async () => {
  const { App } = await import('./app/app')
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
})
