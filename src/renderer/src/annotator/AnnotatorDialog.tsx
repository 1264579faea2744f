import { useState, type FormEvent } from 'react'
import { useWorkbench } from '../state/store'
import { Dialog } from '../Dialog'

/** Asks who is annotating: on first launch, and whenever the name is changed. */
export function AnnotatorDialog({ current, onClose }: { current: string | null; onClose: (() => void) | undefined }) {
  const [name, setName] = useState(current ?? '')
  const [error, setError] = useState<string | null>(null)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    try {
      await useWorkbench.getState().setAnnotator(name)
      onClose?.()
    } catch (e) {
      setError((e as Error).message)
    }
  }

  return (
    <Dialog title={current ? 'Change annotator' : 'Who is annotating?'} onClose={onClose}>
      <form onSubmit={(event) => void submit(event)}>
        <p className="dialog-lede">
          Every annotation you make is signed with this name, so that colleagues' layers can be compared and adjudicated.
        </p>
        <label className="field">
          <span>Annotator name</span>
          <input autoFocus value={name} maxLength={80} onChange={(event) => setName(event.target.value)} placeholder="e.g. Ana Petrović" />
        </label>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          {onClose && (
            <button type="button" className="text-button" onClick={onClose}>
              Cancel
            </button>
          )}
          <button type="submit" className="primary-button" disabled={name.trim().length === 0}>
            {current ? 'Save' : 'Start annotating'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
