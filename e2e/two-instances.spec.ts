/**
 * Two instances, one workspace (guarantee 4): while Parallax has a workspace open, a second one
 * (browser mode, with another user's settings) opens it read-only, says so and why, offers no
 * editing, and its edits are refused by the main side; the first writes on; `parallax import`
 * is refused too.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { expect, launchChromium, runParallax, startBrowserMode, test } from './fixtures'
import { Workbench } from './pages/workbench'
import { readWorkspace } from './workspace-files'

const CNBC = 'rutte-sworn-in-translated'

/** An API call from the page, as the renderer makes it in browser mode (the token it was given). */
function callFromPage(page: Page, channel: string, input: unknown): Promise<unknown> {
  return page.evaluate(
    async ([channel, input]) => {
      const response = await fetch(`/api/${channel}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${sessionStorage.getItem('parallax.token') ?? ''}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      })
      return response.json() as Promise<unknown>
    },
    [channel, input] as const,
  )
}

test('a second Parallax on the same workspace opens it read-only, says why, and writes nothing', async ({ app }) => {
  test.setTimeout(90_000)
  const { workbench } = app
  await workbench.ready()
  await workbench.openArticle(CNBC)

  const home = path.join(path.dirname(app.workspace), 'home-second')
  await mkdir(home, { recursive: true })
  await writeFile(path.join(home, 'settings.json'), JSON.stringify({ schemaVersion: 1, annotator: 'Bea' }))
  const server = await startBrowserMode(app.workspace, home)
  const browser = await launchChromium()
  const errors: string[] = []
  try {
    const page = await browser.newPage()
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
    await page.goto(server.url)
    const second = new Workbench(page)
    await second.ready()

    // it says so, and who has the workspace
    const banner = page.getByTestId('read-only')
    await expect(banner).toBeVisible()
    await expect(banner).toContainText('Read-only')
    await expect(banner).toContainText(app.mode === 'electron' ? 'the Parallax app is writing to it' : 'Parallax in browser mode is writing to it')
    await expect(banner).toContainText('.parallax')
    await expect(page.getByTestId('save-indicator')).toHaveCount(0)
    // it still shows the corpus and its texts
    await second.openArticle(CNBC)
    expect(await second.shownText(CNBC)).toContain('Mark Rutte')
    // and offers no editing
    const labels = page.getByRole('toolbar', { name: 'Labels' })
    await expect(labels.getByRole('button', { name: /Speaker/ })).toBeDisabled()
    await expect(labels.getByRole('button', { name: /Translation error/ })).toBeDisabled()
    await expect(page.getByRole('button', { name: 'Import…' })).toBeDisabled()

    const before = await readWorkspace(app.workspace)
    // a hotkey does not tag: it says why
    await second.selectText(CNBC, 'Mark Rutte')
    await second.pressHotkey('2')
    await expect(page.locator('.notice-error')).toContainText('read-only')
    // and the main side refuses an edit whatever the page sends
    expect(await callFromPage(page, 'edits:apply', { edits: [{ op: 'delete-annotation', articleId: CNBC, id: 'anything' }] })).toMatchObject({
      ok: false,
      error: { code: 'read-only', message: expect.stringContaining('is writing to it') },
    })
    expect(await callFromPage(page, 'interchange:import', { format: 'brat', annotator: 'Bea', files: [{ name: `${CNBC}.ann`, content: 'T1\tspeaker 0 4\tx\n' }] })).toMatchObject({
      ok: false,
      error: { code: 'read-only' },
    })
    expect(await readWorkspace(app.workspace)).toEqual(before)

    // the first one writes on, and is not read-only
    await expect(app.page.getByTestId('read-only')).toHaveCount(0)
    await workbench.selectText(CNBC, 'Mark Rutte')
    await workbench.pressHotkey('2')
    await workbench.waitUntilSaved()
    expect(await readWorkspace(app.workspace)).not.toEqual(before)

    // the command line's import is refused while a Parallax has the workspace open
    const bratDir = path.join(path.dirname(app.workspace), 'brat')
    await mkdir(bratDir, { recursive: true })
    await writeFile(path.join(bratDir, `${CNBC}.ann`), 'T1\tspeaker 69 79\tMark Rutte\n')
    const imported = await runParallax(['import', '--workspace', app.workspace, '--format', 'brat', bratDir, '--annotator', 'Cy'])
    expect(imported.code).toBe(1)
    expect(imported.stderr).toContain('nothing was imported')
    expect(imported.stderr).toContain('is writing to it')
  } finally {
    await browser.close()
    await server.stop()
  }
  expect(errors).toEqual([])
})

test('the lock goes with the app: after it quits, the next start writes', async ({ app }) => {
  await app.workbench.ready()
  const workbench = await app.restart()
  await workbench.ready()
  await expect(app.page.getByTestId('read-only')).toHaveCount(0)
  await workbench.openArticle(CNBC)
  await workbench.selectText(CNBC, 'Mark Rutte')
  await workbench.pressHotkey('2')
  await workbench.waitUntilSaved()
  expect(Object.keys((await readWorkspace(app.workspace)).layers)).toEqual([`ana-petrovic/${CNBC}`])
})
