/**
 * One annotator's layer held in memory (the renderer's copy), how edits change it, and how to undo
 * them: pure functions, mirrored on disk by the main side's applyEdits.
 */
import type { Annotation, ArticleNote, Decision, Edit, Entity, Link } from './annotations'

export interface LayerState {
  annotations: Readonly<Record<string, Annotation>>
  links: Readonly<Record<string, Link>>
  entities: Readonly<Record<string, Entity>>
  /** By article id. */
  articleNotes: Readonly<Record<string, ArticleNote>>
  /** The gold layer's decisions, by key. */
  decisions: Readonly<Record<string, Decision>>
}

export const emptyLayerState = (): LayerState => ({ annotations: {}, links: {}, entities: {}, articleNotes: {}, decisions: {} })

/**
 * How a record was derived from an earlier one: that record (held weakly, so that old versions can
 * be collected) and the keys that changed. Whoever holds the earlier version can follow an edit
 * without comparing tens of thousands of keys (changedKeys), which at that size costs more than a
 * frame.
 */
const derivations = new WeakMap<object, { from: WeakRef<object>; keys: readonly string[] }>()

/** A copy of a record (for-in: about twice as fast as spreading a large record, for the same plain object). */
function copyOf<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  // an id may be "__proto__", which assignment would take for the prototype: spreading defines it
  if (Object.hasOwn(record, '__proto__')) return { ...record }
  const copy: Record<string, T> = {}
  for (const key in record) copy[key] = record[key] as T
  return copy
}

const derived = <T>(from: Readonly<Record<string, T>>, next: Record<string, T>, key: string): Record<string, T> => {
  derivations.set(next, { from: new WeakRef(from), keys: [key] })
  return next
}

const put = <T>(record: Readonly<Record<string, T>>, key: string, value: T): Record<string, T> =>
  derived(record, key === '__proto__' ? { ...record, [key]: value } : Object.assign(copyOf(record), { [key]: value }), key)

const without = <T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> => {
  const copy = copyOf(record)
  delete copy[key]
  return derived(record, copy, key)
}

/**
 * The keys whose values may differ between an earlier version of one of a layer's records and a
 * later one that applyToLayer derived from it, edit by edit; null when `to` is not known to derive
 * from `from` (another layer was loaded, or an intermediate version was collected): compare it all.
 */
export function changedKeys(from: object, to: object): Set<string> | null {
  const keys = new Set<string>()
  for (let at: object | undefined = to; at !== from; ) {
    const derivation = derivations.get(at as object)
    if (!derivation) return null
    for (const key of derivation.keys) keys.add(key)
    at = derivation.from.deref()
    if (!at) return null
  }
  return keys
}

/** An article note with nothing in it is no note: putting one removes the note. */
export const isEmptyNote = (note: ArticleNote): boolean => note.note === '' && note.provenance === null

/** The links that touch an annotation, at either end. */
export function linksOf(state: Pick<LayerState, 'links'>, annotationId: string): Link[] {
  return Object.values(state.links).filter((l) => l.from.annotationId === annotationId || l.to.annotationId === annotationId)
}

type AnnotationRecord = Readonly<Record<string, Annotation>>
type ByArticle = ReadonlyMap<string, readonly Annotation[]>
const groupings = new WeakMap<AnnotationRecord, ByArticle>()
const NONE: readonly Annotation[] = []

/**
 * A layer's annotations grouped by article, remembered per version of the record. Within an
 * article they keep the order they were first grouped in, new ones after (an order of no meaning). A version applyToLayer derived from one already grouped is grouped from it in the time of
 * its changed articles, and every article it left alone keeps the same array: a reader can tell by
 * identity whether an article's annotations changed.
 */
export function annotationsByArticle(annotations: AnnotationRecord): ByArticle {
  const known = groupings.get(annotations)
  if (known) return known
  let grouped: Map<string, readonly Annotation[]> | null = null
  // the nearest earlier version already grouped, and the keys changed since (latest first)
  const latestFirst: string[] = []
  let at: AnnotationRecord = annotations
  for (let steps = 0; steps < 64 && !grouped; steps++) {
    const derivation = derivations.get(at)
    const from = derivation?.from.deref() as AnnotationRecord | undefined
    if (!derivation || !from) break
    latestFirst.push(...[...derivation.keys].reverse())
    const base = groupings.get(from)
    // in the order of their last change, as the record has them
    if (base) grouped = regroup(base, from, annotations, new Set(latestFirst.reverse()))
    at = from
  }
  grouped ??= groupByArticle(Object.values(annotations))
  groupings.set(annotations, grouped)
  return grouped
}

/** Annotations grouped by article, in the order given. */
export function groupByArticle(annotations: Iterable<Annotation>): Map<string, Annotation[]> {
  const grouped = new Map<string, Annotation[]>()
  for (const annotation of annotations) {
    const list = grouped.get(annotation.articleId)
    if (list) list.push(annotation)
    else grouped.set(annotation.articleId, [annotation])
  }
  return grouped
}

/** The annotations of one article in a layer's record (see annotationsByArticle). */
export const annotationsOfArticle = (annotations: AnnotationRecord, articleId: string): readonly Annotation[] =>
  annotationsByArticle(annotations).get(articleId) ?? NONE

function regroup(base: ByArticle, from: AnnotationRecord, to: AnnotationRecord, keys: ReadonlySet<string>): Map<string, readonly Annotation[]> {
  const grouped = new Map(base)
  const articles = new Set<string>()
  for (const key of keys) {
    const before = Object.hasOwn(from, key) ? from[key] : undefined
    const after = Object.hasOwn(to, key) ? to[key] : undefined
    if (before) articles.add(before.articleId)
    if (after) articles.add(after.articleId)
  }
  for (const articleId of articles) {
    const list: Annotation[] = []
    const present = new Set<string>()
    for (const annotation of base.get(articleId) ?? NONE) {
      const now = keys.has(annotation.id) ? (Object.hasOwn(to, annotation.id) ? to[annotation.id] : undefined) : annotation
      if (now?.articleId !== articleId) continue
      list.push(now)
      present.add(now.id)
    }
    for (const key of keys) {
      const now = Object.hasOwn(to, key) ? to[key] : undefined
      if (now?.articleId === articleId && !present.has(key)) list.push(now)
    }
    if (list.length > 0) grouped.set(articleId, list)
    else grouped.delete(articleId)
  }
  return grouped
}

/** Applies edits in order; deleting an annotation deletes its links, as on disk. */
export function applyToLayer(state: LayerState, edits: readonly Edit[]): LayerState {
  let next = state
  for (const edit of edits) {
    switch (edit.op) {
      case 'put-annotation':
        next = { ...next, annotations: put(next.annotations, edit.annotation.id, edit.annotation) }
        break
      case 'delete-annotation': {
        let links = next.links
        for (const link of linksOf(next, edit.id)) links = without(links, link.id)
        next = { ...next, annotations: without(next.annotations, edit.id), links }
        break
      }
      case 'put-link':
        next = { ...next, links: put(next.links, edit.link.id, edit.link) }
        break
      case 'delete-link':
        next = { ...next, links: without(next.links, edit.id) }
        break
      case 'put-entity':
        next = { ...next, entities: put(next.entities, edit.entity.id, edit.entity) }
        break
      case 'delete-entity':
        next = { ...next, entities: without(next.entities, edit.id) }
        break
      case 'put-article-note':
        next = {
          ...next,
          articleNotes: isEmptyNote(edit.articleNote)
            ? without(next.articleNotes, edit.articleNote.articleId)
            : put(next.articleNotes, edit.articleNote.articleId, edit.articleNote),
        }
        break
      case 'put-decision':
        next = { ...next, decisions: put(next.decisions, edit.decision.key, edit.decision) }
        break
      case 'delete-decision':
        next = { ...next, decisions: without(next.decisions, edit.key) }
        break
    }
  }
  return next
}

/** The edits that undo `edits` applied to `state`: applying them after restores `state` exactly. */
export function inverseOf(state: LayerState, edits: readonly Edit[]): Edit[] {
  const steps: Edit[][] = []
  let current = state
  edits.forEach((edit, i) => {
    steps.push(inverseOfOne(current, edit))
    // the state after the last edit is not needed: skipping it saves copying a large record per action
    if (i < edits.length - 1) current = applyToLayer(current, [edit])
  })
  return steps.reverse().flat()
}

function inverseOfOne(state: LayerState, edit: Edit): Edit[] {
  switch (edit.op) {
    case 'put-annotation': {
      const previous = state.annotations[edit.annotation.id]
      return previous ? [{ op: 'put-annotation', annotation: previous }] : [{ op: 'delete-annotation', articleId: edit.annotation.articleId, id: edit.annotation.id }]
    }
    case 'delete-annotation': {
      const previous = state.annotations[edit.id]
      if (!previous) return []
      return [{ op: 'put-annotation', annotation: previous }, ...linksOf(state, edit.id).map((link): Edit => ({ op: 'put-link', link }))]
    }
    case 'put-link': {
      const previous = state.links[edit.link.id]
      return previous ? [{ op: 'put-link', link: previous }] : [{ op: 'delete-link', articleId: edit.link.from.articleId, id: edit.link.id }]
    }
    case 'delete-link': {
      const previous = state.links[edit.id]
      return previous ? [{ op: 'put-link', link: previous }] : []
    }
    case 'put-entity': {
      const previous = state.entities[edit.entity.id]
      return previous ? [{ op: 'put-entity', entity: previous }] : [{ op: 'delete-entity', id: edit.entity.id }]
    }
    case 'delete-entity': {
      const previous = state.entities[edit.id]
      return previous ? [{ op: 'put-entity', entity: previous }] : []
    }
    case 'put-decision': {
      const previous = state.decisions[edit.decision.key]
      return previous ? [{ op: 'put-decision', decision: previous }] : [{ op: 'delete-decision', articleId: edit.decision.articleId, key: edit.decision.key }]
    }
    case 'delete-decision': {
      const previous = state.decisions[edit.key]
      return previous ? [{ op: 'put-decision', decision: previous }] : []
    }
    case 'put-article-note': {
      const previous = state.articleNotes[edit.articleNote.articleId]
      return [
        {
          op: 'put-article-note',
          articleNote: previous ?? { ...edit.articleNote, note: '', provenance: null },
        },
      ]
    }
  }
}
