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

const without = <T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> => {
  const copy = { ...record }
  delete copy[key]
  return copy
}

/** An article note with nothing in it is no note: putting one removes the note. */
export const isEmptyNote = (note: ArticleNote): boolean => note.note === '' && note.provenance === null

/** The links that touch an annotation, at either end. */
export function linksOf(state: LayerState, annotationId: string): Link[] {
  return Object.values(state.links).filter((l) => l.from.annotationId === annotationId || l.to.annotationId === annotationId)
}

/** Applies edits in order; deleting an annotation deletes its links, as on disk. */
export function applyToLayer(state: LayerState, edits: readonly Edit[]): LayerState {
  let next = state
  for (const edit of edits) {
    switch (edit.op) {
      case 'put-annotation':
        next = { ...next, annotations: { ...next.annotations, [edit.annotation.id]: edit.annotation } }
        break
      case 'delete-annotation': {
        let links = next.links
        for (const link of linksOf(next, edit.id)) links = without(links, link.id)
        next = { ...next, annotations: without(next.annotations, edit.id), links }
        break
      }
      case 'put-link':
        next = { ...next, links: { ...next.links, [edit.link.id]: edit.link } }
        break
      case 'delete-link':
        next = { ...next, links: without(next.links, edit.id) }
        break
      case 'put-entity':
        next = { ...next, entities: { ...next.entities, [edit.entity.id]: edit.entity } }
        break
      case 'delete-entity':
        next = { ...next, entities: without(next.entities, edit.id) }
        break
      case 'put-article-note':
        next = {
          ...next,
          articleNotes: isEmptyNote(edit.articleNote)
            ? without(next.articleNotes, edit.articleNote.articleId)
            : { ...next.articleNotes, [edit.articleNote.articleId]: edit.articleNote },
        }
        break
      case 'put-decision':
        next = { ...next, decisions: { ...next.decisions, [edit.decision.key]: edit.decision } }
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
  for (const edit of edits) {
    steps.push(inverseOfOne(current, edit))
    current = applyToLayer(current, [edit])
  }
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
