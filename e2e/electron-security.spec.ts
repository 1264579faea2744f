/**
 * Electron (guarantee 10), end to end where an Electron binary is present (skipped in browser
 * mode, which has no preload and is covered by the host's tests): the page sees `window.parallax`
 * with `invoke` and `onCommand` and nothing else, no Node (`require`, `process`, `Buffer`),
 * window.open gives null, navigation away is stopped, and permission requests are denied.
 */
import { findElectronBinary } from '../src/main/cli/electron-binary'
import type { ParallaxApi } from '../src/shared/api'
import { CONTENT_SECURITY_POLICY } from '../src/shared/csp'
import { expect, test } from './fixtures'

test.skip(!findElectronBinary({ download: false }).ok, 'no Electron binary here: the app runs in browser mode, which has no preload')

test('the page gets the typed API and nothing else: no Node, no new windows, no leaving the app, no permissions', async ({ app }) => {
  expect(app.mode).toBe('electron')
  const { page, workbench } = app
  await workbench.ready()

  const seen = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>
    const api = w.parallax as ParallaxApi
    return {
      api: Object.keys(api).sort(),
      kinds: Object.values(api).map((value) => typeof value),
      node: ['require', 'process', 'module', 'Buffer', 'global', 'ipcRenderer', 'electron', '__dirname'].filter((name) => typeof w[name] !== 'undefined'),
      opened: [window.open('https://example.com/'), window.open('about:blank'), window.open(window.location.href)].map((opened) => opened === null),
    }
  })
  expect(seen.api).toEqual(['invoke', 'onCommand'])
  expect(seen.kinds).toEqual(['function', 'function'])
  expect(seen.node).toEqual([])
  expect(seen.opened).toEqual([true, true, true])

  // a call through the API works; the page cannot reach past it
  expect(await page.evaluate(() => (window as unknown as { parallax: ParallaxApi }).parallax.invoke('corpus:list', {}).then((result) => result.ok))).toBe(true)

  // leaving the app's page is stopped
  const url = page.url()
  await page.evaluate(() => window.location.assign('https://example.com/'))
  await page.waitForTimeout(500)
  expect(page.url()).toBe(url)
  await expect(workbench.sidebar).toBeVisible()

  // permission requests are denied
  expect(await page.evaluate(() => Notification.requestPermission())).toBe('denied')
  expect(await page.evaluate(() => navigator.mediaDevices?.getUserMedia({ audio: true }).then(() => 'granted', (error: Error) => error.name) ?? 'no media devices')).not.toBe('granted')

  // and the page carries the content security policy
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(CONTENT_SECURITY_POLICY)
})
