import { useEffect } from 'react'
import { Link } from 'react-router'

export default function NotFound() {
  useEffect(() => {
    document.title = 'Page not found — Moderation Desk'
  }, [])
  return (
    <div className="route-error">
      <h1>Page not found</h1>
      <p>
        <Link to="/">Back to your courses</Link>
      </p>
    </div>
  )
}
