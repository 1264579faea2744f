import { existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { appRoot, bundledCorpusDir, defaultWorkspaceDir, rendererDir, userDataDir } from './paths'

describe('userDataDir', () => {
  const home = os.homedir()

  it('uses PARALLAX_HOME when it is set, on every platform, made absolute', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(userDataDir({ PARALLAX_HOME: '/srv/parallax', APPDATA: 'C:\\AppData' }, platform)).toBe(path.resolve('/srv/parallax'))
    }
    expect(userDataDir({ PARALLAX_HOME: 'relative/home' }, 'linux')).toBe(path.resolve('relative/home'))
  })

  it('ignores an empty PARALLAX_HOME', () => {
    expect(userDataDir({ PARALLAX_HOME: '' }, 'linux')).toBe(path.join(home, '.config', 'parallax'))
  })

  it('follows XDG on Linux', () => {
    expect(userDataDir({}, 'linux')).toBe(path.join(home, '.config', 'parallax'))
    expect(userDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux')).toBe(path.join('/xdg', 'parallax'))
  })

  it('uses Application Support on macOS', () => {
    expect(userDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'darwin')).toBe(path.join(home, 'Library', 'Application Support', 'parallax'))
  })

  it('uses APPDATA on Windows, or the roaming folder when it is not set', () => {
    expect(userDataDir({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'win32')).toBe(path.join('C:\\Users\\ada\\AppData\\Roaming', 'parallax'))
    expect(userDataDir({}, 'win32')).toBe(path.join(home, 'AppData', 'Roaming', 'parallax'))
  })

  it('reads process.env by default, which the tests point away from the real data folder', () => {
    expect(process.env.PARALLAX_HOME).toBeTruthy()
    expect(userDataDir()).toBe(path.resolve(process.env.PARALLAX_HOME!))
  })
})

describe('app paths', () => {
  it('finds the app root by its package.json, and the bundled corpus in it', () => {
    expect(existsSync(path.join(appRoot, 'package.json'))).toBe(true)
    expect(bundledCorpusDir).toBe(path.join(appRoot, 'corpus'))
    expect(existsSync(path.join(bundledCorpusDir, 'manifest.json'))).toBe(true)
    expect(rendererDir).toBe(path.join(appRoot, 'out', 'renderer'))
  })

  it('keeps the default workspace in the data folder', () => {
    expect(defaultWorkspaceDir('/data')).toBe(path.join('/data', 'workspace'))
  })
})
