/**
 * The render case: five columns of long articles with thousands of highlights, in Chromium. Time to
 * the first painted highlights (from navigation start), then the time from tagging one span to its
 * highlight painted, several times. Parallax runs in browser mode on the workspace; the baseline
 * page shows the same texts and the same annotations with @recogito/text-annotator.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Browser, Page } from '@playwright/test'
import { splitLines } from '../../src/shared/text-layout'
import { Workspace } from '../../src/main/workspace/workspace'
import { ANNOTATIONS_DIR, annotatorSlug, type LayerArticleFile } from '../../src/main/workspace/layers'
import { writeSettings } from '../app'
import { ANNOTATORS } from '../generate'
import type { BaselineData } from '../page/recogito-page'
import { baselinePageBundle, probeScript } from './bundle'
import { allSaved, closeQuietly, expectAnnotations, firstPaint, probedPage, tagOne } from './chromium'
import { ANNOTATIONS_URLS, startParallax, userAnnotations } from './parallax-server'
import { serveFiles } from './static-server'

export interface RenderRun {
  /** From navigation start to the first painted highlights of every column. */
  firstPaintMs: number
  /** From the annotations' JSON read in the page to those highlights painted: the rendering alone. */
  afterDataMs: number
  /** From navigation start to the open columns' layers held, ready to edit (Parallax paints the first screen before: the baseline's first paint holds everything). */
  heldMs: number
  /** From tagging a span to its highlight painted, once per new annotation. */
  newHighlightMs: number[]
  errors: string[]
}

export interface RenderOptions {
  root: string
  /** Annotations the columns hold in all (the size of the case). */
  highlights: number
  columns: number
  newHighlights: number
  timeoutMs?: number
}

/** Tags `count` spans one after the other, once the page has stopped loading (as a user tags a page at rest). */
async function tagSeveral(page: Page, fn: 'createOne' | 'addOne', count: number): Promise<number[]> {
  // Parallax asks for the layers once the first screen is painted (the preview painted it): tagging starts after they came
  await page.waitForLoadState('networkidle')
  const times: number[] = []
  for (let i = 0; i < count; i++) {
    times.push(await tagOne(page, fn, i))
    await page.waitForTimeout(150) // the save goes on in the background; let each tag start from a quiet page
  }
  return times
}

/** How many of the user's annotations the first column's article holds (of `userAnnotations`). */
const inFirstColumn = (spans: Record<string, unknown[]>): number => Object.values(spans)[0]?.length ?? 0

export async function renderParallax(browser: Browser, options: RenderOptions & { home: string }): Promise<RenderRun> {
  await writeSettings(options.home, ANNOTATORS[0])
  const expected = await userAnnotations(options.root)
  const before = inFirstColumn(expected)
  const { context, page, errors } = await probedPage(browser, await probeScript({ mode: 'parallax', expected: options.columns, dataUrls: ANNOTATIONS_URLS }))
  const server = await startParallax(options.root, options.home, options.timeoutMs)
  try {
    await page.goto(server.url, { waitUntil: 'commit' })
    await expectAnnotations(page, expected)
    const painted = await firstPaint(page, options.timeoutMs ?? 120_000)
    const newHighlightMs = await tagSeveral(page, 'createOne', options.newHighlights)
    // every tag saved before the server stops
    await allSaved(page)
    const result = { firstPaintMs: painted.sinceNavigation, afterDataMs: painted.afterData, heldMs: painted.held, newHighlightMs, errors }
    await closeQuietly(context)
    await server.stop()
    // the tags were real: each one is in the user's layer file
    const added = inFirstColumn(await userAnnotations(options.root)) - before
    if (added !== options.newHighlights) throw new Error(`${options.newHighlights} spans were tagged, but ${added} annotations were saved`)
    return result
  } finally {
    await closeQuietly(context)
    await server.stop()
  }
}

/** The open columns' texts and the first annotator's annotations on them, with offsets in each column's text content. */
export async function baselineData(root: string, columns: number): Promise<BaselineData> {
  const workspace = await Workspace.open(root)
  const folder = path.join(root, ANNOTATIONS_DIR, annotatorSlug(ANNOTATORS[0]))
  const data: BaselineData = { labels: workspace.tagset.labels.map((l) => ({ id: l.id, color: l.color })), columns: [] }
  for (const id of workspace.articleIds.slice(0, columns)) {
    const { meta, text } = workspace.article(id)
    const lines = splitLines(text)
    // an offset of the text → the same place in the paragraphs' text, which leaves the line breaks out
    const contentStarts: number[] = []
    let length = 0
    for (const line of lines) {
      contentStarts.push(length)
      length += line.end - line.start
    }
    const inContent = (offset: number): number => {
      let lo = 0
      let hi = lines.length - 1
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1
        if (lines[mid]!.start <= offset) lo = mid
        else hi = mid - 1
      }
      const line = lines[lo]!
      return (contentStarts[lo] as number) + Math.min(offset, line.end) - line.start
    }
    const layer = JSON.parse(await readFile(path.join(folder, `${id}.json`), 'utf8')) as LayerArticleFile
    data.columns.push({
      id,
      title: meta.title,
      lines: lines.map((l) => text.slice(l.start, l.end)),
      annotations: layer.annotations.map((a) => ({ id: a.id, label: a.label, start: inContent(a.start), end: inContent(a.end), quote: a.quote.exact })),
    })
  }
  workspace.close()
  return data
}

export const baselinePage = (css: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>recogito baseline</title>
<style>
html, body { margin: 0; height: 100%; }
body { font-family: Georgia, 'DejaVu Serif', serif; background: #fbfaf7; color: #1d1d1f; }
.reader { display: flex; height: 100vh; min-width: 0; overflow-x: auto; }
.column { flex: 1 1 0; min-width: 280px; display: flex; flex-direction: column; border-right: 1px solid #ddd; }
.column-title { flex: none; margin: 0; padding: 12px 16px 10px; font-size: 16px; border-bottom: 1px solid #ddd; }
.column-body { flex: 1; overflow-y: auto; padding: 18px 20px 60px; }
.article-text { max-width: 68ch; margin: 0 auto; font-size: 16px; line-height: 1.62; }
.article-text p { margin: 0 0 0.8em; }
.article-text p.blank { margin: 0; height: 0; }
</style>
<style>${css}</style>
</head><body><script src="bundle.js"></script></body></html>`

export async function renderRecogito(browser: Browser, options: RenderOptions): Promise<RenderRun> {
  const data = await baselineData(options.root, options.columns)
  const bundle = await baselinePageBundle()
  const server = await serveFiles({
    'index.html': { type: 'text/html; charset=utf-8', body: baselinePage(bundle.css) },
    'bundle.js': { type: 'text/javascript; charset=utf-8', body: bundle.js },
    'data.json': { type: 'application/json', body: JSON.stringify(data) },
    'favicon.ico': { type: 'image/x-icon', body: '' },
  })
  const { context, page, errors } = await probedPage(browser, await probeScript({ mode: 'recogito', expected: 1, dataUrls: ['data.json'] }))
  try {
    await page.goto(server.url, { waitUntil: 'commit' })
    const painted = await firstPaint(page, options.timeoutMs ?? 120_000)
    const newHighlightMs = await tagSeveral(page, 'addOne', options.newHighlights)
    return { firstPaintMs: painted.sinceNavigation, afterDataMs: painted.afterData, heldMs: painted.held, newHighlightMs, errors }
  } finally {
    await closeQuietly(context)
    await server.close()
  }
}
