/**
 * The store case: create, update and delete one annotation at a time through the handler table's
 * 'edits:apply', each timed until the call resolves (for Parallax: written and fsynced). First the
 * workspace is opened as the app opens it: its annotation files read in the background, the first
 * columns' layers listed, and the summary of every layer asked for (which waits until every file is
 * read), so that the store holds what it holds in the app. The baseline runs the same calls over one
 * lowdb file, whose whole content it lists.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Annotation, Edit } from '../../src/shared/annotations'
import { quoteAt, snapToWords } from '../../src/shared/anchoring'
import { defaultAttributes } from '../../src/shared/attribute-rules'
import type { Handlers } from '../../src/main/handlers/dispatch'
import { CheckedTexts } from '../../src/main/store/checked-texts'
import { ANNOTATIONS_DIR, annotatorSlug, type LayerArticleFile } from '../../src/main/workspace/layers'
import { invoke, openApp, peakRssMb, writeSettings } from '../app'
import { ANNOTATORS } from '../generate'
import { readTextsAndTagset, SingleFileStore, type SingleFileData, type TextsAndTagset } from '../lowdb-baseline'
import { Random } from '../random'

export interface StoreCaseOptions {
  root: string
  /** The user's data folder (settings); written here. */
  dataDir: string
  samples: number
  seed?: number
  target: 'parallax' | 'lowdb'
  /** The baseline's single file, made beforehand with buildSingleFile (in another process, so that its memory is not counted). */
  dbFile?: string
  /** Read the results back from disk after each phase (always for Parallax; the baseline's file is large). */
  verify?: boolean
}

export interface StoreCaseResult {
  target: 'parallax' | 'lowdb'
  /** Opening the workspace until everything is read: for Parallax the summary of every layer, for the baseline every layer listed, serialized as the host sends it. */
  loadMs: number
  /** For Parallax: opening the workspace until the first columns' layers are listed (what the first paint waits for). */
  firstColumnsMs: number | null
  create: number[]
  update: number[]
  delete: number[]
  /** Of the annotations this case made: how many were on disk after each phase (-1: not checked). */
  onDisk: { afterCreate: number; afterUpdate: number; afterDelete: number }
  peakRssMb: number
}

const USER = ANNOTATORS[0]
const UPDATED_VERDICT = 'supported'

/** A word of some article, as a user's selection snapped to words would give. */
function pickSpan(random: Random, workspace: TextsAndTagset): { articleId: string; start: number; end: number } {
  for (let tries = 0; tries < 100; tries++) {
    const articleId = random.pick(workspace.articleIds)
    const text = workspace.article(articleId).text
    const at = random.int(0, Math.max(0, text.length - 2))
    const span = snapToWords(text, { start: at, end: at + 1 })
    if (span && span.end - span.start < 200 && !text.slice(span.start, span.end).includes('\n')) return { articleId, ...span }
  }
  throw new Error('no word found to annotate')
}

/**
 * Opens the workspace as the app does (its lock taken, its files read in the background), the first
 * columns' layers listed (`firstColumnsMs` after starting), then the summary of every layer, which
 * waits until every file is read (and the layer files checked are remembered in the user's data
 * folder for the next opening: `CheckedTexts`).
 */
async function openAsTheAppDoes(root: string, dataDir: string): Promise<Awaited<ReturnType<typeof openApp>> & { firstColumnsMs: number }> {
  const started = performance.now()
  const app = await openApp(root, dataDir, { readFiles: 'in-background', write: 'browser' })
  const { openArticles } = await invoke(app.handlers, 'ui:get', {})
  JSON.stringify({ ok: true, value: await invoke(app.handlers, 'annotations:list', { articleIds: openArticles.length ? openArticles : app.workspace.articleIds.slice(0, 1) }) })
  const firstColumnsMs = performance.now() - started
  JSON.stringify({ ok: true, value: await invoke(app.handlers, 'annotations:summary', {}) })
  return { ...app, firstColumnsMs }
}

/**
 * The first opening of a workspace by the user of `dataDir`, as the app opens it, until every file is
 * read: the only one that checks every layer file (the next openings by the same user trust the
 * files unchanged since: `CheckedTexts`). The benchmark opens each workspace so once before the other
 * cases, as a researcher's workspace has been. Returns how many layer files it remembered.
 */
export async function runFirstOpening(options: { root: string; dataDir: string }): Promise<{ loadMs: number; checked: number }> {
  await writeSettings(options.dataDir, USER)
  const started = performance.now()
  const { workspace } = await openAsTheAppDoes(options.root, options.dataDir)
  const loadMs = performance.now() - started
  workspace.close()
  return { loadMs, checked: (await CheckedTexts.ofWorkspace(options.dataDir, options.root)).size }
}

export async function runStoreCase(options: StoreCaseOptions): Promise<StoreCaseResult> {
  const random = new Random(options.seed ?? 7)
  await writeSettings(options.dataDir, USER)
  const dbFile = options.dbFile ?? path.join(options.dataDir, 'db.json')
  const started = performance.now()
  let workspace: TextsAndTagset
  let handlers: Handlers
  let firstColumnsMs: number | null = null
  /** Closes Parallax's workspace once measured, as the app does (the files it wrote remembered as checked). */
  let closing: (() => void) | null = null
  if (options.target === 'lowdb') {
    // the corpus and the tagset, and the one file: none of Parallax's store is opened
    const texts = await readTextsAndTagset(options.root)
    const baseline = await SingleFileStore.open(dbFile, texts)
    JSON.stringify({ ok: true, value: baseline.list() })
    workspace = texts
    // the same dispatch (the channel's input checked by its schema), with the baseline behind 'edits:apply'
    handlers = { 'edits:apply': baseline.editsHandler(USER) } as Handlers
  } else {
    const app = await openAsTheAppDoes(options.root, options.dataDir)
    workspace = app.workspace
    closing = () => app.workspace.close()
    handlers = app.handlers
    firstColumnsMs = app.firstColumnsMs
  }
  const loadMs = performance.now() - started

  const label = workspace.tagset.labels.find((l) => l.id === 'claim') ?? workspace.tagset.labels[0]!
  const created: Annotation[] = []
  const time = async (edits: Edit[]): Promise<number> => {
    const t = performance.now()
    await invoke(handlers, 'edits:apply', { edits, layer: 'own' })
    return performance.now() - t
  }
  const stamp = new Date().toISOString()
  const result: StoreCaseResult = { target: options.target, loadMs, firstColumnsMs, create: [], update: [], delete: [], onDisk: { afterCreate: -1, afterUpdate: -1, afterDelete: -1 }, peakRssMb: 0 }
  const verify = options.target === 'parallax' || options.verify === true
  const onDisk = async (check: (a: Annotation) => boolean): Promise<number> => {
    if (!verify) return -1
    const found = options.target === 'lowdb' ? await annotationsInFile(dbFile) : await annotationsInLayer(options.root, created)
    const ids = new Map(found.map((a) => [a.id, a]))
    return created.filter((a) => ids.has(a.id) && check(ids.get(a.id) as Annotation)).length
  }

  for (let i = 0; i < options.samples; i++) {
    const { articleId, start, end } = pickSpan(random, workspace)
    const annotation: Annotation = {
      id: random.uuid(),
      articleId,
      start,
      end,
      unit: 'utf16',
      quote: quoteAt(workspace.article(articleId).text, start, end),
      label: label.id,
      attributes: defaultAttributes(label.attributes),
      note: '',
      annotator: USER,
      created: stamp,
      modified: stamp,
    }
    result.create.push(await time([{ op: 'put-annotation', annotation }]))
    created.push(annotation)
  }
  result.onDisk.afterCreate = await onDisk(() => true)
  for (const annotation of created) {
    const updated: Annotation = { ...annotation, attributes: { ...annotation.attributes, verdict: UPDATED_VERDICT }, modified: new Date().toISOString() }
    result.update.push(await time([{ op: 'put-annotation', annotation: updated }]))
  }
  result.onDisk.afterUpdate = await onDisk((a) => a.attributes.verdict === UPDATED_VERDICT)
  for (const annotation of created) result.delete.push(await time([{ op: 'delete-annotation', articleId: annotation.articleId, id: annotation.id }]))
  result.onDisk.afterDelete = await onDisk(() => true)
  result.peakRssMb = peakRssMb()
  closing?.()
  return result
}

/** The user's annotations in the layer files the created annotations are in, read straight from disk. */
async function annotationsInLayer(root: string, created: readonly Annotation[]): Promise<Annotation[]> {
  const folder = path.join(root, ANNOTATIONS_DIR, annotatorSlug(USER))
  const found: Annotation[] = []
  for (const articleId of new Set(created.map((a) => a.articleId))) {
    const file = JSON.parse(await readFile(path.join(folder, `${articleId}.json`), 'utf8')) as LayerArticleFile
    found.push(...file.annotations)
  }
  return found
}

async function annotationsInFile(file: string): Promise<Annotation[]> {
  return (JSON.parse(await readFile(file, 'utf8')) as SingleFileData).annotations
}
