import { useMutation } from '@tanstack/react-query'
import { signOut } from './server-session'

const safeLoginUrl = (url: string) => (url.startsWith('/') && !url.startsWith('//') ? url : '/login?return_to=%2F')

/**
 * OAuth mode: POST /logout (CSRF header), then on to the sign-in page the server names — unless the server has
 * something to say first (Canvas could not be reached to revoke its token): then the menu shows it with a link on.
 */
export function useSignOut() {
  return useMutation({
    mutationKey: ['session', 'sign-out'],
    mutationFn: async () => {
      const out = await signOut()
      return { ...out, loginUrl: safeLoginUrl(out.loginUrl) }
    },
    onSuccess: ({ loginUrl, notice }) => {
      if (!notice) window.location.assign(loginUrl)
    },
  })
}
