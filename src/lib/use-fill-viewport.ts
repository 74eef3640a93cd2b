import { useLayoutEffect, type RefObject } from 'react'

/**
 * Sizes an element to reach the bottom of the viewport from where it starts on the page (at the top of the page,
 * not where it is scrolled to), never smaller than `minPx`: the grid fills the screen below the toolbar on a
 * laptop and on a large monitor alike, and at 200 % zoom keeps a usable height, with the page scrolling instead.
 * Re-measured when the window resizes or anything above it changes height.
 */
export function useFillViewport(ref: RefObject<HTMLElement | null>, { minPx = 288, bottomPx = 12 } = {}) {
  useLayoutEffect(() => {
    const el = ref.current
    if (!el) return
    let frame = 0
    const measure = () => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() => {
        const top = el.getBoundingClientRect().top + window.scrollY
        const height = Math.max(minPx, Math.floor(window.innerHeight - top - bottomPx))
        if (el.style.height !== `${height}px`) el.style.height = `${height}px`
      })
    }
    measure()
    window.addEventListener('resize', measure)
    // What is above the element (toolbar wrapping, notices appearing) moves it: watch the page's layout.
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure)
    ro?.observe(document.body)
    return () => {
      cancelAnimationFrame(frame)
      window.removeEventListener('resize', measure)
      ro?.disconnect()
    }
  }, [ref, minPx, bottomPx])
}
