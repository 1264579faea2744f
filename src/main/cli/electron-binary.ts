import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

export type ElectronBinary = { ok: true; path: string } | { ok: false; reason: string }

/**
 * Finds the Electron binary without loading the `electron` package (whose index downloads it as a
 * side effect). When it is missing, one download is tried, with a time limit.
 */
export function findElectronBinary(options: { download: boolean; timeoutMs?: number } = { download: true }): ElectronBinary {
  let packageDir: string
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return { ok: false, reason: 'the electron package is not installed' }
  }
  const locate = (): string | null => {
    const pathFile = path.join(packageDir, 'path.txt')
    if (!existsSync(pathFile)) return null
    const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
    return existsSync(binary) ? binary : null
  }
  const found = locate()
  if (found) return { ok: true, path: found }
  if (!options.download) return { ok: false, reason: 'the Electron binary is not downloaded' }
  const install = spawnSync(process.execPath, [path.join(packageDir, 'install.js')], {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: options.timeoutMs ?? 60_000,
    encoding: 'utf8',
  })
  const downloaded = locate()
  if (downloaded) return { ok: true, path: downloaded }
  const why = install.error?.message ?? install.stderr.split('\n').find((line) => /error/i.test(line))?.trim()
  return { ok: false, reason: `the Electron binary is missing and could not be downloaded${why ? ` (${why.slice(0, 160)})` : ''}` }
}
