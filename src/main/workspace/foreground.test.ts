import { describe, expect, it } from 'vitest'
import { deferred } from '../test-helpers'
import { Foreground } from './foreground'

/** Whether the promise has settled, after every pending callback has run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false
  void promise.then(() => (done = true), () => (done = true))
  await new Promise((resolve) => setImmediate(resolve))
  return done
}

describe('Foreground', () => {
  it('is idle until a request is served, busy while it is, and idle again once it settles (even by failing)', async () => {
    const foreground = new Foreground()
    expect(await settled(foreground.idle())).toBe(true)

    const first = deferred()
    const second = deferred()
    const serving = [foreground.serve(() => first.promise), foreground.serve(() => second.promise.then(() => Promise.reject(new Error('refused'))))]
    expect(foreground.serving).toBe(2)
    const idle = foreground.idle()
    first.resolve()
    await serving[0]
    expect(await settled(idle)).toBe(false)
    second.resolve()
    await expect(serving[1]).rejects.toThrow('refused')
    expect(await settled(idle)).toBe(true)
    expect(foreground.serving).toBe(0)
  })

  it('a request waiting for the background work is not counted meanwhile, and is again once that is done', async () => {
    const foreground = new Foreground()
    const background = deferred<string>()
    const after = deferred()
    const request = foreground.serve(async () => {
      const value = await foreground.waitingFor(background.promise)
      await after.promise
      return value
    })
    await new Promise((resolve) => setImmediate(resolve))
    // the background work goes on: nothing else is being served
    expect(foreground.serving).toBe(0)
    expect(await settled(foreground.idle())).toBe(true)

    background.resolve('read')
    await new Promise((resolve) => setImmediate(resolve))
    expect(foreground.serving).toBe(1)
    const idle = foreground.idle()
    expect(await settled(idle)).toBe(false)
    after.resolve()
    expect(await request).toBe('read')
    expect(await settled(idle)).toBe(true)
  })

  it('work served within a request is part of it: waiting there for the background work does not hold it back', async () => {
    const foreground = new Foreground()
    const background = deferred()
    const request = foreground.serve(() => foreground.serve(() => foreground.waitingFor(background.promise)))
    await new Promise((resolve) => setImmediate(resolve))
    expect(foreground.serving).toBe(0)
    background.resolve()
    await request
    expect(foreground.serving).toBe(0)
  })

  it('waiting outside any request counts nothing', async () => {
    const foreground = new Foreground()
    expect(await foreground.waitingFor(Promise.resolve(3))).toBe(3)
    expect(foreground.serving).toBe(0)
  })
})

describe('Foreground: a request waiting on several things at once', () => {
  it('is left out of the count while any of its waits is under way, and counted again after the last, without deadlock', async () => {
    const foreground = new Foreground()
    const first = deferred()
    const second = deferred()
    let idleInside = false
    const serving = foreground.serve(async () => {
      // two waits that overlap (two counts giving way, or a count and the background read)
      const a = foreground.waitingFor(first.promise)
      const b = foreground.waitingFor(second.promise.then(() => foreground.idle()).then(() => (idleInside = true)))
      first.resolve()
      await a
      expect(foreground.serving).toBe(0) // the second wait is still under way
      second.resolve()
      await b
      expect(foreground.serving).toBe(1)
    })
    await serving
    expect(idleInside).toBe(true)
    expect(foreground.serving).toBe(0)
    expect(await settled(foreground.idle())).toBe(true)
  })

  it('a request that settles while one of its waits is still under way leaves the count as it was', async () => {
    const foreground = new Foreground()
    const late = deferred()
    let waiting: Promise<unknown> = Promise.resolve()
    await foreground.serve(() => {
      waiting = foreground.waitingFor(late.promise)
    })
    expect(foreground.serving).toBe(0)
    late.resolve()
    await waiting
    expect(foreground.serving).toBe(0)
  })
})
