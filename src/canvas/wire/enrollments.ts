import { z } from '../zod'
import { enrollmentWire } from './users'

/** The enrolment classes of students: the test student's is a StudentViewEnrollment (Course#student_view_student). */
export const STUDENT_ENROLLMENT_TYPES: readonly string[] = ['StudentEnrollment', 'StudentViewEnrollment']

/**
 * A GET /courses/:id/users row with `include[]=enrollments`, read for its student enrolments and ids (enrollments.ts):
 * the names are not needed there, so a row without them still counts. `enrollments` lists every enrolment of the user in the
 * course in the asked states, whatever its type (CoursesController#users), so at least one must be a student's.
 */
export const rosterUserWire = z
  .object({
    id: z.number(),
    enrollments: z.array(enrollmentWire),
    /**
     * Sent only to callers who may see them (lib/api/v1/user.rb `user_json`): `sis_user_id` (null when the user has
     * no SIS login) with read_sis on the course or manage_sis on the root account; `login_id` with view_user_logins.
     * Absent otherwise; either can be null.
     */
    sis_user_id: z.nullish(z.string()),
    login_id: z.nullish(z.string()),
  })
  .check(
    z.refine((row) => row.enrollments.some((e) => STUDENT_ENROLLMENT_TYPES.includes(e.type)), {
      message: 'a student row needs a student enrolment',
      path: ['enrollments'],
    }),
  )
export type RosterUserWire = z.infer<typeof rosterUserWire>

/** The same endpoint read for the caller's own enrolments (any type). */
export const ownEnrollmentsUserWire = z.object({
  id: z.number(),
  enrollments: z.optional(z.array(enrollmentWire)),
})
