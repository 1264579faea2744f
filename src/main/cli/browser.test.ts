import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { appWindowArgs, findChromium } from './browser'

describe('findChromium', () => {
  it('takes PARALLAX_BROWSER first, whatever the platform', () => {
    expect(findChromium({ PARALLAX_BROWSER: '/opt/my/chrome' }, 'linux')).toBe('/opt/my/chrome')
    expect(findChromium({ PARALLAX_BROWSER: 'C:\\chrome.exe' }, 'win32')).toBe('C:\\chrome.exe')
  })

  it('finds nothing on a platform it has no install places for', () => {
    expect(findChromium({}, 'aix')).toBeNull()
  })

  it('finds nothing when none of the install places exists', () => {
    // Windows paths never exist on a POSIX machine, and the other way round.
    expect(findChromium({}, process.platform === 'win32' ? 'linux' : 'win32')).toBeNull()
  })

  it('gives an install place that exists, or nothing', () => {
    const found = findChromium({}, process.platform)
    if (found !== null) expect(existsSync(found)).toBe(true)
  })
})

describe('appWindowArgs', () => {
  it('opens the address as an app window with a profile of its own and no calls home', () => {
    const args = appWindowArgs('http://127.0.0.1:4000/#token=abc', '/data/browser-profile', { noSandbox: false })
    expect(args[0]).toBe('--app=http://127.0.0.1:4000/#token=abc')
    expect(args).toContain('--user-data-dir=/data/browser-profile')
    expect(args).toEqual(expect.arrayContaining(['--no-first-run', '--no-default-browser-check', '--disable-background-networking', '--disable-sync']))
    expect(args).not.toContain('--no-sandbox')
  })

  it('turns the sandbox off only when asked', () => {
    expect(appWindowArgs('http://127.0.0.1:1/', '/p', { noSandbox: true })).toContain('--no-sandbox')
  })

  it('keeps an address with spaces or quotes in one argument', () => {
    const args = appWindowArgs('http://127.0.0.1:1/#token=a b"c', '/my profile', { noSandbox: false })
    expect(args).toContain('--app=http://127.0.0.1:1/#token=a b"c')
    expect(args).toContain('--user-data-dir=/my profile')
  })
})
