import { existsSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The folder of Parallax's own package.json, above this module in source (`src/main`) and when built (`out/main/…`), and its version. */
function findApp(from: string): { root: string; version: string } {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json')
    const manifest = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string }) : null
    if (manifest?.name === 'parallax') return { root: dir, version: manifest.version ?? '0.0.0' }
    if (path.dirname(dir) === dir) throw new Error(`Parallax's package.json was not found above ${from}.`)
  }
}

const app = findApp(path.dirname(fileURLToPath(import.meta.url)))
export const appRoot = app.root
export const appVersion = app.version

/** The five-article sample corpus that ships with Parallax. */
export const bundledCorpusDir = path.join(appRoot, 'corpus')

/** The built renderer that Electron loads and browser mode serves. */
export const rendererDir = path.join(appRoot, 'out', 'renderer')

/**
 * Where a user's own data lives: `PARALLAX_HOME` if set, else the platform's per-user
 * application data folder, the same one Electron's `app.getPath('userData')` names for "parallax".
 */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.PARALLAX_HOME) return path.resolve(env.PARALLAX_HOME)
  const home = os.homedir()
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'parallax')
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'parallax')
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'parallax')
}

/** The workspace `npm start` opens without `--workspace`: the bundled corpus, annotated in the user's data folder. */
export const defaultWorkspaceDir = (dataDir: string): string => path.join(dataDir, 'workspace')
