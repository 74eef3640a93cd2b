import { experimental_streamedQuery as streamedQuery, queryOptions } from '@tanstack/react-query'
import { getGradeableStudentsFirstPage, streamGradeableStudents } from '../../../canvas/gradeable-students'
import { canvasPath, type AssignmentRef } from '../../../canvas/keys'
import { getProvisionalGradeStatus } from '../../../canvas/provisional-grades'
import { coalesce } from '../../../lib/coalesce'
import { applyRosterChunk, emptyRoster, shareRoster, type Roster, type RosterChunk } from '../utils/roster'

/** Pages landing within this long of the last cache update wait and go into the next one together. */
const ROSTER_UPDATE_INTERVAL_MS = 250
/**
 * ...and within three times as long as the last update kept the main thread busy (its renders included), up to a
 * second: see coalesce's `busyFactor`.
 */
const ROSTER_UPDATE_BUSY_FACTOR = 3
const ROSTER_UPDATE_MAX_INTERVAL_MS = 1000

async function* rosterStream(ref: AssignmentRef): AsyncGenerator<RosterChunk> {
  // The query's signal is deliberately not read: reading it makes React Query abort (and re-request) the roster
  // when StrictMode unmounts and remounts. Explicit cancellation still stops the stream (streamedQuery), and
  // leaving the for-await aborts the page requests still in flight (streamPages' finally).
  // Page 1 goes into the cache at once, the last page as soon as it lands, the ones between at most every
  // 250 ms: 50 pages are a handful of renders of everything that reads the roster, not 50. (Measured at 5,000
  // students: 100 ms → 1.6 s to load, 250 ms → 1.4 s; the progress text still moves four times a second.)
  for await (const pages of coalesce(streamGradeableStudents(ref), ROSTER_UPDATE_INTERVAL_MS, {
    busyFactor: ROSTER_UPDATE_BUSY_FACTOR,
    maxIntervalMs: ROSTER_UPDATE_MAX_INTERVAL_MS,
  }))
    yield { type: 'pages', pages }
  yield { type: 'done' }
}

export const gradeQueries = {
  all: canvasPath.gradeableStudents,
  /** Every gradeable student with provisional grades; the cache fills page by page as pages land. */
  roster: (ref: AssignmentRef) =>
    queryOptions({
      queryKey: [...gradeQueries.all(ref), { include: 'provisional_grades' }] as const,
      queryFn: streamedQuery<RosterChunk, Roster>({
        streamFn: () => rosterStream(ref),
        reducer: applyRosterChunk,
        initialValue: emptyRoster,
        refetchMode: 'replace',
      }),
      staleTime: 5 * 60_000,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
      // The route asks for the roster before the page mounts (route-data.ts), retries included. A page that mounts
      // on its failure shows it (with Try again) rather than asking Canvas the same again: a refusal (401) stays a
      // refusal, and an outage should not get twice the requests. A new visit asks again.
      retryOnMount: false,
      structuralSharing: shareRoster,
    }),
  /** The first page only (≤ 100 students): what the home page's badge needs, cheaply. */
  firstPage: (ref: AssignmentRef) =>
    queryOptions({
      queryKey: [...gradeQueries.all(ref), { include: 'provisional_grades', page: 1 }] as const,
      queryFn: ({ signal }) => getGradeableStudentsFirstPage({ ...ref, signal }),
      staleTime: 60_000,
    }),
  /** Whether the caller may still add a provisional grade (their grader slot), asked about one student. */
  status: (ref: AssignmentRef, student: { userId?: number; anonymousId: string; anonymous: boolean }) =>
    queryOptions({
      queryKey: [
        ...canvasPath.assignment(ref),
        student.anonymous ? 'anonymous_provisional_grades' : 'provisional_grades',
        'status',
        student.anonymous ? { anonymous_id: student.anonymousId } : { student_id: student.userId },
      ] as const,
      queryFn: ({ signal }) =>
        student.anonymous || student.userId === undefined
          ? getProvisionalGradeStatus({ ...ref, anonymousId: student.anonymousId, signal })
          : getProvisionalGradeStatus({ ...ref, studentId: student.userId, signal }),
      staleTime: 0,
    }),
}
