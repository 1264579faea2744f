/**
 * The README's screenshots, taken through the real app: `npm run screenshots`. Skipped in `npm test`.
 */
import path from 'node:path'
import { expect, test } from './fixtures'
import { appRoot } from '../src/main/paths'
import { bratFile, importBrat } from './review-data'

test.skip(!process.env.PARALLAX_SCREENSHOTS, 'run with npm run screenshots')

const CNBC = 'rutte-sworn-in-translated'
const MONTENEGRIN = 'montenegrin-keep-the-west-together'
const SEMAFOR = 'semafor-rutte-trump-whisperer'
const shot = (name: string) => path.join(appRoot, 'docs', 'images', name)

test('reader: three articles side by side, annotated and linked', async ({ app }) => {
  test.setTimeout(120_000)
  const { workbench: w, page } = app
  await page.setViewportSize({ width: 1600, height: 940 })
  await w.ready()
  await page.evaluate(() => document.fonts.ready)
  for (const id of [CNBC, MONTENEGRIN, SEMAFOR]) await w.openArticle(id)
  await page.screenshot({ path: shot('reader.png') })

  const tag = async (article: string, text: string, key: string, occurrence = 0) => {
    await w.selectText(article, text, occurrence)
    await w.pressHotkey(key)
    await w.waitUntilSaved()
  }
  const link = async (article: string, text: string, type: RegExp, occurrence = 0) => {
    await w.pressHotkey('l')
    await w.clickText(article, text, occurrence)
    await page.getByRole('dialog', { name: 'Choose the link' }).getByRole('button', { name: type }).click()
    await w.waitUntilSaved()
  }
  await tag(SEMAFOR, 'Mark Rutte is set to become the next NATO secretary general', '1')
  await tag(SEMAFOR, 'Toomas Hendrik Ilves', '2')
  await tag(SEMAFOR, 'What moral credibility does this guy have?', '3')
  await link(SEMAFOR, 'Toomas Hendrik', /attributed to/)
  await tag(MONTENEGRIN, 'Mark Rute', '4')
  await tag(MONTENEGRIN, 'her new job', '4')
  await tag(MONTENEGRIN, 'NATO estimates that 23 out of 32 members will meet the goal', '1')
  await tag(CNBC, 'Mark Roux', '4')
  await tag(CNBC, 'total domestic profits', '4')
  await tag(CNBC, 'Kamala Harry', '4')
  await tag(CNBC, '[Rutte] told reporters, adding', '2')
  await tag(CNBC, 'not worried. I know both candidates very well', '3')
  await link(CNBC, '[Rutte] told reporters, adding', /attributed to/)
  await tag(MONTENEGRIN, '[Rute] downplayed', '2')
  await tag(MONTENEGRIN, "I'm not worried", '3')
  await link(CNBC, 'not worried. I know', /same quote/)
  await w.inspector.getByTestId('link-item').first().getByLabel('Fidelity').selectOption('paraphrased')
  await w.waitUntilSaved()
  const box = await w.textBox(MONTENEGRIN, "I'm not worried")
  await page.mouse.move(box.left + 8, box.y)
  await expect.poll(() => w.highlighted('px-link-peer')).not.toEqual([])
  await page.screenshot({ path: shot('annotating.png') })
})

test('review and agreement dashboard', async ({ app }) => {
  test.setTimeout(120_000)
  const { workbench: w, page } = app
  await page.setViewportSize({ width: 1600, height: 940 })
  await w.ready()
  await importBrat(app, 'Marko', await bratFile(app, [
    ['translation-error', 'Kamala Harry', { category: 'accuracy_named_entity', severity: 'major' }],
    ['translation-error', 'Mark Roux', { severity: 'major' }],
    ['claim', 'Rutte has been a figurehead in Dutch politics for decades'],
    ['translation-error', 'total domestic profits'],
    ['speaker', 'Oana Lungescu'],
  ]))
  await importBrat(app, 'Vesna', await bratFile(app, [
    ['translation-error', 'Kamala Harry', { category: 'accuracy_named_entity', severity: 'minor' }],
    ['translation-error', 'Mark Roux', { severity: 'major' }],
    ['speaker', 'Jens Stoltenberg'],
    ['translation-error', 'total domestic profits on defense'],
    ['speaker', 'Oana Lungescu'],
    ['claim', 'Rutte has been a figurehead in Dutch politics for decades and served as prime minister'],
  ]))
  const modes = page.getByRole('navigation', { name: 'Mode' })
  await modes.getByRole('button', { name: 'Review' }).click()
  await page.getByLabel('Article under review').selectOption(CNBC)
  await page.getByRole('button', { name: /Accept all agreed/ }).click()
  await page.keyboard.press('j')
  await page.keyboard.press('j')
  await page.evaluate(() => document.fonts.ready)
  await page.waitForTimeout(500)
  await page.screenshot({ path: shot('review.png') })
  await modes.getByRole('button', { name: 'Agreement' }).click()
  await expect(page.getByTestId('metrics-table')).toBeVisible()
  await page.waitForTimeout(500)
  await page.screenshot({ path: shot('agreement.png') })
})
