/**
 * The renderer's side of guarantee 5 (docs/reliability.md): an edit is shown at once, "All changes
 * saved" only once the main side acknowledged it; an edit the disk could not take is kept on screen
 * and in memory, later edits wait behind it, and all are sent again in order (by Retry or by the
 * timer); an edit the main side refuses outright is undone on screen and said so. The API is replaced
 * by a stand-in; no browser.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Tagset } from '../../../shared/tagset'
import { saveState } from '../annotate/saveState'
import { ApiError, call } from '../api/client'
import { NO_FRAME_AFTER_MS } from '../afterPaint'
import { retryDelays } from './layerSlice'
import { useWorkbench } from './store'
import { CLAIM_ONLY } from './test-api'

vi.mock('../api/client', () => import('./test-api'))

const TEXT = 'Mark Rutte was sworn in as NATO secretary-general.'
const NATO = { start: TEXT.indexOf('NATO'), end: TEXT.indexOf('NATO') + 4 }
const tagset: Tagset = CLAIM_ONLY
const FULL = 'Could not save annotations/ana/a.json: the disk is full (ENOSPC: no space left on device, write). Nothing of this change was written; the files are as they were.'

const REFUSED = 'This workspace is open read-only here: another Parallax window is writing to it.'
/** What `edits:apply` answers next: the promises a test settles by hand. */
let replies: { resolve(value: { savedAt: string }): void; reject(error: Error): void }[] = []
const mockedCall = vi.mocked(call)

beforeEach(async () => {
  // the store is one per page: give up what an earlier test left unsaved
  await useWorkbench.getState().discardUnsaved()
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
    save: { pending: 0, unsaved: 0, savedAt: null, error: null },
  })
})

const indicator = () => saveState(useWorkbench.getState().save).text
const shown = () => Object.values(useWorkbench.getState().layer.annotations).map((a) => a.quote.exact)
/** Lets the store's queue move on to the call it makes next. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

/** Tags “Mark Rutte” and lets the main side save it; its id. */
async function savedClaim(): Promise<string> {
  const created = useWorkbench.getState().createAnnotation('a', { start: 0, end: 10 }, 'claim')
  await settle()
  replies.at(-1)?.resolve({ savedAt: '2026-01-01T00:00:00.000Z' })
  return (await created) as string
}

/** Edits an annotation's note, and the disk refuses it: the edit is kept. */
async function keptNote(id: string, note: string): Promise<void> {
  void useWorkbench.getState().updateAnnotation(id, { note })
  await settle()
  replies.at(-1)?.reject(new ApiError('io-error', FULL))
  await settle()
}

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

  it('keeps an edit the disk could not take on screen, holds later edits behind it, and saves them all in order on Retry', async () => {
    const first = useWorkbench.getState().createAnnotation('a', { start: 0, end: 10 }, 'claim')
    await settle()
    replies[0]?.resolve({ savedAt: '2026-01-01T00:00:00.000Z' })
    await first

    const second = useWorkbench.getState().createAnnotation('a', NATO, 'claim')
    await settle()
    replies[1]?.reject(new ApiError('io-error', FULL))
    expect(await second).toEqual(expect.any(String))
    expect(shown()).toEqual(['Mark Rutte', 'NATO'])
    expect(indicator()).toBe('Not saved: 1 change')
    expect(useWorkbench.getState().save.error).toBe(FULL)
    expect(useWorkbench.getState().undoStack.map((a) => a.name)).toEqual(['Tag “Mark Rutte” as Claim', 'Tag “NATO” as Claim'])
    expect(useWorkbench.getState().notices.map((n) => n.message)).toEqual([expect.stringContaining(`“Tag “NATO” as Claim” is not saved yet: ${FULL}`)])

    // a later edit is shown but not sent ahead of the one still waiting for the disk
    const id = useWorkbench.getState().selectedId as string
    const relabel = useWorkbench.getState().updateAnnotation(id, { note: 'the alliance' })
    await settle()
    expect(await relabel).toBe(true)
    expect(mockedCall).toHaveBeenCalledTimes(2)
    expect(indicator()).toBe('Not saved: 2 changes')
    expect(useWorkbench.getState().layer.annotations[id]?.note).toBe('the alliance')

    // the disk has room again: Retry sends both, in the order they were made
    const retried = useWorkbench.getState().retrySaving()
    await settle()
    expect(indicator()).toBe('Saving…')
    replies[2]?.resolve({ savedAt: '2026-01-01T00:01:00.000Z' })
    await settle()
    replies[3]?.resolve({ savedAt: '2026-01-01T00:01:01.000Z' })
    await retried
    const sent = mockedCall.mock.calls.slice(2).map(([, input]) => (input as { edits: { op: string; annotation: { note: string } }[] }).edits[0]?.annotation.note)
    expect(sent).toEqual(['', 'the alliance'])
    expect(shown()).toEqual(['Mark Rutte', 'NATO'])
    expect(indicator()).toBe('All changes saved')
    expect(useWorkbench.getState().save.savedAt).toBe('2026-01-01T00:01:01.000Z')
  })

  it('keeps edits when the main side cannot be reached at all, and stops a retry at the first edit that still fails', async () => {
    const first = useWorkbench.getState().createAnnotation('a', { start: 0, end: 10 }, 'claim')
    await settle()
    replies[0]?.reject(new TypeError('Failed to fetch'))
    expect(await first).toEqual(expect.any(String))
    void useWorkbench.getState().createAnnotation('a', NATO, 'claim')
    await settle()
    expect(indicator()).toBe('Not saved: 2 changes')

    const retried = useWorkbench.getState().retrySaving()
    await settle()
    replies[1]?.reject(new ApiError('io-error', FULL))
    await retried
    expect(mockedCall).toHaveBeenCalledTimes(2)
    expect(shown()).toEqual(['Mark Rutte', 'NATO'])
    expect(indicator()).toBe('Not saved: 2 changes')
  })

  it('tries again by itself after a few seconds', async () => {
    vi.useFakeTimers()
    try {
      const created = useWorkbench.getState().createAnnotation('a', NATO, 'claim')
      await vi.advanceTimersByTimeAsync(0)
      replies[0]?.reject(new ApiError('io-error', FULL))
      await created
      expect(mockedCall).toHaveBeenCalledTimes(1)
      await vi.advanceTimersByTimeAsync(retryDelays[0] * 1000)
      expect(mockedCall).toHaveBeenCalledTimes(2)
      replies[1]?.resolve({ savedAt: '2026-01-01T00:02:00.000Z' })
      await vi.advanceTimersByTimeAsync(0)
      expect(indicator()).toBe('All changes saved')
    } finally {
      vi.useRealTimers()
    }
  })

  it('sends an edit once the frame that shows it is painted, or after a while when no frame comes (a hidden window)', async () => {
    const frames: FrameRequestCallback[] = []
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback))
    vi.useFakeTimers()
    try {
      const created = useWorkbench.getState().createAnnotation('a', NATO, 'claim')
      await vi.advanceTimersByTimeAsync(0)
      expect(shown()).toEqual(['NATO'])
      expect(indicator()).toBe('Saving…')
      expect(mockedCall).not.toHaveBeenCalled()
      for (const frame of frames.splice(0)) frame(performance.now())
      await vi.advanceTimersByTimeAsync(0)
      expect(mockedCall).toHaveBeenCalledTimes(1)
      replies[0]?.resolve({ savedAt: '2026-01-01T00:00:00.000Z' })
      await created
      // no frame comes
      const unseen = useWorkbench.getState().createAnnotation('a', { start: 0, end: 10 }, 'claim')
      await vi.advanceTimersByTimeAsync(NO_FRAME_AFTER_MS - 1)
      expect(mockedCall).toHaveBeenCalledTimes(1)
      await vi.advanceTimersByTimeAsync(1)
      expect(mockedCall).toHaveBeenCalledTimes(2)
      replies[1]?.resolve({ savedAt: '2026-01-01T00:00:01.000Z' })
      await unseen
      expect(indicator()).toBe('All changes saved')
    } finally {
      vi.useRealTimers()
      vi.unstubAllGlobals()
    }
  })

  it('Discard undoes the kept edits on screen, newest first, and takes them out of the undo history', async () => {
    const id = await savedClaim()
    await keptNote(id, 'one')
    void useWorkbench.getState().updateAnnotation(id, { note: 'two' })
    void useWorkbench.getState().createAnnotation('a', NATO, 'claim')
    await settle()
    expect(indicator()).toBe('Not saved: 3 changes')

    await useWorkbench.getState().discardUnsaved()
    expect(shown()).toEqual(['Mark Rutte'])
    expect(useWorkbench.getState().layer.annotations[id]?.note).toBe('')
    expect(useWorkbench.getState().undoStack).toHaveLength(1)
    expect(indicator()).toBe('All changes saved')
    expect(mockedCall).toHaveBeenCalledTimes(2)
  })

  it('when a kept edit is refused on retry, undoes it and every kept edit made on top of it, newest first', async () => {
    const id = await savedClaim()
    await keptNote(id, 'one')
    void useWorkbench.getState().updateAnnotation(id, { note: 'two' })
    await settle()
    expect(indicator()).toBe('Not saved: 2 changes')

    const retried = useWorkbench.getState().retrySaving()
    await settle()
    replies[2]?.reject(new ApiError('read-only', REFUSED))
    await retried
    expect(mockedCall).toHaveBeenCalledTimes(3) // the second was not sent after the first was refused
    expect(useWorkbench.getState().layer.annotations[id]?.note).toBe('')
    expect(useWorkbench.getState().undoStack).toHaveLength(1)
    expect(indicator()).toBe('Not saved')
    expect(useWorkbench.getState().notices.at(-1)?.message).toContain('The change made after it, which waited for it, was undone too.')
  })

  it('forgets, with a notice, the kept edits of a workspace that was closed, and does not retry them', async () => {
    vi.useFakeTimers()
    try {
      void useWorkbench.getState().createAnnotation('a', NATO, 'claim')
      await vi.advanceTimersByTimeAsync(0)
      replies[0]?.reject(new ApiError('io-error', FULL))
      await vi.advanceTimersByTimeAsync(0)
      expect(indicator()).toBe('Not saved: 1 change')
      useWorkbench.getState().forgetUnsaved()
      expect(indicator()).not.toContain('1 change')
      expect(useWorkbench.getState().notices.at(-1)?.message).toMatch(/^One change made before opening this workspace could not be saved/)
      await vi.advanceTimersByTimeAsync(120_000)
      expect(mockedCall).toHaveBeenCalledTimes(1)
    } finally {
      vi.useRealTimers()
    }
  })

  it('undoes on screen an edit the main side refuses outright, says why, shows "Not saved", and keeps it out of the undo history', async () => {
    const first = useWorkbench.getState().createAnnotation('a', { start: 0, end: 10 }, 'claim')
    await settle()
    replies[0]?.resolve({ savedAt: '2026-01-01T00:00:00.000Z' })
    await first
    const second = useWorkbench.getState().createAnnotation('a', NATO, 'claim')
    expect(shown()).toEqual(['Mark Rutte', 'NATO'])
    await settle()
    replies[1]?.reject(new ApiError('read-only', REFUSED))
    expect(await second).toBeNull()
    expect(shown()).toEqual(['Mark Rutte'])
    expect(indicator()).toBe('Not saved')
    expect(useWorkbench.getState().save.error).toBe(REFUSED)
    expect(useWorkbench.getState().undoStack.map((a) => a.name)).toEqual(['Tag “Mark Rutte” as Claim'])
    expect(useWorkbench.getState().notices).toEqual([{ id: expect.any(Number), kind: 'error', message: `“Tag “NATO” as Claim” was not saved: ${REFUSED}` }])

    // nothing is held back by a refusal: the next edit is saved and the indicator says so
    const third = useWorkbench.getState().createAnnotation('a', NATO, 'claim')
    await settle()
    replies[2]?.resolve({ savedAt: '2026-01-01T00:01:00.000Z' })
    await third
    expect(shown()).toEqual(['Mark Rutte', 'NATO'])
    expect(indicator()).toBe('All changes saved')
  })

  it('restores a deletion the main side refused', async () => {
    const created = useWorkbench.getState().createAnnotation('a', { start: 0, end: 10 }, 'claim')
    await settle()
    replies[0]?.resolve({ savedAt: '2026-01-01T00:00:00.000Z' })
    const id = (await created) as string
    const deleting = useWorkbench.getState().deleteAnnotation(id)
    expect(shown()).toEqual([])
    await settle()
    replies[1]?.reject(new ApiError('not-found', 'There is no such annotation.'))
    await deleting
    expect(shown()).toEqual(['Mark Rutte'])
    expect(indicator()).toBe('Not saved')
  })

  it('keeps saying "Saving…" while any edit is on its way, even after one was refused', async () => {
    const failing = useWorkbench.getState().createAnnotation('a', { start: 0, end: 10 }, 'claim')
    const queued = useWorkbench.getState().createAnnotation('a', NATO, 'claim')
    await settle()
    replies[0]?.reject(new ApiError('invalid-input', REFUSED))
    await failing
    expect(indicator()).toBe('Saving…')
    await settle()
    replies[1]?.resolve({ savedAt: '2026-01-01T00:00:00.000Z' })
    await queued
    expect(indicator()).toBe('All changes saved')
  })
})
