/// <reference types="electron" />
// Types only, from Electron's global namespace: this module never loads Electron.
type IpcMain = Electron.IpcMain
type IpcMainInvokeEvent = Electron.IpcMainInvokeEvent
import { IPC_INVOKE } from '../../shared/ipc'
import { fail, type Result } from '../../shared/result'
import { dispatch, type Handlers } from '../handlers/dispatch'

/**
 * Binds the handler table to Electron IPC. A call is answered only when `isTrustedSender` accepts
 * its sender (our main window's own page); anything else gets an `unauthorized` error.
 */
export function bindIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: () => Handlers,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean,
): () => void {
  ipcMain.handle(IPC_INVOKE, (event, channel: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(event)) return Promise.resolve(fail('unauthorized', 'This window may not call Parallax.'))
    return dispatch(handlers(), channel, input)
  })
  return () => ipcMain.removeHandler(IPC_INVOKE)
}
