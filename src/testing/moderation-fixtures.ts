import type { GradeableStudent, ProvisionalGrade } from '../canvas/types'

let nextId = 1000

export function pg(graderKey: string, score: number | null, opts: Partial<ProvisionalGrade> = {}): ProvisionalGrade {
  const id = opts.id ?? nextId++
  return {
    id,
    grade: score === null ? null : String(score),
    score,
    gradedAt: score === null ? null : '2025-10-14T16:00:00Z',
    final: false,
    matchesCurrentSubmission: true,
    speedGraderUrl: 'https://canvas.example/sg',
    graderKey,
    scorerId: graderKey.startsWith('u:') ? Number(graderKey.slice(2)) : undefined,
    anonymousGraderId: graderKey.startsWith('a:') ? graderKey.slice(2) : undefined,
    ...opts,
  }
}

export function student(
  key: string,
  grades: ProvisionalGrade[],
  opts: Partial<GradeableStudent> = {},
): GradeableStudent {
  const anonymous = key.startsWith('a:')
  return {
    key,
    userId: anonymous ? undefined : Number(key.slice(2)),
    anonymousId: anonymous ? key.slice(2) : Number(key.slice(2)).toString(36),
    anonymous,
    displayName: `Name ${key}`,
    testStudent: false,
    inModerationSet: false,
    selectedGradeId: null,
    grades,
    ...opts,
  }
}
