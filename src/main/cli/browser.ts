import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'

const CANDIDATES: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium', '/usr/bin/microsoft-edge'],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
  ],
}

/** The system's Chromium or Chrome: `PARALLAX_BROWSER` if set, else the usual install places. */
export function findChromium(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | null {
  if (env.PARALLAX_BROWSER) return env.PARALLAX_BROWSER
  return (CANDIDATES[platform] ?? []).find((candidate) => existsSync(candidate)) ?? null
}

/** Chromium's arguments for an app window on `url`, with a profile of Parallax's own and no calls home. */
export function appWindowArgs(url: string, profileDir: string, options: { noSandbox: boolean }): string[] {
  return [
    `--app=${url}`,
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--window-size=1440,900',
    ...(options.noSandbox ? ['--no-sandbox'] : []),
  ]
}

/** Opens `url` as an app window in the system's Chromium; null when there is none. */
export function openAppWindow(url: string, dataDir: string): ChildProcess | null {
  const browser = findChromium()
  if (!browser) return null
  const runsAsRoot = typeof process.getuid === 'function' && process.getuid() === 0
  return spawn(browser, appWindowArgs(url, path.join(dataDir, 'browser-profile'), { noSandbox: runsAsRoot }), {
    stdio: 'ignore',
  })
}
