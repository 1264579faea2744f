import type { StoredFile } from '../store/json-store'
import { type Annotation, type Edit, type Link } from '../../shared/annotations'
import { GOLD } from '../../shared/gold'
import { quoteAt } from '../../shared/anchoring'
import { isEmptyNote } from '../../shared/layer-state'
import { byCodeUnits } from '../../shared/lists'
import { AppError } from '../../shared/result'
import { type Tagset } from '../../shared/tagset'
import { attributeProblem } from '../../shared/attribute-rules'
import type { EntitiesFile } from './entities'
import { inPositionOrder, type LayerArticleFile, type LayerStore } from './layers'

export interface EditContext {
  annotator: string
  tagset: Tagset
  layers: LayerStore
  entities: StoredFile<EntitiesFile>
  articleIds: readonly string[]
  text(articleId: string): string
}

const invalid = (index: number, message: string): AppError => new AppError('invalid-input', `Edit ${index + 1}: ${message}`)

const byCreation = (a: Link, b: Link): number => byCodeUnits(a.created, b.created) || byCodeUnits(a.id, b.id)

/**
 * Applies one user action, a list of edits to the annotator's own layer and the entity registry:
 * each is checked against the text, the tagset and the layer as the edits before it left it; if any
 * is refused, nothing is written. Deleting an annotation deletes the links that touch it.
 */
export async function applyEdits(context: EditContext, edits: readonly Edit[]): Promise<void> {
  await (await prepareEdits(context, edits)).commit()
}

/** Edits checked and ready to write: nothing is on disk until `commit`. */
export interface PreparedEdits {
  commit(): Promise<void>
}

/**
 * Checks a list of edits as `applyEdits` does and returns how to write them, so that several
 * lists (an import of several layers, say) are all checked before any is written.
 */
export async function prepareEdits(context: EditContext, edits: readonly Edit[]): Promise<PreparedEdits> {
  const { annotator, tagset } = context
  const originals = new Map<string, StoredFile<LayerArticleFile>>()
  const working = new Map<string, LayerArticleFile>()
  let entities: EntitiesFile | null = null
  const registry = (): EntitiesFile => {
    if (entities) return entities
    context.entities.assertWritable() // a registry written by a newer Parallax is never written to
    return (entities = structuredClone(context.entities.data))
  }

  /** The working copy of the annotator's file for an article, cloned on first touch. */
  const layerFile = async (articleId: string): Promise<LayerArticleFile> => {
    const copy = working.get(articleId)
    if (copy) return copy
    const low = await context.layers.file(annotator, articleId, true)
    if (!low) throw new AppError('internal', 'The layer could not be opened.')
    low.assertWritable() // a file written by a newer Parallax is never written to
    originals.set(articleId, low)
    // a copy of the file and of its lists, not of the annotations and links in them: those are never changed in place (an edit
    // puts a new object in their place), so the copy shares them, and the file held after the edit stays as compact as the one read
    const { annotations, links, decisions } = low.data
    const clone: LayerArticleFile = { ...low.data, annotations: [...annotations], links: [...links], ...(decisions ? { decisions: [...decisions] } : {}) }
    working.set(articleId, clone)
    return clone
  }
  /** The annotator's files as they stand in this action (working copies where touched, new ones included). */
  const allFiles = async (): Promise<LayerArticleFile[]> => {
    const stored = (await context.layers.files(annotator, context.articleIds)).map((low) => low.data)
    const onDisk = new Set(stored.map((file) => file.articleId))
    return [...stored.map((file) => working.get(file.articleId) ?? file), ...[...working.values()].filter((file) => !onDisk.has(file.articleId))]
  }
  const checkArticle = (index: number, articleId: string): void => {
    if (!context.articleIds.includes(articleId)) throw invalid(index, `there is no article "${articleId}"`)
  }
  const checkOwner = (index: number, owner: string): void => {
    if (owner !== annotator) throw invalid(index, `this is ${owner}'s layer; you can edit only your own (${annotator})`)
  }

  for (const [index, edit] of edits.entries()) {
    switch (edit.op) {
      case 'put-annotation': {
        const a = edit.annotation
        checkOwner(index, a.annotator)
        checkArticle(index, a.articleId)
        const text = context.text(a.articleId)
        if (a.end > text.length) throw invalid(index, `the span ${a.start}–${a.end} runs past the end of the article (${text.length})`)
        const quote = quoteAt(text, a.start, a.end)
        if (quote.exact !== a.quote.exact) {
          throw invalid(index, `the quote ${JSON.stringify(a.quote.exact.slice(0, 60))} is not what the article says at ${a.start}–${a.end}`)
        }
        const label = tagset.labels.find((l) => l.id === a.label)
        if (!label) throw invalid(index, `there is no label "${a.label}" in the tagset`)
        const problem = attributeProblem(label.attributes, a.attributes, a.note)
        if (problem) throw invalid(index, `${label.name}: ${problem}`)
        for (const def of label.attributes) {
          const value = a.attributes[def.id]
          if (def.type === 'entity' && typeof value === 'string' && !registry().entities.some((e) => e.id === value)) {
            throw invalid(index, `${label.name}: there is no entity "${value}"`)
          }
        }
        const file = await layerFile(a.articleId)
        const stored: Annotation = { ...a, quote }
        const at = file.annotations.findIndex((x) => x.id === a.id)
        if (at >= 0) file.annotations[at] = stored
        else file.annotations.push(stored)
        break
      }
      case 'delete-annotation': {
        checkArticle(index, edit.articleId)
        const file = await layerFile(edit.articleId)
        if (!file.annotations.some((a) => a.id === edit.id)) throw invalid(index, `there is no annotation "${edit.id}" in ${edit.articleId}`)
        file.annotations = file.annotations.filter((a) => a.id !== edit.id)
        const touches = (l: Link) =>
          (l.from.articleId === edit.articleId && l.from.annotationId === edit.id) || (l.to.articleId === edit.articleId && l.to.annotationId === edit.id)
        for (const other of await allFiles()) {
          if (other.links.some(touches)) (await layerFile(other.articleId)).links = other.links.filter((l) => !touches(l))
        }
        break
      }
      case 'put-link': {
        const l = edit.link
        checkOwner(index, l.annotator)
        checkArticle(index, l.from.articleId)
        checkArticle(index, l.to.articleId)
        const type = tagset.linkTypes.find((t) => t.id === l.type)
        if (!type) throw invalid(index, `there is no link type "${l.type}" in the tagset`)
        if (l.from.articleId === l.to.articleId && l.from.annotationId === l.to.annotationId) throw invalid(index, 'a link joins two different annotations')
        const problem = attributeProblem(type.attributes, l.attributes, l.note)
        if (problem) throw invalid(index, `${type.name}: ${problem}`)
        const file = await layerFile(l.from.articleId)
        for (const other of await allFiles()) {
          if (other.articleId !== l.from.articleId && other.links.some((x) => x.id === l.id)) {
            const moved = await layerFile(other.articleId)
            moved.links = moved.links.filter((x) => x.id !== l.id)
          }
        }
        const at = file.links.findIndex((x) => x.id === l.id)
        if (at >= 0) file.links[at] = l
        else file.links.push(l)
        break
      }
      case 'delete-link': {
        checkArticle(index, edit.articleId)
        const file = await layerFile(edit.articleId)
        if (!file.links.some((l) => l.id === edit.id)) throw invalid(index, `there is no link "${edit.id}" from ${edit.articleId}`)
        file.links = file.links.filter((l) => l.id !== edit.id)
        break
      }
      case 'put-entity': {
        const list = registry().entities
        const at = list.findIndex((e) => e.id === edit.entity.id)
        const clash = list.find((e) => e.id !== edit.entity.id && e.name.toLowerCase() === edit.entity.name.toLowerCase())
        if (clash) throw invalid(index, `there is already an entity named "${clash.name}"`)
        if (at >= 0) list[at] = edit.entity
        else list.push(edit.entity)
        break
      }
      case 'delete-entity': {
        const list = registry().entities
        if (!list.some((e) => e.id === edit.id)) throw invalid(index, `there is no entity "${edit.id}"`)
        // The registry is shared: every annotator's Speakers count, not only this one's.
        const files = await allFiles()
        for (const other of await context.layers.annotators()) {
          if (other !== annotator) files.push(...(await context.layers.files(other, context.articleIds)).map((low) => low.data))
        }
        const user = files.flatMap((f) => f.annotations).find((a) => Object.values(a.attributes).includes(edit.id))
        if (user) throw invalid(index, `the entity is still used by the Speaker "${user.quote.exact}" in ${user.articleId}`)
        registry().entities = list.filter((e) => e.id !== edit.id)
        break
      }
      case 'put-decision': {
        if (annotator !== GOLD) throw invalid(index, 'decisions belong to the gold layer')
        checkArticle(index, edit.decision.articleId)
        const file = await layerFile(edit.decision.articleId)
        file.decisions = [...(file.decisions ?? []).filter((d) => d.key !== edit.decision.key), edit.decision]
        break
      }
      case 'delete-decision': {
        checkArticle(index, edit.articleId)
        const file = await layerFile(edit.articleId)
        if (!(file.decisions ?? []).some((d) => d.key === edit.key)) throw invalid(index, `there is no decision "${edit.key}" in ${edit.articleId}`)
        file.decisions = (file.decisions ?? []).filter((d) => d.key !== edit.key)
        if (file.decisions.length === 0) delete file.decisions
        break
      }
      case 'put-article-note': {
        checkOwner(index, edit.articleNote.annotator)
        checkArticle(index, edit.articleNote.articleId)
        ;(await layerFile(edit.articleNote.articleId)).articleNote = isEmptyNote(edit.articleNote) ? null : edit.articleNote
        break
      }
    }
  }

  // Every link of every touched file still joins two annotations of this layer that its type allows.
  const annotationsOf = async (articleId: string) => (working.get(articleId) ?? (await context.layers.file(annotator, articleId))?.data)?.annotations ?? []
  for (const file of working.values()) {
    for (const link of file.links) {
      const type = tagset.linkTypes.find((t) => t.id === link.type)
      const from = (await annotationsOf(link.from.articleId)).find((a) => a.id === link.from.annotationId)
      const to = (await annotationsOf(link.to.articleId)).find((a) => a.id === link.to.annotationId)
      if (!from || !to) throw new AppError('invalid-input', `The link ${link.id} (${type?.name ?? link.type}) would point at an annotation that does not exist.`)
      if (type && (!type.from.includes(from.label) || !type.to.includes(to.label))) {
        if (!(type.symmetric && type.from.includes(to.label) && type.to.includes(from.label))) {
          throw new AppError('invalid-input', `A "${type.name}" link cannot join a ${from.label} to a ${to.label}.`)
        }
      }
    }
  }

  for (const data of working.values()) {
    data.annotations.sort(inPositionOrder)
    data.links.sort(byCreation)
    data.decisions?.sort((a, b) => byCodeUnits(a.key, b.key))
  }
  const registryAfter = entities
  return {
    async commit() {
      if (working.size > 0) await context.layers.claim(annotator).catch((error: unknown) => Promise.reject(nothingWritten(error)))
      const changes: [StoredFile<unknown>, unknown][] = [...working].map(([articleId, data]) => [originals.get(articleId) as StoredFile<unknown>, data])
      if (registryAfter) changes.push([context.entities as StoredFile<unknown>, registryAfter])
      await writeAllOrNothing(changes)
    },
  }
}

/**
 * Writes new data to several files. If one write fails (a full disk, say), those written before it
 * are put back, so that the files and their databases stay as they were, and the error says so.
 */
async function writeAllOrNothing(changes: readonly [StoredFile<unknown>, unknown][]): Promise<void> {
  const written: [StoredFile<unknown>, unknown][] = []
  for (const [low, data] of changes) {
    const previous = low.data
    low.data = data
    try {
      await low.write() // a failed write puts the database back to what is on disk
    } catch (error) {
      const stuck: string[] = []
      for (const [done, before] of written.reverse()) {
        done.data = before
        await done.write().catch(() => stuck.push(done.file.name))
      }
      if (stuck.length === 0) throw nothingWritten(error)
      if (!(error instanceof AppError)) throw error
      throw new AppError(error.code, `${error.message} ${stuck.join(', ')} had been saved with it and could not be put back: open the workspace again to see what is on disk.`)
    }
    written.push([low, previous])
  }
}

/** A failed save, saying that the files are as they were (the renderer then undoes the change on screen too). */
function nothingWritten(error: unknown): unknown {
  return error instanceof AppError ? new AppError(error.code, `${error.message} Nothing of this change was written; the files are as they were.`) : error
}
