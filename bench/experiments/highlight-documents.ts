/**
 * An experiment, not a case of the benchmark: what one new highlight costs in five columns of
 * highlighted text kept in one document, against one document (a same-origin iframe) per column.
 * `node --import tsx bench/experiments/highlight-documents.ts`; docs/performance.md (render) has
 * what it found.
 *
 * Why: Chromium keeps one registry of custom highlights per document and, when any highlight of it
 * changes, drops and adds back the markers of every range registered, repainting every highlighted
 * text node in view (`HighlightRegistry::ValidateHighlightMarkers`). A registry per column would
 * bound that to the column tagged. Each page has five columns of 200 paragraphs of 100 words, ten
 * 12-character ranges a paragraph (2,000 a column) in three highlights, either all registered or
 * only those of each column's first 12 paragraphs (what is near the viewport, as Parallax's painter
 * registers). A tag adds one range to the first column and changes one element outside the columns
 * (an inspector); it is timed from the change until the frame that shows it has been painted (a
 * message posted from that frame's animation-frame callback runs after its rendering, as
 * bench/page/probe.ts times it).
 */
import type { Page } from '@playwright/test'
import { launchChromium, VIEWPORT } from '../browser/chromium'
import { serveFiles } from '../browser/static-server'
import { Random } from '../random'

const COLUMNS = 5
const PARAGRAPHS = 200
const NEAR = 12
const TAGS = 15
const WARM_UP = 3

const random = new Random(1)
const VOCABULARY = 'the minister said that alliance would keep “western” support for Ukraine while NATO’s new chief Mark Rutte warned of spending 😀 gaps'.split(' ')
const paragraph = (): string => Array.from({ length: 100 }, () => random.pick(VOCABULARY)).join(' ')
const columns = Array.from({ length: COLUMNS }, () => Array.from({ length: PARAGRAPHS }, () => `<p>${paragraph()}</p>`).join(''))

const STYLE = 'body{font:16px/1.6 serif;margin:0} p{margin:0 0 1em} ::highlight(a){background:#fde68a} ::highlight(b){background:#bfdbfe;text-decoration:underline} ::highlight(c){background:#fecaca}'
const LAYOUT = '.columns{display:flex;height:100vh} .column{flex:1;overflow:auto;padding:8px;border:0} #inspector{position:fixed;right:0;bottom:0;background:#eee}'

/** Registers the ranges of the paragraphs under `root`, and gives `addOne(n)`, which adds one to its first paragraph. */
const HIGHLIGHTER = `
window.highlight = (root, near) => {
  const paragraphs = [...root.querySelectorAll('p')]
  const highlights = { a: new Highlight(), b: new Highlight(), c: new Highlight() }
  for (const name in highlights) CSS.highlights.set(name, highlights[name])
  paragraphs.forEach((p, i) => {
    if (near && i % ${PARAGRAPHS} >= ${NEAR}) return
    const text = p.firstChild
    for (let j = 0; j < 10; j++) {
      const at = Math.floor((j * text.length) / 10)
      const range = new Range()
      range.setStart(text, at)
      range.setEnd(text, Math.min(text.length, at + 12))
      highlights['abc'[i % 3]].add(range)
    }
  })
  const first = paragraphs[0].firstChild
  window.addOne = (n) => {
    const range = new Range()
    range.setStart(first, 40 + n * 3)
    range.setEnd(first, 45 + n * 3)
    highlights.c.add(range)
  }
}`

/** In the page that holds the columns: highlights every column's document, then tags `tags` times, each timed until painted. */
const MEASURE = `
window.measure = async (near, tags) => {
  const frames = [...document.querySelectorAll('iframe')].map((f) => f.contentWindow)
  const windows = frames.length ? frames : [window]
  for (const w of windows) w.highlight(w.document, near)
  const painted = () => new Promise((resolve) => requestAnimationFrame(() => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => resolve()
    channel.port2.postMessage(null)
  }))
  await painted()
  await painted()
  const inspector = document.getElementById('inspector')
  const times = []
  for (let n = 0; n < tags; n++) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    const start = performance.now()
    windows[0].addOne(n)
    inspector.textContent = 'annotation ' + n
    await painted()
    times.push(performance.now() - start)
  }
  return times
}`

const html = (body: string): { type: string; body: string } => ({ type: 'text/html; charset=utf-8', body: `<!doctype html><meta charset="utf-8">${body}` })
const files: Record<string, { type: string; body: string }> = {
  'one-document': html(
    `<style>${STYLE} ${LAYOUT}</style><div class="columns">${columns.map((c) => `<div class="column">${c}</div>`).join('')}</div><div id="inspector">-</div><script>${HIGHLIGHTER}${MEASURE}</script>`,
  ),
  'document-per-column': html(
    `<style>body{margin:0} ${LAYOUT}</style><div class="columns">${columns.map((_, i) => `<iframe class="column" src="/column-${i}"></iframe>`).join('')}</div><div id="inspector">-</div><script>${MEASURE}</script>`,
  ),
}
columns.forEach((c, i) => (files[`column-${i}`] = html(`<style>${STYLE} body{padding:8px}</style>${c}<script>${HIGHLIGHTER}</script>`)))

/** The times of `TAGS` tags after `WARM_UP`, in ms (in the page: `MEASURE`). */
async function tagTimes(page: Page, near: boolean): Promise<number[]> {
  const times = (await page.evaluate(`window.measure(${near}, ${TAGS + WARM_UP})`)) as number[]
  return times.slice(WARM_UP)
}

const server = await serveFiles(files)
const browser = await launchChromium()
const results = new Map<string, number[]>()
try {
  for (let round = 0; round < 2; round++) {
    for (const layout of ['one-document', 'document-per-column']) {
      for (const near of [false, true]) {
        const page = await browser.newPage({ viewport: VIEWPORT })
        await page.goto(`${server.url}${layout}`, { waitUntil: 'load' })
        const key = `${layout}, ${near ? `the ranges of ${NEAR} paragraphs a column` : `all ${PARAGRAPHS * 10} ranges a column`}`
        results.set(key, [...(results.get(key) ?? []), ...(await tagTimes(page, near))])
        await page.close()
      }
    }
  }
} finally {
  await browser.close()
  await server.close()
}
const at = (sorted: number[], q: number): string => (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] as number).toFixed(1)
for (const [key, times] of results) {
  const sorted = [...times].sort((a, b) => a - b)
  console.log(`${key.padEnd(62)} one new highlight p50 ${at(sorted, 0.5)} ms, p90 ${at(sorted, 0.9)} ms (${sorted.length} tags)`)
}
