/** What a researcher does on the text: select a span and tag it, click a highlight, draw a link. */
import { snapToWords, spansAt, trimSpan, type Span } from '../../../shared/anchoring'
import { annotationsOfArticle } from '../../../shared/layer-state'
import { useWorkbench } from '../state/store'
import { textFirst } from '../state/textFirst'
import { openTexts, type OpenText } from './textIndex'

/** The open column whose text is selected: one at most, as a selection in one document clears the others' (textFrame.ts). */
function selectedColumn(): { text: OpenText; selection: Selection } | null {
  for (const text of openTexts.values()) {
    const selection = text.index.selection()
    if (selection) return { text, selection }
  }
  return null
}

/** The current text selection as a span of one article, or why it cannot be annotated. */
export function readSelection(): { articleId: string; span: Span } | { problem: string } {
  const selected = selectedColumn()
  if (!selected) {
    const inApp = window.getSelection()
    return { problem: inApp && !inApp.isCollapsed ? 'Select text inside an article.' : 'Select some text in an article first.' }
  }
  const { text, selection } = selected
  if (text.layer !== 'own') return { problem: 'Select text inside an article.' }
  const { articleId, index } = text
  const a = index.offsetOf(selection.anchorNode as Node, selection.anchorOffset)
  const b = index.offsetOf(selection.focusNode as Node, selection.focusOffset)
  if (a === null || b === null) return { problem: 'Select text inside an article.' }
  const raw = { start: Math.min(a, b), end: Math.max(a, b) }
  const span = useWorkbench.getState().snapToWords ? snapToWords(index.text, raw) : trimSpan(index.text, raw)
  if (!span) return { problem: 'The selection is empty or only white space: nothing was annotated.' }
  return { articleId, span }
}

/** Tags the selected text with a label (palette click or hotkey). */
export async function annotateSelection(labelId: string): Promise<void> {
  const state = useWorkbench.getState()
  const selected = readSelection()
  if ('problem' in selected) {
    state.notify('info', selected.problem)
    return
  }
  selectedColumn()?.selection.removeAllRanges()
  await textFirst(() => state.createAnnotation(selected.articleId, selected.span, labelId))
}

/** The user's own annotations at an offset of an article, innermost first. */
export function annotationsAt(articleId: string, offset: number) {
  return spansAt(annotationsOfArticle(useWorkbench.getState().layer.annotations, articleId), offset)
}

/**
 * A click on the text: picks the link's other end while linking; otherwise selects the innermost
 * annotation there, and the next one out on each further click at the same place.
 */
export function clickText(articleId: string, offset: number): void {
  const state = useWorkbench.getState()
  const here = annotationsAt(articleId, offset)
  if (state.linkingFrom) {
    const target = here.find((a) => a.id !== state.linkingFrom)
    if (!target) {
      state.notify('info', 'Click another annotation to link to, in any column (Esc cancels).')
      return
    }
    if (state.linkTypesBetween(state.linkingFrom, target.id).length === 0) {
      state.notify('info', 'No link type of the tagset joins these two labels.')
      return
    }
    useWorkbench.setState({ pendingLink: { from: state.linkingFrom, to: target.id } })
    return
  }
  const at = here.findIndex((a) => a.id === state.selectedId)
  const picked = here.length === 0 ? null : (here[(at + 1) % here.length] ?? here[0])!.id
  // the selection painted on the text first, the inspector opening (every column narrower) a frame later
  textFirst(() => state.select(picked))
}

/** Scrolls a column (by its key: the article id for the user's own columns) so that an offset is in view. */
export function scrollToOffset(key: string, offset: number): void {
  const index = openTexts.get(key)?.index
  const paragraph = index?.paragraphs[index.paragraphAt(offset)]
  if (index && paragraph) index.keepScrolling(() => paragraph.scrollIntoView({ block: 'center' }))
}
