import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { sha256 } from '../src/main/workspace/corpus'
import { expect, test } from './fixtures'
import type { Page } from '@playwright/test'
import type { Workbench } from './pages/workbench'

const CNBC = 'rutte-sworn-in-translated'
const MONTENEGRIN = 'montenegrin-keep-the-west-together'
const LIST = `/api/${encodeURIComponent('annotations:list')}`
/** The first screen's one call: the view state, and what the open columns show first (their texts, the annotations at their start). */
const FIRST_SCREEN = `/api/${encodeURIComponent('ui:firstScreen')}`
/** A quote in the CNBC article, tagged before a reload: what the first screen shows. */
const QUOTE = 'not worried. I know both candidates very well'

/** The app's script (React and the rest: the chunk boot.ts loads once the first screen is painted). */
const APP_SCRIPT = /\/assets\/main-[\w-]+\.js$/

/** Holds the page's requests to `url` until the returned function is called; they then go on. */
async function holdRequests(page: Page, url: string | RegExp): Promise<() => void> {
  let release = () => {}
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route(url, async (route) => {
    await held
    await route.continue()
  })
  return release
}

/** Tags QUOTE as a Quote, saved. */
async function tagQuote(workbench: Workbench): Promise<void> {
  await workbench.selectText(CNBC, QUOTE)
  await workbench.pressHotkey('3')
  await workbench.waitUntilSaved()
}

/** The CNBC and Montenegrin articles open side by side, QUOTE tagged in the first: what the first screen shows after a reload. */
async function twoColumnsTagged(workbench: Workbench): Promise<void> {
  await workbench.ready()
  await workbench.openArticle(CNBC)
  await workbench.openArticle(MONTENEGRIN)
  await tagQuote(workbench)
}

/**
 * Opening a workspace brings the page the layers of the open columns only (issue 7): the rest of
 * the corpus is summed up by the main side, listed by it on demand, and read when a column opens or
 * a link's other end is shown.
 */
test('opening asks only for the open columns’ layers; counts, the list and links’ other ends come without them', async ({ app }) => {
  test.skip(app.mode !== 'browser', "the page's API calls are HTTP requests only in browser mode")
  test.setTimeout(90_000)
  const { workbench, page } = app
  await workbench.ready()
  await workbench.openArticle(CNBC)
  await workbench.openArticle(MONTENEGRIN)
  await workbench.selectText(MONTENEGRIN, "I'm not worried")
  await workbench.pressHotkey('3')
  await workbench.selectText(CNBC, QUOTE)
  await workbench.pressHotkey('3')
  await workbench.waitUntilSaved()
  // a link from the CNBC quote to the Montenegrin one: it is kept in the CNBC article's file
  await workbench.pressHotkey('l')
  await workbench.clickText(MONTENEGRIN, "I'm not worried")
  await page.getByRole('dialog', { name: 'Choose the link' }).getByRole('button', { name: /same quote/ }).click()
  await expect(workbench.inspector.getByTestId('link-item')).toHaveCount(1)
  await workbench.waitUntilSaved()
  await workbench.column(MONTENEGRIN).getByRole('button', { name: 'Close column' }).click()
  await expect(workbench.column(MONTENEGRIN)).toHaveCount(0)

  // open again, with the CNBC article's column the only one open
  const asked: (string[] | 'every article')[] = []
  const askedWithin: unknown[] = []
  const previews: string[][] = []
  page.on('request', (request) => {
    if (!request.url().endsWith(LIST)) return
    const { articleIds, within } = JSON.parse(request.postData() ?? '{}') as { articleIds?: string[]; within?: unknown }
    if (within) askedWithin.push(within)
    asked.push(articleIds ?? 'every article')
  })
  // the articles of the first screen's annotations (its preview)
  page.on('response', (response) => {
    if (!response.url().endsWith(FIRST_SCREEN)) return
    type Answer = { value: { columns: { preview: { layers: { annotations: { articleId: string }[] }[] } } | null } }
    void (response.json() as Promise<Answer>)
      .then((answer) => previews.push([...new Set(answer.value.columns?.preview.layers.flatMap((l) => l.annotations.map((a) => a.articleId)))]))
      .catch(() => undefined) // a page reloaded meanwhile
  })
  await page.reload()
  await workbench.ready()
  await expect(workbench.column(CNBC)).toBeVisible()
  await expect.poll(() => workbench.highlighted('px-label-quote')).toEqual([QUOTE])
  await expect.poll(() => asked).toEqual([[CNBC]])
  // the first screen's annotations first, for every opening: the layers once it is painted (the next test)
  await expect.poll(() => previews).toEqual([[CNBC]])

  // the corpus list counts the article not loaded (from the main side's summary)
  await expect(workbench.card(MONTENEGRIN).locator('[data-field="annotations"]')).toHaveText('1 annotation')
  await expect(workbench.card(CNBC).locator('[data-field="annotations"]')).toHaveText('1 annotation')

  // the link's other end is read when the inspector shows it, and a click there opens its article
  await workbench.clickText(CNBC, 'not worried. I know')
  const item = workbench.inspector.getByTestId('link-item')
  await expect(item).toContainText("I'm not worried")
  expect(asked).toEqual([[CNBC], [MONTENEGRIN]])
  await item.getByTitle('Show the other end').click()
  await expect(workbench.column(MONTENEGRIN)).toBeVisible()
  expect(asked).toHaveLength(2)

  // the annotation list covers the whole corpus, loaded or not
  await workbench.column(MONTENEGRIN).getByRole('button', { name: 'Close column' }).click()
  await page.reload()
  await workbench.ready()
  await page.getByRole('tab', { name: 'Annotations' }).click()
  await expect(page.getByTestId('annotation-count')).toHaveText('2 of 2 annotations')
  await page.getByLabel('Filter by text').fill("I'm not")
  await expect(page.getByTestId('annotation-count')).toHaveText('1 of 2 annotations')
  await page.locator('.annotation-item').click()
  await expect(workbench.column(MONTENEGRIN)).toBeVisible()
  await expect(workbench.inspector.getByTestId('inspector-quote')).toHaveText("I'm not worried")
  expect(asked.slice(2)).toEqual([[CNBC], [MONTENEGRIN]])
  await expect.poll(() => previews).toEqual([[CNBC], [CNBC]])
  // the first screen's annotations come with its own call, never asked for apart
  expect(askedWithin).toEqual([])

  // a link into the one open article, kept in the file of one that is not: the inspector lists it
  await workbench.column(CNBC).getByRole('button', { name: 'Close column' }).click()
  await page.reload()
  await workbench.ready()
  await expect(workbench.column(MONTENEGRIN)).toBeVisible()
  await workbench.clickText(MONTENEGRIN, "I'm not worried")
  await expect(workbench.inspector.getByTestId('link-item')).toContainText(QUOTE)
  expect(asked.slice(4)).toEqual([[MONTENEGRIN], [CNBC]])
})

test('the first screen is painted from the annotations at the start of the open articles, before their layers arrive', async ({ app }) => {
  test.skip(app.mode !== 'browser', "the page's API calls are HTTP requests only in browser mode")
  const { workbench, page } = app
  await workbench.ready()
  await workbench.openArticle(CNBC)
  await tagQuote(workbench)

  // the layers themselves held back on their way: only the preview reaches the page
  const held: (() => Promise<void>)[] = []
  await page.route(`**${LIST}`, (route) => {
    held.push(() => route.continue())
  })
  await page.reload()
  await expect.poll(() => held.length).toBe(1)
  await expect.poll(() => workbench.highlighted('px-label-quote')).toEqual([QUOTE])
  // painted, but not held yet: the annotation cannot be selected until its layers arrive
  await workbench.clickText(CNBC, 'not worried. I know')
  await workbench.afterNextFrame()
  await expect(workbench.inspector).toHaveCount(0)

  await held[0]?.()
  await page.unroute(`**${LIST}`)
  await workbench.ready()
  await workbench.clickText(CNBC, 'not worried. I know')
  await expect(workbench.inspector.getByTestId('inspector-quote')).toHaveText(QUOTE)
  await expect.poll(() => workbench.highlighted('px-label-quote')).toEqual([QUOTE])
})

test('the first screen shows the open columns with their highlights before the app starts; the app takes its frames as they are, asking nothing again', async ({ app }) => {
  test.skip(app.mode !== 'browser', "the page's API calls are HTTP requests only in browser mode")
  const { workbench, page } = app
  await twoColumnsTagged(workbench)

  // the app's script held back
  const startApp = await holdRequests(page, APP_SCRIPT)
  const asked: string[] = []
  page.on('request', (request) => {
    if (request.url().includes('/api/')) asked.push(decodeURIComponent(request.url().split('/api/')[1] ?? ''))
  })
  await page.reload()

  const screen = page.getByTestId('first-screen')
  await expect(screen).toBeVisible()
  await expect(screen.getByRole('heading', { level: 2 })).toHaveCount(2)
  await expect.poll(() => workbench.highlighted('px-label-quote')).toEqual([QUOTE])
  // the app has not started: nothing of it is on the page
  await expect(page.locator('#root')).toBeEmpty()
  // each column's document marked, to find it again in the app
  const frames = screen.getByTestId('text-frame')
  await expect(frames).toHaveCount(2)
  await frames.evaluateAll((all) => all.forEach((frame, i) => ((frame as HTMLIFrameElement).contentDocument as Document).documentElement.setAttribute('data-first-screen', String(i))))

  startApp()
  await workbench.ready()
  await expect(screen).toHaveCount(0)
  for (const [i, id] of [CNBC, MONTENEGRIN].entries()) {
    // the same document, moved into the app's column: not made again
    await expect(workbench.frame(id).contentFrame().locator('html')).toHaveAttribute('data-first-screen', String(i))
  }
  await expect.poll(() => workbench.highlighted('px-label-quote')).toEqual([QUOTE])
  // the app took the first screen's answers: each asked once, the view state, the user, the labels, the texts and the preview in the first screen's one call
  for (const channel of ['ui:firstScreen', 'workspace:info', 'corpus:list', 'entities:list']) expect(asked.filter((c) => c === channel), channel).toHaveLength(1)
  for (const channel of ['ui:get', 'settings:get', 'tagset:get', 'article:get']) expect(asked.filter((c) => c === channel), channel).toHaveLength(0)
  // the layers (asked by the first screen once painted, taken by the app)
  expect(asked.filter((c) => c === 'annotations:list')).toHaveLength(1)

  // the app's own column, from the text the first screen made: a click selects, a tag is saved
  await workbench.clickText(CNBC, 'not worried. I know')
  await expect(workbench.inspector.getByTestId('inspector-quote')).toHaveText(QUOTE)
  await workbench.selectText(MONTENEGRIN, "I'm not worried")
  await workbench.pressHotkey('3')
  await workbench.waitUntilSaved()
  await expect.poll(() => workbench.highlighted('px-label-quote')).toEqual([QUOTE, "I'm not worried"])
})

test('the first screen makes its columns’ frames while its answer is on its way, and uses them: those not needed are taken away', async ({ app }) => {
  test.skip(app.mode !== 'browser', "the page's API calls are HTTP requests only in browser mode")
  const { workbench, page } = app
  await twoColumnsTagged(workbench)

  // each frame made ahead (MAX_COLUMNS of them, in a hidden place) has its document marked as it is made, by the page itself
  await page.addInitScript(() => {
    if (window !== window.top) return
    new MutationObserver(() => {
      document.querySelectorAll('.first-screen-frames iframe').forEach((frame, i) => {
        const root = (frame as HTMLIFrameElement).contentDocument?.documentElement
        if (root && !root.hasAttribute('data-made-ahead')) root.setAttribute('data-made-ahead', String(i))
      })
    }).observe(document, { childList: true, subtree: true })
  })
  // the first screen's call answered once all five are made: the first screen waits a second at most for it
  const UI = `**${FIRST_SCREEN}`
  let madeAhead = 0
  await page.route(UI, async (route) => {
    await page.waitForFunction(() => document.querySelectorAll('.first-screen-frames iframe').length === 5, undefined, { polling: 'raf' })
    madeAhead = await page.locator('.first-screen-frames').evaluate((place) => ((place as HTMLElement).hidden ? place.querySelectorAll('iframe').length : -1))
    await route.continue()
  })
  await page.reload()

  const screen = page.getByTestId('first-screen')
  await expect.poll(() => workbench.highlighted('px-label-quote')).toEqual([QUOTE])
  expect(madeAhead).toBe(5) // in their hidden place
  // the two open columns took the first two, their documents kept; the other three are gone
  await expect(page.locator('.first-screen-frames')).toHaveCount(0)
  const used = await page.getByTestId('text-frame').evaluateAll((all) => all.map((frame) => (frame as HTMLIFrameElement).contentDocument?.documentElement.getAttribute('data-made-ahead') ?? null))
  expect(used).toEqual(['0', '1'])
  await workbench.ready()
  await expect(screen).toHaveCount(0)
  await page.unroute(UI)
  for (const [i, id] of [CNBC, MONTENEGRIN].entries()) await expect(workbench.frame(id).contentFrame().locator('html')).toHaveAttribute('data-made-ahead', String(i))
})

test('each open column is there, its frame made, before its text arrives: the columns are laid out once', async ({ app }) => {
  test.skip(app.mode !== 'browser', "the page's API calls are HTTP requests only in browser mode")
  const { workbench, page } = app
  await workbench.ready()
  await workbench.openArticle(CNBC)
  await workbench.openArticle(MONTENEGRIN)

  // the first screen's call refused (the app then asks for each part itself), and the texts held back
  const refused = { ok: false, error: { code: 'io-error', message: 'The first screen could not be read.' } }
  await page.route(`**${FIRST_SCREEN}`, (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(refused) }))
  const held: (() => Promise<void>)[] = []
  const ARTICLE = `**/api/${encodeURIComponent('article:get')}`
  await page.route(ARTICLE, (route) => {
    held.push(() => route.continue())
  })
  await page.reload()
  await expect.poll(() => held.length).toBe(2)
  for (const id of [CNBC, MONTENEGRIN]) {
    await expect(workbench.column(id).getByRole('status')).toHaveText('Opening the article…')
    await expect(page.getByTestId('first-screen')).toHaveCount(0)
    await expect(workbench.column(id).getByTestId('text-frame')).toHaveCount(1)
  }
  const widths = () => Promise.all([CNBC, MONTENEGRIN].map((id) => workbench.column(id).evaluate((column) => column.getBoundingClientRect().width)))
  const before = await widths()

  for (const release of held) await release()
  await page.unroute(ARTICLE)
  await page.unroute(`**${FIRST_SCREEN}`)
  await workbench.selectText(CNBC, 'Rutte')
  for (const id of [CNBC, MONTENEGRIN]) await expect(workbench.column(id).getByRole('status')).toHaveCount(0)
  expect(await widths()).toEqual(before)
})

test('the first screen’s answer that comes too late for it answers the app, which asks for none of its parts again', async ({ app }) => {
  test.skip(app.mode !== 'browser', "the page's API calls are HTTP requests only in browser mode")
  const { workbench, page } = app
  await twoColumnsTagged(workbench)

  // held until the app has started without the first screen (it waits a second at most)
  const release = await holdRequests(page, `**${FIRST_SCREEN}`)
  const asked: string[] = []
  page.on('request', (request) => {
    if (request.url().includes('/api/')) asked.push(decodeURIComponent(request.url().split('/api/')[1] ?? ''))
  })
  await page.reload()
  await expect(page.locator('#root')).not.toBeEmpty()
  await expect(page.getByTestId('first-screen')).toHaveCount(0)
  release()
  await workbench.ready()
  await expect.poll(() => workbench.highlighted('px-label-quote')).toEqual([QUOTE])
  for (const channel of ['ui:get', 'settings:get', 'tagset:get', 'article:get']) expect(asked.filter((c) => c === channel), channel).toHaveLength(0)
  expect(asked.filter((c) => c === 'ui:firstScreen')).toHaveLength(1)
  await page.unroute(`**${FIRST_SCREEN}`)
})

test('the first screen makes the start of a long article only; the app’s column holds all of it, tagged anywhere', async ({ app }) => {
  test.skip(app.mode !== 'browser', "the page's API calls are HTTP requests only in browser mode")
  // an article of ~30,000 characters (the CNBC text four times), added to the workspace's corpus
  const corpus = path.join(app.workspace, 'corpus')
  const cnbc = await readFile(path.join(corpus, `${CNBC}.txt`), 'utf8')
  const text = [1, 2, 3, 4].map((part) => cnbc.replace('Rutte', `Rutte (part ${part})`)).join('\n\n')
  await writeFile(path.join(corpus, 'long-read.txt'), text)
  const manifest = JSON.parse(await readFile(path.join(corpus, 'manifest.json'), 'utf8')) as { articles: unknown[] }
  manifest.articles.push({ id: 'long-read', file: 'long-read.txt', title: 'A long read', outlet: 'Test', date: '2024-10-01', language: 'en', provenance: 'original', sha256: sha256(text) })
  await writeFile(path.join(corpus, 'manifest.json'), JSON.stringify(manifest, null, 2))
  const workbench = await app.restart()
  const { page } = app
  await workbench.ready()
  await workbench.openArticle('long-read')
  const lines = text.split('\n').length

  // the app's script held back: the first screen made the paragraphs of its first screen's span only
  const startApp = await holdRequests(page, APP_SCRIPT)
  await page.reload()
  const screen = page.getByTestId('first-screen')
  await expect(screen).toBeVisible()
  const paragraphs = () => workbench.text('long-read').evaluate((article) => article.querySelectorAll('p').length)
  startApp()
  await workbench.ready()
  await expect(screen).toHaveCount(0)
  // the rest made once that screen was painted, before the app took the column
  expect(await paragraphs()).toBe(lines)
  expect(await workbench.shownText('long-read')).toBe(text)
  await workbench.selectText('long-read', 'Rutte (part 4)')
  await workbench.pressHotkey('2')
  await workbench.waitUntilSaved()
  await expect.poll(() => workbench.highlighted('px-label-speaker')).toEqual(['Rutte (part 4)'])
  await page.unroute(APP_SCRIPT)
})

test('a column whose text cannot be read says so, rather than that it is opening, and the rest of the workspace opens', async ({ app }) => {
  test.skip(app.mode !== 'browser', "the page's API calls are HTTP requests only in browser mode")
  const { workbench, page } = app
  await workbench.ready()
  await workbench.openArticle(CNBC)
  // the host's answer when the article's text file is gone (to the first screen's call, which holds the text, too)
  const gone = { ok: false, error: { code: 'not-found', message: `There is no article ${CNBC} in this workspace.` } }
  for (const channel of ['article:get', 'ui:firstScreen']) {
    await page.route(`**/api/${encodeURIComponent(channel)}`, (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(gone) }))
  }
  await page.reload()
  await expect(workbench.column(CNBC).getByRole('status')).toHaveText('This article could not be opened.')
  await expect(page.getByRole('alert').filter({ hasText: `There is no article ${CNBC}` })).toBeVisible()
  // the rest of the workspace opens: its layers held, exporting and importing at hand
  await expect(page.getByRole('button', { name: 'Export…' })).toBeEnabled()
  await expect(page.getByRole('button', { name: 'Import…' })).toBeEnabled()
})
