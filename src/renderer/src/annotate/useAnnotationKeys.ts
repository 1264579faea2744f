import { useEffect } from 'react'
import { useWorkbench } from '../state/store'
import { annotateSelection, scrollToOffset } from '../reader/interaction'

/** A field where typing edits text: there, Ctrl+Z is the field's own undo. */
const isTextField = (element: Element | null): boolean =>
  (element instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(element.type)) ||
  element instanceof HTMLTextAreaElement ||
  (element as HTMLElement | null)?.isContentEditable === true

/** A control that takes keys of its own: label hotkeys stay out of it. */
const isEditable = (element: Element | null): boolean => isTextField(element) || element instanceof HTMLSelectElement

let lastKeyboardHistory = 0

/** Undo or redo from the menu: native in a text field, Parallax's own elsewhere; once per keystroke. */
export function historyCommand(command: 'undo' | 'redo'): void {
  if (Date.now() - lastKeyboardHistory < 300) return
  if (isTextField(document.activeElement)) {
    document.execCommand(command)
    return
  }
  void useWorkbench.getState()[command]()
}

/** The keyboard (undo and redo everywhere, the rest in Annotate): 1–9 tag the selection, L links, Delete deletes, Esc cancels, Ctrl+Z / Ctrl+Shift+Z undo and redo. */
export function useAnnotationKeys(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const state = useWorkbench.getState()
      if (event.defaultPrevented || document.querySelector('[role="dialog"]')) return
      const mod = event.ctrlKey || event.metaKey
      if (mod && !event.altKey && (event.key === 'z' || event.key === 'Z' || event.key === 'y') && !isTextField(document.activeElement)) {
        event.preventDefault()
        lastKeyboardHistory = Date.now()
        void (event.key === 'y' || event.shiftKey ? state.redo() : state.undo())
        return
      }
      // the tagging keys are Annotate's: the review gives 1–9 and the letters its own meanings
      if (mod || event.altKey || isEditable(document.activeElement) || state.mode !== 'annotate') return
      const label = state.tagset?.labels.find((l) => l.hotkey === event.key)
      if (label) {
        event.preventDefault()
        void annotateSelection(label.id)
      } else if (event.key === 'l' || event.key === 'L') {
        event.preventDefault()
        if (state.linkingFrom) state.cancelLinking()
        else state.startLinking()
      } else if ((event.key === 'Delete' || event.key === 'Backspace') && state.selectedId) {
        event.preventDefault()
        void state.deleteAnnotation(state.selectedId)
      } else if (event.key === 'Escape') {
        if (state.linkingFrom) state.cancelLinking()
        else state.select(null)
      } else if (event.key === 'Enter' && state.selectedId) {
        const selected = state.layer.annotations[state.selectedId]
        if (selected) scrollToOffset(selected.articleId, selected.start)
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [])
}
