/**
 * Each column's text lives in a document of its own: a same-origin iframe without a source (the
 * initial about:blank, written by the app; the CSP's `frame-src 'none'` loads nothing into it).
 *
 * Why: Chromium keeps one registry of custom highlights per document and, on any change to the
 * document's DOM, style or highlights, rebuilds the markers of every registered range and repaints
 * every highlighted text node in view (`HighlightRegistry::ValidateHighlightMarkers`). With five
 * long columns in one document, tagging one word repainted the highlighted text of all five; with a
 * document per column only the tagged column's text is repainted, and changes to the app around the
 * columns (the inspector, the save indicator) repaint none of it (docs/performance.md, render).
 *
 * What the frame's document needs from the app's, this module gives it: the text's style (text.css,
 * and the labels' highlight colours copied from the app's constructed sheet), the keys (forwarded
 * from the frame's element, so that they reach the app's window, where its shortcuts listen) and
 * one selection at a time across the app and its columns.
 */
import textStyle from './text.css?inline'

/** The class of the frames' root element, for the few rules that differ from the app's own document. */
const FRAME_DOCUMENT = 'text-frame-document'

const frames = new Set<Document>()

/** Each frame's text style sheet, made once for its document. */
const textSheets = new WeakMap<Document, CSSStyleSheet>()

/**
 * Gives a frame's document its style: the text's sheet (text.css: the article's text and nothing of
 * the app around it) and copies of the app's constructed sheets (the labels' highlight colours).
 */
function copyStyles(frame: Document): void {
  const view = frame.defaultView
  if (!view) return
  const sheet = (rules: string) => {
    const made = new view.CSSStyleSheet()
    made.replaceSync(rules)
    return made
  }
  let text = textSheets.get(frame)
  // its fonts' URLs are absolute (the build makes them so): the frame's document has the app's base URL
  if (!text) textSheets.set(frame, (text = sheet(textStyle)))
  frame.adoptedStyleSheets = [text, ...document.adoptedStyleSheets.map((adopted) => sheet(Array.from(adopted.cssRules, (rule) => rule.cssText).join('\n')))]
}

/** After the app's constructed style sheets changed (a new tagset's colours): every frame takes them again. */
export function restyleFrames(): void {
  for (const frame of frames) copyStyles(frame)
}

/**
 * A key pressed in a frame, handed to the app's document from the frame's element (it bubbles to the
 * window, where the shortcuts listen, and its target is an element, as a key's is); what they handle
 * is not the frame's to do too.
 */
function forwardKey(event: KeyboardEvent): void {
  const frame = (event.currentTarget as Document).defaultView?.frameElement
  if (event.defaultPrevented || !frame) return
  const forwarded = new KeyboardEvent(event.type, {
    key: event.key,
    code: event.code,
    location: event.location,
    repeat: event.repeat,
    ctrlKey: event.ctrlKey,
    shiftKey: event.shiftKey,
    altKey: event.altKey,
    metaKey: event.metaKey,
    bubbles: true,
    cancelable: true,
  })
  frame.dispatchEvent(forwarded)
  if (forwarded.defaultPrevented) event.preventDefault()
}

/** Ends the selections of every document (the app's and the frames') but `kept`. */
function clearOtherSelections(kept: Document): void {
  for (const other of [document, ...frames]) {
    if (other === kept) continue
    const selection = other.getSelection()
    if (selection && selection.rangeCount > 0 && !selection.isCollapsed) selection.removeAllRanges()
  }
}

/** One selection at a time: a selection made in one document (the app's or a frame's) clears the others'. */
function onSelectionChange(event: Event): void {
  const selected = event.currentTarget as Document
  if (selected.getSelection()?.isCollapsed === false) clearOtherSelections(selected)
}

type Box = Pick<HTMLElement, 'clientWidth' | 'clientHeight' | 'scrollWidth' | 'scrollHeight'>

/**
 * Whether a press is on an element's scroll bar, not its content: past its client box, in an
 * element whose content overflows. (Inline elements and SVG shapes have a client box of 0 × 0: a
 * press on them is on content.)
 */
export function onScrollBar(event: Pick<MouseEvent, 'offsetX' | 'offsetY'> & { target: EventTarget | Partial<Box> | null }): boolean {
  const box = event.target as Partial<Box> | null
  if (typeof box?.clientWidth !== 'number' || typeof box.clientHeight !== 'number') return false
  const scrolls = (box.scrollWidth ?? 0) > box.clientWidth || (box.scrollHeight ?? 0) > box.clientHeight
  return scrolls && (event.offsetX >= box.clientWidth || event.offsetY >= box.clientHeight)
}

/**
 * A press anywhere else (a button, the sidebar, the inspector, another column) ends a column's
 * selection, as it would in one document; but not a press that keeps it on purpose (the palette's
 * buttons prevent the press's default, so that the selection they tag stays), nor one of another
 * button or on a scroll bar.
 */
function onMouseDown(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || onScrollBar(event)) return
  clearOtherSelections(event.currentTarget as Document)
}
let watchingApp = false

/**
 * Makes a frame's (fresh) document ready for a column's text: the app's styles, keys and selection
 * rules; returns its body and what undoes it. A frame moved in the DOM gets a fresh document (its
 * `load` event says so): the caller builds the text again.
 */
export function prepareFrame(frame: HTMLIFrameElement, language: string | undefined): { body: HTMLElement; release: () => void } {
  const doc = frame.contentDocument
  if (!doc) throw new Error('A column frame has no document: it is not in the page.')
  if (!watchingApp) {
    document.addEventListener('selectionchange', onSelectionChange)
    document.addEventListener('mousedown', onMouseDown)
    watchingApp = true
  }
  doc.documentElement.className = FRAME_DOCUMENT
  if (language) doc.documentElement.lang = language
  copyStyles(doc)
  doc.addEventListener('keydown', forwardKey)
  doc.addEventListener('selectionchange', onSelectionChange)
  doc.addEventListener('mousedown', onMouseDown)
  frames.add(doc)
  return {
    body: doc.body,
    release: () => {
      frames.delete(doc)
      doc.removeEventListener('keydown', forwardKey)
      doc.removeEventListener('selectionchange', onSelectionChange)
      doc.removeEventListener('mousedown', onMouseDown)
    },
  }
}
