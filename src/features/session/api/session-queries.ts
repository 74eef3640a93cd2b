import { queryOptions } from '@tanstack/react-query'
import { getDemoSession } from './demo-session'
import { getServerSession } from './server-session'

export const sessionQueries = {
  /** null in live mode (the endpoint 404s). */
  demo: () =>
    queryOptions({
      queryKey: ['demo', 'session'] as const,
      queryFn: ({ signal }) => getDemoSession({ signal }),
      staleTime: Infinity,
      retry: false,
    }),
  /** GET /session: the server's mode (demo, token, oauth) and, in OAuth mode, who is signed in. Read once at start. */
  server: () =>
    queryOptions({
      queryKey: ['session'] as const,
      queryFn: ({ signal }) => getServerSession({ signal }),
      staleTime: Infinity,
      retry: 1,
    }),
}
