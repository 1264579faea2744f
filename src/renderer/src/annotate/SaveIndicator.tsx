import { useEffect } from 'react'
import { useWorkbench } from '../state/store'
import { saveState } from './saveState'

/**
 * Whether every edit is on disk: "Saved" only once the main side has written it durably. Edits the
 * disk refused are kept on screen with Retry and Discard, and closing the window asks first.
 */
export function SaveIndicator() {
  const save = useWorkbench((s) => s.save)
  const retry = useWorkbench((s) => s.retrySaving)
  const discard = useWorkbench((s) => s.discardUnsaved)
  const { state, text } = saveState(save)

  // closing the window asks first while an edit is not on disk: from the edit itself, not from this
  // component's render of it, which comes a frame later for an edit made on the text (textFirst)
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => event.preventDefault()
    let guarding = false
    const follow = ({ unsaved, pending }: typeof save) => {
      const unsavedWork = unsaved > 0 || pending > 0
      if (unsavedWork === guarding) return
      guarding = unsavedWork
      if (unsavedWork) window.addEventListener('beforeunload', warn)
      else window.removeEventListener('beforeunload', warn)
    }
    follow(useWorkbench.getState().save)
    const unsubscribe = useWorkbench.subscribe((s) => follow(s.save))
    return () => {
      unsubscribe()
      window.removeEventListener('beforeunload', warn)
    }
  }, [])

  return (
    <span className={`save-indicator save-${state}`} data-testid="save-indicator" data-state={state} title={save.error ?? (save.savedAt ? `Last saved ${new Date(save.savedAt).toLocaleTimeString()}` : undefined)}>
      <span className="dot" aria-hidden="true" />
      {text}
      {save.unsaved > 0 && (
        <span className="save-actions">
          <button type="button" className="text-button small" onClick={() => void retry()} disabled={save.pending > 0}>
            Retry
          </button>
          <button
            type="button"
            className="text-button small"
            disabled={save.pending > 0}
            onClick={() => {
              if (window.confirm(`Discard ${save.unsaved === 1 ? 'the change' : `the ${save.unsaved} changes`} not saved yet? They are undone on screen.`)) void discard()
            }}
          >
            Discard
          </button>
        </span>
      )}
    </span>
  )
}
