import { useWorkbench } from '../state/store'

/** Whether every edit is on disk: "Saved" only once the main side has written it durably. */
export function SaveIndicator() {
  const save = useWorkbench((s) => s.save)
  const state = save.pending > 0 ? 'saving' : save.error ? 'error' : 'saved'
  const text = state === 'saving' ? 'Saving…' : state === 'error' ? 'Not saved' : 'All changes saved'
  return (
    <span className={`save-indicator save-${state}`} data-testid="save-indicator" data-state={state} title={save.error ?? (save.savedAt ? `Last saved ${new Date(save.savedAt).toLocaleTimeString()}` : undefined)}>
      <span className="dot" aria-hidden="true" />
      {text}
    </span>
  )
}
