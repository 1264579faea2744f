import type { Edit } from '../../../shared/annotations'
import { adjudicate, type Choice, type Disagreement } from '../../../shared/review/disagreements'
import { applyToLayer } from '../../../shared/layer-state'
import { newId } from '../state/layerSlice'
import { useWorkbench } from '../state/store'

/** Settles disagreements into the gold layer in one action (one undo step). */
export async function settle(items: readonly Disagreement[], choice: Choice, rationale: string): Promise<boolean> {
  const state = useWorkbench.getState()
  if (!state.annotator || items.length === 0) return false
  const at = new Date().toISOString()
  const layers = [
    { annotator: state.annotator, annotations: Object.values(state.layer.annotations), links: Object.values(state.layer.links), articleNotes: [] },
    ...state.others,
  ]
  let gold = state.gold
  const edits: Edit[] = []
  for (const item of items) {
    const more = adjudicate(item, choice, { adjudicator: state.annotator, at, rationale, layers, gold, newId })
    edits.push(...more)
    gold = applyToLayer(gold, more)
  }
  const what = choice.kind === 'take' || choice.kind === 'edit' ? `${choice.kind === 'take' ? 'Take' : 'Edit'} ${choice.annotator}'s version` : choice.kind === 'merge' ? 'Merge the versions' : choice.kind === 'reject' ? 'Reject' : `Accept ${items.length} agreed`
  return state.perform(what, edits, null, 'gold')
}
