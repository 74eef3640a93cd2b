import { describe, expect, it } from 'vitest'
import { answerFromGraphql, graphqlRequestFor, POST_DOCUMENTS } from '../post-operations'

describe('named posting operations', () => {
  it('builds the fixed document with checked variables, ids as GraphQL ID strings', () => {
    expect(graphqlRequestFor('post_grades', '501', { gradedOnly: true })).toEqual({
      body: {
        query: POST_DOCUMENTS.post_grades.document,
        operationName: 'MdPostAssignmentGrades',
        variables: { assignmentId: '501', gradedOnly: true },
      },
    })
    expect(graphqlRequestFor('hide_grades', '7', {})).toMatchObject({ body: { variables: { assignmentId: '7' } } })
  })

  it.each([
    ['an unknown operation', 'run', {}, 404],
    ['a query smuggled in', 'post_grades', { query: '{ x }' }, 400],
    ['not an object', 'post_grades', [1], 400],
    ['gradedOnly not a boolean', 'post_grades', { gradedOnly: 1 }, 400],
    ['sections on the wrong operation', 'post_grades', { sectionIds: [1] }, 400],
    ['no sections', 'post_grades_for_sections', { sectionIds: [] }, 400],
    ['a section id that is not one', 'post_grades_for_sections', { sectionIds: [1.5] }, 400],
  ])('refuses %s', (_what, name, input, status) => {
    const out = graphqlRequestFor(name, '501', input)
    expect('refused' in out && out.refused.status).toBe(status)
  })

  it('reads Canvas’s answers: the Progress, a refusal’s words, and the null payload of a scoped key', () => {
    const ok = { data: { postAssignmentGrades: { progress: { _id: '12', state: 'queued' } } } }
    expect(answerFromGraphql('post_grades', 200, ok)).toEqual({
      status: 200,
      body: { progress: { id: 12, state: 'queued' } },
    })
    const refused = {
      data: { postAssignmentGrades: null },
      errors: [{ message: 'Assignments under moderation cannot be posted before grades are published' }],
    }
    expect(answerFromGraphql('post_grades', 200, refused)).toEqual({
      status: 400,
      body: { errors: [{ message: 'Assignments under moderation cannot be posted before grades are published' }] },
    })
    expect(
      answerFromGraphql('post_grades', 200, {
        data: { postAssignmentGrades: null },
        errors: [{ message: 'not found' }],
      }).status,
    ).toBe(404)
    const scoped = answerFromGraphql('post_grades', 200, { data: { postAssignmentGrades: null } })
    expect(scoped.status).toBe(403)
    expect(JSON.stringify(scoped.body)).toMatch(/developer keys that enforce scopes/)
    // Canvas's own non-200 (its 401, a 500) passes through as it came.
    expect(answerFromGraphql('post_grades', 401, { errors: [{ message: 'Invalid access token.' }] }).status).toBe(401)
  })
})
