import { useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Layer } from '../../../shared/annotations'
import { findDisagreements, type Disagreement } from '../../../shared/review/disagreements'
import { useWorkbench } from '../state/store'
import { byReading, namesForReading } from '../state/names'
import { layerHasWork } from '../state/summary'

/**
 * The annotators with a layer to compare: colleagues, and the user once their layer holds an
 * annotation (on any article, loaded or not; until the summary says, once they have a layer).
 */
export function useLayerNames(): string[] {
  const names = useWorkbench(
    useShallow((s) => {
      const mine = s.annotator !== null && (layerHasWork(s, s.annotator, false) || (s.summary === null && s.annotators.includes(s.annotator)))
      const own = mine && s.annotator ? [s.annotator] : []
      return namesForReading([...own, ...s.annotators.filter((name) => name !== s.annotator)])
    }),
  )
  return names
}

/** The layers under review, the user's own included when chosen. */
export function useReviewLayers(): Layer[] {
  const { others, layer, annotator, chosen } = useWorkbench(useShallow((s) => ({ others: s.others, layer: s.layer, annotator: s.annotator, chosen: s.reviewAnnotators })))
  return useMemo(() => {
    const own: Layer | null = annotator
      ? { annotator, annotations: Object.values(layer.annotations), links: Object.values(layer.links), articleNotes: Object.values(layer.articleNotes) }
      : null
    return layersForReview(own, others, chosen)
  }, [others, layer, annotator, chosen])
}

/** The chosen layers in the order the review numbers them (Take 1, 2 …): the user's own first, then colleagues' in the reader's order of names. */
export function layersForReview(own: Layer | null, others: readonly Layer[], chosen: readonly string[]): Layer[] {
  return [...(own ? [own] : []), ...[...others].sort((a, b) => byReading(a.annotator, b.annotator))].filter((l) => chosen.includes(l.annotator))
}

/** Every cluster of the chosen layers on the given articles, settled or not. */
export function useDisagreements(articleIds: readonly string[]): Disagreement[] {
  const layers = useReviewLayers()
  const symmetric = useSymmetricLinkTypes()
  return useMemo(() => (layers.length < 2 ? [] : findDisagreements(layers, articleIds, symmetric)), [layers, articleIds, symmetric])
}

/** The tagset's symmetric link types, which read the same whichever way they were drawn. */
export function useSymmetricLinkTypes(): ReadonlySet<string> {
  const tagset = useWorkbench((s) => s.tagset)
  return useMemo(() => new Set(tagset?.linkTypes.filter((t) => t.symmetric).map((t) => t.id)), [tagset])
}
