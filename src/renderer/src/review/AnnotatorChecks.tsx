import { useWorkbench } from '../state/store'

/** Which annotators' layers the review and the dashboard compare; the last one ticked stays ticked (none would mean everyone again). */
export function AnnotatorChecks({ everyone, chosen }: { everyone: readonly string[]; chosen: readonly string[] }) {
  const setReview = useWorkbench((s) => s.setReview)
  return (
    <fieldset className="inline-checks" aria-label="Annotators compared">
      {everyone.map((name) => (
        <label key={name} className="check">
          <input type="checkbox" checked={chosen.includes(name)} disabled={chosen.length === 1 && chosen[0] === name} onChange={(e) => setReview({ reviewAnnotators: e.target.checked ? [...chosen, name] : chosen.filter((x) => x !== name) })} />
          {name}
        </label>
      ))}
    </fieldset>
  )
}
