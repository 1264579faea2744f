/**
 * An article's text as the columns show it: an element of paragraphs in blocks, made in a column's
 * document (textFrame.ts), outside React. The reader's columns and the first screen (firstScreen.ts)
 * both make it here.
 */
import { splitLines, type TextLine } from '../../../shared/text-layout'
import type { ColumnLayer } from './textIndex'

/**
 * The most lines, and about the most characters, in a block of paragraphs. Blocks, not paragraphs,
 * carry `content-visibility: auto`: Chromium checks every such element for entering the viewport in
 * each frame, and 6,000 paragraphs over five long columns cost ~10 ms a frame to check; a few
 * hundred blocks, next to nothing. Small enough that a block is about a screenful, since the
 * highlight painter's window is measured in blocks.
 */
const BLOCK_LINES = 16
const BLOCK_CHARACTERS = 2_000

/** The lines split into blocks: a new block after BLOCK_LINES lines or once BLOCK_CHARACTERS are reached. */
function blocksOf(lines: readonly TextLine[]): TextLine[][] {
  const blocks: TextLine[][] = []
  let block: TextLine[] = []
  let characters = 0
  for (const line of lines) {
    block.push(line)
    characters += line.end - line.start
    if (block.length >= BLOCK_LINES || characters >= BLOCK_CHARACTERS) {
      blocks.push(block)
      block = []
      characters = 0
    }
  }
  if (block.length > 0) blocks.push(block)
  return blocks
}

/**
 * The article's text as blocks of paragraphs (blocksOf), made in `doc`: those that begin at `from`
 * or after it, and before `until`.
 */
function buildText(doc: Document, text: string, from = 0, until = Infinity): DocumentFragment {
  const fragment = doc.createDocumentFragment()
  for (const lines of blocksOf(splitLines(text))) {
    const start = lines[0]?.start ?? 0
    if (start < from) continue
    if (start >= until) break
    const block = doc.createElement('div')
    block.className = 'text-block'
    block.dataset.start = String(start)
    for (const line of lines) {
      const paragraph = doc.createElement('p')
      paragraph.dataset.start = String(line.start)
      if (line.end === line.start) paragraph.className = 'blank'
      else paragraph.textContent = text.slice(line.start, line.end)
      block.append(paragraph)
    }
    fragment.append(block)
  }
  return fragment
}

/**
 * The article element of a column: its text (buildText) and what tells it apart (article, layer,
 * whether it is edited); only its blocks that begin before `until` (the first screen's: the rest
 * comes with `buildRest`).
 */
export function buildArticle(doc: Document, { articleId, layer, editable, text }: { articleId: string; layer: ColumnLayer; editable: boolean; text: string }, until = Infinity): HTMLElement {
  const root = doc.createElement('article')
  root.className = 'article-text'
  root.dataset.testid = 'article-text'
  root.dataset.articleId = articleId
  root.dataset.layer = typeof layer === 'string' ? layer : layer.annotator
  if (editable) {
    root.tabIndex = 0
    root.setAttribute('aria-label', "Article text: select words, then press a label's number to tag them")
  } else root.setAttribute('aria-label', 'Article text')
  root.append(buildText(doc, text, 0, until))
  return root
}

/** Adds to an article element built `until` an offset (buildArticle) the rest of its text's blocks. */
export function buildRest(root: HTMLElement, text: string, until: number): void {
  root.append(buildText(root.ownerDocument, text, until))
}
