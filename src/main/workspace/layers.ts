import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import type { Span } from '../../shared/anchoring'
import { Annotation, ArticleNote, Decision, Link, type Layer, type TextQuote } from '../../shared/annotations'
import { ArticleId } from '../../shared/corpus'
import { byCodeUnits, concatLists } from '../../shared/lists'
import { nameSlug } from '../../shared/names'
import { AnnotatorName } from '../../shared/workspace'
import type { JsonStore, StoredFile } from '../store/json-store'
import { AppError } from '../../shared/result'
import { createHash } from 'node:crypto'
import { checksOf } from '../store/checked-texts'
import { formatOf, readAs, type FileFormat } from '../store/versions'
import { migrations } from './migrations'
import { overlaps, recordsWithin } from './layer-preview'

export const ANNOTATIONS_DIR = 'annotations'
export const LAYER_SCHEMA_VERSION = 1 as const

/** `annotations/<annotator>/_layer.json`: whose layer the folder holds (folder names are slugs; no article id starts with "_", so it never meets an article's file). */
export const LayerInfoFile = z.object({ schemaVersion: z.literal(LAYER_SCHEMA_VERSION), annotator: AnnotatorName }).strict()
export type LayerInfoFile = z.infer<typeof LayerInfoFile>

/**
 * The order of a layer file's annotations: by where they begin, then where they end (then by id).
 * Parallax writes them so (edits.ts), a file read in another order (edited by hand) is put so, and
 * the first screen's preview stops reading a file trusted (`CheckedTexts`) at its first annotation
 * that begins past what it shows (layer-preview.ts).
 */
export const inPositionOrder = (a: Annotation, b: Annotation): number => a.start - b.start || a.end - b.end || byCodeUnits(a.id, b.id)

/** The annotations as they are when in position order, else sorted so (in place: zod's own copy). */
const putInPositionOrder = (annotations: Annotation[]): Annotation[] => {
  for (let i = 1; i < annotations.length; i++) if (inPositionOrder(annotations[i - 1] as Annotation, annotations[i] as Annotation) > 0) return annotations.sort(inPositionOrder)
  return annotations
}

/**
 * `annotations/<annotator>/<article>.json`: one annotator's work on one article, its annotations in
 * position order (`inPositionOrder`: a file in another order is read put in order, so its text
 * does not read back as what its checks gave, and it is checked at each opening until Parallax
 * writes it).
 */
export const LayerArticleFile = z
  .object({
    schemaVersion: z.literal(LAYER_SCHEMA_VERSION),
    annotator: AnnotatorName,
    articleId: ArticleId,
    /** SHA-256 of the article text the offsets refer to. */
    textSha256: z.string(),
    annotations: z.array(Annotation).overwrite(putInPositionOrder),
    /** Links whose `from` end is in this article. */
    links: z.array(Link),
    articleNote: ArticleNote.nullable(),
    /** The gold layer's settled disagreements on this article. */
    decisions: z.array(Decision).optional(),
  })
  .strict()
export type LayerArticleFile = z.infer<typeof LayerArticleFile>

/**
 * One copy of each short string that layer files repeat thousands of times (annotators, labels,
 * article ids, attribute values, link types): JSON.parse makes a new one for every occurrence, and a
 * workspace of 300,000 annotations holds each of them in memory. Bounded, and only short strings.
 */
const sharedStrings = new Map<string, string>()
function share<T extends string>(value: T): T {
  if (value.length > 64) return value
  const known = sharedStrings.get(value)
  if (known !== undefined) return known as T
  if (sharedStrings.size < 100_000) sharedStrings.set(value, value)
  return value
}

/**
 * The annotation's quote as slices of the article's text, which is held anyway (a slice is a small
 * reference to it, not a copy), when it is what the text says there; else the quote as it is.
 */
function quoteOfText(a: Annotation, text: string): TextQuote {
  const { exact, prefix, suffix } = a.quote
  const from = a.start - prefix.length
  if (from < 0) return a.quote
  const shared = { exact: text.slice(a.start, a.end), prefix: text.slice(from, a.start), suffix: text.slice(a.end, a.end + suffix.length) }
  return shared.exact === exact && shared.prefix === prefix && shared.suffix === suffix ? shared : a.quote
}

/**
 * A layer file as held in memory: the same data, its repeated strings shared (see `share`), and its
 * quotes slices of the article's `text` when that is given.
 */
export function compactLayerFile(file: LayerArticleFile, text?: string): LayerArticleFile {
  file.annotator = share(file.annotator)
  file.articleId = share(file.articleId)
  for (const a of file.annotations) {
    if (text !== undefined) a.quote = quoteOfText(a, text)
    a.articleId = share(a.articleId)
    a.annotator = share(a.annotator)
    a.label = share(a.label)
    a.unit = share(a.unit)
    if (a.modified === a.created) a.modified = a.created
    const attributes = a.attributes
    for (const key in attributes) {
      const value = attributes[key]
      if (typeof value === 'string') attributes[key] = share(value)
      else if (Array.isArray(value)) attributes[key] = value.map(share)
    }
  }
  for (const l of file.links) {
    l.type = share(l.type)
    l.annotator = share(l.annotator)
    l.from.articleId = share(l.from.articleId)
    l.to.articleId = share(l.to.articleId)
    if (l.modified === l.created) l.modified = l.created
  }
  return file
}

export const LayerInfoFormat = formatOf(LayerInfoFile, LAYER_SCHEMA_VERSION, migrations.layerInfo)
/**
 * Raised when a check of the layer files that their JSON Schema does not show (a refinement or a
 * transform) changes, so that files checked before are checked again. 2: the annotations put in
 * position order (a text trusted is in that order).
 */
const LAYER_CHECKS_REVISION = 2
export const LayerArticleFormat: FileFormat<typeof LayerArticleFile> = {
  ...formatOf(LayerArticleFile, LAYER_SCHEMA_VERSION, migrations.layerArticle, compactLayerFile),
  checks: checksOf(LayerArticleFile, LAYER_CHECKS_REVISION),
}

/** A folder name for an annotator: readable, and never a path. */
export function annotatorSlug(name: string): string {
  return nameSlug(name) || `annotator-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`
}

/**
 * Every annotator's layer of one workspace, sharded one file per annotator per article so that an
 * edit rewrites one small file. Layers are read on first use and kept in memory.
 */
export class LayerStore {
  /** Annotator name → their folder (relative to the workspace). */
  #scanning: Promise<Map<string, string>> | null = null
  /** Folders chosen for annotators whose first action is being checked: their _layer.json is not written yet. */
  readonly #pending = new Map<string, string>()
  /** Every folder under annotations/, whether or not its layer could be read: none is ever given to a new annotator. */
  readonly #existing = new Set<string>()
  /** Each layer folder's article files, listed once (see `files`). */
  readonly #listings = new Map<string, Promise<Set<string>>>()

  /** The article files' format, their quotes held as slices of the corpus's texts. */
  readonly #format: typeof LayerArticleFormat

  constructor(
    private readonly store: JsonStore,
    private readonly textSha256: (articleId: string) => string,
    /** An article's text, or undefined for an article the corpus does not have. */
    articleText: (articleId: string) => string | undefined = () => undefined,
  ) {
    this.#format = { ...LayerArticleFormat, compact: (file) => compactLayerFile(file, articleText(file.articleId)) }
  }

  /** The annotators who have a layer here, by name. */
  async annotators(): Promise<string[]> {
    return [...(await this.#scan()).keys()].sort(byCodeUnits)
  }

  /** The layer folders, scanned once: the background read and the first requests ask at the same time. */
  #scan(): Promise<Map<string, string>> {
    this.#scanning ??= this.#scanFolders().catch((error: unknown) => {
      this.#scanning = null
      throw error
    })
    return this.#scanning
  }

  async #scanFolders(): Promise<Map<string, string>> {
    const folders = new Map<string, string>()
    const entries = await readdir(this.store.resolve(ANNOTATIONS_DIR), { withFileTypes: true }).catch(() => [])
    for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => byCodeUnits(a.name, b.name))) {
      const folder = `${ANNOTATIONS_DIR}/${entry.name}`
      this.#existing.add(folder)
      const info = await this.store.open(`${folder}/_layer.json`, LayerInfoFormat, () => null)
      if (!info.data && !info.file.refusal) await this.#rebuildInfo(folder, info)
      if (info.data && !folders.has(info.data.annotator)) folders.set(info.data.annotator, folder)
    }
    return folders
  }

  /**
   * A layer folder whose _layer.json is missing, or was damaged with no good copy to restore: its
   * annotator is read from its article files (each names it) and its _layer.json written again.
   */
  async #rebuildInfo(folder: string, info: StoredFile<LayerInfoFile | null>): Promise<void> {
    const names = (await readdir(this.store.resolve(folder)).catch(() => [] as string[])).filter((n) => n.endsWith('.json') && n !== '_layer.json').sort()
    for (const name of names) {
      const text = await readFile(this.store.resolve(`${folder}/${name}`), 'utf8').catch(() => null)
      const reading = text === null ? null : readAs(LayerArticleFormat, text)
      if (reading?.kind !== 'current' && reading?.kind !== 'migrated') continue
      const annotator = reading.data.annotator
      info.data = { schemaVersion: LAYER_SCHEMA_VERSION, annotator }
      const file = `${folder}/_layer.json`
      const told = `The layer's annotator, ${annotator}, was read from its article files`
      const saved = this.store.readOnly ? false : await info.write().then(() => true, () => false)
      const rebuilt = `${told}${saved ? ' and the file written again' : ''}.`
      const notice = this.store.notices.find((n) => n.file === file && n.kind === 'reset')
      if (notice) notice.message = `${file} is damaged: ${notice.reason}. It was moved aside to ${notice.kept}, and there is no earlier good copy to put back. ${rebuilt}`
      else this.store.notices.push({ file, kind: 'restored', message: `${file} was missing. ${rebuilt}` })
      return
    }
  }

  /**
   * The annotator's folder; when there is none and `create` is set, a new one is chosen, which
   * `claim` writes (with its _layer.json) once an action in it is accepted.
   */
  async #folder(annotator: string, create: boolean): Promise<string | null> {
    const folders = await this.#scan()
    const known = folders.get(annotator)
    if (known || !create) return known ?? null
    const pending = this.#pending.get(annotator)
    if (pending) return pending
    const taken = new Set([...folders.values(), ...this.#pending.values(), ...this.#existing])
    const base = annotatorSlug(annotator)
    let folder = `${ANNOTATIONS_DIR}/${base}`
    for (let n = 2; taken.has(folder); n++) folder = `${ANNOTATIONS_DIR}/${base}-${n}`
    this.#pending.set(annotator, folder)
    return folder
  }

  /** Writes the _layer.json of an annotator's new folder: called before the first files of an accepted action are written. */
  async claim(annotator: string): Promise<void> {
    const folder = this.#pending.get(annotator)
    if (!folder) return
    const info = await this.store.open(`${folder}/_layer.json`, LayerInfoFormat, () => null)
    info.data = { schemaVersion: LAYER_SCHEMA_VERSION, annotator }
    await info.write()
    this.#pending.delete(annotator)
    ;(await this.#scan()).set(annotator, folder)
  }

  /** The file of one annotator's work on one article (empty when there is none yet); `create` chooses a folder for a new annotator. */
  async file(annotator: string, articleId: string, create = false): Promise<StoredFile<LayerArticleFile> | null> {
    const folder = await this.#folder(annotator, create)
    if (!folder) return null
    return this.store.open(`${folder}/${articleId}.json`, this.#format, () => ({
      schemaVersion: LAYER_SCHEMA_VERSION,
      annotator,
      articleId,
      textSha256: this.textSha256(articleId),
      annotations: [],
      links: [],
      articleNote: null,
    }))
  }

  /** Every article file of one annotator's layer: those on disk when it was first listed, and those written since. */
  async files(annotator: string, articleIds: readonly string[]): Promise<StoredFile<LayerArticleFile>[]> {
    const folder = await this.#folder(annotator, false)
    if (!folder) return []
    const listed = await this.#listed(folder)
    const files: StoredFile<LayerArticleFile>[] = []
    const wanted = articleIds.filter((id) => listed.has(id) || this.store.isOpen(`${folder}/${id}.json`))
    // one at a time: a file is read at once and parsed (the store's files are not read in the thread pool), and only its data is kept
    for (const id of wanted) {
      const file = await this.file(annotator, id)
      if (!file || !(listed.has(id) || file.file.hasSaved)) continue
      if (file.data.annotator !== annotator || file.data.articleId !== id) {
        throw new AppError('corrupt-file', `${folder}/${id}.json belongs to ${file.data.annotator} / ${file.data.articleId}, not to ${annotator} / ${id}.`)
      }
      files.push(file)
    }
    return files
  }

  /** The article ids with a file in a layer folder when it was first listed (files written since are open in the store). */
  #listed(folder: string): Promise<Set<string>> {
    let listing = this.#listings.get(folder)
    if (!listing) {
      listing = readdir(this.store.resolve(folder))
        .catch(() => [] as string[])
        .then((names) => new Set(names.filter((name) => name.endsWith('.json') && name !== '_layer.json').map((name) => path.basename(name, '.json'))))
      this.#listings.set(folder, listing)
    }
    return listing
  }

  /**
   * One annotator's annotations on these articles that overlap `within` (the first screen's
   * preview), in the order `layer` gives them. A file on disk not read yet whose text passed its
   * checks before is not read whole, nor kept: only its records that overlap are parsed
   * (`recordsWithin`). Any other file is read, and kept, as `files` reads it.
   */
  async annotationsWithin(annotator: string, articleIds: readonly string[], within: Span): Promise<Annotation[]> {
    const folder = await this.#folder(annotator, false)
    if (!folder) return []
    const listed = await this.#listed(folder)
    const found: Annotation[][] = []
    for (const id of articleIds) {
      const bytes = listed.has(id) ? this.store.checkedBytes(`${folder}/${id}.json`, LayerArticleFormat) : null
      const read = bytes && recordsWithin(bytes, within)
      if (read && read.annotator === annotator && read.articleId === id) found.push(read.annotations)
      else found.push(concatLists(await this.files(annotator, [id]), (f) => f.data.annotations.filter((a) => overlaps(a, within))))
    }
    return found.flat()
  }

  async layer(annotator: string, articleIds: readonly string[]): Promise<Layer> {
    const files = await this.files(annotator, articleIds)
    return {
      annotator,
      annotations: concatLists(files, (f) => f.data.annotations),
      links: concatLists(files, (f) => f.data.links),
      articleNotes: files.flatMap((f) => (f.data.articleNote ? [f.data.articleNote] : [])),
      ...(files.some((f) => f.data.decisions?.length) ? { decisions: concatLists(files, (f) => f.data.decisions ?? []) } : {}),
    }
  }
}
