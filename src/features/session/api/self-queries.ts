import { queryOptions } from '@tanstack/react-query'
import { canvasPath } from '../../../canvas/keys'
import { getSelf } from '../../../canvas/users'

/**
 * GET /api/v1/users/self. Apart from the session queries because it pulls in the Canvas user schemas, which
 * only the data screens (lazy routes) need.
 */
export const selfQueries = {
  self: () =>
    queryOptions({ queryKey: canvasPath.self(), queryFn: ({ signal }) => getSelf({ signal }), staleTime: 10 * 60_000 }),
}
