import { useMutation } from '@tanstack/react-query'
import { signOut } from '../../../canvas/server-session'

/** OAuth mode: POST /logout (CSRF header), then on to the sign-in page the server names. */
export function useSignOut() {
  return useMutation({
    mutationKey: ['session', 'sign-out'],
    mutationFn: signOut,
    onSuccess: ({ loginUrl }) => {
      window.location.assign(loginUrl.startsWith('/') && !loginUrl.startsWith('//') ? loginUrl : '/login?return_to=%2F')
    },
  })
}
