import { Component, type ReactNode } from 'react'
import { Link, useLocation } from 'react-router'
import { isCanvasApiError } from '../../canvas/errors'
import { describeError } from '../../lib/describe-error'

/** Thrown while rendering a route whose URL names nothing (an id that is not a Canvas id): "Not found". */
export class RouteNotFoundError extends Error {
  constructor() {
    super('Not found')
    this.name = 'RouteNotFoundError'
  }
}

export function RouteError({ error }: { error: unknown }) {
  const notFound = error instanceof RouteNotFoundError || (isCanvasApiError(error) && error.status === 404)
  return (
    <div className="route-error">
      <h1>{notFound ? 'Not found' : 'This page could not be loaded'}</h1>
      <p role="alert">
        {notFound ? 'Canvas has no such course or assignment, or it was deleted.' : describeError(error)}
      </p>
      {isCanvasApiError(error) ? <p className="hint">Request: {error.path.replace(/\?.*$/, '')}</p> : null}
      <p>
        <Link to="/">Back to your courses</Link>
      </p>
    </div>
  )
}

interface BoundaryProps {
  children: ReactNode
  /** A new value (a navigation) clears a caught error and renders the children again. */
  resetKey: string
}

class Boundary extends Component<BoundaryProps, { failed: boolean; error: unknown; resetKey: string }> {
  state = { failed: false, error: undefined as unknown, resetKey: this.props.resetKey }

  static getDerivedStateFromError(error: unknown) {
    return { failed: true, error }
  }

  static getDerivedStateFromProps(props: BoundaryProps, state: { failed: boolean; resetKey: string }) {
    if (props.resetKey === state.resetKey) return null
    return { failed: false, error: undefined, resetKey: props.resetKey }
  }

  render() {
    return this.state.failed ? <RouteError error={this.state.error} /> : this.props.children
  }
}

/**
 * Renders an error thrown below it (a screen's code that would not load, its first data that failed, an id that
 * names nothing) as the route's error page, and tries again on the next navigation (any: a link to the same page
 * too), as the data router did.
 */
export function RouteErrorBoundary({ children }: { children: ReactNode }) {
  const { key } = useLocation()
  return <Boundary resetKey={key}>{children}</Boundary>
}
