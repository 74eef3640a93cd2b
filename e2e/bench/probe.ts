/**
 * In-page instrumentation for the benchmark, installed with `context.addInitScript` before any app script
 * runs. Times are `performance.now()` (ms since navigation start). Kept dependency-free: this function is
 * serialised into the page.
 */
export interface BenchProbe {
  /** When a grid first showed `aria-rowcount = expectedRows` and was not `aria-busy`. */
  loadedAt?: number
  expectedRows: number
  longTasks: { start: number; duration: number }[]
  /** Click → aria-selected="true" latencies, one per `armClick`. */
  clicks: number[]
  armClick: (cell: Element) => void
  scrollEndToEnd: (stepPx: number, maxFrames: number) => Promise<{ frames: number; maxFrameGap: number; ms: number }>
  /** Input → visible result, one per `armResult` (see there). */
  results: InteractionTiming[]
  armResult: (check: ResultCheck, el?: Element) => void
}

/**
 * What an interaction's visible result is. `changed`: the text of the first element matching `selector` (and
 * starting with `prefix`, if given) differs from its text when armed; `attr`: that element's attribute `attr`
 * differs; `exists`: such an element exists; `focus`: focus moved to another element matching `selector`;
 * `selected`: the element passed to armResult has aria-selected="true".
 */
export interface ResultCheck {
  kind: 'changed' | 'attr' | 'exists' | 'focus' | 'selected'
  selector: string
  prefix?: string
  attr?: string
}

export interface InteractionTiming {
  /** The input event's timeStamp (pointerdown, keydown, input or change; the first after arming). */
  input: number
  /** When the DOM first showed the result. */
  shown: number
  /** The frame after it: requestAnimationFrame, then a task (after that frame's paint). */
  painted: number
}

declare global {
  interface Window {
    __bench: BenchProbe
  }
}

export function installProbe(expectedRows: number): void {
  const probe: BenchProbe = {
    expectedRows,
    longTasks: [],
    clicks: [],
    results: [],
    armResult(check: ResultCheck, el?: Element) {
      const find = () => {
        if (!check.selector) return null
        for (const e of document.querySelectorAll(check.selector))
          if (!check.prefix || (e.textContent ?? '').startsWith(check.prefix)) return e
        return null
      }
      const read = () => {
        const e = find()
        return e === null ? null : check.kind === 'attr' ? e.getAttribute(check.attr ?? '') : e.textContent
      }
      const before = read()
      const focusBefore = document.activeElement
      const met = () => {
        switch (check.kind) {
          case 'exists':
            return find() !== null
          case 'focus':
            return document.activeElement !== focusBefore && !!document.activeElement?.matches(check.selector)
          case 'selected':
            return el?.getAttribute('aria-selected') === 'true'
          default:
            return read() !== before
        }
      }
      let input: number | undefined
      let done = false
      const events = ['pointerdown', 'keydown', 'input', 'change']
      const onInput = (e: Event) => {
        if (input === undefined) input = e.timeStamp
      }
      const finish = () => {
        if (done || input === undefined || !met()) return
        done = true
        const shown = performance.now()
        mo.disconnect()
        for (const t of events) document.removeEventListener(t, onInput, { capture: true })
        document.removeEventListener('focusin', finish, { capture: true })
        requestAnimationFrame(() =>
          setTimeout(() => probe.results.push({ input: input!, shown, painted: performance.now() }), 0),
        )
      }
      for (const t of events) document.addEventListener(t, onInput, { capture: true })
      document.addEventListener('focusin', finish, { capture: true })
      const mo = new MutationObserver(finish)
      mo.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
    },
    armClick(cell: Element) {
      let clickedAt: number | undefined
      const onDown = (e: Event) => {
        if (cell.contains(e.target as Node)) clickedAt = e.timeStamp
      }
      document.addEventListener('pointerdown', onDown, { capture: true })
      const mo = new MutationObserver(() => {
        if (cell.getAttribute('aria-selected') === 'true' && clickedAt !== undefined) {
          probe.clicks.push(performance.now() - clickedAt)
          mo.disconnect()
          document.removeEventListener('pointerdown', onDown, { capture: true })
        }
      })
      mo.observe(cell, { attributes: true, attributeFilter: ['aria-selected'] })
    },
    async scrollEndToEnd(stepPx: number, maxFrames: number) {
      const grid = document.querySelector<HTMLElement>('[role="grid"]')
      if (!grid) throw new Error('no grid')
      grid.scrollTop = 0
      await new Promise((r) => requestAnimationFrame(() => r(null)))
      const t0 = performance.now()
      let last = t0
      let maxGap = 0
      let frames = 0
      while (frames < maxFrames && grid.scrollTop + grid.clientHeight < grid.scrollHeight - 1) {
        grid.scrollTop += stepPx
        const now = await new Promise<number>((r) => requestAnimationFrame(r))
        maxGap = Math.max(maxGap, now - last)
        last = now
        frames++
      }
      // Let the last frame's work show up as a long task, if it is one.
      await new Promise((r) => setTimeout(r, 200))
      return { frames, maxFrameGap: maxGap, ms: performance.now() - t0 }
    },
  }
  window.__bench = probe
  // The default buffer holds 250 entries; 10,000 students take over 100 API requests (see responsesUntil).
  performance.setResourceTimingBufferSize(10_000)

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.longTasks.push({ start: e.startTime, duration: e.duration })
    }).observe({ type: 'longtask', buffered: true })
  } catch {
    /* no longtask support */
  }

  const check = () => {
    if (probe.loadedAt !== undefined) return
    const grid = document.querySelector('[role="grid"]')
    if (
      grid &&
      grid.getAttribute('aria-rowcount') === String(probe.expectedRows) &&
      grid.getAttribute('aria-busy') !== 'true'
    ) {
      probe.loadedAt = performance.now()
      mo.disconnect()
    }
  }
  const mo = new MutationObserver(check)
  const start = () =>
    mo.observe(document.documentElement, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['aria-rowcount', 'aria-busy'],
    })
  if (document.documentElement) start()
  else document.addEventListener('DOMContentLoaded', start)
}

export type WireKind = 'html' | 'js' | 'css' | 'api' | 'other'
export interface ResponseSize {
  url: string
  kind: WireKind
  /** The body as sent (compressed if it was). */
  encoded: number
  decoded: number
}

/**
 * Every response that had ended by `until` (performance.now(), e.g. the grid's `loadedAt`), from Resource
 * Timing: the document, scripts, style sheets, the app's JSON (every path without a file extension: /session,
 * /api/v1/…) and anything else. Same-origin, so every size is visible; headers are not (Resource Timing's
 * transferSize counts them as a fixed 300 bytes), so the bench adds them from DevTools' own count.
 */
export function responsesUntil(until: number): ResponseSize[] {
  const entries = [
    ...performance.getEntriesByType('navigation'),
    ...performance.getEntriesByType('resource'),
  ] as PerformanceResourceTiming[]
  return entries
    .filter((e) => e.responseEnd > 0 && e.responseEnd <= until)
    .map((e) => {
      const p = new URL(e.name).pathname
      const kind: WireKind =
        e.entryType === 'navigation'
          ? 'html'
          : p.endsWith('.js')
            ? 'js'
            : p.endsWith('.css')
              ? 'css'
              : /\.\w+$/.test(p)
                ? 'other'
                : 'api'
      return { url: e.name, kind, encoded: e.encodedBodySize, decoded: e.decodedBodySize }
    })
}

/** The Canvas Grade Summary way: per_page=50, one request after another following rel="next". */
export async function canvasStyleLoad(firstUrl: string): Promise<{ ms: number; requests: number; students: number }> {
  const t0 = performance.now()
  let url: string | null = firstUrl
  let requests = 0
  let students = 0
  while (url && requests < 1000) {
    const res: Response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    requests++
    if (!res.ok) throw new Error(`${res.status} on ${url}`)
    const rows = (await res.json()) as unknown[]
    students += rows.length
    const link = res.headers.get('Link') ?? ''
    const next = /<([^>]+)>;\s*rel="next"/.exec(link)?.[1]
    url = next ? new URL(next, location.href).pathname + new URL(next, location.href).search : null
  }
  return { ms: performance.now() - t0, requests, students }
}
