import { QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { RouterProvider } from 'react-router'
import { SessionGate } from '../features/session/components/session-gate'
import { installSignInRedirect } from '../features/session/sign-in'
import { createQueryClient } from '../lib/query-client'
import { createAppRouter } from './router'
import './styles.css'

export function App({ queryClient }: { queryClient?: QueryClient } = {}) {
  const [qc] = useState(() => queryClient ?? createQueryClient())
  // Installed before the router starts loading, so its first loaders' requests are covered too.
  useEffect(() => installSignInRedirect(qc), [qc])
  return (
    <QueryClientProvider client={qc}>
      <SessionGate>
        <AppRouter qc={qc} />
      </SessionGate>
    </QueryClientProvider>
  )
}

/** The router starts loading data as soon as it exists, while GET /session is still on its way. */
function AppRouter({ qc }: { qc: QueryClient }) {
  const [router] = useState(() => createAppRouter(qc))
  return <RouterProvider router={router} />
}
