import { useWorkbench } from '../state/store'

/** While a link is being drawn: where it starts, and how to finish or cancel it. */
export function LinkingBanner() {
  const from = useWorkbench((s) => (s.linkingFrom ? s.layer.annotations[s.linkingFrom] : undefined))
  const label = useWorkbench((s) => s.tagset?.labels.find((l) => l.id === from?.label))
  if (!from) return null
  return (
    <div className="linking-banner" role="status">
      Linking from {label?.name ?? from.label} “{from.quote.exact.slice(0, 60)}”: click the other annotation, in any column.
      <button type="button" className="text-button" onClick={() => useWorkbench.getState().cancelLinking()}>
        Cancel (Esc)
      </button>
    </div>
  )
}
