import { QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import type { RequestHandler } from 'msw'
import { createHandlers } from '../mocks/handlers'
import { host, server } from '../mocks/node'
import type { SimWorldHandle } from './simulator'
import { TestRouter } from '../app/router'
import { createQueryClient } from '../lib/query-client'

/**
 * Renders the real route table with real providers against the simulator, signed in through the demo cookie
 * (the app never sends a token). Each call gets a fresh QueryClient made as the app makes it
 * (createQueryClient), so its retry policy is what the tests see. `handlers` answer before the simulator (the app
 * starts its first requests as it renders).
 */
export function renderApp(url: string, world: SimWorldHandle, userId = 1, handlers: RequestHandler[] = []) {
  server.use(...createHandlers(host, { demoSession: true, onDemoSessionChange: (c) => (document.cookie = c) }))
  server.use(...handlers)
  document.cookie = `md_demo=${world.id}.${userId}; Path=/`
  const qc = createQueryClient()
  const utils = render(
    <QueryClientProvider client={qc}>
      <TestRouter url={url} />
    </QueryClientProvider>,
  )
  return { ...utils, qc }
}
