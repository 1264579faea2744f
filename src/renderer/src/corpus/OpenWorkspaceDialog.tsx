import { useState, type FormEvent } from 'react'
import { call } from '../api/client'
import { Dialog } from '../Dialog'
import { useWorkbench } from '../state/store'

/** Opens another workspace by its folder's path (the desktop app also has File → Open Workspace…). */
export function OpenWorkspaceDialog({ onClose }: { onClose: () => void }) {
  const [path, setPath] = useState('')
  const [error, setError] = useState<string | null>(null)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    try {
      await call('workspace:open', { path: path.trim() })
      onClose()
      await useWorkbench.getState().load()
    } catch (e) {
      setError((e as Error).message)
    }
  }
  return (
    <Dialog title="Open workspace" onClose={onClose}>
      <form onSubmit={(event) => void submit(event)}>
        <p className="dialog-lede">A workspace made with parallax init, or any folder of .txt or .md articles.</p>
        <label className="field">
          <span>Folder</span>
          <input autoFocus value={path} onChange={(event) => setPath(event.target.value)} placeholder="/home/me/studies/rutte" />
        </label>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="text-button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary-button" disabled={path.trim().length === 0}>
            Open
          </button>
        </div>
      </form>
    </Dialog>
  )
}
