/** Users and their JSON (`users_json`, `user_display_json`, the users/self profile). */
import { notFound } from './errors'
import type { User } from './types'
import { isoTime, type World } from './world'

export function createUser(
  world: World,
  input: {
    id?: number
    name: string
    login_id?: string
    /** Default: `S` and the user id in seven digits ("S0001001"); null for the test student, whose login is Canvas's. */
    sis_user_id?: string | null
    pronouns?: string | null
    /** Canvas's test student: named "Test Student", sortable "Student, Test" (`Course#student_view_student`). */
    fake_student?: boolean
  },
): User {
  const id = input.id === undefined ? world.nextId('users', 1) : world.claimId('users', input.id)
  const parts = input.name.trim().split(/\s+/)
  const last = parts.length > 1 ? parts[parts.length - 1]! : ''
  const first = parts.length > 1 ? parts.slice(0, -1).join(' ') : parts[0]!
  const user: User = {
    id,
    name: input.name,
    sortable_name: last ? `${last}, ${first}` : first,
    short_name: input.name,
    login_id: input.login_id ?? `user${id}@example.edu`,
    sis_user_id:
      input.sis_user_id !== undefined
        ? input.sis_user_id
        : input.fake_student
          ? null
          : `S${String(id).padStart(7, '0')}`,
    pronouns: input.pronouns ?? null,
    created_at: world.nowMs - 400 * 86_400_000,
    fake_student: input.fake_student ?? false,
  }
  world.users.set(id, user)
  return user
}

export function findUser(world: World, id: number): User {
  return world.users.get(id) ?? throwNotFound()
}

function throwNotFound(): never {
  throw notFound()
}

export function avatarUrl(origin: string, user: User | null): string {
  // Canvas's default avatar when none is uploaded.
  return user ? `${origin}/images/messages/avatar-50.png` : `${origin}/images/messages/avatar-50.png`
}

/** Which of a user's login ids `user_json` shows the caller (see `loginIdsVisible` in courses.ts). */
export interface LoginIdsVisible {
  /** `sis_user_id` and `integration_id` (null when the login has none). */
  sis: boolean
  login: boolean
}

const noLoginIds: LoginIdsVisible = { sis: false, login: false }

/**
 * `user_json` for rosters (moderated_students, course users). `ids`: the SIS and login ids the caller may see
 * (lib/api/v1/user.rb: `sis_user_id`/`integration_id` when `user_can_read_sis_data?`, `login_id` when the caller has
 * view_user_logins); none by default.
 */
export function userJson(user: User, ids: LoginIdsVisible = noLoginIds) {
  return {
    id: user.id,
    name: user.name,
    created_at: isoTime(user.created_at),
    sortable_name: user.sortable_name,
    short_name: user.short_name,
    ...(ids.sis ? { sis_user_id: user.sis_user_id, integration_id: null } : {}),
    ...(ids.login ? { login_id: user.login_id } : {}),
    ...(user.pronouns ? { pronouns: user.pronouns } : {}),
  }
}

/** GET /api/v1/users/self */
export function selfJson(user: User, origin: string) {
  return {
    ...userJson(user),
    sis_user_id: user.sis_user_id,
    integration_id: null,
    login_id: user.login_id,
    avatar_url: avatarUrl(origin, user),
    locale: null,
    effective_locale: 'en',
  }
}
