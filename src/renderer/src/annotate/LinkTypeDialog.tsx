import { Dialog } from '../Dialog'
import { useWorkbench } from '../state/store'

/** Both ends are chosen: which kind of link joins them. */
export function LinkTypeDialog() {
  const pending = useWorkbench((s) => s.pendingLink)
  const annotations = useWorkbench((s) => s.layer.annotations)
  if (!pending) return null
  const state = useWorkbench.getState()
  const from = annotations[pending.from]
  const to = annotations[pending.to]
  const options = state.linkTypesBetween(pending.from, pending.to)
  if (!from || !to) return null
  return (
    <Dialog title="Choose the link" onClose={() => state.cancelLinking()}>
      <p className="dialog-lede">
        “{from.quote.exact.slice(0, 60)}” and “{to.quote.exact.slice(0, 60)}”
      </p>
      <div className="choice-list">
        {options.map(({ type, reversed }, i) => (
          <button
            key={type.id}
            type="button"
            className="choice"
            autoFocus={i === 0}
            onClick={() => void state.createLink(pending.from, pending.to, type.id, reversed)}
          >
            <strong>{type.name}</strong>
            <span>{type.guideline}</span>
          </button>
        ))}
      </div>
      <div className="dialog-actions">
        <button type="button" className="text-button" onClick={() => state.cancelLinking()}>
          Cancel
        </button>
      </div>
    </Dialog>
  )
}
