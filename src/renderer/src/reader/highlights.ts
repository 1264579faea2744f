/**
 * Paints annotations over the article text with the CSS Custom Highlight API: in each column's
 * document (textFrame.ts), one Highlight per label, plus the selection, the hovered annotation's
 * linked ends, the link being drawn, the search hit and the review's marks. The text nodes are
 * never touched.
 *
 * The painter is incremental and windowed, because Chromium's cost of showing *any* change to the
 * highlights grows with every range registered (it rebuilds its markers for all of them), and
 * building thousands of ranges per edit costs more than a frame. So each column with more than
 * WINDOWED_FROM annotations registers only the ranges of the annotations near its viewport (half a viewport's height above and below), kept in a map
 * by annotation id; on a change it adds and removes only the ranges of the annotations that changed,
 * found by identity: an article whose annotations did not change keeps the same array
 * (annotationsOfArticle), an annotation that did not change the same object.
 */
import type { Annotation, Layer } from '../../../shared/annotations'
import { GOLD } from '../../../shared/gold'
import { annotationsOfArticle, groupByArticle, linksOf } from '../../../shared/layer-state'
import type { Tagset } from '../../../shared/tagset'
import type { WorkbenchState } from '../state/store'
import { restyleFrames } from './textFrame'
import { firstWhere } from '../../../shared/lists'
import { openTexts, type OpenText, type TextIndex } from './textIndex'

const LABEL_PREFIX = 'px-label-'
const SPECIAL = ['px-differs', 'px-current', 'px-selected', 'px-hover', 'px-link-peer', 'px-linking', 'px-search'] as const
type Special = (typeof SPECIAL)[number]
/**
 * How far beyond a column's viewport its highlights are registered, above and below, in viewport
 * heights: enough for a scroll to show them painted (the painter follows in the same frame), and no
 * more, since Chromium repaints the text of every registered range on any change.
 */
const MARGIN = 0.5

/** Columns with more annotations than this register only those near their viewport. */
export const WINDOWED_FROM = 400

export const supportsHighlights = typeof CSS !== 'undefined' && 'highlights' in CSS

/** The tagset whose colours are installed (the first screen's is the app's too: the same answer). */
let installed: Tagset | null = null

/** The ::highlight() rules, one per label, built from the tagset's colours (no inline styles: the CSP forbids them). */
export function installHighlightStyles(tagset: Tagset): void {
  // installed again, every column's document would be restyled for nothing
  if (tagset === installed) return
  installed = tagset
  const sheet = new CSSStyleSheet()
  tagset.labels.forEach((label, i) => {
    sheet.insertRule(
      `::highlight(${LABEL_PREFIX}${label.id}) { background-color: ${hexToRgba(label.color, 0.2)}; text-decoration: underline 2px ${hexToRgba(label.color, 0.9)}; text-underline-offset: ${3 + (i % 2)}px; }`,
    )
    sheet.insertRule(`.swatch-${label.id} { background-color: ${label.color}; }`)
    sheet.insertRule(`.label-chip-${label.id} { border-color: ${hexToRgba(label.color, 0.55)}; background-color: ${hexToRgba(label.color, 0.12)}; }`)
  })
  sheet.insertRule(`::highlight(px-selected) { background-color: rgb(255 196 0 / 0.45); color: inherit; }`)
  sheet.insertRule(`::highlight(px-hover) { background-color: rgb(255 196 0 / 0.25); }`)
  sheet.insertRule(`::highlight(px-link-peer) { background-color: rgb(0 170 255 / 0.35); text-decoration: underline 3px rgb(0 140 220); }`)
  sheet.insertRule(`::highlight(px-linking) { background-color: rgb(140 90 255 / 0.35); }`)
  sheet.insertRule(`::highlight(px-search) { background-color: rgb(255 140 0 / 0.5); }`)
  sheet.insertRule(`::highlight(px-differs) { text-decoration: underline wavy 1.5px rgb(214 51 108); }`)
  sheet.insertRule(`::highlight(px-current) { background-color: rgb(255 196 0 / 0.35); }`)
  document.adoptedStyleSheets = [...document.adoptedStyleSheets.filter((s) => !(s as CSSStyleSheet & { parallax?: true }).parallax), sheet]
  ;(sheet as CSSStyleSheet & { parallax?: true }).parallax = true
  restyleFrames()
}

function hexToRgba(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16)
  return `rgb(${(n >> 16) & 255} ${(n >> 8) & 255} ${n & 255} / ${alpha})`
}

/** What the painter reads of the workbench's state (the first screen paints from a state of its own: firstScreen.ts). */
export type PaintedState = Pick<
  WorkbenchState,
  'tagset' | 'annotator' | 'layer' | 'gold' | 'others' | 'preview' | 'loadedArticles' | 'reviewMarks' | 'selectedId' | 'hoveredId' | 'linkingFrom' | 'searchHit'
>

const NONE: readonly Annotation[] = []
/** A read-only list of annotations (a colleague's layer, a preview) grouped by article, once per version of it (a version is a new array). */
const listsByArticle = new WeakMap<Layer['annotations'], Map<string, Annotation[]>>()

function ofArticle(all: Layer['annotations'] | undefined, articleId: string): readonly Annotation[] {
  if (!all) return NONE
  let grouped = listsByArticle.get(all)
  if (!grouped) listsByArticle.set(all, (grouped = groupByArticle(all)))
  return grouped.get(articleId) ?? NONE
}

/** The held annotations with the preview's not held before them, by the held list (kept while neither changes). */
const withPreviews = new WeakMap<readonly Annotation[], { preview: readonly Annotation[]; both: readonly Annotation[] }>()

/**
 * The annotations a column shows: the same array as long as they do not change. Until the article's
 * layers are held, the preview's (FIRST_SCREEN in src/shared/reader.ts), and any made since.
 */
function annotationsOf(state: PaintedState, text: OpenText): readonly Annotation[] {
  const layer = text.layer
  const own = layer === 'own' || (layer !== 'gold' && layer.annotator === state.annotator)
  const held =
    own ? annotationsOfArticle(state.layer.annotations, text.articleId)
    : layer === 'gold' ? annotationsOfArticle(state.gold.annotations, text.articleId)
    : ofArticle(state.others.find((l) => l.annotator === layer.annotator)?.annotations, text.articleId)
  if (state.loadedArticles[text.articleId]) return held
  const whose = own ? state.annotator : layer === 'gold' ? GOLD : layer.annotator
  const preview = ofArticle(state.preview.find((l) => l.annotator === whose)?.annotations, text.articleId)
  if (held.length === 0 || preview.length === 0) return held.length === 0 ? preview : held
  let merged = withPreviews.get(held)
  if (merged?.preview !== preview) {
    const ids = new Set(held.map((a) => a.id))
    withPreviews.set(held, (merged = { preview, both: [...preview.filter((a) => !ids.has(a.id)), ...held] }))
  }
  return merged.both
}

/** The part of an article near its column's viewport, as offsets. */
interface TextWindow {
  start: number
  end: number
}

/**
 * The offsets of the blocks of lines in a column's viewport, and MARGIN viewports above and below;
 * the whole text when it is not laid out. Blocks, not paragraphs: a block off screen is not laid
 * out (content-visibility), and measuring a paragraph inside it would lay it out.
 */
function windowOf(index: TextIndex): TextWindow {
  const whole = { start: 0, end: index.text.length }
  const blocks = index.blocks
  // the text scrolls in its own document's viewport (textFrame.ts)
  const height = index.view.innerHeight
  if (height <= 0 || blocks.length === 0) return whole
  const top = -height * MARGIN
  const bottom = height * (1 + MARGIN)
  // blocks are in document order, so their boxes are too: binary search for the first below `top`, the last above `bottom`
  const first = firstWhere(blocks.length, (i) => (blocks[i] as HTMLElement).getBoundingClientRect().bottom >= top)
  const after = firstWhere(blocks.length, (i) => (blocks[i] as HTMLElement).getBoundingClientRect().top > bottom)
  if (first >= after) return { start: 0, end: 0 }
  return { start: index.blockStarts[first] as number, end: after < blocks.length ? (index.blockStarts[after] as number) : index.text.length }
}

interface Painted {
  annotation: Annotation
  /** The highlights its range is in: its label's, and the review's marks. */
  names: readonly string[]
  range: Range
}

interface Column {
  text: OpenText
  /** Its document's highlights, by name: Chromium keeps a registry per document (textFrame.ts). */
  highlights: Map<string, Highlight>
  window: TextWindow | null
  /** What was painted from: redone only when one of them changed. */
  annotations: readonly Annotation[] | null
  marks: WorkbenchState['reviewMarks']
  painted: Map<string, Painted>
}

const sameNames = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((name, i) => name === b[i])

/** The highlights on screen, kept registered and changed range by range, in each column's document. */
export class HighlightPainter {
  /** The columns' texts it paints: the reader's, or the first screen's. */
  readonly #texts: ReadonlyMap<string, OpenText>
  #tagset: Tagset | null = null
  #columns = new Map<string, Column>()
  #special = ''

  constructor(texts: ReadonlyMap<string, OpenText> = openTexts) {
    this.#texts = texts
  }

  /**
   * Brings the highlights up to date with the state and the open texts. `scrolled`: the columns'
   * frames scrolled or resized since the last paint (their windows are measured again), or 'all'.
   */
  paint(state: PaintedState, scrolled: ReadonlySet<EventTarget> | 'all'): void {
    if (!supportsHighlights || !state.tagset) return
    let reopened = false
    for (const [key, column] of this.#columns) {
      if (this.#texts.get(key) !== column.text) {
        this.#clear(column)
        this.#columns.delete(key)
        reopened = true
      }
    }
    // after the columns gone are dropped: their documents may be gone too
    if (state.tagset !== this.#tagset) {
      this.#tagset = state.tagset
      this.#special = ''
      for (const column of this.#columns.values()) this.#register(column)
    }
    for (const [key, text] of this.#texts) {
      // a frame between its move and its fresh document's load: its text is built again then
      if (!text.index.root.ownerDocument.defaultView) continue
      let column = this.#columns.get(key)
      if (!column) {
        column = { text, highlights: new Map(), window: null, annotations: null, marks: null, painted: new Map() }
        this.#register(column)
        this.#columns.set(key, column)
        reopened = true
      }
      const measure = column.window === null || scrolled === 'all' || scrolled.has(text.frame)
      this.#paintColumn(state, column, measure)
    }
    this.#paintSpecial(state, reopened)
  }

  /** Each open column's frame, to watch for resizing. */
  frames(): HTMLIFrameElement[] {
    return [...this.#columns.values()].map((c) => c.text.frame)
  }

  /** In a column's document, one Highlight per label (priority in the tagset's order) and per special mark, registered anew for each tagset. */
  #register(column: Column): void {
    column.painted.clear()
    column.annotations = null
    const view = column.text.index.view
    const registry = view.CSS.highlights
    for (const name of [...registry.keys()]) if (name.startsWith(LABEL_PREFIX) || (SPECIAL as readonly string[]).includes(name)) registry.delete(name)
    column.highlights.clear()
    const add = (name: string, priority: number) => {
      // made by the column's window, as its registry holds the highlights of that document
      const highlight = new view.Highlight()
      highlight.priority = priority
      column.highlights.set(name, highlight)
      registry.set(name, highlight)
    }
    this.#tagset?.labels.forEach((label, i) => add(`${LABEL_PREFIX}${label.id}`, i))
    SPECIAL.forEach((name, i) => add(name, 100 + i))
  }

  #paintColumn(state: PaintedState, column: Column, measure: boolean): void {
    const { text } = column
    const annotations = annotationsOf(state, text)
    const marks = text.layer === 'own' ? null : state.reviewMarks
    // a column with few annotations has them all registered: cheap, and nothing to follow on scroll
    const windowed = annotations.length > WINDOWED_FROM
    let window = column.window
    if (!windowed) {
      if (!window || window.start !== 0 || window.end !== text.index.text.length) window = { start: 0, end: text.index.text.length }
    } else if (measure || column.annotations === null || column.annotations.length <= WINDOWED_FROM) {
      const measured = windowOf(text.index)
      if (!window || measured.start !== window.start || measured.end !== window.end) window = measured
    }
    if (window === column.window && annotations === column.annotations && marks === column.marks) return
    column.window = window
    column.annotations = annotations
    column.marks = marks
    if (!window) return

    const seen = new Set<string>()
    for (const annotation of annotations) {
      if (annotation.end < window.start || annotation.start > window.end) continue
      seen.add(annotation.id)
      const names = [`${LABEL_PREFIX}${annotation.label}`]
      if (marks?.differing.has(annotation.id)) names.push('px-differs')
      if (marks?.current.has(annotation.id)) names.push('px-current')
      const painted = column.painted.get(annotation.id)
      if (painted && painted.annotation === annotation && sameNames(painted.names, names)) continue
      if (painted && painted.annotation.start === annotation.start && painted.annotation.end === annotation.end && sameNames(painted.names, names)) {
        // same place, same highlights (an attribute or the note changed): nothing to repaint
        painted.annotation = annotation
        continue
      }
      if (painted) this.#remove(column, painted)
      const range = text.index.range(annotation.start, annotation.end)
      const entry = { annotation, names, range }
      column.painted.set(annotation.id, entry)
      for (const name of names) column.highlights.get(name)?.add(range)
    }
    for (const [id, painted] of column.painted) {
      if (seen.has(id)) continue
      this.#remove(column, painted)
      column.painted.delete(id)
    }
  }

  #remove(column: Column, painted: Painted): void {
    for (const name of painted.names) column.highlights.get(name)?.delete(painted.range)
  }

  #clear(column: Column): void {
    for (const painted of column.painted.values()) this.#remove(column, painted)
    column.painted.clear()
  }

  /** The selection, hover, link ends, link being drawn and search hit: a few ranges, redone when they change. */
  #paintSpecial(state: PaintedState, reopened: boolean): void {
    const wanted: [Special, string, number, number][] = []
    const add = (name: Special, id: string | null) => {
      const annotation = id ? state.layer.annotations[id] : undefined
      if (annotation && this.#texts.has(annotation.articleId)) wanted.push([name, annotation.articleId, annotation.start, annotation.end])
    }
    add('px-selected', state.selectedId)
    add('px-linking', state.linkingFrom)
    if (state.hoveredId) {
      add('px-hover', state.hoveredId)
      for (const link of linksOf(state.layer, state.hoveredId)) {
        add('px-link-peer', link.from.annotationId === state.hoveredId ? link.to.annotationId : link.from.annotationId)
      }
    }
    const hit = state.searchHit
    if (hit && this.#texts.has(hit.articleId)) wanted.push(['px-search', hit.articleId, hit.start, hit.end])

    const signature = JSON.stringify(wanted)
    // a column opened or closed: the ranges may be over text nodes that are gone, or a text newly there
    if (signature === this.#special && !reopened) return
    this.#special = signature
    for (const column of this.#columns.values()) {
      for (const name of SPECIAL) {
        const highlight = column.highlights.get(name)
        // an untouched document is not repainted
        if (name !== 'px-differs' && name !== 'px-current' && highlight && highlight.size > 0) highlight.clear()
      }
    }
    for (const [name, articleId, start, end] of wanted) {
      const column = this.#columns.get(articleId)
      column?.highlights.get(name)?.add(column.text.index.range(start, end))
    }
  }
}
