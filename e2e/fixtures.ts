/**
 * One fixture for every end-to-end test: it starts Parallax on a fresh temp workspace, in Electron
 * when a binary is present and in browser mode with the system's Chromium otherwise, and fails the
 * test on any page error or console error.
 */
import { test as base, expect, chromium, _electron, type Browser, type ElectronApplication, type Page } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { findElectronBinary } from '../src/main/cli/electron-binary'
import { findChromium } from '../src/main/cli/browser'
import { appRoot } from '../src/main/paths'
import { Workbench } from './pages/workbench'

export const CLI = path.join(appRoot, 'bin', 'parallax.js')

/** Runs the `parallax` command line to its end. */
export function runParallax(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })))
}

export interface BrowserModeServer {
  url: string
  origin: string
  token: string
  process: ChildProcess
  stop(): Promise<void>
}

/** Starts `parallax start --browser --no-open` and waits for its one line `Parallax ready: <url>`. */
export async function startBrowserMode(workspace: string, home: string): Promise<BrowserModeServer> {
  const child = spawn(process.execPath, [CLI, 'start', '--browser', '--no-open', '--workspace', workspace], {
    env: { ...process.env, PARALLAX_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const match = /^Parallax ready: (\S+)$/m.exec(stdout)
      if (match?.[1]) resolve(match[1])
    })
    child.once('exit', (code) => reject(new Error(`parallax exited with ${code}: ${stderr}`)))
  })
  const parsed = new URL(url)
  return {
    url,
    origin: parsed.origin,
    token: new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '',
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

const runsAsRoot = typeof process.getuid === 'function' && process.getuid() === 0

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium()
  if (!executablePath) throw new Error('No Chromium found: install it (apt-get install chromium) or set PARALLAX_BROWSER.')
  return chromium.launch({
    executablePath,
    args: [
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(runsAsRoot ? ['--no-sandbox'] : []),
    ],
  })
}

/** A running Parallax: the page showing the workbench, and how to restart it on the same workspace. */
export interface ParallaxApp {
  mode: 'electron' | 'browser'
  home: string
  workspace: string
  workbench: Workbench
  page: Page
  /** Quits and starts again on the same workspace and data folder; returns the new page. */
  restart(): Promise<Workbench>
}

interface Launcher {
  mode: 'electron' | 'browser'
  start(): Promise<Page>
  stop(): Promise<void>
  dispose(): Promise<void>
}

/** Electron when its binary is present, else browser mode in the system's Chromium. */
async function createLauncher(workspace: string, home: string, watch: (page: Page) => Page): Promise<Launcher> {
  const electron = findElectronBinary({ download: false })
  if (electron.ok) {
    let application: ElectronApplication | null = null
    const stop = async () => {
      await application?.close()
      application = null
    }
    return {
      mode: 'electron',
      async start() {
        application = await _electron.launch({
          executablePath: electron.path,
          args: [appRoot, '--workspace', workspace],
          env: { ...process.env, PARALLAX_HOME: home } as Record<string, string>,
        })
        return watch(await application.firstWindow())
      },
      stop,
      dispose: stop,
    }
  }
  const browser = await launchChromium()
  let server: BrowserModeServer | null = null
  const stop = async () => {
    for (const context of browser.contexts()) await context.close()
    await server?.stop()
    server = null
  }
  return {
    mode: 'browser',
    async start() {
      server = await startBrowserMode(workspace, home)
      const page = watch(await browser.newPage())
      await page.goto(server.url)
      return page
    },
    stop,
    async dispose() {
      await stop()
      await browser.close()
    },
  }
}

interface Options {
  /** The annotator already set in the user's settings; null to see the first-launch question. */
  annotator: string | null
}

export const test = base.extend<Options & { app: ParallaxApp }>({
  annotator: ['Ana Petrović', { option: true }],
  app: async ({ annotator }, use, testInfo) => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'parallax-e2e-'))
    const home = path.join(root, 'home')
    const workspace = path.join(root, 'workspace')
    const init = await runParallax(['init', workspace])
    if (init.code !== 0) throw new Error(`parallax init failed: ${init.stderr}`)
    await mkdir(home, { recursive: true })
    if (annotator) {
      await writeFile(path.join(home, 'settings.json'), JSON.stringify({ schemaVersion: 1, annotator }))
    }

    const errors: string[] = []
    const watch = (page: Page): Page => {
      page.on('pageerror', (error) => errors.push(`page error: ${error.message}`))
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console error: ${message.text()}`)
      })
      return page
    }

    const launcher = await createLauncher(workspace, home, watch)
    let page = await launcher.start()
    const app: ParallaxApp = {
      mode: launcher.mode,
      home,
      workspace,
      page,
      workbench: new Workbench(page),
      async restart() {
        await launcher.stop()
        page = await launcher.start()
        app.page = page
        app.workbench = new Workbench(page)
        return app.workbench
      },
    }
    try {
      await use(app)
    } finally {
      await launcher.dispose()
    }
    testInfo.annotations.push({ type: 'mode', description: launcher.mode })
    await rm(root, { recursive: true, force: true })
    expect(errors, 'page errors and console errors').toEqual([])
  },
})

export { expect }
