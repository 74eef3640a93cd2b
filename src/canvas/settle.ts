import { isOutcomeUnknown } from './errors'

/**
 * A write whose answer was lost (the connection dropped after sending, a gateway's 502/503/504, a timeout) may have
 * taken effect in Canvas. It is not a failure to roll back: the page re-reads what Canvas holds and shows that.
 * This error is what is left when even the re-read failed: the outcome is unknown, and the page says so.
 */
export class OutcomeUnknownError extends Error {
  readonly lost: unknown
  constructor(lost: unknown) {
    super('Canvas’s answer was lost, and what Canvas holds could not be read back.')
    this.name = 'OutcomeUnknownError'
    this.lost = lost
  }
}

export function isOutcomeUnknownError(error: unknown): error is OutcomeUnknownError {
  return error instanceof OutcomeUnknownError
}

/**
 * Runs `write`; if its outcome is unknown, runs `reread` and returns `{ reread }` (what Canvas holds), or throws
 * OutcomeUnknownError if that fails too. Any other error is thrown as it is: Canvas refused, nothing changed.
 */
export async function writeOrReread<T, R>(
  write: () => Promise<T>,
  reread: () => Promise<R>,
): Promise<{ written: T; reread?: undefined } | { written?: undefined; reread: R }> {
  try {
    return { written: await write() }
  } catch (error) {
    if (!isOutcomeUnknown(error)) throw error
    try {
      return { reread: await reread() }
    } catch {
      throw new OutcomeUnknownError(error)
    }
  }
}
