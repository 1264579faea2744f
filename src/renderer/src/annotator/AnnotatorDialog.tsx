import { useState, type FormEvent } from 'react'
import { colleagueLayer, NAME_LENGTH, personNameProblem } from '../../../shared/names'
import { LimitedInput } from '../LengthLimit'
import { useWorkbench } from '../state/store'
import { Dialog } from '../Dialog'

/** Asks who is annotating: on first launch, and whenever the name is changed. */
export function AnnotatorDialog({ current, onClose }: { current: string | null; onClose: (() => void) | undefined }) {
  const [name, setName] = useState(current ?? '')
  const [error, setError] = useState<string | null>(null)
  // a name that is already a colleague's layer is saved only once the user says it is theirs
  const [takeOver, setTakeOver] = useState<string | null>(null)
  const layers = useWorkbench((state) => state.annotators)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const problem = personNameProblem(name)
    if (problem) return setError(`This name won't do: ${problem}.`)
    const colleague = colleagueLayer(name, current, layers)
    if (colleague && takeOver !== colleague) {
      setError(null)
      return setTakeOver(colleague)
    }
    try {
      // confirmed: the colleague's name as their layer spells it
      await useWorkbench.getState().setAnnotator(takeOver ?? name)
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
        <div className="field">
          <label htmlFor="annotator-name">Annotator name</label>
          <LimitedInput
            id="annotator-name"
            autoFocus
            value={name}
            maxLength={NAME_LENGTH}
            onValue={(text) => {
              setName(text)
              setTakeOver(null)
              setError(null)
            }}
            placeholder="e.g. Ana Petrović"
          />
        </div>
        {takeOver && (
          <p className="field-warning" role="alert">
            “{takeOver}” already has a layer in this workspace. Under this name you will annotate in that layer, as {takeOver}. Save only if that is
            you.
          </p>
        )}
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
            {takeOver ? `Yes, I am ${takeOver}` : current ? 'Save' : 'Start annotating'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
