import { useMutation, useQueryClient } from '@tanstack/react-query'
import { switchDemoIdentity } from './demo-session'

/** Switch the demo identity, then drop everything cached for the previous one. */
export function useSwitchIdentity() {
  const qc = useQueryClient()
  return useMutation({
    mutationKey: ['demo', 'session', 'switch'],
    mutationFn: switchDemoIdentity,
    onSuccess: async () => {
      qc.getMutationCache().clear()
      await qc.resetQueries()
    },
  })
}
