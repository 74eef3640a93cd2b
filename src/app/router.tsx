import type { QueryClient } from '@tanstack/react-query'
import { createBrowserRouter, createMemoryRouter, type RouteObject } from 'react-router'
import { RootLayout } from './routes/root-layout'
import { RouteError } from './routes/route-error'

/** Route table. Screens are lazy modules (code-split); their loaders get the QueryClient. */
export function createRoutes(qc: QueryClient): RouteObject[] {
  return [
    {
      path: '/',
      Component: RootLayout,
      ErrorBoundary: RouteError,
      HydrateFallback: () => <p className="route-loading">Loading…</p>,
      children: [
        {
          ErrorBoundary: RouteError,
          children: [
            {
              index: true,
              lazy: () => import('./routes/home').then((m) => ({ Component: m.default, loader: m.makeLoader(qc) })),
            },
            {
              path: 'courses/:courseId/assignments/:assignmentId/moderate',
              lazy: () =>
                import('./routes/moderation').then((m) => ({ Component: m.default, loader: m.makeLoader(qc) })),
            },
            {
              path: 'courses/:courseId/assignments/:assignmentId/moderate/report',
              lazy: () =>
                import('./routes/moderation-report').then((m) => ({ Component: m.default, loader: m.makeLoader(qc) })),
            },
            {
              path: '*',
              lazy: () => import('./routes/not-found').then((m) => ({ Component: m.default })),
            },
          ],
        },
      ],
    },
  ]
}

export function createAppRouter(qc: QueryClient) {
  return createBrowserRouter(createRoutes(qc))
}

export function createTestRouter(qc: QueryClient, url: string) {
  return createMemoryRouter(createRoutes(qc), { initialEntries: [url] })
}
