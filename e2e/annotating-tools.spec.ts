import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from './fixtures'
import { storedAnnotations, readWorkspace } from './workspace-files'

const CNBC = 'rutte-sworn-in-translated'
const MONTENEGRIN = 'montenegrin-keep-the-west-together'
const SEMAFOR = 'semafor-rutte-trump-whisperer'

test('refuses empty and blank selections with a message, and tags whole words unless snapping is off', async ({ app }) => {
  const { workbench: w, page } = app
  await w.ready()
  await w.openArticle(CNBC)
  await w.pressHotkey('1')
  await expect(page.getByRole('status').filter({ hasText: 'Select some text in an article first.' })).toBeVisible()

  // a selection of nothing but spaces
  await w.text(CNBC).evaluate((root) => {
    const node = Array.from(root.querySelectorAll('p')).find((p) => p.textContent?.includes('Harry He'))!.firstChild!
    const at = node.textContent!.indexOf('Harry He') + 5
    getSelection()!.setBaseAndExtent(node, at, node, at + 1)
  })
  await w.pressHotkey('1')
  await expect(page.getByText('The selection is empty or only white space: nothing was annotated.')).toBeVisible()
  expect(await storedAnnotations(app.workspace)).toEqual([])

  await page.getByLabel('Snap to words').uncheck()
  await w.selectText(CNBC, 'mala Har')
  await w.pressHotkey('4')
  await w.waitUntilSaved()
  expect((await storedAnnotations(app.workspace)).map((a) => a.quote.exact)).toEqual(['mala Har'])
})

test('overlapping and nested annotations stay visible and clickable; Delete deletes and undo brings back', async ({ app }) => {
  const { workbench: w, page } = app
  await w.ready()
  await w.openArticle(CNBC)
  await w.selectText(CNBC, 'Vice President Kamala Harry')
  await w.pressHotkey('1')
  await w.selectText(CNBC, 'Kamala Harry He said')
  await w.pressHotkey('3')
  await w.selectText(CNBC, 'Kamala Harry')
  await w.pressHotkey('4')
  await w.waitUntilSaved()
  expect(await w.highlighted('px-label-claim')).toEqual(['Vice President Kamala Harry'])
  expect(await w.highlighted('px-label-quote')).toEqual(['Kamala Harry He said'])
  expect(await w.highlighted('px-label-translation-error')).toEqual(['Kamala Harry'])

  await page.keyboard.press('Escape')
  await w.clickText(CNBC, 'Kamala')
  await expect(w.inspector.getByLabel('Label')).toHaveValue('translation-error')
  await w.clickText(CNBC, 'Kamala')
  await expect(w.inspector.getByLabel('Label')).toHaveValue('quote')
  await w.clickText(CNBC, 'Kamala')
  await expect(w.inspector.getByLabel('Label')).toHaveValue('claim')
  // the claim's Type (several of): each option a checkbox of its own size beside its value
  for (const name of ['event or property', 'numerical', 'speculative']) {
    const box = await w.inspector.getByRole('group', { name: 'Type' }).getByRole('checkbox', { name }).boundingBox()
    expect(box?.width).toBeLessThan(24)
  }
  await w.clickText(CNBC, 'Vice President')
  await expect(w.inspector.getByTestId('inspector-quote')).toHaveText('Vice President Kamala Harry')
  await w.clickText(CNBC, 'He said')
  await expect(w.inspector.getByTestId('inspector-quote')).toHaveText('Kamala Harry He said')

  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  await page.keyboard.press('Delete')
  await w.waitUntilSaved()
  expect((await storedAnnotations(app.workspace)).map((a) => a.label).sort()).toEqual(['claim', 'translation-error'])
  await expect(w.inspector).toHaveCount(0)
  await page.keyboard.press('Control+z')
  await w.waitUntilSaved()
  expect((await storedAnnotations(app.workspace)).map((a) => a.label).sort()).toEqual(['claim', 'quote', 'translation-error'])
})

test('selects text with the keyboard', async ({ app }) => {
  const { workbench: w, page } = app
  await w.ready()
  await w.openArticle(SEMAFOR)
  const article = w.text(SEMAFOR)
  await article.evaluate((root) => {
    const node = Array.from(root.querySelectorAll('p')).find((p) => p.textContent?.startsWith('Mark Rutte is set to become'))!.firstChild!
    ;(root as HTMLElement).focus()
    getSelection()!.collapse(node, 0)
  })
  await page.keyboard.press('Control+Shift+ArrowRight')
  await page.keyboard.press('Control+Shift+ArrowRight')
  await page.keyboard.press('2')
  await w.waitUntilSaved()
  expect((await storedAnnotations(app.workspace)).map((a) => [a.label, a.quote.exact])).toEqual([['speaker', 'Mark Rutte']])
})

test('a new annotation is painted on the text first: the frame that shows its highlight renders nothing else of the app, and lays no column out again', async ({ app }) => {
  const { workbench: w } = app
  await w.ready()
  await w.openArticle(SEMAFOR)
  await w.selectText(SEMAFOR, 'Mark Rutte')
  const widthBefore = await w.frame(SEMAFOR).evaluate((frame) => frame.getBoundingClientRect().width)
  // the hotkey pressed where the selection is, and the state of the page in the next frame's callbacks, after the painter's
  const firstFrame = await w.frame(SEMAFOR).evaluate(async (frame: HTMLIFrameElement) => {
    const view = frame.contentWindow as Window & typeof globalThis
    /** What the app around the text shows of the work: the save indicator, and the article's count in the corpus list. */
    const around = () => ({
      saving: document.querySelector<HTMLElement>('[data-testid="save-indicator"]')?.dataset.state,
      count: document.querySelector('.article-card.is-open [data-field="annotations"]')?.textContent ?? null,
    })
    const before = around()
    view.document.querySelector('[data-testid="article-text"]')?.dispatchEvent(new view.KeyboardEvent('keydown', { key: '1', bubbles: true, cancelable: true }))
    // closing the window at once would ask first: the edit is not on disk yet
    const leaving = new Event('beforeunload', { cancelable: true })
    window.dispatchEvent(leaving)
    const asksBeforeClosing = leaving.defaultPrevented
    return new Promise<{ inspector: boolean; highlighted: string[]; width: number; around: unknown; before: unknown; asksBeforeClosing: boolean }>((resolve) =>
      requestAnimationFrame(() =>
        resolve({
          inspector: document.querySelector('[data-testid="inspector"]') !== null,
          highlighted: Array.from((view.CSS.highlights.get('px-label-claim') as unknown as Set<Range> | undefined) ?? [], String),
          width: frame.getBoundingClientRect().width,
          around: around(),
          before,
          asksBeforeClosing,
        }),
      ),
    )
  })
  expect(firstFrame).toEqual({ inspector: false, highlighted: ['Mark Rutte'], width: widthBefore, around: firstFrame.before, before: { saving: 'saved', count: null }, asksBeforeClosing: true })
  // a frame later, the app shows it: the inspector opens on the new annotation (the column narrower), the save goes out, the article counts one
  await expect(w.inspector.getByTestId('inspector-quote')).toHaveText('Mark Rutte')
  expect(await w.frame(SEMAFOR).evaluate((frame) => frame.getBoundingClientRect().width)).toBeLessThan(widthBefore)
  await w.waitUntilSaved()
  await expect(w.page.locator('.article-card.is-open [data-field="annotations"]')).toHaveText('1 annotation')
})

test('refuses an invalid attribute value with a message and keeps the saved value', async ({ app }) => {
  const { workbench: w, page } = app
  await w.ready()
  await w.openArticle(CNBC)
  await w.selectText(CNBC, 'total domestic profits')
  await w.pressHotkey('4')
  await w.waitUntilSaved()
  const before = await readWorkspace(app.workspace)
  await w.inspector.getByLabel('Category', { exact: true }).selectOption('other')
  await expect(page.getByText('Not changed: Category "other" needs a note saying more.')).toBeVisible()
  await expect(w.inspector.getByLabel('Category', { exact: true })).toHaveValue('')
  expect(await readWorkspace(app.workspace)).toEqual(before)

  await w.inspector.getByLabel('Note').fill('GDP rendered as “total domestic profits”')
  await w.inspector.getByLabel('Note').blur()
  await w.inspector.getByLabel('Category', { exact: true }).selectOption('other')
  await w.waitUntilSaved()
  expect((await storedAnnotations(app.workspace))[0]?.attributes).toMatchObject({ category: 'other' })
})

test('the annotation list filters and jumps; search finds across the corpus; article notes are kept', async ({ app }) => {
  let { workbench: w } = app
  const { page } = app
  await w.ready()
  await w.openArticle(MONTENEGRIN)
  await w.selectText(MONTENEGRIN, 'Mark Rute', 0)
  await w.pressHotkey('4')
  await w.selectText(MONTENEGRIN, 'Routes yesterday', 0)
  await w.pressHotkey('4')
  await w.selectText(MONTENEGRIN, 'Peter Bator')
  await w.pressHotkey('2')
  await w.waitUntilSaved()
  await w.column(MONTENEGRIN).getByRole('button', { name: 'Close column' }).click()

  await page.getByRole('tab', { name: 'Annotations' }).click()
  await expect(page.getByTestId('annotation-count')).toHaveText('3 of 3 annotations')
  await page.getByLabel('Filter by label').selectOption('translation-error')
  await expect(page.getByTestId('annotation-count')).toHaveText('2 of 3 annotations')
  await page.getByLabel('Filter by text').fill('routes')
  await expect(page.getByTestId('annotation-count')).toHaveText('1 of 3 annotations')
  await page.locator('.annotation-item').click()
  await expect(w.column(MONTENEGRIN)).toBeVisible()
  await expect(w.inspector.getByTestId('inspector-quote')).toHaveText('Routes yesterday')
  await expect.poll(() => w.highlighted('px-selected')).toEqual(['Routes yesterday'])

  await page.getByRole('tab', { name: 'Search' }).click()
  const texts = await Promise.all((await readdir(path.join(app.workspace, 'corpus'))).filter((f) => f.endsWith('.txt')).map((f) => readFile(path.join(app.workspace, 'corpus', f), 'utf8')))
  const count = (pattern: RegExp) => texts.reduce((n, text) => n + (text.match(pattern)?.length ?? 0), 0)
  await page.getByLabel('Search text').fill('trump')
  await page.getByLabel('Search text').press('Enter')
  await expect(page.getByTestId('search-count')).toHaveText(`${count(/trump/gi)} matches`)
  expect((await page.getByLabel('Match case').boundingBox())?.width).toBeLessThan(24) // its own size, beside its label
  await page.getByLabel('Match case').check()
  await page.getByLabel('Search text').fill('TRUMP')
  await page.getByRole('button', { name: 'Search', exact: true }).click()
  await expect(page.getByTestId('search-count')).toHaveText(`${count(/TRUMP/g)} matches`)
  await page.getByLabel('Match case').uncheck()
  await page.getByLabel('Search text').fill('Kamala Harry')
  await page.getByLabel('Search text').press('Enter')
  await expect(page.getByTestId('search-count')).toHaveText('1 match')
  await page.locator('.annotation-item').click()
  await expect(w.column(CNBC)).toBeVisible()
  await expect.poll(() => w.highlighted('px-search')).toEqual(['Kamala Harry'])

  await w.column(MONTENEGRIN).getByRole('button', { name: 'Add note' }).click()
  await w.column(MONTENEGRIN).getByLabel('Provenance').selectOption('machine-translated')
  await w.column(MONTENEGRIN).getByLabel('Note on this article').fill('Names are mangled: Rute, Routes, Olongren.')
  await w.column(MONTENEGRIN).getByLabel('Note on this article').blur()
  await w.waitUntilSaved()
  w = await app.restart()
  await w.ready()
  await w.column(MONTENEGRIN).getByRole('button', { name: 'Note ✎' }).click()
  await expect(w.column(MONTENEGRIN).getByLabel('Note on this article')).toHaveValue('Names are mangled: Rute, Routes, Olongren.')
  await expect(w.column(MONTENEGRIN).getByLabel('Provenance')).toHaveValue('machine-translated')
})

test('a note nearing its limit shows its length, and a paste cut at the limit says so', async ({ app }) => {
  const { workbench: w, page } = app
  await w.ready()
  await w.openArticle(CNBC)
  await w.selectText(CNBC, 'total domestic profits')
  await w.pressHotkey('4')
  const note = w.inspector.getByLabel('Note')
  await note.fill('x'.repeat(18_500))
  await expect(w.inspector.getByRole('status')).toHaveText('18,500 of 20,000 characters')
  // a paste of 2,000 characters into 1,500 of room: the browser keeps what fits, and the field says it cut the rest
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.evaluate(() => navigator.clipboard.writeText('y'.repeat(2_000)))
  await note.press('End')
  await note.press('ControlOrMeta+V')
  await expect(note).toHaveValue(`${'x'.repeat(18_500)}${'y'.repeat(1_500)}`)
  await expect(w.inspector.getByRole('status')).toHaveText('The pasted text was cut at 20,000 characters, the most this field holds.')
  await note.press('Backspace')
  await expect(w.inspector.getByRole('status')).toHaveText('19,999 of 20,000 characters')
  await note.blur()
  await w.waitUntilSaved()
  expect((await storedAnnotations(app.workspace))[0]?.note).toHaveLength(19_999)
})

test('a note is saved as it is typed: a reload without leaving the field keeps it, and typing on while it saves loses nothing', async ({ app }) => {
  let { workbench: w } = app
  const { page } = app
  await w.ready()
  await w.openArticle(CNBC)
  await w.selectText(CNBC, 'total domestic profits')
  await w.pressHotkey('4')
  const note = w.inspector.getByLabel('Note')
  await note.click()
  await page.keyboard.type('GDP, not profits')
  await page.waitForTimeout(1_200) // the typing pauses: the note is saved
  await page.keyboard.type(' (major)', { delay: 150 }) // typed on while that save comes back
  await expect(note).toHaveValue('GDP, not profits (major)')
  await w.waitUntilSaved()
  await expect.poll(async () => (await storedAnnotations(app.workspace))[0]?.note).toBe('GDP, not profits (major)')
  w = await app.restart() // never left the field
  await w.ready()
  expect((await storedAnnotations(app.workspace))[0]?.note).toBe('GDP, not profits (major)')
})

test('each column keeps its text in a document of its own: one selection at a time, and a moved column keeps its text and highlights', async ({ app }) => {
  const { workbench: w, page } = app
  await w.ready()
  await w.openArticle(CNBC)
  await w.openArticle(MONTENEGRIN)

  // a selection in the second column clears the first's: the key tags what is selected now
  await w.selectText(CNBC, 'Kamala Harry')
  await w.selectText(MONTENEGRIN, 'Mark Rute', 0)
  const selected = (articleId: string) => w.text(articleId).evaluate((root) => root.ownerDocument.getSelection()?.toString() ?? '')
  await expect.poll(() => selected(CNBC)).toBe('')
  await w.pressHotkey('4')
  await w.waitUntilSaved()
  expect((await storedAnnotations(app.workspace)).map((a) => [a.articleId, a.quote.exact])).toEqual([[MONTENEGRIN, 'Mark Rute']])
  await w.selectText(CNBC, 'Kamala Harry')
  await w.pressHotkey('4')
  await w.waitUntilSaved()
  await expect.poll(() => w.highlighted('px-label-translation-error')).toEqual(['Kamala Harry', 'Mark Rute'])

  // a press elsewhere, in another column or in the app, ends a selection, as in one document: a key then has nothing to tag
  await w.selectText(CNBC, 'total domestic profits')
  await w.clickText(MONTENEGRIN, 'additional military aid')
  await expect.poll(() => selected(CNBC)).toBe('')
  await w.pressHotkey('1')
  await expect(page.getByRole('status').filter({ hasText: 'Select some text in an article first.' })).toBeVisible()
  await w.selectText(CNBC, 'total domestic profits')
  await page.getByRole('tab', { name: 'Annotations' }).click()
  await expect.poll(() => selected(CNBC)).toBe('')
  await page.getByRole('tab', { name: 'Corpus' }).click()
  expect(await storedAnnotations(app.workspace)).toHaveLength(2)

  // moved, a column's frame gets a fresh document: its text, its highlights and its tagging come
  // back, and each column is still where the reader had scrolled it
  /** The block of lines at the top of a column's view (its start) and, to the pixel, where it is. */
  const atTop = (articleId: string) =>
    w.text(articleId).evaluate((root) => {
      const blocks = Array.from(root.children) as HTMLElement[]
      const block = blocks.find((b) => b.getBoundingClientRect().bottom > 0)
      return `${block?.dataset.start} at ${Math.round(block?.getBoundingClientRect().top ?? NaN)}`
    })
  await w.textBox(CNBC, 'commented RUSI')
  await w.textBox(MONTENEGRIN, 'said Bator')
  const before = { [CNBC]: await atTop(CNBC), [MONTENEGRIN]: await atTop(MONTENEGRIN) }
  expect(before[CNBC]).not.toMatch(/^0 /)
  expect(before[MONTENEGRIN]).not.toMatch(/^0 /)
  await w.column(MONTENEGRIN).getByRole('button', { name: 'Move left' }).click()
  await expect.poll(() => w.openColumnIds()).toEqual([MONTENEGRIN, CNBC])
  await expect.poll(() => atTop(CNBC)).toBe(before[CNBC])
  await expect.poll(() => atTop(MONTENEGRIN)).toBe(before[MONTENEGRIN])
  await expect(w.text(MONTENEGRIN)).toContainText('In her new job, Rute will be under pressure')
  await expect.poll(() => w.highlighted('px-label-translation-error')).toEqual(['Mark Rute', 'Kamala Harry'])
  await w.selectText(MONTENEGRIN, 'her new job')
  await w.pressHotkey('4')
  await w.waitUntilSaved()
  await expect.poll(() => w.highlighted('px-label-translation-error')).toEqual(['Mark Rute', 'her new job', 'Kamala Harry'])
  await w.clickText(MONTENEGRIN, 'her new job')
  await expect(w.inspector.getByTestId('inspector-quote')).toHaveText('her new job')

  // a column dragged by its header and dropped over another's text (the drag passes over the frames)
  await w.column(MONTENEGRIN).locator('.column-header h2').dragTo(w.frame(CNBC))
  await expect.poll(() => w.openColumnIds()).toEqual([CNBC, MONTENEGRIN])
  await w.selectText(CNBC, 'total domestic profits')
  await w.pressHotkey('1')
  await w.waitUntilSaved()
  expect((await storedAnnotations(app.workspace)).map((a) => a.quote.exact).sort()).toEqual(['Kamala Harry', 'Mark Rute', 'her new job', 'total domestic profits'])
})
