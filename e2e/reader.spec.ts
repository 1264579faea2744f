import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from './fixtures'
import type { Locator } from '@playwright/test'
import { appRoot } from '../src/main/paths'

interface ManifestEntry {
  id: string
  file: string
  title: string
  outlet: string | null
  provenance: string
}
const manifest = JSON.parse(await readFile(path.join(appRoot, 'corpus', 'manifest.json'), 'utf8')) as { articles: ManifestEntry[] }
const provenanceLabel: Record<string, string> = {
  original: 'Original',
  'machine-translated': 'Machine-translated',
  'ai-generated': 'AI-generated',
  unknown: 'Unknown provenance',
}

test('lists all five articles with their metadata', async ({ app }) => {
  const { workbench } = app
  await workbench.ready()
  await expect(workbench.sidebar.locator('.article-card')).toHaveCount(5)
  for (const article of manifest.articles) {
    const card = workbench.card(article.id)
    await expect(card.locator('.article-title')).toHaveText(article.title)
    await expect(card.locator('[data-field="outlet"]')).toHaveText(article.outlet ?? 'Outlet unknown')
    await expect(card.locator('[data-field="provenance"]')).toHaveText(provenanceLabel[article.provenance] ?? '')
    await expect(card.locator('[data-field="language"]')).toContainText('EN')
  }
  await expect(workbench.card('semafor-rutte-trump-whisperer').locator('[data-field="date"]')).toHaveText('20 Jun 2024')
  await expect(workbench.card('montenegrin-keep-the-west-together').locator('[data-field="language"]')).toHaveText('EN ← CNR')
})

test('a corpus of hundreds of articles makes only the cards in view, and scrolls to every one', async ({ app }) => {
  const extra = Array.from({ length: 400 }, (_, i) => `zz-report-${String(i + 1).padStart(3, '0')}`)
  for (const [i, id] of extra.entries()) await writeFile(path.join(app.workspace, 'corpus', `${id}.txt`), `Report ${i + 1} on the summit\n\nText of report ${i + 1}.\n`)
  const workbench = await app.restart()
  await workbench.ready()
  await expect(workbench.sidebar.locator('.count')).toHaveText('405 articles')
  const cards = workbench.sidebar.locator('.article-card')
  expect(await cards.count()).toBeLessThan(60)
  await expect(workbench.sidebar.locator('li').first()).toHaveAttribute('aria-setsize', '405')
  const last = extra.at(-1) as string
  await expect(workbench.card(last)).toHaveCount(0)

  // the keyboard walks the cards past those made at first
  await cards.first().focus()
  for (let i = 0; i < 30; i++) await workbench.page.keyboard.press('Tab')
  const focused = workbench.card(extra[25] as string)
  await expect(focused).toBeFocused()

  // the end of the list, far below, is made once scrolled to, and opens as any other; the focused card stays
  await workbench.sidebar.evaluate((panel) => panel.scrollTo({ top: panel.scrollHeight }))
  await expect(workbench.card(last).locator('.article-title')).toHaveText('Report 400 on the summit')
  await expect(workbench.sidebar.locator(`li:has([data-article-id="${last}"])`)).toHaveAttribute('aria-posinset', '405')
  await expect(focused).toBeFocused()
  expect(await cards.count()).toBeLessThan(60)
  await workbench.openArticle(last)
  await expect(workbench.text(last)).toContainText('Text of report 400.')
})

test('opens three articles side by side with their text verbatim', async ({ app }) => {
  const { workbench } = app
  await workbench.ready()
  const ids = ['rutte-sworn-in-translated', 'montenegrin-keep-the-west-together', 'semafor-rutte-trump-whisperer']
  for (const id of ids) await workbench.openArticle(id)
  expect(await workbench.openColumnIds()).toEqual(ids)

  const boxes = await Promise.all(ids.map((id) => workbench.column(id).boundingBox()))
  for (let i = 1; i < boxes.length; i++) {
    expect(boxes[i]!.x, 'columns stand side by side, left to right').toBeGreaterThan(boxes[i - 1]!.x + boxes[i - 1]!.width - 2)
    expect(Math.abs(boxes[i]!.y - boxes[0]!.y)).toBeLessThan(2)
  }
  for (const id of ids) {
    const entry = manifest.articles.find((a) => a.id === id)!
    const file = await readFile(path.join(app.workspace, 'corpus', entry.file), 'utf8')
    expect(await workbench.shownText(id)).toBe(file)
  }
  // The machine-translation errors are the point: they are shown as they are.
  // each column's frame is named for its article, as a screen reader lists the frames
  await expect(workbench.frame('rutte-sworn-in-translated')).toHaveAttribute('title', 'Rutte sworn in as NATO secretary-general as the alliance faces tests: text')
  await expect(workbench.text('rutte-sworn-in-translated')).toContainText('Vice President Kamala Harry He said')
  await expect(workbench.text('montenegrin-keep-the-west-together')).toContainText('In her new job, Rute will be under pressure')
})

test('each column scrolls on its own', async ({ app }) => {
  const { workbench, page } = app
  await workbench.ready()
  await workbench.openArticle('rutte-sworn-in-translated')
  await workbench.openArticle('semafor-rutte-trump-whisperer')
  const first = workbench.text('rutte-sworn-in-translated')
  const second = workbench.text('semafor-rutte-trump-whisperer')
  await workbench.frame('rutte-sworn-in-translated').hover()
  await page.mouse.wheel(0, 600)
  const scrolled = (text: Locator) => text.evaluate((root) => root.ownerDocument.scrollingElement?.scrollTop ?? 0)
  await expect.poll(() => scrolled(first)).toBeGreaterThan(100)
  expect(await scrolled(second)).toBe(0)
})

test('restores the open columns, in their order, after a restart', async ({ app }) => {
  let workbench = app.workbench
  await workbench.ready()
  await workbench.openArticle('rutte-poised-for-nato-leadership')
  await workbench.openArticle('rutte-white-house-backing-summary')
  await workbench.openArticle('semafor-rutte-trump-whisperer')
  await workbench.column('semafor-rutte-trump-whisperer').getByRole('button', { name: 'Move left' }).click()
  await workbench.column('rutte-poised-for-nato-leadership').getByRole('button', { name: 'Close column' }).click()
  const expected = ['semafor-rutte-trump-whisperer', 'rutte-white-house-backing-summary']
  await expect.poll(() => workbench.openColumnIds()).toEqual(expected)

  workbench = await app.restart()
  await workbench.ready()
  await expect.poll(() => workbench.openColumnIds()).toEqual(expected)
  await expect(workbench.column('semafor-rutte-trump-whisperer')).toContainText('Trump whisperer')
})

test.describe('first launch', () => {
  test.use({ annotator: null })

  test('asks for the annotator name, shows it, and lets it be changed', async ({ app }) => {
    const { page, workbench } = app
    const dialog = page.getByRole('dialog', { name: 'Who is annotating?' })
    await expect(dialog).toBeVisible()
    await dialog.getByLabel('Annotator name').fill('   ')
    await expect(dialog.getByRole('button', { name: 'Start annotating' })).toBeDisabled()
    await dialog.getByLabel('Annotator name').fill('Ana Petrović')
    await dialog.getByRole('button', { name: 'Start annotating' }).click()
    await expect(workbench.annotator).toHaveText(/Ana Petrović/)

    await workbench.annotator.click()
    const change = page.getByRole('dialog', { name: 'Change annotator' })
    await change.getByLabel('Annotator name').fill('Marko Ilić')
    await change.getByRole('button', { name: 'Save' }).click()
    await expect(workbench.annotator).toHaveText(/Marko Ilić/)

    const restarted = await app.restart()
    await expect(restarted.annotator).toHaveText(/Marko Ilić/)
    await expect(restarted.page.getByRole('dialog')).toHaveCount(0)
  })
})
