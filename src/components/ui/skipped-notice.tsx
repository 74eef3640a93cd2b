/** What a list left out and why ("1 course is not shown: …"), in plain words; nothing when nothing was. */
export function SkippedNotice({ sentences }: { sentences: readonly string[] }) {
  if (sentences.length === 0) return null
  return (
    <p className="skipped-notice" role="note">
      {sentences.join(' ')}
    </p>
  )
}
