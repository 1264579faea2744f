/**
 * Paints annotations over the article text with the CSS Custom Highlight API: one Highlight per
 * label, plus the selection, the hovered annotation's linked ends, the link being drawn and the
 * search hit. The text nodes are never touched.
 */
import type { Annotation } from '../../../shared/annotations'
import { linksOf } from '../../../shared/layer-state'
import type { Tagset } from '../../../shared/tagset'
import type { WorkbenchState } from '../state/store'
import { openTexts, type OpenText } from './textIndex'

const LABEL_PREFIX = 'px-label-'
const SPECIAL = ['px-differs', 'px-current', 'px-selected', 'px-hover', 'px-link-peer', 'px-linking', 'px-search'] as const

export const supportsHighlights = typeof CSS !== 'undefined' && 'highlights' in CSS

/** The ::highlight() rules, one per label, built from the tagset's colours (no inline styles: the CSP forbids them). */
export function installHighlightStyles(tagset: Tagset): void {
  const sheet = new CSSStyleSheet()
  tagset.labels.forEach((label, i) => {
    sheet.insertRule(
      `::highlight(${LABEL_PREFIX}${label.id}) { background-color: ${hexToRgba(label.color, 0.2)}; text-decoration: underline 2px ${hexToRgba(label.color, 0.9)}; text-underline-offset: ${3 + (i % 2)}px; }`,
    )
    sheet.insertRule(`.swatch-${label.id} { background-color: ${label.color}; }`)
    sheet.insertRule(`.label-chip-${label.id} { border-color: ${hexToRgba(label.color, 0.55)}; background-color: ${hexToRgba(label.color, 0.12)}; }`)
  })
  sheet.insertRule(`::highlight(px-selected) { background-color: rgb(255 196 0 / 0.45); color: inherit; }`)
  sheet.insertRule(`::highlight(px-hover) { background-color: rgb(255 196 0 / 0.25); }`)
  sheet.insertRule(`::highlight(px-link-peer) { background-color: rgb(0 170 255 / 0.35); text-decoration: underline 3px rgb(0 140 220); }`)
  sheet.insertRule(`::highlight(px-linking) { background-color: rgb(140 90 255 / 0.35); }`)
  sheet.insertRule(`::highlight(px-search) { background-color: rgb(255 140 0 / 0.5); }`)
  sheet.insertRule(`::highlight(px-differs) { text-decoration: underline wavy 1.5px rgb(214 51 108); }`)
  sheet.insertRule(`::highlight(px-current) { background-color: rgb(255 196 0 / 0.35); }`)
  document.adoptedStyleSheets = [...document.adoptedStyleSheets.filter((s) => !(s as CSSStyleSheet & { parallax?: true }).parallax), sheet]
  ;(sheet as CSSStyleSheet & { parallax?: true }).parallax = true
}

function hexToRgba(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16)
  return `rgb(${(n >> 16) & 255} ${(n >> 8) & 255} ${n & 255} / ${alpha})`
}

/** The annotations a column shows. */
function annotationsOf(state: WorkbenchState, text: OpenText): Annotation[] {
  const layer = text.layer
  const all =
    layer === 'own'
      ? Object.values(state.layer.annotations)
      : layer === 'gold'
        ? Object.values(state.gold.annotations)
        : layer.annotator === state.annotator
          ? Object.values(state.layer.annotations)
          : (state.others.find((l) => l.annotator === layer.annotator)?.annotations ?? [])
  return all.filter((a) => a.articleId === text.articleId)
}

/** Rebuilds every highlight from the state; cheap enough for thousands of annotations. */
export function paintHighlights(state: WorkbenchState): void {
  if (!supportsHighlights || !state.tagset) return
  const byLabel = new Map<string, Range[]>(state.tagset.labels.map((l) => [l.id, []]))
  const special = Object.fromEntries(SPECIAL.map((name) => [name, [] as Range[]])) as Record<(typeof SPECIAL)[number], Range[]>
  const rangeOf = (a: Annotation): Range | null => openTexts.get(a.articleId)?.index.range(a.start, a.end) ?? null
  const marks = state.reviewMarks

  for (const text of openTexts.values()) {
    for (const annotation of annotationsOf(state, text)) {
      byLabel.get(annotation.label)?.push(text.index.range(annotation.start, annotation.end))
      if (text.layer === 'own' || !marks) continue
      if (marks.differing.has(annotation.id)) special['px-differs'].push(text.index.range(annotation.start, annotation.end))
      if (marks.current.has(annotation.id)) special['px-current'].push(text.index.range(annotation.start, annotation.end))
    }
  }
  const add = (name: (typeof SPECIAL)[number], id: string | null) => {
    const annotation = id ? state.layer.annotations[id] : undefined
    const range = annotation && rangeOf(annotation)
    if (range) special[name].push(range)
  }
  add('px-selected', state.selectedId)
  add('px-linking', state.linkingFrom)
  if (state.hoveredId) {
    add('px-hover', state.hoveredId)
    for (const link of linksOf(state.layer, state.hoveredId)) {
      add('px-link-peer', link.from.annotationId === state.hoveredId ? link.to.annotationId : link.from.annotationId)
    }
  }
  const hit = state.searchHit
  if (hit) {
    const range = openTexts.get(hit.articleId)?.index.range(hit.start, hit.end)
    if (range) special['px-search'].push(range)
  }

  const registry = CSS.highlights
  for (const name of [...registry.keys()]) if (name.startsWith(LABEL_PREFIX) && !byLabel.has(name.slice(LABEL_PREFIX.length))) registry.delete(name)
  state.tagset.labels.forEach((label, i) => {
    const highlight = new Highlight(...(byLabel.get(label.id) ?? []))
    highlight.priority = i
    registry.set(`${LABEL_PREFIX}${label.id}`, highlight)
  })
  SPECIAL.forEach((name, i) => {
    const highlight = new Highlight(...special[name])
    highlight.priority = 100 + i
    registry.set(name, highlight)
  })
}
