import { describeError } from '../../../lib/describe-error'
import { formatCount, listNames, plural } from '../../../lib/format'
import type { ApplyResult, Progress } from '../api/use-apply-plan'

export function lostSentence(reread: number): string {
  return `Canvas’s answer about ${plural(reread, 'student')} was lost, so ${reread === 1 ? 'that student was' : 'they were'} read back from Canvas and counted as Canvas holds them.`
}

/** The students a bulk write did not update, grouped by why, so a lost answer is never reported as a refusal. */
export function failedSentence(failed: ApplyResult['failed']): string {
  const byReason = new Map<string, string[]>()
  for (const f of failed) {
    const reason = describeError(f.error)
    byReason.set(reason, [...(byReason.get(reason) ?? []), f.label])
  }
  return [...byReason]
    .map(([reason, labels]) => `${plural(labels.length, 'student')} (${listNames(labels, 8)}): ${reason}`)
    .join(' ')
}

export function ProgressView({ progress }: { progress: Progress }) {
  return (
    <div className="apply-progress">
      <label>
        {progress.phase}: {formatCount(progress.done)} of {formatCount(progress.total)}
        <progress max={Math.max(progress.total, 1)} value={progress.done} />
      </label>
    </div>
  )
}
