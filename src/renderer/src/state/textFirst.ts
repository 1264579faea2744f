import type { StoreApi } from 'zustand'
import { afterPaint } from '../afterPaint'

/** How many `textFirst` changes are being made now (they may nest). */
let textFirstChanges = 0
/** Subscribers told of a `textFirst` change once the frame showing it is painted. */
const toldAfterPaint = new Set<() => void>()
let telling: Promise<void> | null = null

function tellAfterPaint(tell: () => void): void {
  toldAfterPaint.add(tell)
  telling ??= afterPaint().then(() => {
    telling = null
    const told = [...toldAfterPaint]
    toldAfterPaint.clear()
    for (const each of told) each()
  })
}

/**
 * Makes a change on the text (tagging the selection, selecting an annotation by a click or a jump,
 * undoing or redoing) so that the next frame shows it on the text only, and the app around the text
 * (the inspector, whose opening narrows every column, the lists and counts, the save indicator)
 * renders it in the frame after that. Rendering them with a tag took its task from ~5 to ~10 ms on
 * the benchmark's machine, before the frame that paints the highlight could begin
 * (docs/performance.md, render); a frame later they are not seen to lag. Only the store's changes
 * made while `change` runs (up to its first `await`) wait.
 */
export function textFirst<T>(change: () => T): T {
  textFirstChanges++
  try {
    return change()
  } finally {
    textFirstChanges--
  }
}

/**
 * A store whose subscribers are told of every change at once, but of a change made by `textFirst`
 * only after the next frame is painted, all in one flush (each once, with the state as it is then).
 */
export function toldAfterTextFirst<S>(store: StoreApi<S>): StoreApi<S> {
  return {
    ...store,
    subscribe(listener) {
      const tell = () => listener(store.getState(), store.getState())
      const unsubscribe = store.subscribe((state, previous) => (textFirstChanges > 0 ? tellAfterPaint(tell) : listener(state, previous)))
      return () => {
        toldAfterPaint.delete(tell)
        unsubscribe()
      }
    },
  }
}
