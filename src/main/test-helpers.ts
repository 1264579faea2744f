/**
 * Shared helpers for the main-process unit tests: temp folders that are removed after each test,
 * small corpora written on the fly, and assertions on `AppError`s and API results.
 * Not a test file itself (the test glob is `*.test.ts`), and never bundled into the app.
 */
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, expect, vi } from 'vitest'
import type { Annotation, Link } from '../shared/annotations'
import { channels, type Channel, type ChannelInput, type ChannelOutput } from '../shared/api'
import type { ErrorCode, Result } from '../shared/result'
import { AppError } from '../shared/result'
import { dispatch, type Handlers } from './handlers/dispatch'
import { createAppContext } from './handlers/index'
import { appRoot } from './paths'
import { BACKUP_DIR } from './store/json-store'
import { Workspace } from './workspace/workspace'

/** The five-article corpus that ships with Parallax, read in place (never written). */
export const BUNDLED_CORPUS = path.join(appRoot, 'corpus')

const tempDirs: string[] = []

afterEach(async () => {
  for (const dir of tempDirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

/** A fresh, empty folder under the system's temp folder, removed after the current test. */
export async function makeTempDir(prefix = 'parallax-test-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix))
  tempDirs.push(dir)
  return dir
}

/** Writes `files` (relative path → content) under `dir`, creating folders as needed. */
export async function writeFiles(dir: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name)
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, content)
  }
}

/** Asserts that `promise` rejects with an `AppError` of `code` whose message contains every one of `parts`. */
export async function expectAppError(promise: Promise<unknown>, code: ErrorCode, ...parts: string[]): Promise<AppError> {
  const error: unknown = await promise.then(
    () => expect.fail(`expected an AppError "${code}", but the call succeeded`),
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  const appError = error as AppError
  expect(appError.code, appError.message).toBe(code)
  for (const part of parts) expect(appError.message).toContain(part)
  return appError
}

/** Same as `expectAppError`, for a synchronous call. */
export function expectAppErrorSync(call: () => unknown, code: ErrorCode, ...parts: string[]): AppError {
  let error: unknown = null
  try {
    call()
  } catch (e) {
    error = e
  }
  expect(error, `expected an AppError "${code}"`).toBeInstanceOf(AppError)
  const appError = error as AppError
  expect(appError.code, appError.message).toBe(code)
  for (const part of parts) expect(appError.message).toContain(part)
  return appError
}

/** Asserts that `result` is an error result of `code`, whose message contains every one of `parts`. */
export function expectFailure(result: Result<unknown>, code: ErrorCode, ...parts: string[]): string {
  expect(result.ok, JSON.stringify(result)).toBe(false)
  if (result.ok) throw new Error('unreachable')
  expect(result.error.code, result.error.message).toBe(code)
  for (const part of parts) expect(result.error.message).toContain(part)
  return result.error.message
}

/**
 * Calls `channel` through `dispatch`, asserts that it succeeded, and checks the value against the
 * channel's output schema in the contract, so that no handler can return something the renderer does not expect.
 */
export async function call<C extends Channel>(handlers: Handlers, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await dispatch(handlers, channel, input)
  if (!result.ok) expect.fail(`${channel} failed: ${result.error.code}: ${result.error.message}`)
  return expectOutput(channel, result.value)
}

/** Parses `value` with the output schema of `channel`; fails the test if it does not match. */
export function expectOutput<C extends Channel>(channel: C, value: unknown): ChannelOutput<C> {
  const parsed = channels[channel].output.safeParse(value)
  if (!parsed.success) expect.fail(`${channel} returned a value that does not match its output schema: ${parsed.error.message}`)
  return parsed.data as ChannelOutput<C>
}

/** An app over a fresh workspace made by `Workspace.init` from `corpus` (the bundled one by default), with an empty data folder. */
export async function makeApp(corpus = BUNDLED_CORPUS) {
  const dataDir = await makeTempDir('parallax-data-')
  const workspace = await Workspace.init(path.join(await makeTempDir(), 'ws'), corpus)
  return { dataDir, workspace, context: createAppContext({ dataDir, workspace }) }
}

/**
 * Every file under `dir`, as relative path (with `/`) → content: to check that nothing was written.
 * The last good copies the store keeps in `.parallax/backups/` are left out: they change only when
 * the files they back up do, and have tests of their own (`src/main/store/`).
 */
export async function snapshotFiles(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  for (const entry of entries) {
    if (!entry.isFile()) continue
    const full = path.join(entry.parentPath, entry.name)
    const relative = path.relative(dir, full).split(path.sep).join('/')
    if (relative.startsWith(`${BACKUP_DIR}/`) || relative.includes(`/${BACKUP_DIR}/`)) continue
    files[relative] = await readFile(full, 'utf8')
  }
  return files
}

/** A fixed time for records made in tests. */
export const TEST_TIME = '2024-10-01T12:00:00.000Z'

/**
 * A new annotation of `needle` in an article, as the renderer sends it: offsets found with
 * `indexOf` (from `from` on), the exact quote, and prefix and suffix left for the main side to fill in.
 */
export function annotationOf(
  workspace: Workspace,
  articleId: string,
  needle: string,
  fields: Pick<Annotation, 'id' | 'label' | 'annotator'> & Partial<Pick<Annotation, 'attributes' | 'note'>> & { from?: number },
): Annotation {
  const text = workspace.article(articleId).text
  const start = text.indexOf(needle, fields.from ?? 0)
  if (start < 0) throw new Error(`"${needle}" is not in ${articleId}`)
  return {
    id: fields.id,
    articleId,
    start,
    end: start + needle.length,
    unit: 'utf16',
    quote: { exact: needle, prefix: '', suffix: '' },
    label: fields.label,
    attributes: fields.attributes ?? {},
    note: fields.note ?? '',
    annotator: fields.annotator,
    created: TEST_TIME,
    modified: TEST_TIME,
  }
}

/** A link between two annotations, from the first to the second. */
export function linkBetween(id: string, type: string, from: Annotation, to: Annotation, annotator: string, attributes: Link['attributes'] = {}): Link {
  return {
    id,
    type,
    from: { articleId: from.articleId, annotationId: from.id },
    to: { articleId: to.articleId, annotationId: to.id },
    attributes,
    note: '',
    annotator,
    created: TEST_TIME,
    modified: TEST_TIME,
  }
}

/** Whether a folder without write permission refuses writes here (it does not for root, who ignores the bits). */
export async function readOnlyFoldersRefuseWrites(): Promise<boolean> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parallax-probe-'))
  try {
    await chmod(dir, 0o555)
    return await writeFile(path.join(dir, 'probe'), '').then(
      () => false,
      () => true,
    )
  } finally {
    await chmod(dir, 0o755)
    await rm(dir, { recursive: true, force: true })
  }
}

/** A promise and the function that settles it. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((settle) => (resolve = settle))
  return { promise, resolve }
}

/**
 * What the command line printed, captured for each test of the file that calls this (at its top):
 * stdout and stderr, emptied before each test and by `clear()`, and a fresh `PARALLAX_HOME`.
 */
export function captureCliOutput(): { readonly stdout: string; readonly stderr: string; readonly dataDir: string; clear(): void } {
  const output = { stdout: '', stderr: '', dataDir: '' }
  beforeEach(async () => {
    output.stdout = ''
    output.stderr = ''
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.stdout += String(chunk)
      return true
    })
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      output.stderr += String(chunk)
      return true
    })
    output.dataDir = await makeTempDir('parallax-home-')
    vi.stubEnv('PARALLAX_HOME', output.dataDir)
  })
  afterEach(() => {
    vi.restoreAllMocks()
    vi.unstubAllEnvs()
  })
  return {
    get stdout() {
      return output.stdout
    },
    get stderr() {
      return output.stderr
    },
    get dataDir() {
      return output.dataDir
    },
    clear() {
      output.stdout = ''
      output.stderr = ''
    },
  }
}
