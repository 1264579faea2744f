/**
 * The Electron shell's configuration as plain data, so that it is unit-tested without launching
 * Electron: window options, the menu template, and the navigation and sender rules.
 * Only types come from Electron (its global namespace); the module never loads it.
 */
/// <reference types="electron" />
type BrowserWindowConstructorOptions = Electron.BrowserWindowConstructorOptions
type MenuItemConstructorOptions = Electron.MenuItemConstructorOptions
import type { MenuCommand } from '../../shared/api'

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Parallax',
    backgroundColor: '#f7f5f0',
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: true,
    },
  }
}

export interface MenuActions {
  openWorkspace(): void
  send(command: MenuCommand): void
}

/** The native menu: File, Edit, View (dev tools only in development), Window. */
export function menuTemplate(actions: MenuActions, options: { isDev: boolean; platform: NodeJS.Platform }): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin'
  const view: MenuItemConstructorOptions[] = [
    { label: 'Add Column', accelerator: 'CmdOrCtrl+Shift+N', click: () => actions.send('add-column') },
    { label: 'Close Column', accelerator: 'CmdOrCtrl+Shift+W', click: () => actions.send('close-column') },
    { label: 'Toggle Corpus Sidebar', accelerator: 'CmdOrCtrl+B', click: () => actions.send('toggle-sidebar') },
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ]
  if (options.isDev) view.push({ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' })
  return [
    ...(mac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: () => actions.openWorkspace() },
        { type: 'separator' },
        { label: 'Import…', accelerator: 'CmdOrCtrl+I', click: () => actions.send('import') },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => actions.send('export') },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit', label: 'Quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        // Parallax's own history outside text fields, the field's own inside (the renderer decides)
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: () => actions.send('undo') },
        { label: 'Redo', accelerator: 'CmdOrCtrl+Shift+Z', click: () => actions.send('redo') },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ]
}

/** The parts of a `webContents` the shell hardens (an interface, so that a test can stand in for it). */
export interface HardenableContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
}

/**
 * Every page's rules: it may navigate only within the app (links elsewhere, redirects and dropped
 * files are stopped), never open a window (window.open returns null) and never attach a webview.
 */
export function hardenContents(contents: HardenableContents, appUrl: string): void {
  const stayInApp = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url, appUrl)) event.preventDefault()
  }
  contents.on('will-navigate', stayInApp)
  contents.on('will-redirect', stayInApp)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(denyWindowOpen)
}

/** window.open and target=_blank links: never a new window. */
export const denyWindowOpen = (): { action: 'deny' } => ({ action: 'deny' })

/** The parts of a session whose permissions the shell denies. */
export interface PermissionSession {
  setPermissionRequestHandler(handler: ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void) | null): void
  setPermissionCheckHandler(handler: ((contents: unknown, permission: string, origin: string, details: unknown) => boolean) | null): void
}

/** Camera, microphone, notifications, geolocation, clipboard reads, MIDI …: Parallax needs none, so every request and check is denied. */
export function denyPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}

/** What the sender check needs to know of an IPC call's sender. */
export interface SenderInfo {
  /** Whether the sending webContents belongs to our main window. */
  fromMainWindow: boolean
  /** The sending frame: its address and whether it is the top frame (null when it is gone). */
  frame: { url: string; isTop: boolean } | null
}

/** An IPC call is answered only from our main window's top frame, showing our own page. */
export function isTrustedSender(sender: SenderInfo, appUrl: string): boolean {
  return sender.fromMainWindow && sender.frame !== null && sender.frame.isTop && isAppUrl(sender.frame.url, appUrl)
}

/** The renderer's own address: the built page (file://) or, in development, the dev server. */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const target = new URL(url)
    const app = new URL(appUrl)
    if (app.protocol === 'file:') return target.protocol === 'file:' && target.pathname === app.pathname
    return target.origin === app.origin
  } catch {
    return false
  }
}

/**
 * What the window asks when the renderer holds edits the disk has not taken yet (it cancels the
 * page's unload; Electron would otherwise keep the window open without a word). Button 0 stays.
 */
export const unsavedChangesDialog = (): Electron.MessageBoxSyncOptions => ({
  type: 'warning',
  title: 'Unsaved changes',
  message: 'Some changes are not saved yet.',
  detail: 'Parallax could not write them to the workspace (see the save indicator). If you leave now they are lost.',
  buttons: ['Stay', 'Leave without saving'],
  defaultId: 0,
  cancelId: 0,
  noLink: true,
})

/** Whether the answer to {@link unsavedChangesDialog} lets the window close. */
export const leavesWithoutSaving = (button: number): boolean => button === 1
