import { expect, test, type ParallaxApp } from './fixtures'
import type { Workbench } from './pages/workbench'
import { readWorkspace, storedAnnotations, storedEntities, storedLinks } from './workspace-files'

const CNBC = 'rutte-sworn-in-translated'
const MONTENEGRIN = 'montenegrin-keep-the-west-together'

/**
 * Runs one step of the researcher's work, then shows that undo restores exactly what was saved
 * before it and redo exactly what was saved after it (read from the workspace's files).
 */
async function step(app: ParallaxApp, name: string, action: (workbench: Workbench) => Promise<void>): Promise<void> {
  const { workbench, page } = app
  await workbench.waitUntilSaved()
  const before = await readWorkspace(app.workspace)
  await action(workbench)
  await workbench.waitUntilSaved()
  const after = await readWorkspace(app.workspace)
  expect(after, `${name} changed the saved work`).not.toEqual(before)

  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  await page.keyboard.press('Control+z')
  await workbench.waitUntilSaved()
  await expect.poll(() => readWorkspace(app.workspace), { message: `undo of ${name}` }).toEqual(before)
  await page.keyboard.press('Control+Shift+z')
  await workbench.waitUntilSaved()
  await expect.poll(() => readWorkspace(app.workspace), { message: `redo of ${name}` }).toEqual(after)
}

async function setAttribute(workbench: Workbench, name: string, value: string): Promise<void> {
  await workbench.inspector.getByLabel(name, { exact: true }).selectOption(value)
  await workbench.waitUntilSaved()
}

test('tags translation errors, speakers and quotes, links them across articles, and keeps it all', async ({ app }) => {
  test.setTimeout(120_000)
  let { workbench } = app
  const { page } = app
  await workbench.ready()
  await workbench.openArticle(CNBC)
  await workbench.openArticle(MONTENEGRIN)

  // "Kamala Harry": a named-entity error, major, corrected to Kamala Harris
  await step(app, 'tagging Kamala Harry', async (w) => {
    await w.selectText(CNBC, 'ala Har') // a sloppy drag: snapping takes the whole words
    await w.pressHotkey('4')
    await expect(w.inspector.getByTestId('inspector-quote')).toHaveText('Kamala Harry')
  })
  await step(app, 'setting the category', (w) => setAttribute(w, 'Category', 'accuracy/named entity'))
  await step(app, 'setting the severity', (w) => setAttribute(w, 'Severity', 'major'))
  await step(app, 'writing the correction', async (w) => {
    await w.inspector.getByLabel('Correction').fill('Kamala Harris')
    await w.inspector.getByLabel('Correction').press('Enter')
  })
  expect(await workbench.highlighted('px-label-translation-error')).toEqual(['Kamala Harry'])

  // "her new job", said of a man: a gender error
  await step(app, 'tagging her new job', async (w) => {
    await w.selectText(MONTENEGRIN, 'her new job')
    await page.getByRole('toolbar', { name: 'Labels' }).getByRole('button', { name: /Translation error/ }).click()
  })
  await step(app, 'setting the gender category', (w) => setAttribute(w, 'Category', 'accuracy/gender or pronoun'))

  // A quote and its speaker, joined by attributed-to; the speaker is Mark Rutte, alias "Rute"
  await step(app, 'tagging the Rutte speaker', async (w) => {
    await w.selectText(CNBC, '[Rutte] told reporters, adding')
    await w.pressHotkey('2')
    await expect(w.inspector.getByTestId('inspector-quote')).toHaveText('Rutte')
  })
  await step(app, 'creating the entity Mark Rutte', async (w) => {
    await w.inspector.getByLabel('Find or create an entity').fill('Mark Rutte')
    await w.inspector.getByRole('button', { name: 'Create entity “Mark Rutte”' }).click()
    await expect(w.inspector.getByTestId('entity-name')).toHaveText('Mark Rutte')
  })
  await step(app, 'tagging the quote', async (w) => {
    await w.selectText(CNBC, 'not worried. I know both candidates very well')
    await w.pressHotkey('3')
  })
  await step(app, 'linking the quote to its speaker', async (w) => {
    await w.pressHotkey('l')
    await expect(page.getByText(/^Linking from Quote/)).toBeVisible()
    await w.clickText(CNBC, '[Rutte] told reporters, adding')
    await page.getByRole('dialog', { name: 'Choose the link' }).getByRole('button', { name: /attributed to/ }).click()
    await expect(w.inspector.getByTestId('link-item')).toHaveCount(1)
  })
  await step(app, 'tagging the Rute speaker', async (w) => {
    await w.selectText(MONTENEGRIN, '[Rute] downplayed')
    await w.pressHotkey('2')
    await expect(w.inspector.getByTestId('inspector-quote')).toHaveText('Rute')
  })
  await step(app, 'tying Rute to Mark Rutte', async (w) => {
    await w.inspector.getByLabel('Find or create an entity').fill('Mark')
    await w.inspector.getByRole('button', { name: /^Mark Rutte/ }).click()
  })
  await step(app, 'adding the alias Rute', async (w) => {
    await w.inspector.getByRole('button', { name: 'Add “Rute” as an alias' }).click()
    await expect(w.inspector.getByRole('list', { name: 'Aliases' })).toContainText('Rute')
  })

  // "I'm not worried" in two articles: the same quote, paraphrased
  await step(app, 'tagging the quote in the Montenegrin article', async (w) => {
    await w.selectText(MONTENEGRIN, "I'm not worried")
    await w.pressHotkey('3')
  })
  await step(app, 'linking the two quotes', async (w) => {
    await w.pressHotkey('l')
    await expect(page.getByText(/^Linking from Quote/)).toBeVisible()
    // the banner covers no column's title
    const banner = (await page.locator('.linking-banner').boundingBox())!
    for (const title of await page.locator('.column-title').all()) {
      const box = (await title.boundingBox())!
      expect(box.y >= banner.y + banner.height || box.y + box.height <= banner.y, 'the banner lies over a column title').toBe(true)
    }
    await w.clickText(CNBC, 'not worried. I know')
    await page.getByRole('dialog', { name: 'Choose the link' }).getByRole('button', { name: /same quote/ }).click()
  })
  await step(app, 'marking the quotes paraphrased', async (w) => {
    await w.inspector.getByTestId('link-item').getByLabel('Fidelity').selectOption('paraphrased')
  })

  // What is on disk is what the researcher did
  const annotations = await storedAnnotations(app.workspace)
  const harry = annotations.find((a) => a.quote.exact === 'Kamala Harry')
  expect(harry).toMatchObject({ articleId: CNBC, label: 'translation-error', annotator: 'Ana Petrović', attributes: { category: 'accuracy/named entity', severity: 'major', correction: 'Kamala Harris' } })
  expect(annotations.find((a) => a.quote.exact === 'her new job')).toMatchObject({ articleId: MONTENEGRIN, attributes: { category: 'accuracy/gender or pronoun' } })
  const [entity] = await storedEntities(app.workspace)
  expect(entity).toMatchObject({ name: 'Mark Rutte', aliases: ['Rutte', 'Rute'] })
  const speakers = annotations.filter((a) => a.label === 'speaker')
  expect(speakers.map((s) => [s.articleId, s.quote.exact, s.attributes.entity])).toEqual(
    expect.arrayContaining([
      [CNBC, 'Rutte', entity!.id],
      [MONTENEGRIN, 'Rute', entity!.id],
    ]),
  )
  const links = await storedLinks(app.workspace)
  const quotes = annotations.filter((a) => a.label === 'quote')
  const cnbcQuote = quotes.find((q) => q.articleId === CNBC)!
  const montenegrinQuote = quotes.find((q) => q.articleId === MONTENEGRIN)!
  expect(montenegrinQuote.quote.exact).toBe("I'm not worried")
  expect(links).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ type: 'attributed-to', from: { articleId: CNBC, annotationId: cnbcQuote.id }, to: { articleId: CNBC, annotationId: speakers.find((s) => s.articleId === CNBC)!.id } }),
      expect.objectContaining({ type: 'same-quote', from: { articleId: MONTENEGRIN, annotationId: montenegrinQuote.id }, to: { articleId: CNBC, annotationId: cnbcQuote.id }, attributes: { fidelity: 'paraphrased' } }),
    ]),
  )

  // Hovering one end of the cross-article link lights up the other end, in the other column
  await workbench.page.keyboard.press('Escape')
  const box = await workbench.textBox(MONTENEGRIN, "I'm not worried")
  await page.mouse.move(box.left + 5, box.y)
  await expect.poll(() => workbench.highlighted('px-link-peer')).toEqual([cnbcQuote.quote.exact])

  // After a restart everything is there, highlighted in the right place
  const saved = await readWorkspace(app.workspace)
  workbench = await app.restart()
  await workbench.ready()
  // (in any order: the columns' texts arrive in either order, and each registers its ranges as it does)
  await expect.poll(async () => (await workbench.highlighted('px-label-translation-error')).sort()).toEqual(['Kamala Harry', 'her new job'].sort())
  expect((await workbench.highlighted('px-label-speaker')).sort()).toEqual(['Rutte', 'Rute'].sort())
  expect((await workbench.highlighted('px-label-quote')).sort()).toEqual([cnbcQuote.quote.exact, "I'm not worried"].sort())
  expect(await readWorkspace(app.workspace)).toEqual(saved)
  await workbench.clickText(MONTENEGRIN, '[Rute] downplayed')
  await expect(workbench.inspector.getByTestId('entity-name')).toHaveText('Mark Rutte')
  await workbench.clickText(MONTENEGRIN, "I'm not worried")
  await expect(workbench.inspector.getByTestId('link-item')).toHaveCount(1)
  await expect(workbench.inspector.getByTestId('link-item').getByLabel('Fidelity')).toHaveValue('paraphrased')

  // A click on the link shows its other end, scrolled into view in its column
  await workbench.text(CNBC).evaluate((root) => root.ownerDocument.scrollingElement?.scrollTo(0, 0))
  await workbench.inspector.getByTestId('link-item').getByRole('button', { name: /same quote/ }).click()
  await expect(workbench.inspector.getByTestId('inspector-quote')).toHaveText(cnbcQuote.quote.exact)
  await expect.poll(() => workbench.highlighted('px-selected')).toEqual([cnbcQuote.quote.exact])
  const visible = () => workbench.text(CNBC).evaluate((root, exact) => {
    const paragraph = Array.from(root.querySelectorAll('p')).find((p) => p.textContent?.includes(exact))!
    const top = paragraph.getBoundingClientRect().top
    return top >= 0 && top <= (root.ownerDocument.defaultView?.innerHeight ?? 0)
  }, cnbcQuote.quote.exact)
  await expect.poll(visible).toBe(true)
})
