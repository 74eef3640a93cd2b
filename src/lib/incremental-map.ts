/**
 * `input.map(fn)` for an array that comes back mostly the same: when the new array has the same length as the last
 * one, only the entries that are not the same objects as before are mapped again, and the last result is kept
 * when none changed. A selection replaces one student object of 10,000, so a derived array (rows, classes) costs
 * 10,000 identity checks and one `fn` call instead of 10,000 calls. Any other change (pages landing, a new order)
 * maps everything, as `input.map(fn)` does; `fn` may keep its own cache for that case.
 */
export function createIncrementalMap<I, O>(fn: (item: I) => O): (input: readonly I[]) => O[] {
  let lastIn: readonly I[] | null = null
  let lastOut: O[] = []
  return (input) => {
    if (input === lastIn) return lastOut
    let out: O[] | null = null
    if (lastIn && input.length === lastIn.length) {
      for (let i = 0; i < input.length; i++) {
        if (input[i] === lastIn[i]) continue
        out ??= lastOut.slice()
        out[i] = fn(input[i]!)
      }
      out ??= lastOut
    } else out = input.map((x) => fn(x))
    lastIn = input
    lastOut = out
    return out
  }
}
