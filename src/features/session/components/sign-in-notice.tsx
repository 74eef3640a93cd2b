import { useEffect, useState } from 'react'
import { clearUnsavedChange, peekUnsavedChange } from '../sign-in'

/** After signing in again: says whether the change in flight when the sign-in ended was lost. */
export function SignInNotice() {
  const [unsaved, setUnsaved] = useState(peekUnsavedChange)
  useEffect(clearUnsavedChange, [])
  if (!unsaved) return null
  return (
    <div className="notice signin-notice" role="alert">
      <p>
        {unsaved === 'not-saved'
          ? 'Your Canvas sign-in ended while a change was being saved, so that change was not saved. You are back on the same page; make the change again.'
          : 'Your Canvas sign-in ended while a change was being saved; it may not have been saved. Check it and make it again if needed.'}
      </p>
      <button type="button" className="button" onClick={() => setUnsaved(null)}>
        Dismiss
      </button>
    </div>
  )
}
