/**
 * The renderer holds the layers of the articles it shows, not the whole workspace: these pure
 * functions put one load's articles into the layers held so far.
 */
import type { Entity, Layer, Link } from '../../../shared/annotations'
import type { LayerState } from '../../../shared/layer-state'

/** A layer as the API hands it out, as the renderer holds it (records by id), with the entity registry. */
export function layerStateOf(layer: Layer | undefined, entities: readonly Entity[] | Readonly<Record<string, Entity>>): LayerState {
  return {
    annotations: Object.fromEntries((layer?.annotations ?? []).map((a) => [a.id, a])),
    links: Object.fromEntries((layer?.links ?? []).map((l) => [l.id, l])),
    articleNotes: Object.fromEntries((layer?.articleNotes ?? []).map((n) => [n.articleId, n])),
    entities: Array.isArray(entities) ? Object.fromEntries(entities.map((e) => [e.id, e])) : entities,
    decisions: Object.fromEntries((layer?.decisions ?? []).map((d) => [d.key, d])),
  }
}

const keep = <T>(record: Readonly<Record<string, T>>, inArticle: (value: T) => boolean): Record<string, T> =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => !inArticle(value)))

/**
 * `current` with the records of `articleIds` replaced by `fetched`'s (which holds only those
 * articles). A link belongs to the article whose file holds it: its `from` end's.
 */
export function withArticles(current: LayerState, articleIds: ReadonlySet<string>, fetched: LayerState): LayerState {
  return {
    annotations: { ...keep(current.annotations, (a) => articleIds.has(a.articleId)), ...fetched.annotations },
    links: { ...keep(current.links, (l) => articleIds.has(l.from.articleId)), ...fetched.links },
    articleNotes: { ...keep(current.articleNotes, (n) => articleIds.has(n.articleId)), ...fetched.articleNotes },
    entities: current.entities,
    decisions: { ...keep(current.decisions, (d) => articleIds.has(d.articleId)), ...fetched.decisions },
  }
}

/** `current` with these links too (links kept in the files of articles not held, ending in articles held). */
export function withLinks(current: LayerState, links: readonly Link[]): LayerState {
  return links.length === 0 ? current : { ...current, links: { ...current.links, ...Object.fromEntries(links.map((l) => [l.id, l])) } }
}

/** Colleagues' layers with these links too, each once. */
export function withLayerLinks(current: readonly Layer[], fetched: readonly { annotator: string; links: readonly Link[] }[]): Layer[] {
  return current.map((layer) => {
    const more = fetched.find((l) => l.annotator === layer.annotator)?.links ?? []
    const held = new Set(layer.links.map((l) => l.id))
    const added = more.filter((l) => !held.has(l.id))
    return added.length === 0 ? layer : { ...layer, links: [...layer.links, ...added] }
  })
}

/** Colleagues' layers (read-only) with the articles of `fetched` put in, one layer per annotator, in `fetched`'s order. */
export function withLayerArticles(current: readonly Layer[], articleIds: ReadonlySet<string>, fetched: readonly Layer[]): Layer[] {
  const outside = <T extends { articleId: string }>(list: readonly T[]) => list.filter((x) => !articleIds.has(x.articleId))
  const byName = new Map(current.map((l) => [l.annotator, l]))
  const names = [...new Set([...fetched.map((l) => l.annotator), ...current.map((l) => l.annotator)])]
  return names.map((annotator) => {
    const held = byName.get(annotator)
    const more = fetched.find((l) => l.annotator === annotator)
    const decisions = [...outside(held?.decisions ?? []), ...(more?.decisions ?? [])]
    return {
      annotator,
      annotations: [...outside(held?.annotations ?? []), ...(more?.annotations ?? [])],
      links: [...(held?.links ?? []).filter((l) => !articleIds.has(l.from.articleId)), ...(more?.links ?? [])],
      articleNotes: [...outside(held?.articleNotes ?? []), ...(more?.articleNotes ?? [])],
      ...(decisions.length > 0 ? { decisions } : {}),
    }
  })
}
