import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import { RouterProvider } from 'react-router'
import { server } from '../../mocks/node'
import { createHandlers } from '../../mocks/handlers'
import { host } from '../../mocks/node'
import type { SimWorldHandle } from '../../mocks/testing'
import { createTestRouter } from '../router'

/**
 * Renders the real route table with real providers against the simulator, signed in through the demo cookie
 * (the app never sends a token). Each call gets a fresh QueryClient with retries off.
 */
export function renderApp(url: string, world: SimWorldHandle, userId = 1) {
  server.use(...createHandlers(host, { demoSession: true, onDemoSessionChange: (c) => (document.cookie = c) }))
  document.cookie = `md_demo=${world.id}.${userId}; Path=/`
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  const router = createTestRouter(qc, url)
  const utils = render(
    <QueryClientProvider client={qc}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  )
  return { ...utils, qc, router }
}
