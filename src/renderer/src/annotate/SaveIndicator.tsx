import { useWorkbench } from '../state/store'
import { saveState } from './saveState'

/** Whether every edit is on disk: "Saved" only once the main side has written it durably. */
export function SaveIndicator() {
  const save = useWorkbench((s) => s.save)
  const { state, text } = saveState(save)
  return (
    <span className={`save-indicator save-${state}`} data-testid="save-indicator" data-state={state} title={save.error ?? (save.savedAt ? `Last saved ${new Date(save.savedAt).toLocaleTimeString()}` : undefined)}>
      <span className="dot" aria-hidden="true" />
      {text}
    </span>
  )
}
