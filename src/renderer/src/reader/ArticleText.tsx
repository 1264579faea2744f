import { memo, useLayoutEffect, useRef } from 'react'
import { splitLines, type TextLine } from '../../../shared/text-layout'
import { useWorkbench } from '../state/store'
import { annotationsAt, clickText } from './interaction'
import { columnKey, registerText, TextIndex, type ColumnLayer } from './textIndex'

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
 * The article's text, verbatim, one paragraph per line, in blocks of lines (blocksOf). It is built once per text, outside React,
 * so that highlights are painted over its text nodes (CSS Custom Highlight API) and never rewrite
 * them. Clicks, hovers and keyboard selection are handled here, on the container.
 */
export const ArticleText = memo(function ArticleText({
  articleId,
  text,
  language,
  layer = 'own',
}: {
  articleId: string
  text: string
  language: string
  /** Whose annotations the column shows; only the user's own are edited by selecting and clicking. */
  layer?: ColumnLayer
}) {
  const container = useRef<HTMLElement>(null)
  const key = columnKey(articleId, layer)
  const editable = layer === 'own'

  useLayoutEffect(() => {
    const root = container.current
    if (!root) return
    const fragment = document.createDocumentFragment()
    for (const lines of blocksOf(splitLines(text))) {
      const block = document.createElement('div')
      block.className = 'text-block'
      block.dataset.start = String(lines[0]?.start ?? 0)
      for (const line of lines) {
        const paragraph = document.createElement('p')
        paragraph.dataset.start = String(line.start)
        if (line.end === line.start) paragraph.className = 'blank'
        else paragraph.textContent = text.slice(line.start, line.end)
        block.append(paragraph)
      }
      fragment.append(block)
    }
    root.replaceChildren(fragment)
    const index = new TextIndex(root, text)
    registerText(key, { articleId, layer, index })
    if (!editable) return () => registerText(key, null)

    let frame = 0
    const onMouseMove = (event: MouseEvent) => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() => {
        const offset = index.offsetAtPoint(event.clientX, event.clientY)
        const top = offset === null ? undefined : annotationsAt(articleId, offset)[0]
        root.classList.toggle('over-annotation', Boolean(top))
        useWorkbench.getState().hover(top?.id ?? null)
      })
    }
    const onMouseLeave = () => {
      cancelAnimationFrame(frame)
      useWorkbench.getState().hover(null)
    }
    const onMouseUp = (event: MouseEvent) => {
      if (event.button !== 0) return
      const selection = window.getSelection()
      if (!selection || !selection.isCollapsed || !selection.anchorNode) return
      const offset = index.offsetOf(selection.anchorNode, selection.anchorOffset)
      if (offset !== null) clickText(articleId, offset)
    }
    const onKeyDown = (event: KeyboardEvent) => {
      // keyboard selection: Shift+arrows extend by character, Ctrl/Alt+Shift+arrows by word
      if (!event.shiftKey || !['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(event.key)) return
      const selection = window.getSelection()
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
      cancelAnimationFrame(frame)
      root.removeEventListener('mousemove', onMouseMove)
      root.removeEventListener('mouseleave', onMouseLeave)
      root.removeEventListener('mouseup', onMouseUp)
      root.removeEventListener('keydown', onKeyDown)
      registerText(key, null)
    }
    // the layer is part of the key
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, text])

  return (
    <article
      ref={container}
      className="article-text"
      data-testid="article-text"
      data-article-id={articleId}
      data-layer={typeof layer === 'string' ? layer : layer.annotator}
      lang={language === 'und' ? undefined : language}
      tabIndex={editable ? 0 : undefined}
      aria-label={editable ? "Article text: select words, then press a label's number to tag them" : 'Article text'}
    />
  )
})
