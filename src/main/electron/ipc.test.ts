/// <reference types="electron" />
type IpcMainInvokeEvent = Electron.IpcMainInvokeEvent
import { describe, expect, it, vi } from 'vitest'
import { channelNames } from '../../shared/api'
import { IPC_INVOKE } from '../../shared/ipc'
import type { Result } from '../../shared/result'
import type { Handlers } from '../handlers/dispatch'
import { bindIpc } from './ipc'

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<Result<unknown>>

/** Stands in for Electron's ipcMain: records what is registered, and lets a test invoke it. */
function fakeIpcMain() {
  const registered = new Map<string, Listener>()
  return {
    registered,
    handle: vi.fn((channel: string, listener: Listener) => {
      if (registered.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
      registered.set(channel, listener)
    }),
    removeHandler: vi.fn((channel: string) => {
      registered.delete(channel)
    }),
    invoke(event: IpcMainInvokeEvent, ...args: unknown[]) {
      const listener = registered.get(IPC_INVOKE)
      if (!listener) throw new Error('no handler registered')
      return listener(event, ...args)
    },
  }
}

const event = (url: string) => ({ senderFrame: { url } }) as unknown as IpcMainInvokeEvent

function setUp(trusted: (event: IpcMainInvokeEvent) => boolean) {
  const ipcMain = fakeIpcMain()
  const list = vi.fn(() => [])
  const handlers = { 'corpus:list': list } as unknown as Handlers
  const dispose = bindIpc(ipcMain as never, () => handlers, trusted)
  return { ipcMain, list, dispose }
}

describe('bindIpc', () => {
  it('registers one handler, on the invoke channel', () => {
    const { ipcMain } = setUp(() => true)
    expect(ipcMain.handle).toHaveBeenCalledOnce()
    expect([...ipcMain.registered.keys()]).toEqual([IPC_INVOKE])
  })

  it('answers an untrusted sender with unauthorized, without running the handler', async () => {
    const isTrusted = vi.fn(() => false)
    const { ipcMain, list } = setUp(isTrusted)
    const untrusted = event('https://evil.example/')
    const result = await ipcMain.invoke(untrusted, 'corpus:list', {})
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    expect(isTrusted).toHaveBeenCalledWith(untrusted)
    expect(list).not.toHaveBeenCalled()
  })

  it('checks the sender on every channel of the contract, and runs no handler for an untrusted one', async () => {
    const ipcMain = fakeIpcMain()
    const handlers = Object.fromEntries(channelNames.map((name) => [name, vi.fn(() => ({}))])) as unknown as Handlers
    const isTrusted = vi.fn(() => false)
    bindIpc(ipcMain as never, () => handlers, isTrusted)
    for (const channel of channelNames) {
      expect(await ipcMain.invoke(event('https://evil.example/'), channel, {}), channel).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    }
    expect(isTrusted).toHaveBeenCalledTimes(channelNames.length)
    for (const channel of channelNames) expect((handlers as unknown as Record<string, ReturnType<typeof vi.fn>>)[channel]).not.toHaveBeenCalled()
  })

  it('checks the sender before the channel', async () => {
    const { ipcMain } = setUp(() => false)
    expect(await ipcMain.invoke(event('https://evil.example/'), 'no:such', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
  })

  it('dispatches a trusted sender’s call, validated', async () => {
    const { ipcMain, list } = setUp(() => true)
    expect(await ipcMain.invoke(event('file:///app/index.html'), 'corpus:list', {})).toEqual({ ok: true, value: [] })
    expect(list).toHaveBeenCalledWith({})
    expect(await ipcMain.invoke(event('file:///app/index.html'), 'corpus:list', { all: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    })
    expect(await ipcMain.invoke(event('file:///app/index.html'), 'no:such', {})).toMatchObject({ ok: false, error: { code: 'unknown-channel' } })
    expect(list).toHaveBeenCalledOnce()
  })

  it('asks for the handler table on every call, so that a replaced workspace is used', async () => {
    const ipcMain = fakeIpcMain()
    let current = { 'corpus:list': () => ['first'] } as unknown as Handlers
    bindIpc(ipcMain as never, () => current, () => true)
    expect(await ipcMain.invoke(event('file:///app/index.html'), 'corpus:list', {})).toEqual({ ok: true, value: ['first'] })
    current = { 'corpus:list': () => ['second'] } as unknown as Handlers
    expect(await ipcMain.invoke(event('file:///app/index.html'), 'corpus:list', {})).toEqual({ ok: true, value: ['second'] })
  })

  it('removes its handler when disposed', () => {
    const { ipcMain, dispose } = setUp(() => true)
    dispose()
    expect(ipcMain.removeHandler).toHaveBeenCalledWith(IPC_INVOKE)
    expect(ipcMain.registered.size).toBe(0)
  })
})
