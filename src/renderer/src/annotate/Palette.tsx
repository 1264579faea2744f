import { useWorkbench } from '../state/store'
import { annotateSelection } from '../reader/interaction'

const keepSelection = (event: React.MouseEvent) => event.preventDefault()

/** The labels to tag a selection with (click, or the label's number key), and the editing tools. */
export function Palette() {
  const tagset = useWorkbench((s) => s.tagset)
  const snap = useWorkbench((s) => s.snapToWords)
  const selectedId = useWorkbench((s) => s.selectedId)
  const linkingFrom = useWorkbench((s) => s.linkingFrom)
  const canUndo = useWorkbench((s) => s.undoStack.length > 0)
  const canRedo = useWorkbench((s) => s.redoStack.length > 0)
  const undoName = useWorkbench((s) => s.undoStack.at(-1)?.name)
  const redoName = useWorkbench((s) => s.redoStack.at(-1)?.name)
  // another Parallax writes to this workspace: nothing can be tagged, linked or undone here
  const readOnly = useWorkbench((s) => s.workspace?.readOnly === true)
  if (!tagset) return null
  const state = useWorkbench.getState()
  return (
    <div className="palette" role="toolbar" aria-label="Labels">
      {tagset.labels.map((label) => (
        <button
          key={label.id}
          type="button"
          className={`label-button label-chip-${label.id}`}
          data-label={label.id}
          title={label.guideline || label.name}
          disabled={readOnly}
          onMouseDown={keepSelection}
          onClick={() => void annotateSelection(label.id)}
        >
          <span className={`swatch swatch-${label.id}`} aria-hidden="true" />
          {label.name}
          {label.hotkey && <kbd>{label.hotkey}</kbd>}
        </button>
      ))}
      <span className="palette-divider" />
      <button
        type="button"
        className="tool-button"
        disabled={!selectedId || readOnly}
        aria-pressed={Boolean(linkingFrom)}
        title="Link the selected annotation to another, in any column (L)"
        onMouseDown={keepSelection}
        onClick={() => (linkingFrom ? state.cancelLinking() : state.startLinking())}
      >
        Link <kbd>L</kbd>
      </button>
      <button type="button" className="tool-button" disabled={!canUndo || readOnly} title={undoName ? `Undo: ${undoName} (Ctrl+Z)` : 'Undo (Ctrl+Z)'} onClick={() => void state.undo()}>
        Undo
      </button>
      <button
        type="button"
        className="tool-button"
        disabled={!canRedo || readOnly}
        title={redoName ? `Redo: ${redoName} (Ctrl+Shift+Z)` : 'Redo (Ctrl+Shift+Z)'}
        onClick={() => void state.redo()}
      >
        Redo
      </button>
      <span className="spacer" />
      <label className="toggle" title="Widen selections to whole words">
        <input type="checkbox" checked={snap} onChange={(event) => state.setSnapToWords(event.target.checked)} />
        Snap to words
      </label>
    </div>
  )
}
