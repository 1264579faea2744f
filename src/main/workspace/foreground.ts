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
  readonly #request = new AsyncLocalStorage<{ counted: boolean }>()

  /** Runs one request's work, counted as served until it settles (within a request, as part of it). */
  async serve<T>(work: () => Promise<T> | T): Promise<T> {
    if (this.#request.getStore()) return work()
    const request = { counted: true }
    this.#serving++
    try {
      return await this.#request.run(request, work)
    } finally {
      if (request.counted) this.#done()
    }
  }

  /** Waits for `promise`; a request waiting here is not counted meanwhile (the background work it waits for goes on). */
  async waitingFor<T>(promise: Promise<T>): Promise<T> {
    const request = this.#request.getStore()
    if (!request?.counted) return promise
    request.counted = false
    this.#done()
    try {
      return await promise
    } finally {
      request.counted = true
      this.#serving++
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
