/**
 * Long computations of the main process in slices (`Workspace.count`): the main process counts
 * agreement over a thousand articles without making a save, or any other request, wait seconds for it.
 */
import { setImmediate } from 'node:timers/promises'

/**
 * Runs steps (a generator that pauses between units of work, see src/shared/steps.ts) in slices
 * of about `sliceMs` each, and between slices waits for `pause`: by default one turn of the event
 * loop (I/O, timers); a workspace's `giveWay` waits until the other requests are served.
 */
export async function inSlices<T>(steps: Generator<void, T>, options: { sliceMs?: number; pause?: () => Promise<unknown> } = {}): Promise<T> {
  const sliceMs = options.sliceMs ?? 12
  const pause = options.pause ?? (() => setImmediate())
  let sliceStart = performance.now()
  for (;;) {
    const next = steps.next()
    if (next.done) return next.value
    if (performance.now() - sliceStart >= sliceMs) {
      await pause()
      sliceStart = performance.now()
    }
  }
}
