import { memo, useLayoutEffect, useRef } from 'react'
import { splitLines, type TextLine } from '../../../shared/text-layout'
import { useWorkbench } from '../state/store'
import { annotationsAt, clickText } from './interaction'
import { prepareFrame } from './textFrame'
import { columnKey, registerText, textScrolled, TextIndex, type ColumnLayer, type ReadingPosition } from './textIndex'

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

/** The article's text as blocks of paragraphs (blocksOf), made in `doc`. */
function buildText(doc: Document, text: string): DocumentFragment {
  const fragment = doc.createDocumentFragment()
  for (const lines of blocksOf(splitLines(text))) {
    const block = doc.createElement('div')
    block.className = 'text-block'
    block.dataset.start = String(lines[0]?.start ?? 0)
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
 * The article's text, verbatim, one paragraph per line, in blocks of lines (blocksOf), in a
 * document of its own (an iframe: textFrame.ts says why). It is built once per text, outside React,
 * so that highlights are painted over its text nodes (CSS Custom Highlight API) and never rewrite
 * them. Clicks, hovers and keyboard selection are handled here, on the text. The frame is made
 * before the text arrives (`text` undefined), while the page waits for it: making a frame's
 * document takes a column ~10 ms of the page's thread.
 */
export const ArticleText = memo(function ArticleText({
  articleId,
  text,
  language,
  layer = 'own',
}: {
  articleId: string
  /** Undefined while it is on its way: the frame is there, empty. */
  text: string | undefined
  language: string
  /** Whose annotations the column shows; only the user's own are edited by selecting and clicking. */
  layer?: ColumnLayer
}) {
  const frameRef = useRef<HTMLIFrameElement>(null)
  const title = useWorkbench((s) => s.articles.find((a) => a.id === articleId)?.title)
  const key = columnKey(articleId, layer)
  const editable = layer === 'own'
  const lang = language === 'und' ? undefined : language

  useLayoutEffect(() => {
    const frame = frameRef.current
    if (!frame || text === undefined) return
    let built: { doc: Document; release: () => void } | null = null
    /** Where the reader was, to take them back there when the text is built again. */
    let readingAt: ReadingPosition | null = null

    const build = () => {
      built?.release()
      const doc = frame.contentDocument
      if (!doc) return
      const prepared = prepareFrame(frame, lang)
      const root = doc.createElement('article')
      root.className = 'article-text'
      root.dataset.testid = 'article-text'
      root.dataset.articleId = articleId
      root.dataset.layer = typeof layer === 'string' ? layer : layer.annotator
      if (editable) {
        root.tabIndex = 0
        root.setAttribute('aria-label', "Article text: select words, then press a label's number to tag them")
      } else root.setAttribute('aria-label', 'Article text')
      root.append(buildText(doc, text))
      prepared.body.replaceChildren(root)
      const index = new TextIndex(root, text)
      registerText(key, { articleId, layer, index, frame })
      if (readingAt) index.scrollBackTo(readingAt)
      const view = index.view
      const onScroll = () => {
        textScrolled(frame)
        readingAt = index.readingPosition()
      }
      view.addEventListener('scroll', onScroll, { passive: true })
      const stopEditing = editable ? listenForEdits(root, index) : () => {}
      built = {
        doc,
        release: () => {
          view.removeEventListener('scroll', onScroll)
          stopEditing()
          prepared.release()
        },
      }
    }

    const listenForEdits = (root: HTMLElement, index: TextIndex) => {
      const view = index.view
      let pending = 0
      const onMouseMove = (event: MouseEvent) => {
        view.cancelAnimationFrame(pending)
        pending = view.requestAnimationFrame(() => {
          const offset = index.offsetAtPoint(event.clientX, event.clientY)
          const top = offset === null ? undefined : annotationsAt(articleId, offset)[0]
          root.classList.toggle('over-annotation', Boolean(top))
          useWorkbench.getState().hover(top?.id ?? null)
        })
      }
      const onMouseLeave = () => {
        view.cancelAnimationFrame(pending)
        useWorkbench.getState().hover(null)
      }
      const onMouseUp = (event: MouseEvent) => {
        if (event.button !== 0) return
        const selection = view.getSelection()
        if (!selection || !selection.isCollapsed || !selection.anchorNode) return
        const offset = index.offsetOf(selection.anchorNode, selection.anchorOffset)
        if (offset !== null) clickText(articleId, offset)
      }
      const onKeyDown = (event: KeyboardEvent) => {
        // keyboard selection: Shift+arrows extend by character, Ctrl/Alt+Shift+arrows by word
        if (!event.shiftKey || !['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(event.key)) return
        const selection = view.getSelection()
        if (!selection) return
        if (!selection.anchorNode || !root.contains(selection.anchorNode)) {
          const first = root.querySelector('p:not(.blank)')?.firstChild
          if (!first) return
          selection.collapse(first, 0)
        }
        event.preventDefault()
        const forward = event.key === 'ArrowRight' || event.key === 'ArrowDown'
        const unit = event.key === 'ArrowUp' || event.key === 'ArrowDown' ? 'line' : event.ctrlKey || event.altKey ? 'word' : 'character'
        selection.modify('extend', forward ? 'forward' : 'backward', unit)
      }
      root.addEventListener('mousemove', onMouseMove)
      root.addEventListener('mouseleave', onMouseLeave)
      root.addEventListener('mouseup', onMouseUp)
      root.addEventListener('keydown', onKeyDown)
      return () => {
        view.cancelAnimationFrame(pending)
        root.removeEventListener('mousemove', onMouseMove)
        root.removeEventListener('mouseleave', onMouseLeave)
        root.removeEventListener('mouseup', onMouseUp)
        root.removeEventListener('keydown', onKeyDown)
      }
    }

    build()
    // moved in the DOM (the columns reordered: React moves whichever columns fall out of order), the
    // frame gets a fresh, empty document: the text is built again, scrolled to where it was
    const onLoad = () => {
      if (frame.contentDocument !== built?.doc) build()
    }
    frame.addEventListener('load', onLoad)
    return () => {
      frame.removeEventListener('load', onLoad)
      built?.release()
      registerText(key, null)
    }
    // the layer is part of the key
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, text, lang])

  // each frame named for its article (and whose layer it shows), as a screen reader lists them
  const whose = layer === 'own' ? '' : ` (${typeof layer === 'string' ? layer : layer.annotator})`
  return <iframe ref={frameRef} className="text-frame" data-testid="text-frame" title={`${title ?? articleId}: text${whose}`} />
})
