import { copyFile, mkdir, readdir, rmdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { setImmediate } from 'node:timers/promises'
import { z } from 'zod'
import type { Article, ArticleMeta } from '../../shared/corpus'
import { AppError } from '../../shared/result'
import { UI_STATE_SCHEMA_VERSION, UiState, type WorkspaceInfo } from '../../shared/workspace'
import { formatJson, writeFileDurably, type WriteDurably } from '../store/durable-json-file'
import { CheckedTexts } from '../store/checked-texts'
import { JsonStore } from '../store/json-store'
import { formatOf } from '../store/versions'
import { migrations } from './migrations'
import { readAllStoreFiles, readOpenColumnsFiles, removeLeftoverTempFiles } from './recovery'
import { DEFAULT_TAGSET_FILE, openWorkspaceTagset, readTagset, TAGSET_FILE } from './tagset-file'
import { loadCorpus, MANIFEST_FILE, type Corpus } from './corpus'
import type { Tagset } from '../../shared/tagset'
import { LayerArticleFormat, LayerStore } from './layers'
import { openEntities } from './entities'
import type { SearchHit } from '../../shared/annotations'
import { acquireLock, describeHolder, type LockMode, type WorkspaceLock } from './lock'
import { Foreground } from './foreground'
import { inSlices } from './in-slices'

export const WORKSPACE_FILE = 'parallax-workspace.json'
export const WORKSPACE_SCHEMA_VERSION = 1
/** Files in this folder are this machine's own (open columns …) and stay out of git. */
export const LOCAL_DIR = '.parallax'
export { DEFAULT_TAGSET_FILE, readTagset, TAGSET_FILE }
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
export const WorkspaceFormat = formatOf(WorkspaceFile, WORKSPACE_SCHEMA_VERSION, migrations.workspace)
export const UiFormat = formatOf(UiState, UI_STATE_SCHEMA_VERSION, migrations.ui)

/** How a workspace is opened: `write` takes its lock for the app or the import that writes to it. */
export interface OpenOptions {
  /** Who will write. When another live process holds the lock, the workspace opens read-only. */
  write?: LockMode
  /** How the store writes its files: tests pass one that fails as a full disk would. */
  writer?: WriteDurably
  /** Only to read (the CLI's export and agreement): nothing is written, repaired or cleaned up, and no lock is taken. */
  readOnly?: boolean
  /**
   * When every store file is first read (and what is wrong with any of them dealt with and told):
   * before `open` resolves (the default: the command line, which needs them all), or after it, in
   * the background (the app: the first article is shown without waiting for a thousand others;
   * `loaded()` and the 'annotations:summary' channel wait for it). The background read starts when
   * `loaded()` is first called or two seconds after opening, whichever comes first, and waits while
   * a request is served; the layers of the articles open in the columns (`.parallax/ui.json`) are
   * read at once, since the page asks for them first.
   */
  readFiles?: 'at-open' | 'in-background'
  /**
   * The user's data folder, where the digests of this workspace's layer files that passed their
   * checks are kept (`CheckedTexts`): the next opening checks only the files changed since. Only an
   * opening that holds the lock adds to them. Without it, every file is checked.
   */
  dataDir?: string
}

/** How long after opening the background read starts by itself, if nothing asked for it before. */
const BACKGROUND_READ_AFTER_MS = 2_000

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
  /** This machine's view state while read-only: kept in memory, never written. */
  #uiInMemory: UiState | null = null
  readonly #lock: WorkspaceLock | null
  /** Store files that could not be read when the workspace opened (told to the user with the warnings). */
  #problems: string[] = []
  /** Every store file read once (see `OpenOptions.readFiles`). */
  #loaded: Promise<void> = Promise.resolve()
  /** The requests being served: the background read waits while there are any. */
  readonly #foreground = new Foreground()
  #closed = false
  /** The long counts asked for so far (`count`), each after the one before; those not yet begun by key. */
  #counts: Promise<unknown> = Promise.resolve()
  readonly #waitingCounts = new Map<string, Promise<unknown>>()
  /** Starts the background read now (see `OpenOptions.readFiles`). */
  #startReading: () => void = () => undefined
  #readSoon: NodeJS.Timeout | null = null
  /** The layer texts known to pass their checks, with those written since opening (saved when it closes). */
  #checked: CheckedTexts | undefined

  private constructor(
    readonly root: string,
    readonly file: WorkspaceFile,
    readonly corpus: Corpus,
    readonly tagset: Tagset,
    /** Who asked to write (`write` of `open`), so that a workspace opened from this one is locked the same way. */
    readonly writeMode: LockMode | null = null,
    /** Why nothing may be written here (another Parallax holds the lock), or null. */
    readonly readOnlyReason: string | null = null,
    lock: WorkspaceLock | null = null,
    store: JsonStore = new JsonStore(root),
  ) {
    this.#lock = lock
    this.store = store
    this.#byId = new Map(corpus.articles.map((a) => [a.meta.id, a]))
    this.articleIds = corpus.articles.map((a) => a.meta.id)
    this.layers = new LayerStore(this.store, (id) => this.article(id).meta.sha256, (id) => this.#byId.get(id)?.text)
  }

  /**
   * Opens a workspace folder. A folder with a `corpus/` subfolder, or one that is itself a folder of
   * `.txt`/`.md` articles, becomes a workspace on first open (its workspace file is written then).
   * With `write`, its lock is taken; held by another live process, the workspace opens read-only.
   */
  static async open(dir: string, options: OpenOptions = {}): Promise<Workspace> {
    const root = path.resolve(dir)
    if (!(await isDirectory(root))) throw new AppError('not-found', `There is no folder at ${root}.`)
    // the lock first: nothing is written or repaired here (temp files removed, a damaged file moved
    // aside, the workspace file made) before it is known whether another Parallax writes here
    const hadLocalDir = await isDirectory(path.join(root, LOCAL_DIR))
    const lock = options.write ? acquireLock(root, options.write) : null
    const readOnlyReason =
      lock && !lock.ok
        ? `This workspace is read-only here: ${describeHolder(lock.holder, lock.file)}. Close it there, then open the workspace again to edit it here.`
        : null
    const held = lock?.ok ? lock.lock : null
    try {
      const readOnly = readOnlyReason !== null || options.readOnly === true
      const checked = options.dataDir ? await CheckedTexts.ofWorkspace(options.dataDir, root, held !== null) : undefined
      const store = new JsonStore(root, { write: options.writer, checked })
      store.readOnly = readOnly
      const db = await store.open(WORKSPACE_FILE, WorkspaceFormat, () => null)
      if (db.file.refusal) throw new AppError('read-only', `${db.file.refusal} The workspace cannot be opened until then.`)
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
      // only in a folder known to be a workspace, and not while another Parallax writes to it: what a killed save left behind
      if (!readOnly) await removeLeftoverTempFiles(root)
      const tagset = await openWorkspaceTagset(store)
      if (!db.data && !readOnly) {
        db.data = file
        await db.write()
        await writeFileDurably(path.join(root, LOCAL_DIR, '.gitignore'), '*\n')
      }
      const workspace = new Workspace(root, file, corpus, tagset, options.write ?? null, readOnlyReason, held, store)
      workspace.#checked = checked
      const background = options.readFiles === 'in-background'
      const stillOpen = (): boolean => !workspace.#closed
      const between = async (): Promise<void> => {
        await workspace.#foreground.idle()
        if (!stillOpen()) throw new Error('the workspace was closed') // a closed workspace's read stops here
      }
      // in the background: once asked for (`loaded()`), or shortly after opening, so that the first screen has the machine to itself
      const asked = background ? new Promise<void>((resolve) => (workspace.#startReading = resolve)) : Promise.resolve()
      if (background) workspace.#readSoon = setTimeout(workspace.#startReading, BACKGROUND_READ_AFTER_MS).unref()
      const reading = asked
        .then(() => readAllStoreFiles(workspace, background ? { between } : {}))
        .then(async (problems) => {
          workspace.#problems = problems
          // every file read: the texts checked are remembered for the next opening, by the Parallax that holds the lock
          if (checked?.learns && stillOpen()) await checked.save(options.writer)
        })
      if (background) {
        // no layer file known to pass its checks (a first opening, an update): the first screen's
        // preview reads the open columns' files whole, and they are read now, while the page loads;
        // else when the app asks for them (read ahead, they take the machine from the page painting
        // that screen)
        const checks = LayerArticleFormat.checks?.()
        if (!checks || !checked?.knowsAny(checks)) void readOpenColumnsFiles(workspace, stillOpen, () => workspace.#foreground.idle())
        // a few files at a time, between the requests that come in (the user waits for those); a failure of its own (not a file's) is a problem to tell, not a crash
        workspace.#loaded = reading.catch((error: unknown) => {
          workspace.#problems = [`Some annotation files could not be read: ${(error as Error).message}`]
        })
      } else await reading
      return workspace
    } catch (error) {
      held?.release()
      // a folder that turned out not to be a workspace keeps no .parallax/ of ours (rmdir: only if left empty)
      if (held && !hadLocalDir) await rmdir(path.join(root, LOCAL_DIR)).catch(() => undefined)
      throw error
    }
  }

  /** Creates a workspace in `dir` (new or empty) with a copy of the corpus in `corpusSource`. */
  static async init(dir: string, corpusSource: string, options: OpenOptions = {}): Promise<Workspace> {
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
    return Workspace.open(root, options)
  }

  info(): WorkspaceInfo {
    return {
      path: this.root,
      name: this.file.name,
      corpusName: this.corpus.name,
      articleCount: this.corpus.articles.length,
      warnings: [...this.corpus.warnings, ...this.store.notices.map((notice) => notice.message), ...this.#problems],
      ...(this.readOnlyReason ? { readOnly: true, readOnlyReason: this.readOnlyReason } : {}),
    }
  }

  /**
   * Resolves once every store file has been read (at once, unless opened with `readFiles:
   * 'in-background'`). A request waiting here does not hold the background read back.
   */
  loaded(): Promise<void> {
    this.#startReading()
    return this.#foreground.waitingFor(this.#loaded)
  }

  /**
   * Runs a long count (the agreement report, the review's progress: steps, see src/shared/steps.ts,
   * made by `start` when the count begins) in slices, giving way to the other requests between them
   * (`giveWay`), after the counts asked for before it: one at a time, since two would take turns and
   * each finish twice as late. A count asked for again (the same `key`) while one is still waiting
   * to begin shares that one's result: it will read the layers as they are when it begins.
   */
  count<T>(key: string, start: () => Promise<Generator<void, T>>): Promise<T> {
    const waiting = this.#waitingCounts.get(key) as Promise<T> | undefined
    if (waiting) return this.#foreground.waitingFor(waiting)
    const counting = this.#foreground.waitingFor(this.#counts).then(async () => {
      this.#waitingCounts.delete(key) // begun: a request from now on may come after a save this count does not see
      return inSlices(await start(), { pause: () => this.giveWay() })
    })
    this.#waitingCounts.set(key, counting)
    this.#counts = counting.catch(() => undefined)
    return counting
  }

  /**
   * Between two slices of a long request: one turn of the event loop, so that requests sent
   * meanwhile come in, then a wait until they are served, or `atMostMs` (a long export or import
   * does not stop the count). The request giving way is not counted meanwhile.
   */
  giveWay(atMostMs = 50): Promise<void> {
    return this.#foreground.waitingFor(
      setImmediate().then(() => {
        // after the request stopped being counted (`waitingFor`): else it would wait for itself
        let timer: NodeJS.Timeout | undefined
        const enough = new Promise<void>((resolve) => (timer = setTimeout(resolve, atMostMs)))
        return Promise.race([this.#foreground.idle(), enough]).finally(() => clearTimeout(timer))
      }),
    )
  }

  /** Serves one request: the background read waits until it is done (see `Foreground`). */
  serve<T>(work: () => Promise<T> | T): Promise<T> {
    return this.#foreground.serve(work)
  }

  get readOnly(): boolean {
    return this.readOnlyReason !== null
  }

  /** Throws the `read-only` error when another Parallax writes to this workspace. */
  assertWritable(): void {
    if (this.readOnlyReason) throw new AppError('read-only', this.readOnlyReason)
  }

  /** Gives up the workspace's lock, if this one holds it (a switch of workspace, the end of the process). */
  close(): void {
    // what is still being read in the background repairs nothing on disk from now on: the lock is given up
    this.store.readOnly = true
    this.#closed = true
    if (this.#readSoon) clearTimeout(this.#readSoon)
    this.#startReading() // which stops at once: whoever waits for it is answered
    // the files written since opening are remembered as checked: the next opening reads them unchecked
    this.#checked?.saveNow()
    this.#lock?.release()
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
    const state = this.#uiInMemory ?? (await this.store.open(UI_FILE, UiFormat, defaultUiState)).data
    return { ...state, openArticles: state.openArticles.filter((id) => this.has(id)) }
  }

  /** Saves the view state in `.parallax/ui.json`; while read-only, keeps it in memory instead (the other Parallax writes that file). */
  async updateUiState(patch: Partial<Omit<UiState, 'schemaVersion'>>): Promise<UiState> {
    for (const id of patch.openArticles ?? []) this.article(id)
    // A field given as undefined (IPC keeps such keys) is left as it is, not written out of the file.
    const given = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
    if (this.readOnly) {
      this.#uiInMemory = { ...(await this.uiState()), ...given }
      return this.uiState()
    }
    const db = await this.store.open(UI_FILE, UiFormat, defaultUiState)
    await db.update((state) => Object.assign(state, given))
    return this.uiState()
  }
}
