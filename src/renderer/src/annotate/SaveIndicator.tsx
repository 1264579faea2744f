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
  const unsavedWork = save.unsaved > 0 || save.pending > 0

  useEffect(() => {
    if (!unsavedWork) return
    const warn = (event: BeforeUnloadEvent) => event.preventDefault()
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [unsavedWork])

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
