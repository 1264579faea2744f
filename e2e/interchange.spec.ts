import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { strFromU8, unzipSync } from 'fflate'
import { expect, test } from './fixtures'
import { bratFile, importBrat } from './review-data'

const CNBC = 'rutte-sworn-in-translated'

test('exports the work from the app, one file or a zip', async ({ app }) => {
  const { workbench: w, page } = app
  await w.ready()
  await w.openArticle(CNBC)
  await w.selectText(CNBC, 'Kamala Harry')
  await w.pressHotkey('4')
  await w.inspector.getByLabel('Severity').selectOption('major')
  await w.selectText(CNBC, 'total domestic profits')
  await w.pressHotkey('4')
  await w.waitUntilSaved()

  await page.getByRole('button', { name: 'Export…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export annotations' })
  await dialog.getByText('W3C Web Annotation (JSON-LD)').click()
  const [w3c] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export', exact: true }).click()])
  expect(w3c.suggestedFilename()).toBe('annotations.jsonld')
  const collection = JSON.parse(await readFile(await w3c.path(), 'utf8')) as { type: string; total: number; first: { items: { body: { value: string }[]; target: { selector: { exact?: string }[] } }[] } }
  expect(collection.type).toBe('AnnotationCollection')
  expect(collection.total).toBe(2)
  expect(collection.first.items.map((item) => item.target.selector[0]?.exact)).toEqual(['Kamala Harry', 'total domestic profits'])
  expect(collection.first.items[0]?.body.map((b) => b.value)).toContain('severity: major')
  await expect(dialog.getByRole('status')).toHaveText('Exported 2 annotations as annotations.jsonld.')

  await dialog.getByText('brat standoff (zip)').click()
  const [brat] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export', exact: true }).click()])
  expect(brat.suggestedFilename()).toBe('parallax-brat.zip')
  const files = unzipSync(new Uint8Array(await readFile(await brat.path())))
  expect(Object.keys(files)).toContain('annotation.conf')
  expect(strFromU8(files[`${CNBC}.ann`]!)).toMatch(/^T1\ttranslation-error \d+ \d+\tKamala Harry\n/)
  expect(strFromU8(files[`${CNBC}.txt`]!)).toBe(await readFile(path.join(app.workspace, 'corpus', `${CNBC}.txt`), 'utf8'))
})

test("imports a colleague's W3C annotations as their layer, with a report", async ({ app }) => {
  const { workbench: w, page } = app
  await w.ready()
  const text = await readFile(path.join(app.workspace, 'corpus', `${CNBC}.txt`), 'utf8')
  const at = [...text.slice(0, text.indexOf('Mark Roux'))].length
  const colleague = [
    {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'https://annotations.example.org/anno/1',
      type: 'Annotation',
      creator: { type: 'Person', name: 'Marko Ilić' },
      body: [
        { type: 'TextualBody', purpose: 'tagging', value: 'Translation error' },
        { type: 'TextualBody', purpose: 'describing', value: 'category: accuracy/named entity' },
        { type: 'TextualBody', purpose: 'describing', value: 'correction: Mark Rutte' },
      ],
      // the position is off by three: the quote and its context find it again
      target: { source: `urn:parallax:article:${CNBC}`, selector: [{ type: 'TextQuoteSelector', exact: 'Mark Roux', prefix: 'Secretary-General ' }, { type: 'TextPositionSelector', start: at + 3, end: at + 12 }] },
    },
  ]
  // a column open meanwhile: its document's copy of the app's style sheet is marked, to be found again after the import
  await w.openArticle(CNBC)
  await w.frame(CNBC).evaluate((frame: HTMLIFrameElement) => {
    ;(frame.contentDocument?.adoptedStyleSheets[0] as (CSSStyleSheet & { marked?: true }) | undefined)!.marked = true
  })
  await page.getByRole('button', { name: 'Import…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Import annotations' })
  await dialog.getByLabel('Format', { exact: true }).selectOption('w3c')
  await dialog.getByLabel('File', { exact: true }).setInputFiles({ name: 'marko.jsonld', mimeType: 'application/ld+json', buffer: Buffer.from(JSON.stringify(colleague)) })
  await dialog.getByRole('button', { name: 'Import', exact: true }).click()
  const report = dialog.getByTestId('import-report')
  await expect(report).toContainText('Imported 1 annotation, 0 links, 0 entities and 0 article notes of Marko Ilić.')
  await expect(report).toContainText('“Mark Roux” in rutte-sworn-in-translated')
  await dialog.getByRole('button', { name: 'Done' }).click()
  // the workspace read again, the labels' colours given to the column anew: its copy of the app's style sheet is kept, not parsed again
  expect(
    await w.frame(CNBC).evaluate((frame: HTMLIFrameElement) => {
      const sheets = frame.contentDocument?.adoptedStyleSheets ?? []
      return {
        kept: (sheets[0] as CSSStyleSheet & { marked?: true }).marked === true,
        colours: sheets.some((sheet) => Array.from(sheet.cssRules).some((rule) => rule.cssText.startsWith('::highlight(px-label-claim)'))),
      }
    }),
  ).toEqual({ kept: true, colours: true })

  await page.getByRole('tab', { name: 'Annotations' }).click()
  await page.getByLabel('Filter by annotator').selectOption('Marko Ilić')
  await expect(page.getByTestId('annotation-count')).toHaveText('1 of 1 annotations')
  await expect(page.locator('.annotation-item')).toContainText('Mark Roux')

  // a broken file is refused with the place and the reason, and nothing is written
  await page.getByRole('button', { name: 'Import…' }).click()
  await dialog.getByLabel('Format', { exact: true }).selectOption('native')
  await dialog.getByLabel('File', { exact: true }).setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"format": "parallax-annotations", "layers": [') })
  await dialog.getByRole('button', { name: 'Import', exact: true }).click()
  await expect(dialog.getByRole('alert')).toContainText('broken.json')
  await expect(dialog.getByRole('alert')).toContainText('not valid JSON')
})

test("nobody's work goes into gold by its name, and a colleague's name is taken only once confirmed", async ({ app }) => {
  const { workbench: w, page } = app
  await w.ready()
  const file = await bratFile(app, [['translation-error', 'Mark Roux', { severity: 'major' }]])

  // an import under the gold layer's name is refused in the dialog, and nothing comes in
  await page.getByRole('button', { name: 'Import…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Import annotations' })
  await dialog.getByLabel('Format', { exact: true }).selectOption('brat')
  await dialog.getByLabel('Files', { exact: true }).setInputFiles({ name: `${CNBC}.ann`, mimeType: 'text/plain', buffer: Buffer.from(file) })
  await dialog.getByLabel(/^Annotator/).fill('Gold')
  await dialog.getByRole('button', { name: 'Import', exact: true }).click()
  await expect(dialog.getByRole('alert')).toHaveText(`The annotator name won't do: "gold" is the name of the gold layer, which only the review writes; choose a person's name.`)
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await importBrat(app, 'Marko Ilić', file)

  await w.annotator.click()
  const change = page.getByRole('dialog', { name: 'Change annotator' })
  await change.getByLabel('Annotator name').fill('gold')
  await change.getByRole('button', { name: 'Save' }).click()
  await expect(change.getByRole('alert')).toHaveText(/^This name won't do: "gold" is the name of the gold layer/)
  // a colleague's name (however it is spelt) asks first, and then takes their layer's own spelling
  await change.getByLabel('Annotator name').fill('marko ilic')
  await change.getByRole('button', { name: 'Save' }).click()
  await expect(change.getByRole('alert')).toContainText('“Marko Ilić” already has a layer in this workspace')
  await expect(w.annotator).toHaveText(/Ana Petrović/)
  await change.getByRole('button', { name: 'Yes, I am Marko Ilić' }).click()
  await expect(change).toHaveCount(0)
  await expect(w.annotator).toHaveText(/Marko Ilić/)
})
