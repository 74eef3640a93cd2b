import { QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { SessionGate } from '../features/session/components/session-gate'
import { installSignInRedirect } from '../features/session/sign-in'
import { createQueryClient } from '../lib/query-client'
import { AppRouter } from './router'
import './styles.css'

export function App({ queryClient }: { queryClient?: QueryClient } = {}) {
  const [qc] = useState(() => queryClient ?? createQueryClient())
  // Consulted when a response says the sign-in ended. Installed as the first render commits: before the first
  // screen's requests start (once the route's data module has loaded), so they are covered too.
  useEffect(() => installSignInRedirect(qc), [qc])
  return (
    <QueryClientProvider client={qc}>
      <SessionGate>
        {/* The routes start loading their data at once, while GET /session is still on its way. */}
        <AppRouter />
      </SessionGate>
    </QueryClientProvider>
  )
}
