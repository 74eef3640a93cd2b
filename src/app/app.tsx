import { QueryClientProvider, type QueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { RouterProvider } from 'react-router'
import { createQueryClient } from '../lib/query-client'
import { createAppRouter } from './router'
import './styles.css'

export function App({ queryClient }: { queryClient?: QueryClient } = {}) {
  const [qc] = useState(() => queryClient ?? createQueryClient())
  const [router] = useState(() => createAppRouter(qc))
  return (
    <QueryClientProvider client={qc}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  )
}
