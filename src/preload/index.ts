/**
 * The preload: exposes `window.parallax`, the typed API, and nothing else (no ipcRenderer, no
 * Node). The main process validates every call against the contract.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { MenuCommand, ParallaxApi } from '../shared/api'
import { IPC_COMMAND, IPC_INVOKE } from '../shared/ipc'

const api: ParallaxApi = {
  invoke: (channel, input) => ipcRenderer.invoke(IPC_INVOKE, channel, input),
  onCommand(listener) {
    const forward = (_event: IpcRendererEvent, command: MenuCommand): void => listener(command)
    ipcRenderer.on(IPC_COMMAND, forward)
    return () => {
      ipcRenderer.removeListener(IPC_COMMAND, forward)
    }
  },
}

contextBridge.exposeInMainWorld('parallax', api)
