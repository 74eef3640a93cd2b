import { queryOptions } from '@tanstack/react-query'
import { getDemoSession } from '../../../canvas/demo-session'
import { canvasPath } from '../../../canvas/keys'
import { getServerSession } from '../../../canvas/server-session'

export const sessionQueries = {
  /** null in live mode (the endpoint 404s). */
  demo: () =>
    queryOptions({
      queryKey: canvasPath.demoSession(),
      queryFn: ({ signal }) => getDemoSession({ signal }),
      staleTime: Infinity,
      retry: false,
    }),
  /** GET /session: the server's mode (demo, token, oauth) and, in OAuth mode, who is signed in. Read once at start. */
  server: () =>
    queryOptions({
      queryKey: canvasPath.serverSession(),
      queryFn: ({ signal }) => getServerSession({ signal }),
      staleTime: Infinity,
      retry: 1,
    }),
}
