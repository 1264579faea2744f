/** Waiting for the page to paint, so that what can wait a frame does not hold back the one that shows an action. */

/** Whether this page paints frames (not so in the unit tests, which run in Node). */
export const paints = (): boolean => typeof requestAnimationFrame === 'function'

/** How long afterPaint waits for a frame: a hidden window paints none. */
export const NO_FRAME_AFTER_MS = 100

/**
 * Resolves a task after the next frame has been painted, or after NO_FRAME_AFTER_MS when no frame
 * comes (a task later where nothing paints, as in the unit tests). A hidden window, which paints
 * none, may also run its timers only once a second: up to a second then.
 */
export const afterPaint = (): Promise<void> =>
  new Promise((resolve) => {
    if (!paints()) return void setTimeout(resolve, 0)
    const timer = setTimeout(resolve, NO_FRAME_AFTER_MS)
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timer)
        resolve()
      }, 0),
    )
  })
