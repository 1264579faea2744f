/**
 * The README's screenshots, taken through the real app: `npm run screenshots`. Skipped in `npm test`.
 */
import path from 'node:path'
import { test } from './fixtures'
import { appRoot } from '../src/main/paths'

test.skip(!process.env.PARALLAX_SCREENSHOTS, 'run with npm run screenshots')

test('reader: three articles side by side', async ({ app }) => {
  const { workbench, page } = app
  await workbench.ready()
  for (const id of ['rutte-sworn-in-translated', 'montenegrin-keep-the-west-together', 'semafor-rutte-trump-whisperer']) {
    await workbench.openArticle(id)
  }
  await page.evaluate(() => document.fonts.ready)
  await page.screenshot({ path: path.join(appRoot, 'docs', 'images', 'reader.png') })
})
