/**
 * Posting grades to students: Canvas offers it only through GraphQL (app/graphql/mutations/post_assignment_grades.rb,
 * post_assignment_grades_for_sections.rb, hide_assignment_grades.rb). The browser never sends GraphQL text: it asks the
 * server for one of these named operations (`POST /api/md/courses/:course_id/assignments/:assignment_id/<name>` with a
 * small JSON body), and the server sends Canvas the fixed document below with variables it checked. Nothing else ever
 * reaches `/api/graphql`. The simulator answers the same documents (src/mocks/sim/posting.ts) and stands in for the
 * server in the backend-less demo and in unit tests (src/mocks/handlers/post-operations.ts).
 *
 * Shared by the server (src/server/canvas-proxy.ts) and the simulator: pure, no I/O.
 */

export const POST_OPERATION_NAMES = ['post_grades', 'post_grades_for_sections', 'hide_grades'] as const
export type PostOperationName = (typeof POST_OPERATION_NAMES)[number]

/** The Moderation Desk path of an operation. */
export const POST_OPERATION_PATH = /^\/api\/md\/courses\/(\d{1,15})\/assignments\/(\d{1,15})\/([a-z_]{1,40})$/

const PROGRESS = 'progress { _id state }'

/**
 * The documents, with the argument names of Canvas's mutations (`assignmentId`, `gradedOnly`, `sectionIds`): each
 * queues a Progress (Progress#process_job → AbstractAssignment#post_submissions / #hide_submissions) and answers
 * with it at once; the posting itself happens in that job.
 */
export const POST_DOCUMENTS: Record<PostOperationName, { field: string; document: string }> = {
  post_grades: {
    field: 'postAssignmentGrades',
    document: `mutation MdPostAssignmentGrades($assignmentId: ID!, $gradedOnly: Boolean) {
  postAssignmentGrades(input: {assignmentId: $assignmentId, gradedOnly: $gradedOnly}) { ${PROGRESS} }
}`,
  },
  post_grades_for_sections: {
    field: 'postAssignmentGradesForSections',
    document: `mutation MdPostAssignmentGradesForSections($assignmentId: ID!, $sectionIds: [ID!]!, $gradedOnly: Boolean) {
  postAssignmentGradesForSections(input: {assignmentId: $assignmentId, sectionIds: $sectionIds, gradedOnly: $gradedOnly}) { ${PROGRESS} }
}`,
  },
  hide_grades: {
    field: 'hideAssignmentGrades',
    document: `mutation MdHideAssignmentGrades($assignmentId: ID!) {
  hideAssignmentGrades(input: {assignmentId: $assignmentId}) { ${PROGRESS} }
}`,
  },
}

/** What the browser sends for each operation (JSON). Unknown keys are refused, not ignored. */
export interface PostOperationInput {
  gradedOnly?: boolean
  sectionIds?: number[]
}

/** Canvas's REST error shape, so the app's error handling reads these answers like any other. */
export interface OperationAnswer {
  status: number
  body: unknown
}

const refusal = (status: number, message: string): OperationAnswer => ({ status, body: { errors: [{ message }] } })

/** At most this many sections in one request: far above any course, and keeps the body small. */
const MAX_SECTIONS = 500

/**
 * The GraphQL request body for an operation, or the refusal when its input is not one the app sends. Ids are sent as
 * strings: GraphQL `ID`s, which Canvas's mutations take as legacy numeric ids (relay_or_legacy_id_prepare_func).
 */
export function graphqlRequestFor(
  name: string,
  assignmentId: string,
  input: unknown,
):
  | { body: { query: string; operationName: string; variables: Record<string, unknown> } }
  | { refused: OperationAnswer } {
  if (!(POST_OPERATION_NAMES as readonly string[]).includes(name))
    return { refused: refusal(404, `Moderation Desk has no operation “${name}”.`) }
  const op = name as PostOperationName
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    return { refused: refusal(400, 'The request body must be a JSON object.') }
  const { gradedOnly, sectionIds, ...rest } = input as Record<string, unknown>
  const extra = Object.keys(rest)[0]
  if (extra !== undefined) return { refused: refusal(400, `Unknown field “${extra.slice(0, 40)}”.`) }
  if (gradedOnly !== undefined && typeof gradedOnly !== 'boolean')
    return { refused: refusal(400, 'gradedOnly must be true or false.') }
  if (op === 'hide_grades' && gradedOnly !== undefined)
    return { refused: refusal(400, 'Hiding grades takes no gradedOnly.') }
  const wantsSections = op === 'post_grades_for_sections'
  if (!wantsSections && sectionIds !== undefined)
    return { refused: refusal(400, 'sectionIds belongs to post_grades_for_sections.') }
  if (wantsSections) {
    if (
      !Array.isArray(sectionIds) ||
      sectionIds.length === 0 ||
      sectionIds.length > MAX_SECTIONS ||
      !sectionIds.every((s) => Number.isSafeInteger(s) && (s as number) > 0)
    )
      return { refused: refusal(400, 'sectionIds must be a list of section ids.') }
  }
  const { document } = POST_DOCUMENTS[op]
  const operationName = /^mutation (\w+)/.exec(document)![1]!
  return {
    body: {
      query: document,
      operationName,
      variables: {
        assignmentId,
        ...(gradedOnly !== undefined ? { gradedOnly } : {}),
        ...(wantsSections ? { sectionIds: (sectionIds as number[]).map(String) } : {}),
      },
    },
  }
}

/** The answer the app gets: `{ progress: { id, state } }`, or Canvas's message as a REST error. */
export interface PostOperationResult {
  progress: { id: number; state: string }
}

/**
 * Reads Canvas's GraphQL answer. Canvas sends 200 for everything; a refusal is the top-level `errors[0].message`
 * with the mutation's data null (base_mutation.rb raises GraphQL::ExecutionError: "not found", "Assignments under
 * moderation cannot be posted before grades are published", …), answered here as 400 with that message (404 for
 * "not found"). A payload that is null without errors is what Canvas gives a token whose developer key enforces
 * scopes: its GraphQL allows only the Query type (lib/authentication_methods.rb graphql_type_authorized?).
 */
export function answerFromGraphql(name: PostOperationName, status: number, json: unknown): OperationAnswer {
  if (status !== 200) return { status, body: json }
  const field = POST_DOCUMENTS[name].field
  const root = (json ?? {}) as { data?: Record<string, unknown> | null; errors?: { message?: unknown }[] }
  const message = root.errors?.find((e) => typeof e.message === 'string')?.message as string | undefined
  if (message !== undefined) return refusal(message === 'not found' ? 404 : 400, message)
  const payload = root.data?.[field] as { progress?: { _id?: unknown; state?: unknown } | null } | null | undefined
  if (payload === null || payload === undefined)
    return refusal(
      403,
      'Canvas did not run this: tokens of developer keys that enforce scopes cannot use Canvas’s GraphQL API, which posting grades needs. Post the grades from Canvas’s Gradebook, or use a developer key without enforced scopes.',
    )
  const id = Number(payload.progress?._id)
  if (!Number.isSafeInteger(id) || typeof payload.progress?.state !== 'string')
    return refusal(502, 'Canvas’s answer did not say how the posting is going.')
  return { status: 200, body: { progress: { id, state: payload.progress.state } } satisfies PostOperationResult }
}
