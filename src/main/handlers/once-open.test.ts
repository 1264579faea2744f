/** The window loads while the workspace opens: its calls wait for the opening, or get its error. */
import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/result'
import { makeApp } from '../test-helpers'
import { dispatch } from './dispatch'
import { handlersOnceOpen, type AppContext } from './index'

describe('handlersOnceOpen', () => {
  it('answers a call made while the workspace opens once it is open, from its handlers', async () => {
    let open!: (context: AppContext) => void
    const handlers = handlersOnceOpen(new Promise<AppContext>((resolve) => (open = resolve)))
    let answered = false
    const listing = dispatch(handlers, 'corpus:list', {}).finally(() => (answered = true))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(answered).toBe(false)

    const app = await makeApp()
    open(app.context)
    const result = await listing
    expect(result).toEqual({ ok: true, value: app.workspace.list() })
  })

  it('gives every call the reason the workspace could not be opened', async () => {
    const opening = Promise.reject(new AppError('not-found', 'There is no folder at /nowhere.'))
    opening.catch(() => undefined)
    const handlers = handlersOnceOpen(opening)
    for (const channel of ['workspace:info', 'corpus:list'] as const) {
      expect(await dispatch(handlers, channel, {})).toEqual({ ok: false, error: { code: 'not-found', message: 'There is no folder at /nowhere.' } })
    }
  })
})
