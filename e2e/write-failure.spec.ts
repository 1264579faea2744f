/**
 * Guarantee 5 of docs/reliability.md through the whole app: when the disk refuses a save, the edit
 * stays on screen and in memory, the indicator never says "saved", later edits wait behind it, and
 * Retry writes them all once the disk is back. The failure is real, not injected: a file sits where
 * the annotations folder has to be created, so the save fails in the file system (root, who runs
 * the tests here, ignores permission bits, so a read-only folder would not do).
 */
import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from './fixtures'
import { storedAnnotations } from './workspace-files'

const CNBC = 'rutte-sworn-in-translated'

test('an edit the disk refuses stays on screen as "Not saved", later edits wait, and Retry saves them all', async ({ app }) => {
  const { workbench: w, page } = app
  await w.ready()
  await w.openArticle(CNBC)
  const blocker = path.join(app.workspace, 'annotations')
  await writeFile(blocker, 'not a folder')

  await w.selectText(CNBC, 'Kamala Harry')
  await w.pressHotkey('4')
  const indicator = page.getByTestId('save-indicator')
  await expect(indicator).toHaveText(/Not saved: 1 change/)
  await expect(page.getByRole('alert').filter({ hasText: 'is not saved yet: Cannot read annotations/ana-petrovic/' })).toBeVisible()
  expect(await w.highlighted('px-label-translation-error')).toEqual(['Kamala Harry'])

  // a second edit is shown at once and kept behind the first
  await w.selectText(CNBC, 'total domestic profits')
  await w.pressHotkey('4')
  await expect(indicator).toHaveText(/Not saved: 2 changes/)
  expect(await w.highlighted('px-label-translation-error')).toEqual(['Kamala Harry', 'total domestic profits'])
  // nothing the researcher needs can be started that would lose them
  await expect(page.getByRole('button', { name: 'Import…' })).toBeDisabled()
  await expect(page.getByRole('button', { name: 'Open workspace…' })).toBeDisabled()

  // the disk is back: Retry writes both, in order, and only then does the indicator say saved
  await rm(blocker)
  await indicator.getByRole('button', { name: 'Retry' }).click()
  await w.waitUntilSaved()
  await expect(indicator).toHaveText('All changes saved')
  expect((await storedAnnotations(app.workspace)).map((a) => a.quote.exact).sort()).toEqual(['Kamala Harry', 'total domestic profits'])
  JSON.parse(await readFile(path.join(app.workspace, 'annotations', 'ana-petrovic', `${CNBC}.json`), 'utf8'))

  // and they are there after a restart
  const after = await app.restart()
  await after.ready()
  // the corpus list can come before the column's highlights
  await expect.poll(() => after.highlighted('px-label-translation-error')).toEqual(['Kamala Harry', 'total domestic profits'])
})
