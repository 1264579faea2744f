import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * The requests a workspace is serving, so that work in the background (reading every annotation
 * file after opening) gives way while the user waits: it checks `idle()` before each small step, so
 * a request that comes in waits at most for the step under way. A request that itself waits for the
 * background work (`waitingFor`) does not hold it back.
 */
export class Foreground {
  #serving = 0
  #whenIdle: (() => void)[] = []
  /** Each request's waits under way (`waitingFor`, which may overlap): it is counted while there are none, until it settles. */
  readonly #request = new AsyncLocalStorage<{ waits: number; settled: boolean }>()

  /** Runs one request's work, counted as served until it settles (within a request, as part of it). */
  async serve<T>(work: () => Promise<T> | T): Promise<T> {
    if (this.#request.getStore()) return work()
    const request = { waits: 0, settled: false }
    this.#serving++
    try {
      return await this.#request.run(request, work)
    } finally {
      request.settled = true
      if (request.waits === 0) this.#done()
    }
  }

  /**
   * Waits for `promise`; a request waiting here is not counted meanwhile (the background work, or
   * the other requests, it waits for go on). Waits of one request may overlap: it is counted again
   * when the last one ends.
   */
  async waitingFor<T>(promise: Promise<T>): Promise<T> {
    const request = this.#request.getStore()
    if (!request) return promise
    if (request.waits++ === 0) this.#done()
    try {
      return await promise
    } finally {
      if (--request.waits === 0 && !request.settled) this.#serving++
    }
  }

  /** How many requests are being served now. */
  get serving(): number {
    return this.#serving
  }

  /** Resolves once no request is being served (at once when none is). */
  idle(): Promise<void> {
    return this.#serving === 0 ? Promise.resolve() : new Promise((resolve) => this.#whenIdle.push(resolve))
  }

  #done(): void {
    if (--this.#serving === 0) for (const resolve of this.#whenIdle.splice(0)) resolve()
  }
}
