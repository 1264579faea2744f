/**
 * The open case: `parallax start --browser` on a workspace whose `.parallax/ui.json` has its first
 * article open, and Chromium pointed at it, timed until that column's highlights are painted: the
 * process starting and opening the workspace, the page loading, its first calls, the layers, the
 * text and the highlights.
 */
import type { Browser } from '@playwright/test'
import { writeSettings } from '../app'
import { ANNOTATORS } from '../generate'
import { probeScript } from './bundle'
import { closeQuietly, expectAnnotations, firstPaint, probedPage } from './chromium'
import { ANNOTATIONS_URLS, startParallax, userAnnotations } from './parallax-server'

export interface OpenRun {
  /** From starting the process to the first column's highlights painted. */
  totalMs: number
  /** From starting the process to its address printed: the host listening (the workspace opens meanwhile, and the page's first calls wait for it). */
  serverMs: number
  /** From asking the browser for the page to the highlights painted. */
  pageMs: number
  errors: string[]
}

export async function runOpen(browser: Browser, options: { root: string; home: string; highlights: number; timeoutMs?: number }): Promise<OpenRun> {
  await writeSettings(options.home, ANNOTATORS[0])
  const { context, page, errors } = await probedPage(browser, await probeScript({ mode: 'parallax', expected: 1, dataUrls: ANNOTATIONS_URLS }))
  const expected = await userAnnotations(options.root)
  const server = await startParallax(options.root, options.home, options.timeoutMs)
  try {
    const askedAt = Date.now()
    await page.goto(server.url, { waitUntil: 'commit', timeout: options.timeoutMs ?? 120_000 })
    await expectAnnotations(page, expected)
    const painted = await firstPaint(page, options.timeoutMs ?? 120_000)
    return { totalMs: painted.epoch - server.spawnedAt, serverMs: server.readyAt - server.spawnedAt, pageMs: painted.epoch - askedAt, errors }
  } finally {
    await closeQuietly(context)
    await server.stop()
  }
}
