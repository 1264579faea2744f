/**
 * The little of the DOM the benchmark's page scripts use, typed here: the bench is compiled with
 * the Node program (no DOM library), and its page scripts are bundled for the browser by esbuild.
 */

export interface NodeLike {
  textContent: string | null
  firstChild: NodeLike | null
  parentElement: ElementLike | null
}

export interface RectLike {
  top: number
  bottom: number
}

export interface ElementLike extends NodeLike {
  className: string
  dataset: Record<string, string | undefined>
  childElementCount: number
  append(...nodes: (NodeLike | string)[]): void
  querySelector(selector: string): ElementLike | null
  querySelectorAll(selector: string): ArrayLike<ElementLike>
  setAttribute(name: string, value: string): void
  closest(selector: string): ElementLike | null
  getBoundingClientRect(): RectLike
  dispatchEvent(event: unknown): boolean
  readonly children: ArrayLike<ElementLike>
}

export interface RangeLike {
  setStart(node: NodeLike, offset: number): void
  setEnd(node: NodeLike, offset: number): void
  readonly startContainer: NodeLike
  readonly startOffset: number
  readonly endContainer: NodeLike
  readonly endOffset: number
}

export interface HighlightLike extends Iterable<RangeLike> {
  readonly size: number
}

export interface HighlightRegistryLike {
  set(name: string, highlight: HighlightLike): unknown
  entries(): IterableIterator<[string, HighlightLike]>
}

export interface MutationRecordLike {
  readonly addedNodes: ArrayLike<{ nodeName: string; querySelector?(selector: string): unknown }>
}

/** A column's iframe (Parallax keeps each column's text in a document of its own). */
export interface FrameLike extends ElementLike {
  readonly contentWindow: PageWindow | null
  addEventListener(type: 'load', listener: () => void): void
}

export interface PageWindow {
  top: PageWindow | null
  document: {
    body: ElementLike
    head: ElementLike
    createElement(tag: string): ElementLike
    createRange(): RangeLike
    querySelector(selector: string): ElementLike | null
    querySelectorAll(selector: string): ArrayLike<ElementLike>
  }
  innerHeight: number
  CSS: { highlights: HighlightRegistryLike }
  Highlight: { prototype: Record<'add' | 'delete' | 'clear', (this: unknown, ...args: unknown[]) => unknown> }
  queueMicrotask(callback: () => void): void
  getSelection(): { removeAllRanges(): void; addRange(range: RangeLike): void } | null
  requestAnimationFrame(callback: (time: number) => void): number
  dispatchEvent(event: unknown): boolean
  KeyboardEvent: new (type: string, init: { key: string; bubbles?: boolean; cancelable?: boolean }) => unknown
  MutationObserver: new (callback: (records: readonly MutationRecordLike[]) => void) => { observe(target: unknown, options: { childList?: boolean; subtree?: boolean }): void }
  performance: { now(): number; timeOrigin: number }
  __benchConfig?: ProbeConfig
  __bench?: Probe
}

/** What the probe is told before the page's own scripts run. */
export interface ProbeConfig {
  /** Parallax paints with the CSS Custom Highlight API; recogito's default renderer draws spans. */
  mode: 'parallax' | 'recogito'
  /**
   * First paint: this many columns open with every annotation given to `expect` in each one's viewport
   * painted (Parallax, which registers only the ranges near each viewport), or this many span
   * layers with highlights drawn (recogito, which draws only what is in view).
   */
  expected: number
  /** The requests that bring annotations (their URL contains one of these): when the first one's JSON is read, the page has data to paint. */
  dataUrls: string[]
}

/** What the probe offers the benchmark (through `page.evaluate`) and the baseline page. */
export interface Probe {
  /** When the first highlights were painted: ms since navigation start, and since the epoch. */
  firstPaint: number | null
  firstPaintEpoch: number | null
  /** When the annotations' JSON was read (ms since navigation start): what comes after is rendering. */
  dataAt: number | null
  /**
   * Parallax: when the page held the open columns' layers, ready to edit (its save indicator shown,
   * once the workspace has loaded), painted; the first paint may come before, from the first screen's
   * annotations. The baseline: its first paint, which holds everything.
   */
  heldAt: number | null
  /**
   * Parallax: the user's annotations on the open articles, as their layer files hold them (start and
   * end by article): what the first paint must show, whatever the page was sent. Given by the
   * benchmark once the page has started (chromium.ts, expectAnnotations); no first paint before.
   */
  expect?(annotations: Record<string, [number, number][]>): void
  /** Resolves with the time (ms since navigation start) of the first paint after `check()` holds. */
  waitFor(check: () => boolean): Promise<number>
  /** Ranges in the highlights whose names start with `prefix`. */
  ranges(prefix: string): number
  /** Parallax: selects a word of the first column, presses 1 (Claim), and times it until painted. */
  createOne?(index: number): Promise<number>
  /** The baseline page: adds one annotation to the first column and times it until painted. */
  addOne?(index: number): Promise<number>
}

export const pageWindow = (): PageWindow => globalThis as unknown as PageWindow

/**
 * Where the benchmark tags a new span: the `n`-th word (by spaces, punctuation kept) of a paragraph,
 * as [start, end] in its text. Both pages tag the first paragraph below the title, which is in view.
 */
export function nthWord(text: string, n: number): [number, number] {
  const words = [...text.matchAll(/\S+/g)]
  const word = words[n % Math.max(1, words.length)]
  if (!word) return [0, text.length]
  return [word.index, word.index + word[0].length]
}
