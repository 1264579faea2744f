/**
 * Long computations written as generators that pause (`yield`) between units of work, so that the
 * process running them can answer requests in between (the main process: `inSlices` of
 * src/main/workspace/in-slices.ts) or run them to their end at once (`runSteps`).
 */

/** Runs the steps to their end at once and returns the result. */
export function runSteps<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next()
    if (next.done) return next.value
  }
}

/** How many items (annotations sorted into articles, say) a step handles between two pauses, where an item is quick. */
export const ITEMS_PER_STEP = 4096
