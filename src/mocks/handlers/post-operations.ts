/**
 * The server's named posting operations (src/lib/post-operations.ts), played by the simulator where there is no
 * server in front of it: the backend-less demo's service worker, Vitest, and `npm start`'s demo. Each request is turned
 * into the GraphQL document the server would send and answered by the simulated Canvas's own /api/graphql route (its
 * identity, throttle, faults and request log included), then read back as the server reads it. In token and OAuth
 * modes the server does this itself (src/server/canvas-proxy.ts) and the simulator only sees /api/graphql.
 */
import {
  http,
  HttpResponse,
  type DefaultBodyType,
  type HttpHandler,
  type HttpResponseResolver,
  type PathParams,
} from 'msw'
import { answerFromGraphql, graphqlRequestFor, type PostOperationName } from '../../lib/post-operations'
import type { SimHost } from '../sim/host'
import { graphql } from '../sim/posting'
import { createRouteFactory, type HandlerOptions } from './route'

export function postOperationHandlers(host: SimHost, options: HandlerOptions): HttpHandler[] {
  const graphqlRoute: HttpResponseResolver<PathParams, DefaultBodyType> = createRouteFactory(host, options)(
    'graphql',
    ({ caller, params, scoped }) => ({ body: graphql(caller, params, scoped) }),
  )
  return [
    http.post('*/api/md/courses/:course_id/assignments/:assignment_id/:operation', async (info) => {
      const { request, params } = info
      let input: unknown
      try {
        input = await request.clone().json()
      } catch {
        input = null
      }
      const built = graphqlRequestFor(String(params.operation), String(params.assignment_id), input)
      if ('refused' in built)
        return HttpResponse.json(built.refused.body as DefaultBodyType, { status: built.refused.status })
      const headers = new Headers(request.headers)
      headers.set('content-type', 'application/json')
      const inner = new Request(new URL('/api/graphql', request.url), {
        method: 'POST',
        headers,
        body: JSON.stringify(built.body),
      })
      const response = (await graphqlRoute({
        ...info,
        request: inner as typeof info.request,
        params: {},
      })) as Response | undefined
      if (!response || response.type === 'error') return HttpResponse.error()
      let json: unknown
      try {
        json = await response.clone().json()
      } catch {
        return response // a gateway's page, passed on as the server passes it on
      }
      const answer = answerFromGraphql(String(params.operation) as PostOperationName, response.status, json)
      return HttpResponse.json(answer.body as DefaultBodyType, { status: answer.status })
    }),
  ]
}
