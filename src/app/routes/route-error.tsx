import { isRouteErrorResponse, Link, useRouteError } from 'react-router'
import { isCanvasApiError } from '../../canvas/errors'
import { describeError } from '../../lib/describe-error'

export function RouteError() {
  const error = useRouteError()
  const notFound =
    (isRouteErrorResponse(error) && error.status === 404) || (isCanvasApiError(error) && error.status === 404)
  return (
    <div className="route-error">
      <h1>{notFound ? 'Not found' : 'This page could not be loaded'}</h1>
      <p role="alert">
        {notFound
          ? 'Canvas has no such course or assignment, or it was deleted.'
          : isRouteErrorResponse(error)
            ? `${error.status} ${error.statusText}`
            : describeError(error)}
      </p>
      {isCanvasApiError(error) ? <p className="hint">Request: {error.path.replace(/\?.*$/, '')}</p> : null}
      <p>
        <Link to="/">Back to your courses</Link>
      </p>
    </div>
  )
}
