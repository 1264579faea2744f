/** Chromium for the browser cases: the system's, driven by Playwright, as the end-to-end tests run it. */
import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { findChromium } from '../../src/main/cli/browser'
import type { Probe } from '../page/dom'

export const VIEWPORT = { width: 1440, height: 900 }

export async function launchChromium(): Promise<Browser> {
  const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : findChromium()
  if (!executablePath) throw new Error('No Chromium found: install it (apt-get install chromium) or set PARALLAX_BROWSER.')
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
}

/** A fresh context (empty cache) and page with the probe installed; page errors are collected. */
export async function probedPage(browser: Browser, probe: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: VIEWPORT })
  await context.addInitScript({ content: probe })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console error: ${message.text()}`)
  })
  return { context, page, errors }
}

/**
 * Tells the probe which annotations the first paint must show (Probe.expect), once the page has
 * started: given to the init script, they would be parsed again in every column's frame. Sent as one
 * string: as a value, Playwright's encoding of 10,000 pairs took the page's thread 60 ms to read.
 */
export async function expectAnnotations(page: Page, annotations: Record<string, [number, number][]>): Promise<void> {
  await page.evaluate((json) => (globalThis as { __bench?: Probe }).__bench?.expect?.(JSON.parse(json) as Record<string, [number, number][]>), JSON.stringify(annotations))
}

/**
 * Waits until the probe has seen the first highlights painted, and the layers held; returns when
 * (ms since navigation start, and epoch ms).
 */
export async function firstPaint(page: Page, timeoutMs: number): Promise<{ sinceNavigation: number; epoch: number; afterData: number; held: number }> {
  // functions, not strings: the app's CSP forbids eval, which string predicates need
  await page.waitForFunction(() => (globalThis as { __bench?: Probe }).__bench?.firstPaint != null, undefined, { timeout: timeoutMs, polling: 50 })
  await page.waitForFunction(() => (globalThis as { __bench?: Probe }).__bench?.heldAt != null, undefined, { timeout: timeoutMs, polling: 50 })
  return page.evaluate(() => {
    const probe = (globalThis as { __bench?: Probe }).__bench
    return {
      sinceNavigation: probe?.firstPaint ?? NaN,
      epoch: probe?.firstPaintEpoch ?? NaN,
      afterData: (probe?.firstPaint ?? NaN) - (probe?.dataAt ?? NaN),
      held: probe?.heldAt ?? NaN,
    }
  })
}

/** Rejects when `promise` has not settled within `ms` (page.evaluate has no time limit of its own). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** Tags one more span through the probe (Parallax) or the baseline page, and returns how long until it was painted. */
export function tagOne(page: Page, how: 'createOne' | 'addOne', index: number, timeoutMs = 30_000): Promise<number> {
  const tagging = page.evaluate(
    ([how, index]) => {
      const tag = (globalThis as { __bench?: Probe }).__bench?.[how]
      if (!tag) throw new Error(`the page has no ${how}`)
      return tag(index)
    },
    [how, index] as const,
  )
  return within(tagging, timeoutMs, `${how}(${index})`)
}

/** Closes a context, whatever state its browser is in (a crash must not hide the error that led here). */
export async function closeQuietly(context: BrowserContext): Promise<void> {
  await context.close().catch(() => undefined)
}

/** Waits until the page says every change is saved (its save indicator). */
export async function allSaved(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForFunction(
    () => (globalThis as unknown as { document: { querySelector(s: string): { dataset: { state?: string } } | null } }).document.querySelector('[data-testid="save-indicator"]')?.dataset.state === 'saved',
    undefined,
    { timeout: timeoutMs, polling: 50 },
  )
}
