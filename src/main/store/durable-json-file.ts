import { open, readFile, rename, unlink, mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { Adapter } from 'lowdb'
import type { z } from 'zod'
import { AppError } from '../../shared/result'

let tempCounter = 0

/** Writes `data` to `file` so that a reader sees either the old or the new content, and the new one survives a crash once this resolves. */
export async function writeFileDurably(file: string, data: string): Promise<void> {
  const dir = path.dirname(file)
  await mkdir(dir, { recursive: true })
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${++tempCounter}.tmp`)
  const handle = await open(temp, 'w', 0o644)
  try {
    await handle.writeFile(data, 'utf8')
    await handle.sync()
  } catch (error) {
    await handle.close()
    await unlink(temp).catch(() => undefined)
    throw error
  }
  await handle.close()
  try {
    await rename(temp, file)
  } catch (error) {
    await unlink(temp).catch(() => undefined)
    throw error
  }
  await syncDirectory(dir)
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

/** Stable formatting, so that a workspace under git shows small diffs. */
export const formatJson = (data: unknown): string => `${JSON.stringify(data, null, 2)}\n`

/**
 * A lowdb adapter for one JSON file: validated with its zod schema on read, written atomically
 * (temp file, fsync, rename, fsync of the folder) on write, one write at a time.
 */
export class DurableJsonFile<S extends z.ZodType> implements Adapter<z.output<S>> {
  #queue: Promise<unknown> = Promise.resolve()

  constructor(
    readonly file: string,
    private readonly schema: S,
    private readonly displayName = file,
  ) {}

  async read(): Promise<z.output<S> | null> {
    let raw: string
    try {
      raw = await readFile(this.file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw new AppError('io-error', `Cannot read ${this.displayName}: ${(error as Error).message}`)
    }
    let json: unknown
    try {
      json = JSON.parse(raw)
    } catch (error) {
      throw new AppError('corrupt-file', `${this.displayName} is not valid JSON: ${(error as Error).message}`)
    }
    const parsed = this.schema.safeParse(json)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : ''
      throw new AppError('corrupt-file', `${this.displayName} does not match its schema${where}: ${issue?.message ?? 'invalid'}`)
    }
    return parsed.data
  }

  write(data: z.output<S>): Promise<void> {
    const text = formatJson(data)
    const next = this.#queue.then(() => writeFileDurably(this.file, text))
    this.#queue = next.catch(() => undefined)
    return next.catch((error: unknown) => {
      throw new AppError('io-error', `Could not save ${this.displayName}: ${(error as Error).message}`)
    })
  }
}
