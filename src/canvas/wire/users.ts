import { z } from 'zod'

/** users_json (§2.1): moderated_students, course users. */
export const userWire = z.object({
  id: z.number(),
  name: z.string(),
  sortable_name: z.string(),
  short_name: z.string(),
  created_at: z.string().optional(),
  login_id: z.string().optional(),
  sis_user_id: z.string().nullable().optional(),
  pronouns: z.string().nullable().optional(),
  avatar_url: z.string().optional(),
  enrollments: z.array(z.lazy(() => enrollmentWire)).optional(),
})
export type UserWire = z.infer<typeof userWire>

/** GET /api/v1/users/self (a Profile-like User). */
export const selfWire = userWire.extend({
  locale: z.string().nullable().optional(),
  effective_locale: z.string().optional(),
})
export type SelfWire = z.infer<typeof selfWire>

export const enrollmentWire = z.object({
  id: z.number().optional(),
  user_id: z.number(),
  course_id: z.number().optional(),
  /** 'teacher' | 'ta' | 'student' | 'designer' | 'observer' in course JSON; 'TeacherEnrollment' etc. in enrollment JSON. */
  type: z.string(),
  role: z.string(),
  /** The enrolment's workflow state: 'active' | 'invited' | 'creation_pending' | 'inactive' | 'completed' | … */
  enrollment_state: z.string(),
  /**
   * Enrollment JSON only (lib/api/v1/user.rb `enrollment_json`); Canvas leaves it out when the course hides sections on
   * its People page (`sections_hidden_on_roster_page?`). Course JSON's own enrolments have none.
   */
  course_section_id: z.number().optional(),
  /** "Users can only see/interact with users in their section". */
  limit_privileges_to_course_section: z.boolean().optional(),
  role_id: z.number().optional(),
})
export type EnrollmentWire = z.infer<typeof enrollmentWire>

/** GET /api/v1/courses/:id/permissions?permissions[]=... → {"select_final_grade": true, ...} */
export const permissionsWire = z.record(z.string(), z.boolean())
