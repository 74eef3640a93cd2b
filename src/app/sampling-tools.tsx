import { useQuery } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import { moderationSetQueries, useAddModeratedStudentsInChunks } from '../features/students/api/moderation-set-queries'
import { SamplingPanel, type SamplingPanelProps } from '../features/sampling/components/sampling-panel'

type Props = Omit<SamplingPanelProps, 'moderationSet' | 'addToSet' | 'onOpenChange'>

/**
 * The sampling panel with the moderation set it writes to. Features do not import each other, so the page joins
 * them here: the set and the chunked add are the students feature's (one query and one write path for both panels).
 */
export function SamplingTools(props: Props) {
  const ref = props.assignmentRef
  const [open, setOpen] = useState(false)
  // Read only while the panel is open, and never for anonymous students: their rows have no user id to match.
  const set = useQuery({ ...moderationSetQueries.list(ref), enabled: open && !props.anonymous })
  const add = useAddModeratedStudentsInChunks(ref)
  const userIds = useMemo(() => (set.data ? new Set(set.data.map((u) => u.id)) : undefined), [set.data])
  return (
    <SamplingPanel
      {...props}
      moderationSet={{ userIds, isPending: set.isPending, error: set.error }}
      addToSet={add.mutateAsync}
      onOpenChange={setOpen}
    />
  )
}
