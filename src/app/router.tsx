import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { startTransition, useCallback, useEffect, useReducer, useState, type ComponentType } from 'react'
import {
  BrowserRouter,
  matchRoutes,
  MemoryRouter,
  useLocation,
  useParams,
  useRoutes,
  type Location,
  type Params,
  type RouteObject,
} from 'react-router'
import type { AssignmentRef } from '../canvas/keys'
import { RootLayout, RouteLoading } from './routes/root-layout'
import { RouteErrorBoundary, RouteNotFoundError } from './routes/route-error'

type RouteData = typeof import('./routes/route-data')

/**
 * What the screens' first requests need (the Canvas client, the query definitions), in its own small module so it
 * stays out of the entry chunk. Asked for as the app starts, alongside the screen's code (main.tsx): the requests
 * then wait neither for the screen's code nor for a render.
 */
const routeDataModule: Promise<RouteData> = import('./routes/route-data')
let routeData: RouteData | undefined
routeDataModule.then(
  (m) => (routeData = m),
  () => {},
)

/** A screen's module: its own chunk, loaded when its route is first visited (or before: see main.tsx). */
interface Loadable {
  load(): Promise<unknown>
  component?: unknown
}
interface Screen<P> extends Loadable {
  component?: ComponentType<P>
}
function screen<P>(importer: () => Promise<{ default: ComponentType<P> }>): Screen<P> {
  let loading: Promise<unknown> | undefined
  const s: Screen<P> = {
    load: () =>
      (loading ??= importer().then(
        (m) => (s.component = m.default),
        (error: unknown) => {
          loading = undefined // the next visit tries again
          throw error
        },
      )),
  }
  return s
}

/** The assignment a URL names, or null: anything else than two Canvas ids. */
function parseRef(params: Params): AssignmentRef | null {
  const courseId = Number(params.courseId)
  const assignmentId = Number(params.assignmentId)
  if (!Number.isInteger(courseId) || !Number.isInteger(assignmentId) || courseId <= 0 || assignmentId <= 0) return null
  return { courseId, assignmentId }
}

/** A route's screen and the data the screen waits for (started with its code). */
interface ScreenRoute {
  screen: Loadable
  data: ((d: RouteData, qc: QueryClient, params: Params) => Promise<unknown> | null) | null
}
const withRef =
  (start: (d: RouteData, qc: QueryClient, ref: AssignmentRef) => Promise<unknown> | null) =>
  (d: RouteData, qc: QueryClient, params: Params) => {
    const ref = parseRef(params)
    return ref ? start(d, qc, ref) : null
  }

const MODERATE = '/courses/:courseId/assignments/:assignmentId/moderate'
const home = screen(() => import('./routes/home'))
const moderation = screen(() => import('./routes/moderation'))
const moderationReport = screen(() => import('./routes/moderation-report'))
const notFound = screen(() => import('./routes/not-found'))
const routes = {
  home: { screen: home, data: (d, qc) => d.prefetchHome(qc) },
  moderation: { screen: moderation, data: withRef((d, qc, ref) => d.prefetchModeration(qc, ref)) },
  report: { screen: moderationReport, data: withRef((d, qc, ref) => d.prefetchReport(qc, ref)) },
  notFound: { screen: notFound, data: null },
} satisfies Record<string, ScreenRoute>

/** One visit to a path: its screen's code and the data the screen waits for, started once. */
interface Visit {
  pathname: string
  key: string
  state: 'loading' | 'ready' | 'failed'
  error?: unknown
  settled: Promise<void>
}
/** The visit each QueryClient is on (one per app; one per test). */
const visits = new WeakMap<QueryClient, Visit>()

/**
 * The visit to `location`, started if it is a new one: once per path visited (a change of search params alone asks
 * for nothing again, unless the visit failed). Starting it starts the screen's code and data together.
 */
function visitFor(qc: QueryClient, location: Location, route: ScreenRoute, params: Params): Visit {
  const { pathname, key } = location
  const current = visits.get(qc)
  if (current && current.pathname === pathname && (current.state !== 'failed' || current.key === key)) return current
  const visit: Visit = { pathname, key, state: 'loading', settled: Promise.resolve() }
  const start = route.data
  const data = !start
    ? null
    : routeData
      ? start(routeData, qc, params)
      : routeDataModule.then((d) => start(d, qc, params))
  const code = route.screen.component ? null : route.screen.load()
  if (!data && !code) visit.state = 'ready'
  else
    visit.settled = Promise.all([data, code]).then(
      () => void (visit.state = 'ready'),
      (error: unknown) => {
        visit.state = 'failed'
        visit.error = error
      },
    )
  visits.set(qc, visit)
  return visit
}

/** The visit to `location` of the route that matches it (there is always one: the 404 page's `*`). */
function visitMatching(qc: QueryClient, location: Location): Visit {
  const leaf = matchRoutes(routeTable, location)?.at(-1)
  const route = leaf?.route.handle as ScreenRoute | undefined
  if (!leaf || !route) throw new Error(`no route for ${location.pathname}`)
  return visitFor(qc, location, route, leaf.params)
}

/**
 * The app's first "Loading…", before the layout: the first render is kept this small so that the first screen's
 * data module runs, and its requests start, as soon as it has loaded rather than after a long first render (as the
 * data router's HydrateFallback did). Once the first screen can render, so does the layout around it.
 */
function FirstVisit({ onReady }: { onReady: () => void }) {
  const visit = visitMatching(useQueryClient(), useLocation())
  useEffect(() => {
    let live = true
    void visit.settled.then(() => live && onReady())
    return () => {
      live = false
    }
  }, [visit, onReady])
  return (
    <p className="route-loading" role="status">
      Loading…
    </p>
  )
}

/**
 * Whether the route's screen can render: its code is there, and the data it waits for (an error: thrown, for the
 * route's error page). The route renders its "Loading…" itself rather than as a Suspense fallback: React holds back
 * the content of a boundary that showed its fallback for up to 300 ms (measured: the grid 150 ms later).
 */
function useRouteVisit(route: ScreenRoute): boolean {
  const qc = useQueryClient()
  const location = useLocation()
  const visit = visitFor(qc, location, route, useParams())
  const [, rerender] = useReducer((n: number) => n + 1, 0)
  useEffect(() => {
    if (visit.state !== 'loading') return
    let live = true
    // A transition, as the data router rendered a route whose loader had finished.
    void visit.settled.then(() => live && startTransition(rerender))
    return () => {
      live = false
    }
  }, [visit])
  if (visit.state === 'failed') throw visit.error
  return visit.state === 'ready'
}

function useAssignmentRef(): AssignmentRef {
  const ref = parseRef(useParams())
  if (!ref) throw new RouteNotFoundError()
  return ref
}

function HomeRoute() {
  const ready = useRouteVisit(routes.home)
  const Home = home.component
  return ready && Home ? <Home /> : <RouteLoading />
}

function ModerationRoute() {
  const ref = useAssignmentRef()
  const ready = useRouteVisit(routes.moderation)
  const Moderation = moderation.component
  return ready && Moderation ? <Moderation assignmentRef={ref} /> : <RouteLoading />
}

function ModerationReportRoute() {
  const ref = useAssignmentRef()
  const ready = useRouteVisit(routes.report)
  const Report = moderationReport.component
  return ready && Report ? <Report assignmentRef={ref} /> : <RouteLoading />
}

function NotFoundRoute() {
  const ready = useRouteVisit(routes.notFound)
  const NotFound = notFound.component
  return ready && NotFound ? <NotFound /> : <RouteLoading />
}

/**
 * The route table (declarative: no data router, whose code would be in every page's first download). The first
 * visit matches a URL against it (`matchRoutes`) and the app renders it (`useRoutes`); each screen's `handle` is
 * its ScreenRoute.
 */
const routeTable: RouteObject[] = [
  {
    path: '/',
    element: <RootLayout />,
    children: [
      { index: true, element: <HomeRoute />, handle: routes.home },
      { path: MODERATE, element: <ModerationRoute />, handle: routes.moderation },
      { path: `${MODERATE}/report`, element: <ModerationReportRoute />, handle: routes.report },
      { path: '*', element: <NotFoundRoute />, handle: routes.notFound },
    ],
  },
]

function Screens() {
  return useRoutes(routeTable)
}

export function AppRoutes() {
  const [started, setStarted] = useState(false)
  // A transition, as the data router rendered the first route once its loader had finished.
  const onReady = useCallback(() => startTransition(() => setStarted(true)), [])
  if (!started) return <FirstVisit onReady={onReady} />
  return (
    // Errors of the layout itself; a screen's are shown inside it (RootLayout).
    <RouteErrorBoundary>
      <Screens />
    </RouteErrorBoundary>
  )
}

export function AppRouter() {
  return (
    <BrowserRouter>
      <AppRoutes />
    </BrowserRouter>
  )
}

/** The app's routes at `url`, in memory (Vitest). */
export function TestRouter({ url }: { url: string }) {
  return (
    <MemoryRouter initialEntries={[url]}>
      <AppRoutes />
    </MemoryRouter>
  )
}
