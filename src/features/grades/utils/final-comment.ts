/**
 * Building the final comment from the graders' texts (issue #15): plain text, paragraphs apart by a blank line.
 * What is added is the comment's text exactly, so whether it is in the final comment can be read off the text itself.
 */

const SEPARATOR = '\n\n'

/** The final comment with `text` added as a new paragraph at the end. */
export function addToFinalComment(current: string, text: string): string {
  const head = current.trimEnd()
  const piece = text.trim()
  if (!piece) return current
  return head ? `${head}${SEPARATOR}${piece}` : piece
}

/** Whether `text` is (still) in the final comment, as added. */
export function inFinalComment(current: string, text: string): boolean {
  const piece = text.trim()
  return piece !== '' && current.includes(piece)
}

/** The final comment with the first occurrence of `text` taken out, and the paragraphs around it joined again. */
export function removeFromFinalComment(current: string, text: string): string {
  const piece = text.trim()
  const at = piece ? current.indexOf(piece) : -1
  if (at < 0) return current
  const before = current.slice(0, at).trimEnd()
  const after = current.slice(at + piece.length).trimStart()
  return before && after ? `${before}${SEPARATOR}${after}` : before + after
}
