import { useEffect, useState } from 'react'

/**
 * A message shown for `ms` after it changed, then cleared: a status toast that does not sit over the page for
 * good. Errors are not passed through this: they stay until dismissed.
 */
export function useTransient(message: string | null | undefined, ms = 8000): string | null {
  const [hidden, setHidden] = useState<string | null>(null)
  useEffect(() => {
    if (!message) return
    setHidden(null)
    const timer = setTimeout(() => setHidden(message), ms)
    return () => clearTimeout(timer)
  }, [message, ms])
  return message && hidden !== message ? message : null
}
