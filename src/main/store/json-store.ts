import path from 'node:path'
import { Low, type Adapter } from 'lowdb'
import type { z } from 'zod'
import { AppError } from '../../shared/result'
import { digestOf, DurableJsonFile, keepBackup, readFileBytes, writeFileDurably, type FileNotice, type WriteDurably } from './durable-json-file'
import type { CheckedTexts } from './checked-texts'
import type { FileFormat } from './versions'

/** Where a store keeps the last good copy of each of its files, relative to its root (git-ignored in a workspace). */
export const BACKUP_DIR = '.parallax/backups'

/**
 * One file's database. A write that fails leaves `data` as it is on disk, so that nothing unsaved
 * ever looks saved (unless a later write is already on its way, which then carries the change).
 */
export class StoredFile<T> extends Low<T> {
  #writes = 0
  /**
   * The data as it is on disk: the object last read or written (null: nothing is, the defaults are
   * shown). Never changed in place — edits replace `data` with a new object, and `update` works on a
   * copy — so it is what a failed write puts back, without keeping a second copy of every file.
   */
  #onDisk: T | null = null

  constructor(
    readonly file: DurableJsonFile<z.ZodType>,
    private readonly defaults: () => T,
  ) {
    super(file as Adapter<T>, defaults())
  }

  override async read(): Promise<void> {
    await super.read()
    this.#onDisk = this.file.hasSaved ? this.data : null
  }

  override async write(): Promise<void> {
    const write = ++this.#writes
    const data = this.data
    try {
      await super.write()
      this.#onDisk = data
    } catch (error) {
      if (write === this.#writes) this.data = this.#onDisk ?? this.defaults()
      throw error
    }
  }

  /** Changes the data (a copy of it: what is on disk stays as it is until written) and writes it. */
  override async update(fn: (data: T) => unknown): Promise<void> {
    this.data = structuredClone(this.data)
    fn(this.data)
    await this.write()
  }

  /** Throws the reason this file may not be written (a newer Parallax wrote it), if there is one. */
  assertWritable(): void {
    if (this.file.refusal) throw new AppError('read-only', this.file.refusal)
  }
}

export interface JsonStoreOptions {
  /** How files are written: `writeFileDurably`, or in tests one that fails like a full disk. */
  write?: WriteDurably
  /** The texts known to pass their checks (kept in the user's data folder): files of a format that names its checks are not checked again when unchanged. */
  checked?: CheckedTexts
}

/**
 * The store of one folder: one lowdb `Low` per JSON file, opened on first use and kept, so that
 * each file has one writer. Paths are relative to the root and can never leave it. Each file's
 * previous version is kept as its last good copy under `.parallax/backups/`, and what was done with
 * a damaged, older or newer file is kept in `notices` for the user.
 */
export class JsonStore {
  /** Each file's database, by its full path and by the relative names it was asked for (which `resolve` checked). */
  readonly #files = new Map<string, Promise<StoredFile<unknown>>>()
  readonly #write: WriteDurably
  readonly #checked: CheckedTexts | undefined
  /** Files the app reads but never writes, whose last good copy is kept once this store first writes (opening alone writes nothing). */
  readonly #backUpAtFirstWrite: string[] = []
  /** What opening the files found and did, in the order it happened. */
  readonly notices: FileNotice[] = []
  /** While true (another Parallax writes here), damaged and older files are repaired in memory only, never on disk. */
  readOnly = false

  constructor(
    readonly root: string,
    options: JsonStoreOptions = {},
  ) {
    const write = options.write ?? writeFileDurably
    this.#checked = options.checked
    this.#write = async (file, data, writeOptions) => {
      await write(file, data, writeOptions)
      for (const relative of this.#backUpAtFirstWrite.splice(0)) await this.#keepBackupOf(relative)
    }
  }

  /** The absolute path of `relative`, which must stay inside the root (the root itself allowed). */
  resolveInside(relative: string): string {
    if (relative.includes('\0')) throw new AppError('invalid-input', 'A file name contains a NUL byte.')
    const full = path.resolve(this.root, relative)
    const rel = path.relative(this.root, full)
    if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
      throw new AppError('invalid-input', `The path ${JSON.stringify(relative)} is outside the workspace.`)
    }
    return full
  }

  /** The absolute path of the file `relative`, which must lie inside the root. */
  resolve(relative: string): string {
    const full = this.resolveInside(relative)
    if (full === path.resolve(this.root)) throw new AppError('invalid-input', 'A file name is empty.')
    return full
  }

  /** Where the last good copy of `relative` is kept. */
  backupOf(relative: string): string {
    return path.join(this.resolveInside(BACKUP_DIR), path.relative(this.root, this.resolve(relative)))
  }

  /** The file's database, read from disk on first use; `defaults` when the file does not exist yet (or could not be restored). */
  async open<S extends z.ZodType, D extends z.output<S> | null = z.output<S>>(relative: string, format: FileFormat<S>, defaults: () => D): Promise<StoredFile<z.output<S> | D>> {
    // by the name asked for first: a layer of a thousand articles is asked for file by file, often
    const known = this.#files.get(relative) ?? this.#files.get(this.resolve(relative))
    if (known) {
      this.#files.set(relative, known)
      return known as Promise<StoredFile<z.output<S> | D>>
    }
    const full = this.resolve(relative)
    const name = path.relative(this.root, full).split(path.sep).join('/')
    const adapter = new DurableJsonFile(full, format, {
      name,
      backup: this.backupOf(relative),
      write: this.#write,
      report: (notice) => this.notices.push(notice),
      mayRepair: () => !this.readOnly,
      checked: this.#checked,
    })
    const db = new StoredFile<z.output<S> | D>(adapter, defaults)
    const opening = db.read().then(() => db)
    this.#files.set(full, opening as Promise<StoredFile<unknown>>)
    this.#files.set(relative, opening as Promise<StoredFile<unknown>>)
    opening.catch(() => {
      // a failed read is tried again next time
      this.#files.delete(full)
      this.#files.delete(relative)
    })
    return opening
  }

  /**
   * The bytes of `relative`, a file not open here, when its text passed the checks of `format`
   * before (`CheckedTexts`), which only a text exactly as Parallax formats it does; null otherwise
   * (no such file, a text not known to pass, a file that cannot be read), and the file is to be
   * opened to be read. Nothing is opened or kept.
   */
  checkedBytes(relative: string, format: FileFormat<z.ZodType>): Buffer | null {
    const checks = format.checks?.()
    if (!checks || !this.#checked || this.isOpen(relative)) return null
    let bytes: Buffer | null
    try {
      bytes = readFileBytes(this.resolve(relative), relative)
    } catch {
      return null // opening it says what is wrong
    }
    return bytes && this.#checked.has(checks, digestOf(bytes)) ? bytes : null
  }

  /** Whether `relative` has been opened (and not failed to read). */
  isOpen(relative: string): boolean {
    return this.#files.has(relative) || this.#files.has(this.resolve(relative))
  }

  /**
   * Keeps the version of `relative` on disk now as its last good copy, for a file the app reads but
   * never writes (the tagset), once it has been read as good: a copy (the user may edit the file in
   * place), made when this store first writes, so that opening a workspace alone writes nothing.
   */
  keepBackupOf(relative: string): void {
    if (!this.#backUpAtFirstWrite.includes(relative)) this.#backUpAtFirstWrite.push(relative)
  }

  async #keepBackupOf(relative: string): Promise<void> {
    await keepBackup(this.resolve(relative), this.backupOf(relative), 'copy')
  }
}
