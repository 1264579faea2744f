import path from 'node:path'
import { Low } from 'lowdb'
import type { z } from 'zod'
import { AppError } from '../../shared/result'
import { DurableJsonFile } from './durable-json-file'

/**
 * The store of one folder: one lowdb `Low` per JSON file, opened on first use and kept, so that
 * each file has one writer. Paths are relative to the root and can never leave it.
 */
export class JsonStore {
  readonly #files = new Map<string, Promise<Low<unknown>>>()

  constructor(readonly root: string) {}

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

  /** The file's database, read from disk on first use; `defaults` when the file does not exist yet. */
  async open<S extends z.ZodType>(relative: string, schema: S, defaults: () => z.output<S>): Promise<Low<z.output<S>>> {
    const full = this.resolve(relative)
    const cached = this.#files.get(full)
    if (cached) return cached as Promise<Low<z.output<S>>>
    const db = new Low<z.output<S>>(new DurableJsonFile(full, schema, relative), defaults())
    const opening = db.read().then(() => db)
    this.#files.set(full, opening as Promise<Low<unknown>>)
    opening.catch(() => this.#files.delete(full)) // a failed read is tried again next time
    return opening
  }
}
