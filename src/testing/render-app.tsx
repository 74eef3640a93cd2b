import { QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import { RouterProvider } from 'react-router'
import { createHandlers } from '../mocks/handlers'
import { host, server } from '../mocks/node'
import type { SimWorldHandle } from './simulator'
import { createTestRouter } from '../app/router'
import { createQueryClient } from '../lib/query-client'

/**
 * Renders the real route table with real providers against the simulator, signed in through the demo cookie
 * (the app never sends a token). Each call gets a fresh QueryClient made as the app makes it
 * (createQueryClient), so its retry policy is what the tests see.
 */
export function renderApp(url: string, world: SimWorldHandle, userId = 1) {
  server.use(...createHandlers(host, { demoSession: true, onDemoSessionChange: (c) => (document.cookie = c) }))
  document.cookie = `md_demo=${world.id}.${userId}; Path=/`
  const qc = createQueryClient()
  const router = createTestRouter(qc, url)
  const utils = render(
    <QueryClientProvider client={qc}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  )
  return { ...utils, qc, router }
}
