/**
 * One independent simulated Canvas: its tables, indexes, clock, seeded randomness and the switches that
 * tests flip (latency, failures, faults, rate limit, 401/403). Domain modules (accounts.ts, users.ts, …)
 * hold the rules; this file only stores rows and keeps the indexes consistent.
 */
import { DEFAULT_TOKEN_TTL_SECONDS, LtiState, OAuthState } from './oauth-state'
import { createRng, hashString, type Rng } from './prng'
import type {
  Account,
  Assignment,
  AssignmentGroup,
  CastRole,
  Course,
  CourseSection,
  Enrollment,
  GradingStandard,
  ModerationGrader,
  ProvisionalGrade,
  Selection,
  Submission,
  User,
} from './types'

export interface RateLimitConfig {
  /** Canvas defaults: high-water mark 600, maximum 800, outflow 10 units/s, up-front cost 50. */
  highWaterMark: number
  maximum: number
  outflowPerSecond: number
  upFrontCost: number
  /** Simulated cost of one request (Canvas: CPU + DB seconds). */
  requestCost: number
}

export const DEFAULT_RATE_LIMIT: RateLimitConfig = {
  highWaterMark: 600,
  maximum: 800,
  outflowPerSecond: 10,
  upFrontCost: 50,
  requestCost: 1,
}

export interface WorldSettings {
  latencyMs: number
  /**
   * Canvas's own time per row of a list, by route name (`gradeable_students: 4` = 400 ms for a page of 100
   * students), on top of `latencyMs`. Large real courses take this long to build their pages; every request is worked
   * on side by side, as by Canvas's many workers.
   */
  serverMsPerRow: Record<string, number>
  /** Probability in [0,1] that a request fails with a random 500 (seeded). */
  failureRate: number
  unauthorizedStatus: 401 | 403
  rateLimit: RateLimitConfig | null
  /** Lifetime of OAuth access tokens issued from now on (real seconds; Canvas: 3600). */
  tokenTtlSeconds: number
}

export type FaultKind = 'status' | 'drop' | 'malformed' | 'html' | 'commit-then-drop' | 'commit-then-502'

export interface Fault {
  /** Short route name (`publish`, `select`, …) or `*`; combined with method/pathPattern when given. */
  route: string | null
  method: string | null
  pathPattern: RegExp | null
  /** Tested against the query string without its `?` (e.g. `(^|&)page=3(&|$)` for one page of a list). */
  queryPattern: RegExp | null
  kind: FaultKind
  status: number
  /** Remaining requests to fail; Infinity for "until cleared". */
  remaining: number
  /** For `drop`: run the handler first (the write lands, the answer is lost), as `commit-then-drop` does. */
  afterHandler: boolean
}

export interface RequestLogEntry {
  method: string
  route: string
  path: string
  status: number
  ms: number
  userId: number | null
}

export interface CastMember {
  id: number
  name: string
  role: CastRole
  token: string
}

export interface Bucket {
  count: number
  lastLeakAt: number
}

const EPOCH_NOW = Date.UTC(2025, 9, 14, 16, 0, 0) // 2025-10-14T16:00:00Z, the fixed "now" of every world

export class World {
  readonly id: string
  readonly scenario: string
  readonly seed: number
  /** Data generation (scenarios, anonymous ids). */
  readonly rng: Rng
  /** Failure-rate dice, separate so faults don't shift generated data. */
  readonly faultRng: Rng
  nowMs = EPOCH_NOW

  // Canvas throttles every request (contract §6.3), so the simulator does too unless a test turns it off.
  settings: WorldSettings = {
    latencyMs: 0,
    serverMsPerRow: {},
    failureRate: 0,
    unauthorizedStatus: 401,
    rateLimit: { ...DEFAULT_RATE_LIMIT },
    tokenTtlSeconds: DEFAULT_TOKEN_TTL_SECONDS,
  }
  faults: Fault[] = []
  requestLog: RequestLogEntry[] = []
  buckets = new Map<string, Bucket>()
  cast: CastMember[] = []
  /** Developer key, authorization codes and OAuth tokens (sim/oauth-state.ts; the rules in sim/oauth.ts). */
  readonly oauth: OAuthState
  /** The LTI 1.3 developer key, its deployment and the platform's key pair (sim/oauth-state.ts; rules in sim/lti.ts). */
  readonly lti: LtiState

  accounts = new Map<number, Account>()
  users = new Map<number, User>()
  /** token → user id (SimHost keeps the global token → world index). */
  tokens = new Map<string, number>()
  courses = new Map<number, Course>()
  sections = new Map<number, CourseSection>()
  enrollmentsByCourse = new Map<number, Enrollment[]>()
  enrollmentsByUser = new Map<number, Enrollment[]>()
  assignmentGroups = new Map<number, AssignmentGroup>()
  gradingStandards = new Map<number, GradingStandard>()
  assignments = new Map<number, Assignment>()
  /** assignment id → user id → submission */
  submissions = new Map<number, Map<number, Submission>>()
  submissionsByAnonymousId = new Map<number, Map<string, Submission>>()
  submissionsById = new Map<number, Submission>()
  provisionalGrades = new Map<number, ProvisionalGrade>()
  provisionalGradesBySubmission = new Map<number, ProvisionalGrade[]>()
  /** assignment id → student id → selection row */
  selections = new Map<number, Map<number, Selection>>()
  /** assignment id → user id → moderation grader */
  moderationGraders = new Map<number, Map<number, ModerationGrader>>()

  private counters = new Map<string, number>()
  private pgSeq = 0

  constructor(id: string, scenario: string, seed: number) {
    this.id = id
    this.scenario = scenario
    this.seed = seed
    this.rng = createRng(hashString(`${seed}:data`))
    this.faultRng = createRng(hashString(`${seed}:faults`))
    this.oauth = new OAuthState(id, seed)
    this.lti = new LtiState(id)
  }

  /** Sequential ids per table, starting where a scenario says (deterministic). */
  nextId(table: string, start = 1): number {
    const id = this.counters.get(table) ?? start
    this.counters.set(table, id + 1)
    return id
  }

  /** Reserve ids up to `id` so later `nextId` calls don't collide with an explicit id. */
  claimId(table: string, id: number): number {
    if ((this.counters.get(table) ?? 0) <= id) this.counters.set(table, id + 1)
    return id
  }

  /** Every write advances the world clock by one second, so `updated_at` orders writes deterministically. */
  tick(): number {
    this.nowMs += 1000
    return this.nowMs
  }

  nextPgSeq(): number {
    return ++this.pgSeq
  }

  // ---- row insertion (keeps indexes in sync) ----

  addEnrollment(enrollment: Enrollment): Enrollment {
    push(this.enrollmentsByCourse, enrollment.course_id, enrollment)
    push(this.enrollmentsByUser, enrollment.user_id, enrollment)
    return enrollment
  }

  /** Bumped by every addSubmission: kept orders of an assignment's submissions (submissions.ts) know they are stale. */
  submissionsAdded = 0

  addSubmission(submission: Submission): Submission {
    this.submissionsAdded++
    mapOf(this.submissions, submission.assignment_id).set(submission.user_id, submission)
    mapOf(this.submissionsByAnonymousId, submission.assignment_id).set(submission.anonymous_id, submission)
    this.submissionsById.set(submission.id, submission)
    return submission
  }

  addProvisionalGrade(pg: ProvisionalGrade): ProvisionalGrade {
    this.provisionalGrades.set(pg.id, pg)
    push(this.provisionalGradesBySubmission, pg.submission_id, pg)
    return pg
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

export function mapOf<K, K2, V>(map: Map<K, Map<K2, V>>, key: K): Map<K2, V> {
  let inner = map.get(key)
  if (!inner) {
    inner = new Map()
    map.set(key, inner)
  }
  return inner
}

const isoTexts = new Map<number, string>()

/** Canvas's JSON time format: ISO-8601 in UTC, seconds precision. */
export function isoTime(ms: number | null): string | null {
  if (ms === null) return null
  // A roster page of 100 students writes some 400 of these, and every later read of the roster the same ones again:
  // each is kept once written (looking it up costs a tenth of writing it), all forgotten at once when there are many.
  let text = isoTexts.get(ms)
  if (text === undefined) {
    // toISOString always ends in `.sssZ`.
    text = `${new Date(ms).toISOString().slice(0, -5)}Z`
    if (isoTexts.size >= 100_000) isoTexts.clear()
    isoTexts.set(ms, text)
  }
  return text
}
