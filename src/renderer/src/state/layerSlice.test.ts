/**
 * The renderer's side of guarantee 5 (docs/reliability.md): an edit is shown at once, "All changes
 * saved" only once the main side acknowledged it, and an edit whose save failed is undone on screen,
 * said so, and leaves the indicator on "Not saved". The API is replaced by a stand-in; no browser.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Tagset } from '../../../shared/tagset'
import { saveState } from '../annotate/saveState'
import { ApiError, call } from '../api/client'
import { useWorkbench } from './store'

vi.mock('../api/client', () => {
  class ApiError extends Error {
    constructor(
      readonly code: string,
      message: string,
    ) {
      super(message)
    }
  }
  return { ApiError, call: vi.fn(), api: { invoke: vi.fn(), onCommand: vi.fn() } }
})

const TEXT = 'Mark Rutte was sworn in as NATO secretary-general.'
const NATO = { start: TEXT.indexOf('NATO'), end: TEXT.indexOf('NATO') + 4 }
const tagset: Tagset = {
  schemaVersion: 1,
  name: 'Test',
  labels: [{ id: 'claim', name: 'Claim', color: '#123456', guideline: '', attributes: [] }],
  linkTypes: [],
}
const FULL = 'Could not save annotations/ana/a.json: the disk is full (ENOSPC: no space left on device, write). Nothing of this change was written; the files are as they were.'

/** What `edits:apply` answers next: the promises a test settles by hand. */
let replies: { resolve(value: { savedAt: string }): void; reject(error: Error): void }[] = []
const mockedCall = vi.mocked(call)

beforeEach(() => {
  replies = []
  mockedCall.mockReset()
  mockedCall.mockImplementation(((channel: string) => {
    if (channel !== 'edits:apply') throw new Error(`unexpected call of ${channel}`)
    return new Promise<{ savedAt: string }>((resolve, reject) => replies.push({ resolve, reject }))
  }) as unknown as typeof call)
  useWorkbench.setState({
    tagset,
    annotator: 'Ana',
    texts: { a: TEXT },
    layer: { annotations: {}, links: {}, articleNotes: {}, entities: {}, decisions: {} },
    undoStack: [],
    redoStack: [],
    notices: [],
    save: { pending: 0, savedAt: null, error: null },
  })
})

const indicator = () => saveState(useWorkbench.getState().save).text
const shown = () => Object.values(useWorkbench.getState().layer.annotations).map((a) => a.quote.exact)
/** Lets the store's queue move on to the call it makes next. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('saving edits from the renderer (guarantee 5)', () => {
  it('shows an edit at once, "Saving…" until the main side acknowledges it, then "All changes saved"', async () => {
    const created = useWorkbench.getState().createAnnotation('a', { start: 0, end: 10 }, 'claim')
    expect(shown()).toEqual(['Mark Rutte'])
    expect(indicator()).toBe('Saving…')
    await settle()
    expect(mockedCall).toHaveBeenCalledWith('edits:apply', { edits: [expect.objectContaining({ op: 'put-annotation' })], layer: 'own' })
    replies[0]?.resolve({ savedAt: '2026-01-01T00:00:00.000Z' })
    expect(await created).toEqual(expect.any(String))
    expect(indicator()).toBe('All changes saved')
    expect(useWorkbench.getState().undoStack).toHaveLength(1)
  })

  it('undoes on screen an edit whose save failed, says why, shows "Not saved", and keeps it out of the undo history', async () => {
    const first = useWorkbench.getState().createAnnotation('a', { start: 0, end: 10 }, 'claim')
    await settle()
    replies[0]?.resolve({ savedAt: '2026-01-01T00:00:00.000Z' })
    await first

    const second = useWorkbench.getState().createAnnotation('a', NATO, 'claim')
    expect(shown()).toEqual(['Mark Rutte', 'NATO'])
    await settle()
    replies[1]?.reject(new ApiError('io-error', FULL))
    expect(await second).toBeNull()
    expect(shown()).toEqual(['Mark Rutte'])
    expect(indicator()).toBe('Not saved')
    expect(useWorkbench.getState().save.error).toBe(FULL)
    expect(useWorkbench.getState().undoStack.map((a) => a.name)).toEqual(['Tag “Mark Rutte” as Claim'])
    expect(useWorkbench.getState().notices).toEqual([{ id: expect.any(Number), kind: 'error', message: `“Tag “NATO” as Claim” was not saved: ${FULL}` }])

    // once the disk has room again, the next edit is saved and the indicator says so
    const third = useWorkbench.getState().createAnnotation('a', NATO, 'claim')
    await settle()
    replies[2]?.resolve({ savedAt: '2026-01-01T00:01:00.000Z' })
    await third
    expect(shown()).toEqual(['Mark Rutte', 'NATO'])
    expect(indicator()).toBe('All changes saved')
  })

  it('restores a deletion whose save failed', async () => {
    const created = useWorkbench.getState().createAnnotation('a', { start: 0, end: 10 }, 'claim')
    await settle()
    replies[0]?.resolve({ savedAt: '2026-01-01T00:00:00.000Z' })
    const id = (await created) as string
    const deleting = useWorkbench.getState().deleteAnnotation(id)
    expect(shown()).toEqual([])
    await settle()
    replies[1]?.reject(new ApiError('io-error', FULL))
    await deleting
    expect(shown()).toEqual(['Mark Rutte'])
    expect(indicator()).toBe('Not saved')
  })

  it('keeps saying "Saving…" while any edit is on its way, even after one failed', async () => {
    const failing = useWorkbench.getState().createAnnotation('a', { start: 0, end: 10 }, 'claim')
    const queued = useWorkbench.getState().createAnnotation('a', NATO, 'claim')
    await settle()
    replies[0]?.reject(new ApiError('io-error', FULL))
    await failing
    expect(indicator()).toBe('Saving…')
    await settle()
    replies[1]?.resolve({ savedAt: '2026-01-01T00:00:00.000Z' })
    await queued
    expect(indicator()).toBe('All changes saved')
  })
})
