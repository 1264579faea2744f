/**
 * What opening a workspace does so that no file, however damaged, stops it from opening: leftover
 * temp files of a killed writer are removed, and every store file is read once, so that each
 * damaged, older or newer one is dealt with (see `DurableJsonFile`) and reported to the user.
 */
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { setImmediate } from 'node:timers/promises'
import { AppError } from '../../shared/result'
import { removeStaleTempFiles } from '../store/durable-json-file'
import { BACKUP_DIR } from '../store/json-store'
import { ANNOTATIONS_DIR } from './layers'

/** Where the store writes, relative to the workspace: temp files of a killed writer can only be in these folders. */
async function storeFolders(root: string): Promise<string[]> {
  const folders = [root, path.join(root, '.parallax')]
  const annotations = path.join(root, ANNOTATIONS_DIR)
  const layers = await readdir(annotations, { withFileTypes: true }).catch(() => [])
  folders.push(...layers.filter((entry) => entry.isDirectory()).map((entry) => path.join(annotations, entry.name)))
  const backups = path.join(root, BACKUP_DIR)
  const below = await readdir(backups, { recursive: true, withFileTypes: true }).catch(() => [])
  folders.push(backups, ...below.filter((entry) => entry.isDirectory()).map((entry) => path.join(entry.parentPath, entry.name)))
  return folders
}

/** Removes the temp files that writers killed mid-write left in the workspace's store folders. */
export async function removeLeftoverTempFiles(root: string): Promise<number> {
  let removed = 0
  for (const folder of await storeFolders(root)) removed += await removeStaleTempFiles(folder)
  return removed
}

/** What a workspace offers for reading all of its store files. */
export interface StoreFiles {
  articleIds: readonly string[]
  uiState(): Promise<{ openArticles: readonly string[] }>
  entities(): Promise<unknown>
  layers: { annotators(): Promise<string[]>; files(annotator: string, articleIds: readonly string[]): Promise<unknown> }
}

/** Articles whose layer files are read between two calls of `between`. */
const FILES_AT_A_TIME = 16

/**
 * Reads every store file of the workspace once (they are kept open afterwards), so that what is
 * wrong with any of them is found, and dealt with, when the workspace opens rather than at the first
 * edit. Returns the problems that could not be dealt with (an unreadable file, say): the workspace
 * opens all the same, and the user is told. `between` is awaited first and before each few layer
 * files (the app's background read waits there while a request is served, and stops there once the
 * workspace is closed).
 */
export async function readAllStoreFiles(workspace: StoreFiles, options: { between?: () => Promise<void> } = {}): Promise<string[]> {
  const between = options.between ?? (() => Promise.resolve())
  const problems: string[] = []
  const attempt = async (read: () => Promise<unknown>): Promise<void> => {
    try {
      await read()
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      problems.push(error.message)
    }
  }
  await between()
  await attempt(() => workspace.uiState())
  await attempt(() => workspace.entities())
  let annotators: string[] = []
  await attempt(async () => {
    annotators = await workspace.layers.annotators()
  })
  for (const annotator of annotators) {
    for (let i = 0; i < workspace.articleIds.length; i += FILES_AT_A_TIME) {
      await between()
      await attempt(() => workspace.layers.files(annotator, workspace.articleIds.slice(i, i + FILES_AT_A_TIME)))
    }
  }
  return problems
}

/**
 * Reads the entities and every annotator's layer of the articles open in the columns (which the
 * view state names), for the layers the app asks for once its first screen is painted, so that they
 * are in memory when it asks: begun at opening when no layer file is known to pass its checks (the
 * first screen's preview then reads those files whole anyway: `Workspace.open`). What cannot be
 * read is left for that request to report; a workspace closed meanwhile has none of its layers read.
 * `idle` is awaited before each layer file: a file is read and parsed without letting go of the
 * thread (20–70 ms in a process that has just started), so none is begun while a request is being
 * served. The page waits for those: one that reads a small file of its own (the user's settings,
 * the view state) would otherwise wait for a layer file each time it lets go of the thread.
 */
export async function readOpenColumnsFiles(workspace: StoreFiles, stillOpen: () => boolean, idle: () => Promise<void>): Promise<void> {
  const quietly = (read: () => Promise<unknown>): Promise<unknown> => read().catch(() => undefined)
  const [state] = await Promise.all([workspace.uiState().catch(() => null), quietly(() => workspace.entities())])
  if (!state || state.openArticles.length === 0) return
  const annotators = await workspace.layers.annotators().catch((): string[] => [])
  for (const articleId of state.openArticles) {
    for (const annotator of annotators) {
      // after the requests that came in meanwhile (a turn of the event loop lets them in), and once they are served
      await setImmediate()
      await idle()
      if (!stillOpen()) return
      await quietly(() => workspace.layers.files(annotator, [articleId]))
    }
  }
}
