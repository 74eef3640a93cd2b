import { useQueryClient, type QueryClient } from '@tanstack/react-query'
import { lazy } from 'react'
import { BrowserRouter, MemoryRouter, Route, Routes, useLocation, useParams } from 'react-router'
import type { AssignmentRef } from '../canvas/keys'
import { RootLayout } from './routes/root-layout'
import { RouteErrorBoundary, RouteNotFoundError } from './routes/route-error'

// The screens: lazy modules (code-split), each shown by RootLayout's Suspense ("Loading…") until its code and the
// data it waits for are there.
const Home = lazy(() => import('./routes/home'))
const Moderation = lazy(() => import('./routes/moderation'))
const ModerationReport = lazy(() => import('./routes/moderation-report'))
const NotFound = lazy(() => import('./routes/not-found'))

type RouteData = typeof import('./routes/route-data')
let routeData: RouteData | undefined
const loadRouteData = () => import('./routes/route-data').then((m) => (routeData = m))

/** The pathname each QueryClient last started a screen's data for (one per app; one per test). */
const startedFor = new WeakMap<QueryClient, string>()

/**
 * Starts a screen's data the first time its path renders (during render: in parallel with the screen's code, and
 * before the screen asks for it), once per path visited: a change of search params alone does not ask again.
 */
function useRouteData(start: (data: RouteData, qc: QueryClient) => void) {
  const qc = useQueryClient()
  const { pathname } = useLocation()
  if (startedFor.get(qc) === pathname) return
  startedFor.set(qc, pathname)
  if (routeData) start(routeData, qc)
  else
    loadRouteData().then(
      (m) => start(m, qc),
      // The screen's own code fails to load too, and says so; its queries then fetch for themselves.
      () => {},
    )
}

/** The assignment a URL names; anything else than two Canvas ids is "Not found". */
function useAssignmentRef(): AssignmentRef {
  const params = useParams()
  const courseId = Number(params.courseId)
  const assignmentId = Number(params.assignmentId)
  if (!Number.isInteger(courseId) || !Number.isInteger(assignmentId) || courseId <= 0 || assignmentId <= 0)
    throw new RouteNotFoundError()
  return { courseId, assignmentId }
}

function HomeRoute() {
  useRouteData((d, qc) => d.prefetchHome(qc))
  return <Home />
}

function ModerationRoute() {
  const ref = useAssignmentRef()
  useRouteData((d, qc) => d.prefetchModeration(qc, ref))
  return <Moderation assignmentRef={ref} />
}

function ModerationReportRoute() {
  const ref = useAssignmentRef()
  useRouteData((d, qc) => d.prefetchReport(qc, ref))
  return <ModerationReport assignmentRef={ref} />
}

/** The route table (declarative: no data router, whose code would be in every page's first download). */
export function AppRoutes() {
  return (
    // Errors of the layout itself; a screen's are shown inside it (RootLayout).
    <RouteErrorBoundary>
      <Routes>
        <Route path="/" element={<RootLayout />}>
          <Route index element={<HomeRoute />} />
          <Route path="courses/:courseId/assignments/:assignmentId/moderate" element={<ModerationRoute />} />
          <Route
            path="courses/:courseId/assignments/:assignmentId/moderate/report"
            element={<ModerationReportRoute />}
          />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
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
