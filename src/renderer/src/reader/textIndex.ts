/**
 * Maps article offsets (UTF-16) to DOM positions and back, over the paragraphs ArticleText built:
 * one text node per non-blank line, each paragraph carrying its start offset, in blocks of lines
 * (the root's children, each carrying its first line's start). Binary search, so a range costs
 * O(log lines).
 */
import { firstWhere } from '../../../shared/lists'

export class TextIndex {
  readonly paragraphs: HTMLElement[]
  readonly starts: number[]
  readonly blocks: HTMLElement[]
  readonly blockStarts: number[]
  /** The `keepScrolling` under way: one whose number is no longer this one stops. */
  #scrolling = 0

  constructor(
    readonly root: HTMLElement,
    readonly text: string,
  ) {
    this.paragraphs = Array.from(root.querySelectorAll('p'))
    this.starts = this.paragraphs.map((p) => Number(p.dataset.start))
    this.blocks = Array.from(root.children) as HTMLElement[]
    this.blockStarts = this.blocks.map((b) => Number(b.dataset.start))
  }

  /** Index of the paragraph an offset falls in (or the one before it, on a line break). */
  paragraphAt(offset: number): number {
    return Math.max(0, firstWhere(this.starts.length, (i) => (this.starts[i] as number) > offset) - 1)
  }

  #position(offset: number, preferNext: boolean): [Node, number] {
    let index = this.paragraphAt(offset)
    let paragraph = this.paragraphs[index] as HTMLElement
    let length = paragraph.firstChild?.textContent?.length ?? 0
    let start = this.starts[index] as number
    // an offset on a line break belongs to the start of the next line when a span starts there
    if (preferNext && offset >= start + length && index + 1 < this.paragraphs.length) {
      index += 1
      paragraph = this.paragraphs[index] as HTMLElement
      start = this.starts[index] as number
      length = paragraph.firstChild?.textContent?.length ?? 0
    }
    const node = paragraph.firstChild
    if (!node) return [paragraph, 0]
    return [node, Math.max(0, Math.min(offset - start, length))]
  }

  /** The window of the column's own document (textFrame.ts), whose viewport the text scrolls in. */
  get view(): Window & typeof globalThis {
    const view = this.root.ownerDocument.defaultView
    if (!view) throw new Error('A column text is not in a page.')
    return view as Window & typeof globalThis
  }

  /** A DOM range over the text from `start` to `end`. */
  range(start: number, end: number): Range {
    const range = this.root.ownerDocument.createRange()
    const [startNode, startOffset] = this.#position(start, true)
    const [endNode, endOffset] = this.#position(end, false)
    range.setStart(startNode, startOffset)
    range.setEnd(endNode, endOffset)
    return range
  }

  /** Where the reader is: the block of lines at the top of the view, by its start, and how far into it the view's top is. */
  readingPosition(): ReadingPosition {
    const first = Math.min(firstWhere(this.blocks.length, (i) => (this.blocks[i] as HTMLElement).getBoundingClientRect().bottom > 0), this.blocks.length - 1)
    const block = this.blocks[first]
    return block ? { offset: this.blockStarts[first] as number, into: -block.getBoundingClientRect().top } : { offset: 0, into: 0 }
  }

  /** Scrolls the text's own view (nothing around it) back to a reading position. */
  scrollBackTo(position: ReadingPosition): void {
    const block = this.blocks[Math.max(0, firstWhere(this.blockStarts.length, (i) => (this.blockStarts[i] as number) > position.offset) - 1)]
    if (block) this.keepScrolling(() => this.view.scrollBy(0, block.getBoundingClientRect().top + position.into))
  }

  /**
   * Scrolls with `scroll` now and in the next two frames: blocks above what it scrolls to are laid
   * out lazily (content-visibility), and once they are, the place has moved. A later call stops an
   * earlier one still under way: the scroll asked for last wins.
   */
  keepScrolling(scroll: () => void): void {
    const run = ++this.#scrolling
    let frames = 3
    const step = () => {
      if (run !== this.#scrolling) return
      scroll()
      if (--frames > 0) this.view.requestAnimationFrame(step)
    }
    step()
  }

  /** The selection in the column's document, or null when there is none. */
  selection(): Selection | null {
    const selection = this.root.ownerDocument.getSelection()
    return selection && selection.rangeCount > 0 && !selection.isCollapsed ? selection : null
  }

  /** The article offset of a DOM position inside this article, or null if it is outside. */
  offsetOf(node: Node, offset: number): number | null {
    if (!this.root.contains(node)) return null
    if (node.nodeType === Node.TEXT_NODE) {
      const paragraph = node.parentElement as HTMLElement
      return Number(paragraph.dataset.start) + offset
    }
    // the text's document is another window's (textFrame.ts): its elements are not this window's HTMLElements
    const element = node as HTMLElement
    const paragraph = element.closest('p')
    if (paragraph) {
      const start = Number(paragraph.dataset.start)
      return offset === 0 ? start : start + (paragraph.textContent?.length ?? 0)
    }
    // the root or a block: the position before its child at `offset`, or after its last line
    const child = element.children[offset] as HTMLElement | undefined
    if (child) return Number(child.dataset.start)
    const last = element === this.root ? null : (element.lastElementChild as HTMLElement | null)
    return last ? Number(last.dataset.start) + (last.textContent?.length ?? 0) : this.text.length
  }

  /** The article offset under a point on screen, or null. */
  offsetAtPoint(x: number, y: number): number | null {
    const position = this.root.ownerDocument.caretPositionFromPoint?.(x, y)
    if (position) return this.offsetOf(position.offsetNode, position.offset)
    return null
  }
}

/** Where a reader is in a column's text (`TextIndex.readingPosition`): a block of lines by its start offset, and pixels into it. */
export interface ReadingPosition {
  offset: number
  into: number
}

/** Whose annotations a column shows: the user's own (editable), the gold layer, or a colleague's. */
export type ColumnLayer = 'own' | 'gold' | { annotator: string }

export interface OpenText {
  articleId: string
  layer: ColumnLayer
  index: TextIndex
  /** The iframe whose document holds the text (textFrame.ts). */
  frame: HTMLIFrameElement
}

/** A column's key: the article id for the user's own layer, "<layer>@<article>" for the review's columns. */
export const columnKey = (articleId: string, layer: ColumnLayer): string =>
  layer === 'own' ? articleId : `${layer === 'gold' ? 'gold' : `annotator:${layer.annotator}`}@${articleId}`

/** The text of every open column, by column key; the highlight painter reads it. */
export const openTexts = new Map<string, OpenText>()
const listeners = new Set<() => void>()
export const onOpenTextsChange = (listener: () => void): (() => void) => {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
export const registerText = (key: string, text: OpenText | null): void => {
  if (text) openTexts.set(key, text)
  else openTexts.delete(key)
  for (const listener of listeners) listener()
}

/** A column's text scrolled (in its own document, whose scroll events stay there): the painter follows. */
const scrollListeners = new Set<(frame: HTMLIFrameElement) => void>()
export const onTextScroll = (listener: (frame: HTMLIFrameElement) => void): (() => void) => {
  scrollListeners.add(listener)
  return () => scrollListeners.delete(listener)
}
export const textScrolled = (frame: HTMLIFrameElement): void => {
  for (const listener of scrollListeners) listener(frame)
}
