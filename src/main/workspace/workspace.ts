import { copyFile, mkdir, readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import type { Article, ArticleMeta } from '../../shared/corpus'
import { AppError } from '../../shared/result'
import { UI_STATE_SCHEMA_VERSION, UiState, type WorkspaceInfo } from '../../shared/workspace'
import { formatJson, writeFileDurably } from '../store/durable-json-file'
import { JsonStore } from '../store/json-store'
import { loadCorpus, MANIFEST_FILE, type Corpus } from './corpus'

export const WORKSPACE_FILE = 'parallax-workspace.json'
export const WORKSPACE_SCHEMA_VERSION = 1
/** Files in this folder are this machine's own (open columns …) and stay out of git. */
export const LOCAL_DIR = '.parallax'
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

async function isDirectory(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null))?.isDirectory() ?? false
}

/** An open workspace: its corpus (read once, immutable) and the store for everything written. */
export class Workspace {
  readonly store: JsonStore
  readonly #byId: Map<string, Article>

  private constructor(
    readonly root: string,
    readonly file: WorkspaceFile,
    readonly corpus: Corpus,
  ) {
    this.store = new JsonStore(root)
    this.#byId = new Map(corpus.articles.map((a) => [a.meta.id, a]))
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
    if (!db.data) {
      db.data = file
      await db.write()
      await writeFileDurably(path.join(root, LOCAL_DIR, '.gitignore'), '*\n')
    }
    return new Workspace(root, file, corpus)
  }

  /** Creates a workspace in `dir` (new or empty) with a copy of the corpus in `corpusSource`. */
  static async init(dir: string, corpusSource: string): Promise<Workspace> {
    const root = path.resolve(dir)
    const existing = await readdir(root).catch(() => null)
    if (existing && existing.length > 0) throw new AppError('conflict', `${root} is not empty; choose a new or empty folder.`)
    if (!(await isDirectory(corpusSource))) throw new AppError('not-found', `There is no corpus folder at ${corpusSource}.`)
    const corpus = await loadCorpus(corpusSource)
    if (corpus.articles.length === 0) throw new AppError('not-found', `${corpusSource} holds no .txt or .md articles.`)
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

  async uiState(): Promise<UiState> {
    const db = await this.store.open(UI_FILE, UiState, defaultUiState)
    return { ...db.data, openArticles: db.data.openArticles.filter((id) => this.has(id)) }
  }

  async updateUiState(patch: Partial<Omit<UiState, 'schemaVersion'>>): Promise<UiState> {
    for (const id of patch.openArticles ?? []) this.article(id)
    const db = await this.store.open(UI_FILE, UiState, defaultUiState)
    await db.update((state) => Object.assign(state, patch))
    return this.uiState()
  }
}
