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

/** `user_json` for rosters (moderated_students, course users). */
export function userJson(user: User) {
  return {
    id: user.id,
    name: user.name,
    created_at: isoTime(user.created_at),
    sortable_name: user.sortable_name,
    short_name: user.short_name,
    ...(user.pronouns ? { pronouns: user.pronouns } : {}),
  }
}

/** GET /api/v1/users/self */
export function selfJson(user: User, origin: string) {
  return {
    ...userJson(user),
    sis_user_id: null,
    integration_id: null,
    login_id: user.login_id,
    avatar_url: avatarUrl(origin, user),
    locale: null,
    effective_locale: 'en',
  }
}
