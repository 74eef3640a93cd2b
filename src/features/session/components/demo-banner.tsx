import { useQuery } from '@tanstack/react-query'
import { useId } from 'react'
import { describeError } from '../../../lib/describe-error'
import { sessionQueries } from '../api/session-queries'
import { useSwitchIdentity } from '../api/use-switch-identity'

export function roleLabel(role: string): string {
  return role.replace(/_/g, ' ').trim()
}

/** Shown only in demo mode (GET /session says so and the simulator answers GET /demo/session); never live. */
export function DemoBanner() {
  const server = useQuery(sessionQueries.server())
  const demo = useQuery({ ...sessionQueries.demo(), enabled: server.data?.mode === 'demo' })
  const switchIdentity = useSwitchIdentity()
  const selectId = useId()
  if (!demo.data) return null
  const { current, identities } = demo.data
  return (
    <div className="demo-banner" role="region" aria-label="Demo mode">
      <p className="demo-banner__text">
        Demo — simulated Canvas, signed in as {current.name} ({roleLabel(current.role)})
      </p>
      <div className="demo-banner__switch">
        <label htmlFor={selectId}>Demo identity</label>
        <select
          id={selectId}
          value={current.id}
          disabled={switchIdentity.isPending}
          onChange={(e) => switchIdentity.mutate({ userId: Number(e.target.value) })}
        >
          {identities.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name} ({roleLabel(i.role)})
            </option>
          ))}
        </select>
      </div>
      {switchIdentity.isError ? (
        <p role="alert" className="demo-banner__error">
          Could not switch identity: {describeError(switchIdentity.error)}
        </p>
      ) : null}
    </div>
  )
}
