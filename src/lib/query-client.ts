import { QueryClient } from '@tanstack/react-query'
import { isCanvasApiError } from '../canvas/errors'

/** Never retry 4xx (permission, validation, not found); retry a network/5xx failure once. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (isCanvasApiError(error) && error.status >= 400 && error.status < 500) return false
  return failureCount < 1
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 30_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  })
}
