import { z } from '../zod'

export const enrollmentWire = z.object({
  id: z.optional(z.number()),
  user_id: z.number(),
  course_id: z.optional(z.number()),
  /** 'teacher' | 'ta' | 'student' | 'designer' | 'observer' in course JSON; 'TeacherEnrollment' etc. in enrollment JSON. */
  type: z.string(),
  role: z.string(),
  /** The enrolment's workflow state: 'active' | 'invited' | 'creation_pending' | 'inactive' | 'completed' | … */
  enrollment_state: z.string(),
  /**
   * Enrollment JSON only (lib/api/v1/user.rb `enrollment_json`); Canvas leaves it out when the course hides sections on
   * its People page (`sections_hidden_on_roster_page?`). Course JSON's own enrolments have none.
   */
  course_section_id: z.optional(z.number()),
  /** "Users can only see/interact with users in their section". */
  limit_privileges_to_course_section: z.optional(z.boolean()),
  role_id: z.optional(z.number()),
})
export type EnrollmentWire = z.infer<typeof enrollmentWire>

/** users_json (§2.1): moderated_students, course users. */
export const userWire = z.object({
  id: z.number(),
  name: z.string(),
  sortable_name: z.string(),
  short_name: z.string(),
  created_at: z.optional(z.string()),
  login_id: z.optional(z.string()),
  sis_user_id: z.nullish(z.string()),
  pronouns: z.nullish(z.string()),
  avatar_url: z.optional(z.string()),
  enrollments: z.optional(z.array(enrollmentWire)),
})
export type UserWire = z.infer<typeof userWire>

/** GET /api/v1/users/self (a Profile-like User). */
export const selfWire = z.extend(userWire, {
  locale: z.nullish(z.string()),
  effective_locale: z.optional(z.string()),
})
export type SelfWire = z.infer<typeof selfWire>

/** GET /api/v1/courses/:id/permissions?permissions[]=... → {"select_final_grade": true, ...} */
export const permissionsWire = z.record(z.string(), z.boolean())
