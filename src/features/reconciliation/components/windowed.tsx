import {
  elementScroll,
  measureElement,
  useVirtualizer,
  type VirtualItem,
  type Virtualizer,
} from '@tanstack/react-virtual'
import { useRef, type ReactNode } from 'react'

/**
 * The rows of a long list that are in (or near) its scroll box, and the space the others take. A plan on a large
 * course changes thousands of students: rendering them all made opening the rules dialog take a second on a slow
 * laptop (issue #17), most of it the browser laying out rows nobody sees yet. Scrolling the box shows every row,
 * in order.
 */
export function useWindowed(count: number, estimate: number) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimate,
    // Rows before and after the box too: the caption and header above the first row (about two rows high) are
    // left out of the offsets, and these rows cover them.
    overscan: 10,
    // Before the box is measured: about a box's worth of rows (the boxes are at most 18rem high).
    initialRect: { width: 0, height: 300 },
    observeElementRect: observeBoxSize,
    // As a box mounts, the library scrolls it to where it already is (a new box is at the top): skipped, as that
    // too would lay out the dialog in the middle of rendering it.
    scrollToFn: (offset, options, instance) => {
      if (offset + (options.adjustments ?? 0) === 0 && !instance.scrollOffset) return
      elementScroll(offset, options, instance)
    },
    // Rows are measured by the ResizeObserver, once the browser has laid them out anyway: measuring a row as it
    // is rendered would lay out the dialog once more in the same task. A row not laid out (the dialog not open
    // yet, the list's disclosure closed) is 0 high: it keeps the estimate until it is.
    measureElement: (el, entry, instance) =>
      entry
        ? measureElement(el, entry, instance) || estimate
        : (instance.itemSizeCache.get(instance.options.getItemKey(instance.indexFromElement(el))) ?? estimate),
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]
  const last = items.at(-1)
  return {
    scrollRef,
    items,
    /** Space of the rows before the first one rendered, and after the last. */
    before: first ? first.start : 0,
    after: last ? Math.max(0, virtualizer.getTotalSize() - last.end) : 0,
    measure: virtualizer.measureElement,
  }
}

/**
 * A table body with only the rows near its scroll box rendered. The table says how many rows it has
 * (`aria-rowcount` on the table, the header being row 1) and each row its place, so a screen reader reads "row 57
 * of 3,502"; the space of the other rows is kept by rows hidden from assistive technology.
 */
export function WindowedBody<T>({
  rows,
  columns,
  windowed,
  render,
  rowKey,
}: {
  rows: T[]
  columns: number
  windowed: ReturnType<typeof useWindowed>
  render: (row: T) => ReactNode
  rowKey: (row: T) => string
}) {
  const { items, before, after, measure } = windowed
  return (
    <tbody>
      {before > 0 ? <Spacer height={before} columns={columns} /> : null}
      {items.map((item: VirtualItem) => {
        const row = rows[item.index]!
        return (
          <tr key={rowKey(row)} ref={measure} data-index={item.index} aria-rowindex={item.index + 2}>
            {render(row)}
          </tr>
        )
      })}
      {after > 0 ? <Spacer height={after} columns={columns} /> : null}
    </tbody>
  )
}

function Spacer({ height, columns }: { height: number; columns: number }) {
  return (
    <tr className="windowed-spacer" aria-hidden="true">
      <td colSpan={columns} style={{ height }} />
    </tr>
  )
}

/**
 * The scroll box's size as its ResizeObserver reports it, which it does once the box is laid out; unlike the
 * library's default this does not read the size at once, which would lay out the dialog in the middle of rendering
 * it (initialRect stands in until then). Without a ResizeObserver (jsdom), read at once.
 */
function observeBoxSize(
  instance: Virtualizer<HTMLDivElement, Element>,
  cb: (rect: { width: number; height: number }) => void,
): (() => void) | undefined {
  const box = instance.scrollElement
  if (!box) return undefined
  const report = () => cb({ width: box.clientWidth, height: box.clientHeight })
  const Observer = instance.targetWindow?.ResizeObserver
  if (!Observer) {
    report()
    return undefined
  }
  const observer = new Observer(report)
  observer.observe(box)
  return () => observer.disconnect()
}
