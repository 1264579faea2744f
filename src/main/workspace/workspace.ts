import { copyFile, mkdir, readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import type { Article, ArticleMeta } from '../../shared/corpus'
import { AppError } from '../../shared/result'
import { UI_STATE_SCHEMA_VERSION, UiState, type WorkspaceInfo } from '../../shared/workspace'
import { formatJson, writeFileDurably } from '../store/durable-json-file'
import { JsonStore } from '../store/json-store'
import { loadCorpus, MANIFEST_FILE, type Corpus } from './corpus'
import { Tagset } from '../../shared/tagset'
import { bundledCorpusDir } from '../paths'
import { LayerStore } from './layers'
import { readFile } from 'node:fs/promises'
import { describeZodError } from '../../shared/zod-errors'
import { openEntities } from './entities'
import type { SearchHit } from '../../shared/annotations'

export const WORKSPACE_FILE = 'parallax-workspace.json'
export const WORKSPACE_SCHEMA_VERSION = 1
/** Files in this folder are this machine's own (open columns …) and stay out of git. */
export const LOCAL_DIR = '.parallax'
export const TAGSET_FILE = 'tagset.json'
/** The tagset a workspace without its own uses: claims, speakers, quotes, translation errors. */
export const DEFAULT_TAGSET_FILE = path.join(bundledCorpusDir, TAGSET_FILE)

/** Reads and validates a tagset file; a bad one is refused with the field that is wrong. */
export async function readTagset(file: string, displayName = path.basename(file)): Promise<Tagset> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new AppError('corrupt-file', `${displayName} cannot be read as JSON: ${(error as Error).message}`)
  }
  const parsed = Tagset.safeParse(json)
  if (!parsed.success) throw new AppError('invalid-input', `${displayName} is not a valid tagset: ${describeZodError(parsed.error)}`)
  return parsed.data
}
const UI_FILE = `${LOCAL_DIR}/ui.json`

export const WorkspaceFile = z
  .object({
    schemaVersion: z.literal(WORKSPACE_SCHEMA_VERSION),
    name: z.string().min(1).max(200),
    /** The corpus folder, relative to the workspace: `corpus`, or `.` when the workspace is a folder of articles. */
    corpus: z.string().min(1).max(255),
  })
  .strict()
export type WorkspaceFile = z.infer<typeof WorkspaceFile>

const defaultUiState = (): UiState => ({ schemaVersion: UI_STATE_SCHEMA_VERSION, openArticles: [], sidebarOpen: true })

/**
 * Lower case for a case-insensitive search, keeping every offset where it was: a character whose
 * lower case is longer (İ → i̇) is left as it is, so offsets in the folded text are offsets in the text.
 */
function foldCase(text: string): string {
  const lower = text.toLocaleLowerCase()
  if (lower.length === text.length) return lower
  let folded = ''
  for (const char of text) {
    const lowerChar = char.toLocaleLowerCase()
    folded += lowerChar.length === char.length ? lowerChar : char
  }
  return folded
}

async function isDirectory(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null))?.isDirectory() ?? false
}

/** An open workspace: its corpus (read once, immutable) and the store for everything written. */
export class Workspace {
  readonly store: JsonStore
  readonly layers: LayerStore
  readonly articleIds: readonly string[]
  readonly #byId: Map<string, Article>

  private constructor(
    readonly root: string,
    readonly file: WorkspaceFile,
    readonly corpus: Corpus,
    readonly tagset: Tagset,
  ) {
    this.store = new JsonStore(root)
    this.#byId = new Map(corpus.articles.map((a) => [a.meta.id, a]))
    this.articleIds = corpus.articles.map((a) => a.meta.id)
    this.layers = new LayerStore(this.store, (id) => this.article(id).meta.sha256)
  }

  /**
   * Opens a workspace folder. A folder with a `corpus/` subfolder, or one that is itself a folder of
   * `.txt`/`.md` articles, becomes a workspace on first open (its workspace file is written then).
   */
  static async open(dir: string): Promise<Workspace> {
    const root = path.resolve(dir)
    if (!(await isDirectory(root))) throw new AppError('not-found', `There is no folder at ${root}.`)
    const store = new JsonStore(root)
    const db = await store.open(WORKSPACE_FILE, WorkspaceFile.nullable(), () => null)
    let file = db.data
    if (!file) {
      const corpusDir = (await isDirectory(path.join(root, 'corpus'))) ? 'corpus' : '.'
      file = { schemaVersion: WORKSPACE_SCHEMA_VERSION, name: path.basename(root), corpus: corpusDir }
    }
    const corpusDir = store.resolveInside(file.corpus)
    if (!(await isDirectory(corpusDir))) throw new AppError('not-found', `The workspace's corpus folder ${corpusDir} is missing.`)
    const corpus = await loadCorpus(corpusDir)
    if (corpus.articles.length === 0) {
      throw new AppError('not-found', `${root} holds no articles: a workspace needs .txt or .md files, in a corpus/ folder or in the folder itself.`)
    }
    const ownTagset = path.join(root, TAGSET_FILE)
    const tagset = await stat(ownTagset)
      .then(() => readTagset(ownTagset))
      .catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return readTagset(DEFAULT_TAGSET_FILE)
        throw error
      })
    if (!db.data) {
      db.data = file
      await db.write()
      await writeFileDurably(path.join(root, LOCAL_DIR, '.gitignore'), '*\n')
    }
    return new Workspace(root, file, corpus, tagset)
  }

  /** Creates a workspace in `dir` (new or empty) with a copy of the corpus in `corpusSource`. */
  static async init(dir: string, corpusSource: string): Promise<Workspace> {
    const root = path.resolve(dir)
    const existing = await readdir(root).catch(() => null)
    if (existing && existing.length > 0) throw new AppError('conflict', `${root} is not empty; choose a new or empty folder.`)
    if (!(await isDirectory(corpusSource))) throw new AppError('not-found', `There is no corpus folder at ${corpusSource}.`)
    const corpus = await loadCorpus(corpusSource)
    if (corpus.articles.length === 0) throw new AppError('not-found', `${corpusSource} holds no .txt or .md articles.`)
    // Checked before anything is written: a bad tagset must not leave a half-made workspace behind.
    const sourceTagset = path.join(corpusSource, TAGSET_FILE)
    const tagset = await readTagset((await stat(sourceTagset).catch(() => null)) ? sourceTagset : DEFAULT_TAGSET_FILE)
    const target = path.join(root, 'corpus')
    await mkdir(target, { recursive: true })
    const sources = await readdir(corpusSource, { withFileTypes: true })
    for (const entry of sources) {
      if (!entry.isFile()) continue
      if (entry.name === MANIFEST_FILE || /\.(txt|md)$/i.test(entry.name)) {
        await copyFile(path.join(corpusSource, entry.name), path.join(target, entry.name))
      }
    }
    const file: WorkspaceFile = {
      schemaVersion: WORKSPACE_SCHEMA_VERSION,
      name: corpus.name ?? path.basename(root),
      corpus: 'corpus',
    }
    await writeFileDurably(path.join(root, TAGSET_FILE), formatJson(tagset))
    await writeFileDurably(path.join(root, WORKSPACE_FILE), formatJson(file))
    await writeFileDurably(path.join(root, LOCAL_DIR, '.gitignore'), '*\n')
    return Workspace.open(root)
  }

  info(): WorkspaceInfo {
    return {
      path: this.root,
      name: this.file.name,
      corpusName: this.corpus.name,
      articleCount: this.corpus.articles.length,
      warnings: this.corpus.warnings,
    }
  }

  list(): ArticleMeta[] {
    return this.corpus.articles.map((a) => a.meta)
  }

  article(id: string): Article {
    const article = this.#byId.get(id)
    if (!article) throw new AppError('not-found', `There is no article "${id}" in this workspace.`)
    return article
  }

  has(id: string): boolean {
    return this.#byId.has(id)
  }

  entities() {
    return openEntities(this.store)
  }

  /** Every place the query occurs, in one article or all, with some context; at most `limit`. */
  search(query: string, options: { articleId?: string; caseSensitive?: boolean; limit?: number }): { hits: SearchHit[]; truncated: boolean } {
    const limit = options.limit ?? 500
    const articles = options.articleId ? [this.article(options.articleId)] : this.corpus.articles
    const needle = options.caseSensitive ? query : foldCase(query)
    const hits: SearchHit[] = []
    for (const { meta, text } of articles) {
      const haystack = options.caseSensitive ? text : foldCase(text)
      for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
        if (hits.length === limit) return { hits, truncated: true }
        const end = at + needle.length
        hits.push({ articleId: meta.id, start: at, end, before: text.slice(Math.max(0, at - 40), at), match: text.slice(at, end), after: text.slice(end, end + 40) })
      }
    }
    return { hits, truncated: false }
  }

  async uiState(): Promise<UiState> {
    const db = await this.store.open(UI_FILE, UiState, defaultUiState)
    return { ...db.data, openArticles: db.data.openArticles.filter((id) => this.has(id)) }
  }

  async updateUiState(patch: Partial<Omit<UiState, 'schemaVersion'>>): Promise<UiState> {
    for (const id of patch.openArticles ?? []) this.article(id)
    const db = await this.store.open(UI_FILE, UiState, defaultUiState)
    // A field given as undefined (IPC keeps such keys) is left as it is, not written out of the file.
    const given = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
    await db.update((state) => Object.assign(state, given))
    return this.uiState()
  }
}
