import { countSkipped, type SkippedItem } from '../canvas/lenient'
import { plural } from './format'

/** How a screen names what it lists: "course"/"courses", and how to refer to one item or several. */
export interface ItemNoun {
  one: string
  many: string
  /** "it" / "them" for things; "their row" / "their rows" for people. */
  itOne: string
  itMany: string
}

export const COURSE_NOUN: ItemNoun = { one: 'course', many: 'courses', itOne: 'it', itMany: 'them' }
export const ASSIGNMENT_NOUN: ItemNoun = { one: 'assignment', many: 'assignments', itOne: 'it', itMany: 'them' }
export const STUDENT_NOUN: ItemNoun = { one: 'student', many: 'students', itOne: 'their row', itMany: 'their rows' }

/** "2 students could not be shown: Canvas sent their rows in a form this page cannot read." */
export function unreadableSentence(count: number, noun: ItemNoun): string {
  return `${plural(count, noun.one, noun.many)} could not be shown: Canvas sent ${count === 1 ? noun.itOne : noun.itMany} in a form this page cannot read.`
}

/** "1 course is not shown: Canvas restricts access to it by date." */
function restrictedSentence(count: number, noun: ItemNoun): string {
  const one = count === 1
  return `${plural(count, noun.one, noun.many)} ${one ? 'is' : 'are'} not shown: Canvas restricts access to ${one ? noun.itOne : noun.itMany} by date.`
}

/** One plain sentence per reason items were left out of a list; empty when nothing was left out. */
export function skippedSentences(skipped: readonly SkippedItem[], noun: ItemNoun): string[] {
  const counts = countSkipped(skipped)
  const sentences: string[] = []
  if (counts['restricted-by-date'] > 0) sentences.push(restrictedSentence(counts['restricted-by-date'], noun))
  if (counts.unreadable > 0) sentences.push(unreadableSentence(counts.unreadable, noun))
  return sentences
}
