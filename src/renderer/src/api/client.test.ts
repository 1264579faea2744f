import { beforeEach, describe, expect, it, vi } from 'vitest'

const invoke = vi.fn()
vi.mock('./transport', () => ({ api: { invoke: (...args: unknown[]) => invoke(...args), onCommand: () => () => undefined } }))

const { ApiError, answeredEarly, call, callEarly, forgetEarlyCalls } = await import('./client')

const ui = { schemaVersion: 1 as const, openArticles: ['a'], sidebarOpen: true }

describe('calls asked before the app starts (the first screen)', () => {
  beforeEach(() => {
    forgetEarlyCalls()
    invoke.mockReset()
    invoke.mockResolvedValue({ ok: true, value: ui })
  })

  it('answers the app’s same call with the early answer, once, without asking again', async () => {
    expect(await callEarly('ui:get', {})).toEqual(ui)
    expect(await call('ui:get', {})).toEqual(ui)
    expect(invoke).toHaveBeenCalledTimes(1)
    // taken: the next call asks
    await call('ui:get', {})
    expect(invoke).toHaveBeenCalledTimes(2)
  })

  it('asks once for the same early call made twice', async () => {
    await Promise.all([callEarly('article:get', { id: 'a' }), callEarly('article:get', { id: 'a' })])
    expect(invoke).toHaveBeenCalledTimes(1)
  })

  it('does not answer a call with other input, nor one asked after the early answers are forgotten', async () => {
    await callEarly('article:get', { id: 'a' })
    await call('article:get', { id: 'b' })
    expect(invoke).toHaveBeenLastCalledWith('article:get', { id: 'b' })
    expect(invoke).toHaveBeenCalledTimes(2)
    forgetEarlyCalls()
    await call('article:get', { id: 'a' })
    expect(invoke).toHaveBeenCalledTimes(3)
  })

  it('answers the app’s call with a part of another call’s answer (the first screen’s), once, even when it comes later', async () => {
    let answer!: (value: typeof ui) => void
    answeredEarly('ui:get', {}, new Promise((resolve) => (answer = resolve)))
    const taken = call('ui:get', {})
    answer({ ...ui, openArticles: ['b'] })
    expect(await taken).toEqual({ ...ui, openArticles: ['b'] })
    expect(invoke).not.toHaveBeenCalled()
    expect(await call('ui:get', {})).toEqual(ui)
    expect(invoke).toHaveBeenCalledTimes(1)
  })

  it('asks the channel itself when the answer its part was to come in is refused', async () => {
    answeredEarly('ui:get', {}, Promise.reject(new ApiError('io-error', 'The first screen could not be read.')))
    expect(await call('ui:get', {})).toEqual(ui)
    expect(invoke).toHaveBeenCalledExactlyOnceWith('ui:get', {})
  })

  it('hands a refusal to the app as the error its own call would have had', async () => {
    invoke.mockResolvedValue({ ok: false, error: { code: 'not-found', message: 'There is no article "a".' } })
    await expect(callEarly('article:get', { id: 'a' })).rejects.toThrow(ApiError)
    const taken = call('article:get', { id: 'a' })
    await expect(taken).rejects.toMatchObject({ code: 'not-found', message: 'There is no article "a".' })
    expect(invoke).toHaveBeenCalledTimes(1)
  })
})
