/**
 * What the renderer says about the whole workspace while it holds only some articles' layers: the
 * summary from the main side for the articles it has not loaded, and what it holds (edits
 * included) for the rest.
 */
import { useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { GOLD } from '../../../shared/gold'
import { annotationsByArticle, type LayerState } from '../../../shared/layer-state'
import type { LayerSummary } from './layerSlice'
import { useWorkbench, type WorkbenchState } from './store'

/** The user's annotations per article: summed up by the main side, counted live where the layers are held. */
export function annotationCounts(summary: LayerSummary | null, annotator: string | null, live: Readonly<Record<string, number>>): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const row of summary?.articles ?? []) if (row.annotator === annotator) counts[row.articleId] = row.annotations
  return Object.assign(counts, live)
}

/** The user's annotations on each article whose layers are held (zero included). */
function liveCounts(s: WorkbenchState): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const id of Object.keys(s.loadedArticles)) counts[id] = 0
  for (const [id, annotations] of annotationsByArticle(s.layer.annotations)) counts[id] = annotations.length
  return counts
}

/** The corpus list's counts, kept current as the user edits. */
export function useAnnotationCounts(): Record<string, number> {
  const summary = useWorkbench((s) => s.summary)
  const annotator = useWorkbench((s) => s.annotator)
  const live = useWorkbench(useShallow(liveCounts))
  return useMemo(() => annotationCounts(summary, annotator, live), [summary, annotator, live])
}

/** Whether a record has any key, without listing them all. */
function hasAny(record: object): boolean {
  for (const _ in record) return true
  return false
}

const holds = (state: LayerState, anything: boolean): boolean => hasAny(state.annotations) || (anything && (hasAny(state.articleNotes) || hasAny(state.decisions)))

/**
 * Whether a layer (the user's own or gold) holds any annotation, or with `anything` also an article
 * note or a decision, on any article: what is held, and the summary for the articles not loaded.
 */
export function layerHasWork(s: WorkbenchState, name: string, anything: boolean): boolean {
  const held = name === GOLD ? s.gold : name === s.annotator ? s.layer : null
  if (held && holds(held, anything)) return true
  return (s.summary?.articles ?? []).some(
    (row) => row.annotator === name && !s.loadedArticles[row.articleId] && (row.annotations > 0 || (anything && (row.articleNote || row.decisions > 0))),
  )
}
