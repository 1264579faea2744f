/// <reference types="electron" />
type MenuItemConstructorOptions = Electron.MenuItemConstructorOptions
import { describe, expect, it, vi } from 'vitest'
import type { MenuCommand } from '../../shared/api'
import {
  denyPermissions,
  denyWindowOpen,
  hardenContents,
  isAppUrl,
  isTrustedSender,
  leavesWithoutSaving,
  mainWindowOptions,
  menuTemplate,
  unsavedChangesDialog,
  type HardenableContents,
  type MenuActions,
  type PermissionSession,
} from './config'

const fakeActions = (): MenuActions & { sent: MenuCommand[] } => {
  const sent: MenuCommand[] = []
  return { sent, openWorkspace: vi.fn(), send: (command) => sent.push(command) }
}

const submenuOf = (template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] => {
  const menu = template.find((item) => item.label === label)
  expect(menu, `a ${label} menu`).toBeDefined()
  expect(Array.isArray(menu!.submenu)).toBe(true)
  return menu!.submenu as MenuItemConstructorOptions[]
}

const roles = (items: MenuItemConstructorOptions[]): string[] => items.flatMap((item) => (item.role ? [item.role] : []))

/** Calls an item's click handler as Electron would (the arguments are not used by ours). */
const click = (item: MenuItemConstructorOptions | undefined): void => {
  expect(item?.click, `${item?.label} has a click handler`).toBeTypeOf('function')
  ;(item!.click as () => void)()
}

describe('mainWindowOptions', () => {
  it('isolates the renderer: context isolation, sandbox, no Node, web security, no webview', () => {
    const prefs = mainWindowOptions('/app/out/preload/index.cjs').webPreferences!
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    })
    expect(prefs).not.toHaveProperty('experimentalFeatures', true)
    expect(prefs).not.toHaveProperty('enableBlinkFeatures')
  })

  it('passes the preload path through unchanged', () => {
    expect(mainWindowOptions('C:\\Parallax\\preload.cjs').webPreferences?.preload).toBe('C:\\Parallax\\preload.cjs')
  })

  it('opens hidden (shown when ready) and no smaller than the reader needs', () => {
    const options = mainWindowOptions('/p.cjs')
    expect(options.show).toBe(false)
    expect(options.title).toBe('Parallax')
    expect(options.minWidth).toBeGreaterThanOrEqual(640)
  })
})

describe('menuTemplate', () => {
  it('has File, Edit, View and Window menus, and the app menu only on macOS', () => {
    const linux = menuTemplate(fakeActions(), { isDev: false, platform: 'linux' })
    expect(linux.map((item) => item.label ?? item.role)).toEqual(['File', 'Edit', 'View', 'windowMenu'])
    const mac = menuTemplate(fakeActions(), { isDev: false, platform: 'darwin' })
    expect(mac.map((item) => item.label ?? item.role)).toEqual(['appMenu', 'File', 'Edit', 'View', 'windowMenu'])
  })

  it('has Open Workspace… and Quit in File, and Open Workspace… opens the folder dialog', () => {
    const actions = fakeActions()
    const file = submenuOf(menuTemplate(actions, { isDev: false, platform: 'linux' }), 'File')
    const open = file.find((item) => item.label === 'Open Workspace…')
    expect(open?.accelerator).toBe('CmdOrCtrl+O')
    click(open)
    expect(actions.openWorkspace).toHaveBeenCalledOnce()
    expect(file.find((item) => item.role === 'quit')).toMatchObject({ label: 'Quit' })
  })

  it('closes the window instead of quitting from File on macOS, where the app menu has Quit', () => {
    const file = submenuOf(menuTemplate(fakeActions(), { isDev: false, platform: 'darwin' }), 'File')
    expect(roles(file)).toEqual(['close'])
  })

  it('has the clipboard roles in Edit, and Undo and Redo that the renderer carries out', () => {
    const actions = fakeActions()
    const edit = submenuOf(menuTemplate(actions, { isDev: false, platform: 'linux' }), 'Edit')
    expect(roles(edit)).toEqual(['cut', 'copy', 'paste', 'selectAll'])
    const undo = edit.find((item) => item.label === 'Undo')
    const redo = edit.find((item) => item.label === 'Redo')
    expect(undo?.accelerator).toBe('CmdOrCtrl+Z')
    expect(redo?.accelerator).toBe('CmdOrCtrl+Shift+Z')
    click(undo)
    click(redo)
    expect(actions.sent).toEqual(['undo', 'redo'])
  })

  it('has the column items and the zoom roles in View, and no developer tools outside development', () => {
    const view = submenuOf(menuTemplate(fakeActions(), { isDev: false, platform: 'linux' }), 'View')
    expect(view.filter((item) => item.label).map((item) => item.label)).toEqual(['Add Column', 'Close Column', 'Toggle Corpus Sidebar'])
    expect(roles(view)).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen'])
    expect(roles(view)).not.toContain('toggleDevTools')
    expect(roles(view)).not.toContain('reload')
  })

  it('adds reload and the developer tools in development', () => {
    const view = submenuOf(menuTemplate(fakeActions(), { isDev: true, platform: 'linux' }), 'View')
    expect(roles(view)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools', 'zoomIn', 'zoomOut', 'resetZoom']))
  })

  it('sends the matching command to the renderer from each View item', () => {
    const actions = fakeActions()
    const view = submenuOf(menuTemplate(actions, { isDev: false, platform: 'linux' }), 'View')
    const byLabel = (label: string) => view.find((item) => item.label === label)
    click(byLabel('Add Column'))
    click(byLabel('Close Column'))
    click(byLabel('Toggle Corpus Sidebar'))
    expect(actions.sent).toEqual(['add-column', 'close-column', 'toggle-sidebar'])
    expect(actions.openWorkspace).not.toHaveBeenCalled()
  })

  it('gives no two items the same accelerator', () => {
    const template = menuTemplate(fakeActions(), { isDev: true, platform: 'linux' })
    const accelerators = template
      .flatMap((menu) => (Array.isArray(menu.submenu) ? menu.submenu : []))
      .flatMap((item) => (typeof item.accelerator === 'string' ? [item.accelerator] : []))
    expect(new Set(accelerators).size).toBe(accelerators.length)
  })
})

describe('isAppUrl', () => {
  const built = 'file:///opt/parallax/out/renderer/index.html'
  const dev = 'http://localhost:5173'

  it('accepts the built page, with or without a fragment or query', () => {
    expect(isAppUrl(built, built)).toBe(true)
    expect(isAppUrl(`${built}#/reader`, built)).toBe(true)
    expect(isAppUrl(`${built}?column=2`, built)).toBe(true)
  })

  it.each([
    'file:///etc/passwd',
    'file:///opt/parallax/out/renderer/other.html',
    'file:///opt/parallax/out/renderer/index.html.evil',
    'https://evil.example/opt/parallax/out/renderer/index.html',
    'http://localhost:5173/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'not a url',
    '',
  ])('refuses %j for the built page', (url) => {
    expect(isAppUrl(url, built)).toBe(false)
  })

  it('accepts any page of the dev server', () => {
    expect(isAppUrl('http://localhost:5173/', dev)).toBe(true)
    expect(isAppUrl('http://localhost:5173/index.html#x', dev)).toBe(true)
  })

  it.each([
    'https://evil.example',
    'http://localhost:5174/',
    'https://localhost:5173/',
    'http://127.0.0.1:5173/',
    'http://localhost:5173.evil.example/',
    'http://evil.example/?http://localhost:5173',
    'javascript:alert(document.domain)',
    `file:///opt/parallax/out/renderer/index.html`,
  ])('refuses %j for the dev server', (url) => {
    expect(isAppUrl(url, dev)).toBe(false)
  })

  it('refuses everything when the app address itself is not a URL', () => {
    expect(isAppUrl('http://localhost:5173/', 'not a url')).toBe(false)
  })
})

const BUILT = 'file:///opt/parallax/out/renderer/index.html'

/** Stands in for a webContents: keeps what hardenContents registers, so that a test can fire it. */
function fakeContents() {
  const listeners = new Map<string, ((event: { preventDefault(): void }, url?: string) => void)[]>()
  let openHandler: ((details: { url: string }) => { action: string }) | null = null
  const contents = {
    on(event: string, listener: (event: { preventDefault(): void }, url?: string) => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener])
      return contents
    },
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      openHandler = handler
    },
  }
  /** Fires an event as Electron would; says whether some listener prevented it. */
  const fire = (event: string, url?: string): boolean => {
    const registered = listeners.get(event) ?? []
    expect(registered.length, `a ${event} listener`).toBeGreaterThan(0)
    const prevented = vi.fn()
    for (const listener of registered) listener({ preventDefault: prevented }, url)
    return prevented.mock.calls.length > 0
  }
  return { contents: contents as unknown as HardenableContents, fire, open: (url: string) => openHandler?.({ url }) }
}

describe('hardenContents', () => {
  it.each(['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'file:///opt/parallax/out/renderer/other.html', 'javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'about:blank'])(
    'stops navigation and redirects to %j',
    (url) => {
      const { contents, fire } = fakeContents()
      hardenContents(contents, BUILT)
      expect(fire('will-navigate', url)).toBe(true)
      expect(fire('will-redirect', url)).toBe(true)
    },
  )

  it('lets the app navigate within its own page (a reload, a fragment)', () => {
    const { contents, fire } = fakeContents()
    hardenContents(contents, BUILT)
    expect(fire('will-navigate', BUILT)).toBe(false)
    expect(fire('will-navigate', `${BUILT}#token`)).toBe(false)
  })

  it('denies every window.open and target=_blank, whatever the address', () => {
    const { contents, open } = fakeContents()
    hardenContents(contents, BUILT)
    for (const url of [BUILT, 'https://evil.example/', 'about:blank', '']) expect(open(url)).toEqual({ action: 'deny' })
    expect(denyWindowOpen()).toEqual({ action: 'deny' })
  })

  it('refuses to attach a webview', () => {
    const { contents, fire } = fakeContents()
    hardenContents(contents, BUILT)
    expect(fire('will-attach-webview')).toBe(true)
  })
})

describe('denyPermissions', () => {
  function fakeSession() {
    let request: Parameters<PermissionSession['setPermissionRequestHandler']>[0] = null
    let check: Parameters<PermissionSession['setPermissionCheckHandler']>[0] = null
    const session: PermissionSession = {
      setPermissionRequestHandler: (handler) => void (request = handler),
      setPermissionCheckHandler: (handler) => void (check = handler),
    }
    return { session, request: () => request, check: () => check }
  }

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'midi', 'midiSysex', 'pointerLock', 'fullscreen', 'openExternal', 'display-capture', 'hid', 'serial', 'usb', 'unknown'])(
    'denies a request for %s, and says no when it is checked',
    (permission) => {
      const fake = fakeSession()
      denyPermissions(fake.session)
      const callback = vi.fn()
      expect(fake.request()).toBeTypeOf('function')
      fake.request()!({}, permission, callback, {})
      expect(callback).toHaveBeenCalledExactlyOnceWith(false)
      expect(fake.check()!({}, permission, 'file://', {})).toBe(false)
    },
  )
})

describe('isTrustedSender', () => {
  const top = (url: string) => ({ url, isTop: true })

  it('trusts the main window’s top frame showing the app’s page', () => {
    expect(isTrustedSender({ fromMainWindow: true, frame: top(BUILT) }, BUILT)).toBe(true)
    expect(isTrustedSender({ fromMainWindow: true, frame: top(`${BUILT}#x`) }, BUILT)).toBe(true)
  })

  it.each([
    ['another window', { fromMainWindow: false, frame: top(BUILT) }],
    ['a frame that is gone', { fromMainWindow: true, frame: null }],
    ['a subframe, even of the app’s page', { fromMainWindow: true, frame: { url: BUILT, isTop: false } }],
    ['a page elsewhere', { fromMainWindow: true, frame: top('https://evil.example/') }],
    ['another local file', { fromMainWindow: true, frame: top('file:///tmp/evil.html') }],
    ['a data: page', { fromMainWindow: true, frame: top('data:text/html,hi') }],
  ])('refuses %s', (_what, sender) => {
    expect(isTrustedSender(sender, BUILT)).toBe(false)
  })
})

describe('leaving with unsaved changes', () => {
  it('asks, with staying as the default and the escape answer, and closes only on "Leave without saving"', () => {
    const options = unsavedChangesDialog()
    expect(options.buttons).toEqual(['Stay', 'Leave without saving'])
    expect(options.defaultId).toBe(0)
    expect(options.cancelId).toBe(0)
    expect(leavesWithoutSaving(0)).toBe(false)
    expect(leavesWithoutSaving(1)).toBe(true)
  })
})
