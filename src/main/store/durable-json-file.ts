import { createHash } from 'node:crypto'
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs'
import { copyFile, link, mkdir, open, readdir, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import type { Adapter } from 'lowdb'
import type { z } from 'zod'
import { AppError } from '../../shared/result'
import type { CheckedTexts } from './checked-texts'
import { newerMessage, readAs, type FileFormat, type Reading } from './versions'
import { jsonChunks, StreamedArray } from './json-chunks'
import { jsonTextOf } from './json-text'

let tempCounter = 0

/**
 * A file's bytes, or null when there is no file (`shownAs`: its name in the error). Read at once,
 * not in Node's thread pool: the pool's round trips (open, stat, read, close, each a promise) cost
 * more than reading a layer file of ~80 KB from the page cache, and the parsing after it holds this
 * thread anyway (docs/performance.md). Opened without waiting, and read only when it is a regular
 * file: a named pipe would hold the process until a writer came.
 */
export function readFileBytes(file: string, shownAs: string): Buffer | null {
  const failed = (error: unknown) => new AppError('io-error', `Cannot read ${shownAs}: ${(error as Error).message}`)
  let fd: number
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw failed(error)
  }
  try {
    const info = fstatSync(fd)
    if (!info.isFile()) throw new Error(info.isDirectory() ? 'it is a folder' : 'it is not a regular file')
    return readFileSync(fd)
  } catch (error) {
    throw failed(error)
  } finally {
    closeSync(fd)
  }
}

/**
 * What tells two versions of a file's text apart without keeping either, and what a text that passed
 * its checks is remembered by (`CheckedTexts`): the SHA-256 of its UTF-8, given whole or in pieces,
 * or of bytes (the same for a text and its bytes).
 */
export function digestOf(data: string | Uint8Array | readonly string[]): string {
  const hash = createHash('sha256')
  if (typeof data === 'string' || data instanceof Uint8Array) hash.update(data)
  else for (const piece of data) hash.update(piece)
  return hash.digest('base64')
}

/** A temp file beside `file`: `.<name>.<pid>.<n>.tmp`, so that a leftover can be told apart and its writer checked. */
export const tempFileFor = (file: string): string => path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++tempCounter}.tmp`)
/** A temp file of a store file (always a .json): `.<name>.json.<pid>.<n>.tmp`. */
const TEMP_FILE = /^\..+\.json\.(\d+)\.\d+\.tmp$/

export interface WriteOptions {
  /**
   * Where to keep the version being replaced, as the last good copy: hard-linked there before the
   * new one is renamed into place (no bytes copied; versions are never changed in place).
   */
  backup?: string
}

/** How a store file is written (its text whole, or in pieces written one after the other); the store takes another one only in tests (a full disk, say). */
export type WriteDurably = (file: string, data: string | readonly string[], options?: WriteOptions) => Promise<void>

/**
 * Writes `data` to `file` so that a reader sees either the old or the new content, and the new one
 * survives a crash once this resolves: a temp file in the same folder, fsync, rename, fsync of the folder.
 */
export const writeFileDurably: WriteDurably = (file, data, options = {}) => writeChunksDurably(file, typeof data === 'string' ? [data] : data, options)

/** `writeFileDurably` for text given as chunks, written one after the other (an export too large for one string). */
export async function writeChunksDurably(file: string, chunks: Iterable<string>, options: WriteOptions = {}): Promise<void> {
  const dir = path.dirname(file)
  await mkdir(dir, { recursive: true })
  const temp = tempFileFor(file)
  const handle = await open(temp, 'w', 0o644)
  const out = new ChunkWriter(handle)
  try {
    for (const chunk of chunks) {
      const full = out.add(chunk)
      if (full) await full
    }
    await out.end()
    await handle.sync()
  } catch (error) {
    await out.ended() // a chunk that could not be made: the write under way ends first
    await handle.close()
    await unlink(temp).catch(() => undefined)
    throw error
  }
  await handle.close()
  if (options.backup) await keepBackup(file, options.backup)
  try {
    await rename(temp, file)
  } catch (error) {
    await unlink(temp).catch(() => undefined)
    throw error
  }
  await syncDirectory(dir)
}

/** Bytes gathered before a write goes out: a store file is one write, an export one a megabyte. */
const WRITE_BYTES = 1 << 20

/**
 * Chunks of text encoded into one of two buffers kept for the file while the other is being
 * written, a write going out once WRITE_BYTES are gathered or the chunks end: a small file is one
 * write (one wait, not one a chunk, so that a save made while other work runs in slices waits for
 * one of them, not one a chunk), and a large one is made while it is written. Encoding into kept
 * buffers: `Buffer.from` (what writeFile does with a string) measures and allocates every chunk
 * anew, 3–4 ms a million characters here for text with curly quotes, where this takes 1–1.7 ms.
 */
class ChunkWriter {
  readonly #buffers = [Buffer.alloc(0), Buffer.alloc(0)]
  #current = 0
  #filled = 0
  #writing: Promise<void> = Promise.resolve()

  constructor(private readonly handle: FileHandle) {}

  /**
   * Encodes `chunk` into the current buffer, at once unless that buffer is full: then it returns
   * the wait for the write before, to be awaited before the next chunk (an export's chunks are a
   * few hundred thousand pieces of a line each, and awaiting each cost a turn of the microtask queue).
   */
  add(chunk: string): Promise<void> | undefined {
    // at most 3 bytes a UTF-16 code unit (a surrogate pair, two units, is 4 bytes)
    if (this.#filled > 0 && this.#filled + chunk.length * 3 > WRITE_BYTES) return this.#flush().then(() => this.#encode(chunk))
    this.#encode(chunk)
    return undefined
  }

  #encode(chunk: string): void {
    const most = chunk.length * 3
    let buffer = this.#buffers[this.#current] as Buffer
    if (buffer.length - this.#filled < most) {
      const larger = Buffer.allocUnsafe(Math.max(this.#filled + most, Math.min(2 * buffer.length, 2 * WRITE_BYTES)))
      buffer.copy(larger, 0, 0, this.#filled)
      this.#buffers[this.#current] = buffer = larger
    }
    this.#filled += buffer.write(chunk, this.#filled, 'utf8')
  }

  /** Writes what is gathered; resolves once every write has ended. */
  async end(): Promise<void> {
    if (this.#filled > 0) await this.#flush()
    await this.#writing
  }

  /** Once the write under way has ended, whether it failed or not. */
  ended(): Promise<void> {
    return this.#writing.catch(() => undefined)
  }

  /** Starts writing the current buffer, once the other one's write has ended, and gathers into that one next. */
  async #flush(): Promise<void> {
    await this.#writing
    this.#writing = writeAll(this.handle, this.#buffers[this.#current] as Buffer, this.#filled)
    this.#current = 1 - this.#current
    this.#filled = 0
  }
}

/** Writes the first `length` bytes of `buffer` at the file's position, however many calls it takes. */
async function writeAll(handle: FileHandle, buffer: Buffer, length: number): Promise<void> {
  for (let done = 0; done < length; ) done += (await handle.write(buffer, done, length - done)).bytesWritten
}

/**
 * Makes `backup` the version of `file` on disk now, put in place by rename: a hard link when that
 * version is about to be replaced by rename (it is never changed in place again), else a copy (a
 * file the user may edit in place, such as the tagset). Best effort: a save never fails for want of a backup.
 */
export async function keepBackup(file: string, backup: string, how: 'link' | 'copy' = 'link'): Promise<void> {
  const temp = tempFileFor(backup)
  const linkOrCopy = async (): Promise<void> => {
    try {
      if (how === 'copy') await copyFile(file, temp)
      else await link(file, temp)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || how === 'copy') throw error
      await copyFile(file, temp) // a file system without hard links
    }
  }
  try {
    try {
      await linkOrCopy()
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !(await stat(file).catch(() => null))) return // nothing to keep yet
      await mkdir(path.dirname(backup), { recursive: true }) // the first backup in this folder
      await linkOrCopy()
    }
    await rename(temp, backup)
  } catch {
    // no backup this time: the save goes on
  }
  // rename leaves both names when they are links to one file already (the backup is up to date)
  await unlink(temp).catch(() => undefined)
}

async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return // directories cannot be opened for fsync there
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** A temp file older than this is a leftover even if a process of its pid runs (pids are reused). */
const TEMP_FILE_MAX_AGE_MS = 10 * 60 * 1000

/**
 * Removes the temp files a killed writer left in `dir` (`.<name>.<pid>.<n>.tmp`): those whose
 * process is gone, or that are old. A live writer's file is left alone. Returns how many went.
 */
export async function removeStaleTempFiles(dir: string): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[])
  let removed = 0
  for (const name of names) {
    const match = TEMP_FILE.exec(name)
    if (!match) continue
    const file = path.join(dir, name)
    const pid = Number(match[1])
    const info = await stat(file).catch(() => null)
    if (!info?.isFile()) continue
    const stale = (pid !== process.pid && !isRunning(pid)) || Date.now() - info.mtimeMs > TEMP_FILE_MAX_AGE_MS
    if (stale && (await unlink(file).then(() => true, () => false))) removed++
  }
  return removed
}

/** Stable formatting, so that a workspace under git shows small diffs. */
export const formatJson = (data: unknown): string => `${JSON.stringify(data, null, 2)}\n`

/**
 * `formatJson`'s text in pieces: the arrays at the top of an object a few records at a time
 * (`jsonChunks`). A layer file of 100 annotations is ~74,000 characters, two bytes each with its
 * curly quotes: whole, a string of V8's large-object space, fresh memory for every save (see
 * json-text.ts); in pieces, each is young and short-lived.
 */
export function formatJsonPieces(data: unknown): string[] {
  const plain = typeof data === 'object' && data !== null && !Array.isArray(data) && typeof (data as { toJSON?: unknown }).toJSON !== 'function'
  if (!plain) return [formatJson(data)]
  const streamed = Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Array.isArray(value) ? new StreamedArray(value) : value]))
  return [...jsonChunks(streamed), '\n']
}

/** A name for a file moved aside, unique to the moment: `2026-11-22T18-02-11-120Z`. */
const stamp = (): string => new Date().toISOString().replace(/[:.]/g, '-')

const causes: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  EIO: 'the disk reported an error',
  ENOENT: 'a folder on the way is missing and could not be made',
  ENOTDIR: 'a part of the path is a file, not a folder',
  // what making the folders says when a part of the path is a file
  EEXIST: 'a part of the path is a file, not a folder',
  EISDIR: 'there is a folder by that name',
}

/** Why a write failed, for the user: the file, the cause in plain words, and the system's message. */
export function describeWriteFailure(name: string, error: unknown): string {
  const cause = causes[(error as NodeJS.ErrnoException)?.code ?? '']
  const detail = (error as Error)?.message ?? String(error)
  return `Could not save ${name}: ${cause ? `${cause} (${detail})` : detail}.`
}

/** What happened to a file that could not be read as it was: told to the user when the workspace opens. */
export interface FileNotice {
  /** The file, as the user knows it (relative to the workspace). */
  file: string
  kind: 'restored' | 'reset' | 'migrated' | 'newer' | 'left'
  message: string
  /** Why a damaged file could not be read. */
  reason?: string
  /** Where a damaged file was moved, or an older one's original kept, as the user is shown it. */
  kept?: string
}

export interface DurableJsonFileOptions {
  /** The file's name in messages; its full path by default. */
  name?: string
  /** Where the last good copy is kept (see `WriteOptions.backup`); none when absent. */
  backup?: string
  /** How to write; `writeFileDurably` but in tests. */
  write?: WriteDurably
  /** Told what was done with a damaged, older or newer file. */
  report?: (notice: FileNotice) => void
  /** Whether a damaged or older file may be repaired on disk (not while another Parallax writes the workspace: then only in memory). */
  mayRepair?: () => boolean
  /** The texts known to pass their checks, for a format that names its checks (`FileFormat.checks`). */
  checked?: CheckedTexts
}

/**
 * A lowdb adapter for one JSON file of a known format, written atomically and durably, one write at a time.
 *
 * Reading never loses data and never stops the workspace from opening:
 * - an older `schemaVersion` is migrated; the original is kept beside the backups (`<backup>.schema-v<n>`);
 * - a newer one is left as it is: it reads as absent and every write is refused with an `update Parallax` message;
 * - a damaged file (truncated, empty, zero-filled, not valid against its schema) is moved aside to
 *   `<file>.corrupt-<time>` and its last good copy put back where there is one; otherwise it starts again empty.
 * Each of these is reported through `report`.
 */
export class DurableJsonFile<S extends z.ZodType> implements Adapter<z.output<S>> {
  #queue: Promise<unknown> = Promise.resolve()
  /**
   * Whether this adapter has read or written the file's content. Not the text itself: a workspace's
   * files would be held twice in memory (a quarter of a gigabyte at 300,000 annotations); the store
   * keeps the data (`StoredFile`).
   */
  #saved = false
  /** A digest of the text this adapter last wrote (null before its first write): an unchanged file is not written again. */
  #written: string | null = null
  /** The size in bytes of the file read, before the first write: a text of another size is not the file's, and it need not be read again to tell. */
  #readSize: number | null = null
  /** Why this file must never be written (written by a newer Parallax, or damaged and stuck in place). */
  #refusal: string | null = null
  readonly name: string
  readonly #write: WriteDurably
  readonly #backup: string | undefined
  readonly #report: (notice: FileNotice) => void
  readonly #mayRepair: () => boolean
  readonly #checked: CheckedTexts | undefined
  /** The digest (digestOf) of the text on disk when it passed the checks, read or written by this adapter. */
  #checkedDigest: string | null = null

  constructor(
    readonly file: string,
    private readonly format: FileFormat<S>,
    options: DurableJsonFileOptions = {},
  ) {
    this.name = options.name ?? file
    this.#write = options.write ?? writeFileDurably
    this.#backup = options.backup
    this.#report = options.report ?? (() => undefined)
    this.#mayRepair = options.mayRepair ?? (() => true)
    this.#checked = options.checked
  }

  /** Why writing this file is refused, or null when it may be written. */
  get refusal(): string | null {
    return this.#refusal
  }

  async read(): Promise<z.output<S> | null> {
    const bytes = this.#readBytes(this.file)
    if (bytes === null) return null
    let decoded: string | null = null
    const text = (): string => (decoded ??= bytes.toString('utf8'))
    const reading = this.#readChecked(bytes, text)
    switch (reading.kind) {
      case 'current':
        this.#saved = true
        this.#readSize = bytes.length
        return reading.data
      case 'migrated':
        return this.#migrated(text(), reading)
      case 'newer':
        this.#refusal = newerMessage(this.name, reading.version, this.format.version)
        this.#report({ file: this.name, kind: 'newer', message: this.#refusal })
        return null
      case 'corrupt':
        return this.#recover(reading.reason)
    }
  }

  /** Whether this adapter has read or written the file's content (else the store shows the defaults). */
  get hasSaved(): boolean {
    return this.#saved
  }

  write(data: z.output<S>): Promise<void> {
    if (this.#refusal) return Promise.reject(new AppError('read-only', this.#refusal))
    const text = formatJsonPieces(data)
    const next = this.#queue.then(async () => {
      // what is on disk already is not written again (nor its backup moved on): an import of the same file twice changes nothing
      // (the text this adapter last wrote is known by its digest; before its first write, the file is read to compare, unless the sizes tell: `#holds`)
      const written = digestOf(text)
      if (this.#saved && (await this.#holds(text, written))) return
      await this.#write(this.file, text, { backup: this.#backup })
      this.#saved = true
      this.#written = written
      this.#rememberWritten(written)
    })
    this.#queue = next.catch(() => undefined)
    return next.catch((error: unknown) => {
      throw new AppError('io-error', describeWriteFailure(this.name, error))
    })
  }

  /**
   * Whether the file holds `text` (in pieces) already (`written` its digest): known from the last
   * write, else read and compared, unless its size when read tells them apart (an edit's first save
   * of a file then skips reading 80 KB back). Were the file changed on disk since to exactly `text`,
   * the worst is a needless write, which makes the version on disk the last good copy, as any save does.
   */
  async #holds(text: readonly string[], written: string): Promise<boolean> {
    if (this.#written !== null) return this.#written === written
    if (this.#readSize !== null && this.#readSize !== text.reduce((size, piece) => size + Buffer.byteLength(piece), 0)) return false
    // the bytes, not their decoding: a byte sequence that is not UTF-8 decodes to the text it would be replaced by
    return digestOf((await readFile(this.file).catch(() => null)) ?? '') === written
  }

  /**
   * The file (its `bytes`, decoded: `text`) read as a file of this format, not checked again when its
   * bytes passed the checks before (`CheckedTexts`); such a file is parsed from `jsonTextOf` its bytes.
   */
  #readChecked(bytes: Buffer, text: () => string): Reading<z.output<S>> {
    const checks = this.format.checks?.()
    if (!checks || !this.#checked) return readAs(this.format, text())
    const digest = digestOf(bytes)
    const reading = this.#checked.read(checks, digest, text, (trusted) => readAs(this.format, trusted ? jsonTextOf(bytes) : text(), { trusted }))
    if (reading.kind === 'current') this.#checkedDigest = digest
    return reading
  }

  /** A text this adapter wrote (`digest`: its digestOf), of data that passed its format's checks: remembered as such (`CheckedTexts.written`). */
  #rememberWritten(digest: string): void {
    const checks = this.format.checks?.()
    if (!checks || !this.#checked?.learns) return
    this.#checked.written(checks, this.#checkedDigest, digest)
    this.#checkedDigest = digest
  }

  #readText(file: string): string | null {
    return this.#readBytes(file)?.toString('utf8') ?? null
  }

  #readBytes(file: string): Buffer | null {
    return readFileBytes(file, file === this.file ? this.name : file)
  }

  /** An older file: the original kept, the migrated version written in its place. */
  async #migrated(original: string, reading: Extract<Reading<z.output<S>>, { kind: 'migrated' }>): Promise<z.output<S>> {
    const text = formatJson(reading.data)
    const was = `${this.name} was in an older format (schema version ${reading.from}) and is read as version ${this.format.version}`
    if (!this.#mayRepair()) {
      this.#report({ file: this.name, kind: 'migrated', message: `${was}; it is rewritten when the workspace is next opened for writing.` })
      this.#refusal = `${this.name} is not yet updated to the current format; open the workspace for writing first.`
      return reading.data
    }
    const copy = await this.#freeName(`${this.#backup ?? this.file}.schema-v${reading.from}`)
    await this.#write(copy, original)
    await this.#write(this.file, text)
    this.#saved = true
    this.#report({ file: this.name, kind: 'migrated', message: `${was}; it was updated, and the original is kept as ${this.#shown(copy)}.`, kept: this.#shown(copy) })
    return reading.data
  }

  /** A damaged file: moved aside, and its last good copy put back where there is one. */
  async #recover(reason: string): Promise<z.output<S> | null> {
    const damaged = `${this.name} is damaged: ${reason}.`
    const good = await this.#lastGoodCopy()
    if (!this.#mayRepair()) {
      this.#refusal = `${damaged} It is repaired when the workspace is next opened for writing.`
      const shown = good ? 'its last good copy is shown meanwhile' : 'nothing of it is shown meanwhile'
      this.#report({ file: this.name, kind: 'left', message: `${damaged} It is left as it is (${shown}) until the workspace is opened for writing.` })
      return good?.data ?? null
    }
    const aside = await this.#freeName(`${this.file}.corrupt-${stamp()}`)
    try {
      await rename(this.file, aside)
    } catch (error) {
      this.#refusal = `${damaged} It could not be moved aside (${(error as Error).message}), so it is left as it is and nothing is written to it.`
      this.#report({ file: this.name, kind: 'left', message: this.#refusal })
      return null
    }
    const kept = `It was moved aside to ${this.#shown(aside)}`
    if (!good) {
      this.#report({
        file: this.name,
        kind: 'reset',
        message: `${damaged} ${kept}, and there is no earlier good copy to put back: it starts again empty (what it held is still in ${this.#shown(aside)}).`,
        reason,
        kept: this.#shown(aside),
      })
      return null
    }
    await this.#write(this.file, good.text)
    this.#saved = true
    this.#report({
      file: this.name,
      kind: 'restored',
      message: `${damaged} ${kept}, and its last good copy, saved ${good.savedAt}, was put back: anything saved to it after that is not recovered (its damaged content is kept in ${this.#shown(aside)}).`,
      reason,
      kept: this.#shown(aside),
    })
    return good.data
  }

  /** The backup, when it reads as a good file of this format. */
  async #lastGoodCopy(): Promise<{ data: z.output<S>; text: string; savedAt: string } | null> {
    if (!this.#backup) return null
    let text: string | null = null
    try {
      text = this.#readText(this.#backup)
    } catch {
      return null
    }
    if (text === null) return null
    const reading = readAs(this.format, text)
    if (reading.kind !== 'current' && reading.kind !== 'migrated') return null
    const info = await stat(this.#backup).catch(() => null)
    // put back byte for byte when it is of this version, so that the file reads the same to git
    return { data: reading.data, text: reading.kind === 'current' ? text : formatJson(reading.data), savedAt: info ? info.mtime.toISOString() : 'time unknown' }
  }

  /** `wanted`, or a numbered variant of it when that name is taken. */
  async #freeName(wanted: string): Promise<string> {
    for (let n = 1; ; n++) {
      const name = n === 1 ? wanted : `${wanted}-${n}`
      if (!(await stat(name).catch(() => null))) return name
    }
  }

  /** A path as the user is shown it: relative to where the file's name is. */
  #shown(file: string): string {
    if (this.name === this.file) return file
    const base = this.file.slice(0, this.file.length - this.name.length)
    return file.startsWith(base) ? file.slice(base.length).split(path.sep).join('/') : file
  }
}
