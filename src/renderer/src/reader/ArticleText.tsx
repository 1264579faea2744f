import { memo, useLayoutEffect, useRef } from 'react'
import { useWorkbench } from '../state/store'
import { firstScreenHas, takeFirstScreenText, type FirstScreenText } from '../firstScreen'
import { buildArticle } from './articleDom'
import { annotationsAt, clickText } from './interaction'
import { prepareFrame } from './textFrame'
import { columnKey, registerText, textScrolled, TextIndex, type ColumnLayer, type ReadingPosition } from './textIndex'

/**
 * The article's text, verbatim, one paragraph per line, in blocks of lines (blocksOf), in a
 * document of its own (an iframe: textFrame.ts says why). It is built once per text, outside React,
 * so that highlights are painted over its text nodes (CSS Custom Highlight API) and never rewrite
 * them. Clicks, hovers and keyboard selection are handled here, on the text. The frame is made
 * before the text arrives (`text` undefined), while the page waits for it: making a frame's
 * document takes a column ~10 ms of the page's thread. The frame is the page's, not React's: the
 * user's own column takes the first screen's frame of its text as it is (firstScreen.ts), moved
 * with its document.
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
  const slotRef = useRef<HTMLDivElement>(null)
  const frameRef = useRef<HTMLIFrameElement | null>(null)
  const title = useWorkbench((s) => s.articles.find((a) => a.id === articleId)?.title)
  const key = columnKey(articleId, layer)
  const editable = layer === 'own'
  const lang = language === 'und' ? undefined : language
  // each frame named for its article (and whose layer it shows), as a screen reader lists them
  const whose = layer === 'own' ? '' : ` (${typeof layer === 'string' ? layer : layer.annotator})`
  const frameTitle = `${title ?? articleId}: text${whose}`

  /** Makes the column's frame (its document is made with it). */
  const makeFrame = (slot: HTMLElement): HTMLIFrameElement => {
    const frame = document.createElement('iframe')
    frame.className = 'text-frame'
    frame.dataset.testid = 'text-frame'
    frame.title = frameTitle
    slot.append(frame)
    return frame
  }

  // the frame, made at once (its document is ready when the text comes), unless the first screen has this article's to take
  useLayoutEffect(() => {
    const slot = slotRef.current
    if (slot && !(layer === 'own' && firstScreenHas(articleId))) frameRef.current = makeFrame(slot)
    // (React's strict mode, in development, takes an effect back and runs it again: one frame stays)
    return () => {
      frameRef.current?.remove()
      frameRef.current = null
    }
    // once: the frame serves whichever text the column is given (the effect below builds it)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  useLayoutEffect(() => {
    if (frameRef.current) frameRef.current.title = frameTitle
  }, [frameTitle])

  useLayoutEffect(() => {
    const slot = slotRef.current
    if (!slot || text === undefined) return
    // the first screen's column of this text, moved here with its document: taken as it is
    let taken: FirstScreenText | null = !frameRef.current && layer === 'own' ? takeFirstScreenText(articleId, text, slot) : null
    if (taken) taken.frame.title = frameTitle
    frameRef.current ??= taken?.frame ?? makeFrame(slot)
    const frame = frameRef.current
    let built: { doc: Document; release: () => void } | null = null
    /** Where the reader was, to take them back there when the text is built again. */
    let readingAt: ReadingPosition | null = null

    const build = () => {
      built?.release()
      const doc = frame.contentDocument
      if (!doc) return
      // the first screen's, while it is still its document (not after a move made it anew)
      const reused = taken?.frame.contentDocument === doc ? taken : null
      if (taken && !reused) taken.release()
      taken = null
      let root: HTMLElement
      let index: TextIndex
      let unprepare: () => void
      if (reused) ({ root, index, release: unprepare } = reused)
      else {
        const prepared = prepareFrame(frame, lang)
        root = buildArticle(doc, { articleId, layer, editable, text })
        prepared.body.replaceChildren(root)
        index = new TextIndex(root, text)
        unprepare = prepared.release
      }
      registerText(key, { articleId, layer, index, frame })
      if (readingAt) index.scrollBackTo(readingAt)
      // read in the first screen: where, should the text be made again before the next scroll
      else if (reused) readingAt = index.readingPosition()
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
          unprepare()
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

  return <div ref={slotRef} className="text-frame-slot" />
})
