/**
 * The baseline of the store case: the same 'edits:apply' API over one lowdb file holding the whole
 * workspace (every annotator's annotations and links, the entities, the notes), written with
 * lowdb's own `JSONFile` adapter, which rewrites the whole file on every write, as most lowdb apps
 * do. It checks edits as Parallax does (text, quote, tagset, owner), so that the two differ in how
 * they store, not in how much they check. `JSONFile` (steno) renames atomically but does not fsync:
 * the baseline is not durable, which only flatters it.
 */
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { Low } from 'lowdb'
import { JSONFile } from 'lowdb/node'
import type { Annotation, ArticleNote, Edit, Entity, Layer, Link } from '../src/shared/annotations'
import { quoteAt } from '../src/shared/anchoring'
import { AppError } from '../src/shared/result'
import { type Tagset } from '../src/shared/tagset'
import { attributeProblem } from '../src/shared/attribute-rules'
import type { Handlers } from '../src/main/handlers/dispatch'
import { loadCorpus } from '../src/main/workspace/corpus'
import { ANNOTATIONS_DIR, type LayerArticleFile } from '../src/main/workspace/layers'
import { ENTITIES_FILE } from '../src/main/workspace/entities'
import { readTagset, TAGSET_FILE, WORKSPACE_FILE } from '../src/main/workspace/workspace'

/** What the baseline needs of a workspace besides its one file: the texts (to check quotes) and the tagset. */
export interface TextsAndTagset {
  articleIds: readonly string[]
  has(articleId: string): boolean
  article(articleId: string): { text: string }
  tagset: Tagset
}

/** The corpus and tagset of a workspace folder, read as Parallax reads them, and nothing else. */
export async function readTextsAndTagset(root: string): Promise<TextsAndTagset> {
  const file = JSON.parse(await readFile(path.join(root, WORKSPACE_FILE), 'utf8')) as { corpus: string }
  const corpus = await loadCorpus(path.join(root, file.corpus))
  const texts = new Map(corpus.articles.map((a) => [a.meta.id, a.text]))
  const tagset = await readTagset(path.join(root, TAGSET_FILE))
  return {
    articleIds: corpus.articles.map((a) => a.meta.id),
    has: (id) => texts.has(id),
    article: (id) => {
      const text = texts.get(id)
      if (text === undefined) throw new AppError('not-found', `There is no article "${id}" in this workspace.`)
      return { text }
    },
    tagset,
  }
}

export interface SingleFileData {
  schemaVersion: 1
  entities: Entity[]
  /** Every annotator's annotations. */
  annotations: Annotation[]
  links: Link[]
  articleNotes: ArticleNote[]
}

const emptyData = (): SingleFileData => ({ schemaVersion: 1, entities: [], annotations: [], links: [], articleNotes: [] })

/** The workspace's layers and entities gathered into one lowdb file (setup, not measured). */
export async function buildSingleFile(workspaceRoot: string, file: string): Promise<number> {
  const data = emptyData()
  data.entities = (JSON.parse(await readFile(path.join(workspaceRoot, ENTITIES_FILE), 'utf8')) as { entities: Entity[] }).entities
  const annotations = path.join(workspaceRoot, ANNOTATIONS_DIR)
  for (const folder of (await readdir(annotations)).sort()) {
    for (const name of (await readdir(path.join(annotations, folder))).sort()) {
      if (!name.endsWith('.json') || name === '_layer.json') continue
      const layer = JSON.parse(await readFile(path.join(annotations, folder, name), 'utf8')) as LayerArticleFile
      data.annotations.push(...layer.annotations)
      data.links.push(...layer.links)
      if (layer.articleNote) data.articleNotes.push(layer.articleNote)
    }
  }
  const db = new Low<SingleFileData>(new JSONFile<SingleFileData>(file), emptyData())
  db.data = data
  await db.write()
  return data.annotations.length
}

/** One lowdb file holding the whole workspace, with Parallax's API over it. */
export class SingleFileStore {
  private constructor(
    readonly db: Low<SingleFileData>,
    private readonly workspace: TextsAndTagset,
  ) {}

  static async open(file: string, workspace: TextsAndTagset): Promise<SingleFileStore> {
    const db = new Low<SingleFileData>(new JSONFile<SingleFileData>(file), emptyData())
    await db.read()
    return new SingleFileStore(db, workspace)
  }

  /** 'annotations:list' as the app's renderer calls it on opening: every layer. */
  list(): { annotators: string[]; layers: Layer[] } {
    const layers = new Map<string, Layer>()
    const layer = (annotator: string): Layer => {
      let found = layers.get(annotator)
      if (!found) layers.set(annotator, (found = { annotator, annotations: [], links: [], articleNotes: [] }))
      return found
    }
    for (const a of this.db.data.annotations) layer(a.annotator).annotations.push(a)
    for (const l of this.db.data.links) layer(l.annotator).links.push(l)
    for (const n of this.db.data.articleNotes) layer(n.annotator).articleNotes.push(n)
    const annotators = [...layers.keys()].sort((a, b) => a.localeCompare(b))
    return { annotators, layers: annotators.map((name) => layers.get(name) as Layer) }
  }

  /** The 'edits:apply' handler for one user: checks every edit, then rewrites the file. */
  editsHandler(annotator: string): Handlers['edits:apply'] {
    return async ({ edits }) => {
      await this.db.update((data) => this.#apply(data, annotator, edits))
      return { savedAt: new Date().toISOString() }
    }
  }

  #apply(data: SingleFileData, annotator: string, edits: readonly Edit[]): void {
    const { workspace } = this
    for (const [index, edit] of edits.entries()) {
      const refuse = (message: string) => new AppError('invalid-input', `Edit ${index + 1}: ${message}`)
      switch (edit.op) {
        case 'put-annotation': {
          const a = edit.annotation
          if (a.annotator !== annotator) throw refuse(`this is ${a.annotator}'s layer`)
          if (!workspace.has(a.articleId)) throw refuse(`there is no article "${a.articleId}"`)
          const text = workspace.article(a.articleId).text
          if (a.end > text.length) throw refuse('the span runs past the end of the article')
          const quote = quoteAt(text, a.start, a.end)
          if (quote.exact !== a.quote.exact) throw refuse('the quote is not what the article says there')
          const label = workspace.tagset.labels.find((l) => l.id === a.label)
          if (!label) throw refuse(`there is no label "${a.label}"`)
          const problem = attributeProblem(label.attributes, a.attributes, a.note)
          if (problem) throw refuse(problem)
          const at = data.annotations.findIndex((x) => x.id === a.id)
          if (at >= 0) data.annotations[at] = { ...a, quote }
          else data.annotations.push({ ...a, quote })
          break
        }
        case 'delete-annotation': {
          const at = data.annotations.findIndex((x) => x.id === edit.id && x.annotator === annotator)
          if (at < 0) throw refuse(`there is no annotation "${edit.id}"`)
          data.annotations.splice(at, 1)
          data.links = data.links.filter((l) => l.annotator !== annotator || (l.from.annotationId !== edit.id && l.to.annotationId !== edit.id))
          break
        }
        case 'put-link': {
          const at = data.links.findIndex((x) => x.id === edit.link.id)
          if (at >= 0) data.links[at] = edit.link
          else data.links.push(edit.link)
          break
        }
        case 'delete-link':
          data.links = data.links.filter((l) => l.id !== edit.id)
          break
        default:
          throw refuse(`the baseline does not implement ${edit.op}`)
      }
    }
  }
}
