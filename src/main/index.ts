/**
 * The Electron entry: the only module, with ./electron/, that touches Electron. Everything it
 * serves comes from the same handler table as browser mode and the command line.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, session, type IpcMainInvokeEvent } from 'electron'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { MenuCommand } from '../shared/api'
import { IPC_COMMAND } from '../shared/ipc'
import {
  denyPermissions,
  hardenContents,
  isTrustedSender,
  leavesWithoutSaving,
  mainWindowOptions,
  menuTemplate,
  unsavedChangesDialog,
  type HardenableContents,
  type PermissionSession,
} from './electron/config'
import { bindIpc } from './electron/ipc'
import { launchApp, type AppContext } from './handlers'
import { dispatch } from './handlers/dispatch'
import { rendererDir, userDataDir } from './paths'

const isDev = !app.isPackaged && Boolean(process.env.ELECTRON_RENDERER_URL)
const appUrl = isDev ? (process.env.ELECTRON_RENDERER_URL as string) : `file://${path.join(rendererDir, 'index.html')}`
const { values: args } = parseArgs({
  args: process.argv.slice(app.isPackaged ? 1 : 2),
  options: { workspace: { type: 'string' } },
  strict: false,
})

let mainWindow: BrowserWindow | null = null

function isTrustedCall(event: IpcMainInvokeEvent): boolean {
  const win = BrowserWindow.fromWebContents(event.sender)
  const frame = event.senderFrame
  return isTrustedSender({ fromMainWindow: win !== null && win === mainWindow, frame: frame ? { url: frame.url, isTop: frame.parent === null } : null }, appUrl)
}

function send(command: MenuCommand): void {
  mainWindow?.webContents.send(IPC_COMMAND, command)
}

async function openWorkspace(context: AppContext): Promise<void> {
  if (!mainWindow) return
  const choice = await dialog.showOpenDialog(mainWindow, { title: 'Open Workspace', properties: ['openDirectory', 'createDirectory'] })
  const folder = choice.filePaths[0]
  if (choice.canceled || !folder) return
  const result = await dispatch(context.handlers, 'workspace:open', { path: folder })
  if (result.ok) send('workspace-changed')
  else dialog.showErrorBox('Cannot open this workspace', result.error.message)
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(path.join(import.meta.dirname, '../preload/index.cjs')))
  win.once('ready-to-show', () => win.show())
  // the renderer cancels unloading while edits are unsaved; ask instead of silently staying open
  win.webContents.on('will-prevent-unload', (event) => {
    if (leavesWithoutSaving(dialog.showMessageBoxSync(win, unsavedChangesDialog()))) event.preventDefault()
  })
  win.on('closed', () => {
    mainWindow = null
  })
  void (isDev ? win.loadURL(appUrl) : win.loadFile(path.join(rendererDir, 'index.html')))
  return win
}

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  app.enableSandbox()
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore()
    mainWindow?.focus()
  })
  app.on('web-contents-created', (_event, contents) => hardenContents(contents as unknown as HardenableContents, appUrl))
  app.on('window-all-closed', () => app.quit())

  await app.whenReady()
  denyPermissions(session.defaultSession as unknown as PermissionSession)

  const dataDir = userDataDir()
  // the window loads while the workspace opens: its first calls wait for it
  const { opening, handlers } = launchApp(dataDir, typeof args.workspace === 'string' ? args.workspace : undefined, 'electron')
  let context: AppContext | null = null
  let settled = false
  void opening.then((opened) => (context = opened), () => undefined).finally(() => (settled = true))
  app.on('will-quit', (event) => {
    if (settled) return context?.workspace().close()
    // still opening (a first launch copies the corpus): quit once that is done
    event.preventDefault()
    void opening.catch(() => undefined).finally(() => app.quit())
  })
  bindIpc(ipcMain, () => handlers, isTrustedCall)
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(menuTemplate({ openWorkspace: () => void opening.then(openWorkspace), send }, { isDev, platform: process.platform })),
  )
  mainWindow = createWindow()
  await opening // a failure is told by main()'s caller
}

main().catch((error: unknown) => {
  dialog.showErrorBox('Parallax could not start', error instanceof Error ? error.message : String(error))
  app.exit(1)
})
