/**
 * The store files known to pass their format's checks, by the digest of their bytes: a layer file
 * read again unchanged (the next opening of a workspace) is parsed, and not checked again. Checking
 * every record with zod is most of what reading a large workspace costs (three seconds of seven at
 * 300,000 annotations, docs/performance.md); git works the same way with its index.
 *
 * A text is remembered only when it passed the checks and reads back as exactly what they gave (the
 * file is `formatJson` of the checked data: same keys, same order), so that trusting it gives the
 * same data as checking it. The name of the checks (`FileFormat.checks`) changes with the schema, so
 * a text checked by an older Parallax is checked again. The file is this machine's own
 * (`.parallax/checked.json`, git-ignored) and only ever a shortcut: missing, damaged or of another
 * version, it is ignored, and every file is checked as if it were new.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { formatJson, writeFileDurably, type WriteDurably } from './durable-json-file'
import { formatOf, readAs } from './versions'

/** Where a workspace keeps them, relative to its root. */
export const CHECKED_FILE = '.parallax/checked.json'
const CHECKED_SCHEMA_VERSION = 1

const CheckedFile = z.object({ schemaVersion: z.literal(CHECKED_SCHEMA_VERSION), texts: z.array(z.string().max(200)) }).strict()
export const CheckedFormat = formatOf(CheckedFile, CHECKED_SCHEMA_VERSION)

/** The digest a file's bytes are remembered by. */
export const digestOf = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('base64')

/** The name of a schema's checks: a digest of its JSON Schema, `revision` raised when a check JSON Schema cannot say (a refinement) changes. */
export function checksOf(schema: z.ZodType, revision: number): () => string {
  let name: string | null = null
  return () => (name ??= `${createHash('sha256').update(JSON.stringify(z.toJSONSchema(schema, { unrepresentable: 'any' }))).digest('base64url').slice(0, 16)}.${revision}`)
}

export class CheckedTexts {
  /** "checks:digest" of every text known to pass: as loaded, and remembered since. */
  readonly #known: Set<string>
  /** Those of them met or checked since loading (a part of `#known`): what is saved, the files of the workspace as it is now. */
  readonly #seen = new Set<string>()
  /** Whether a text was remembered since the last save. */
  #changed = false

  constructor(known: Iterable<string> = []) {
    this.#known = new Set(known)
  }

  /** The texts remembered in `file`; none when it is missing, damaged or of another version. */
  static async load(file: string): Promise<CheckedTexts> {
    const text = await readFile(file, 'utf8').catch(() => null)
    const reading = text === null ? null : readAs(CheckedFormat, text)
    return new CheckedTexts(reading?.kind === 'current' ? reading.data.texts : [])
  }

  /** Whether a text of this digest passed these checks before. */
  has(checks: string, digest: string): boolean {
    const key = `${checks}:${digest}`
    if (!this.#known.has(key)) return false
    this.#seen.add(key)
    return true
  }

  /** Remembers a text that passed the checks, when `text` is exactly `formatJson` of what they gave. */
  remember(checks: string, digest: string, text: string, checked: unknown): void {
    if (formatJson(checked) !== text) return
    const key = `${checks}:${digest}`
    this.#seen.add(key)
    if (!this.#known.has(key)) {
      this.#known.add(key)
      this.#changed = true
    }
  }

  /** How many texts it remembers. */
  get size(): number {
    return this.#known.size
  }

  /**
   * Writes the texts met or checked since loading to `file`, if that changes it (texts of files
   * changed or gone since are dropped then). Best effort: it is only a shortcut.
   */
  async save(file: string, write: WriteDurably = writeFileDurably): Promise<void> {
    if (!this.#changed && this.#seen.size === this.#known.size) return
    const texts = [...this.#seen].sort()
    await write(file, formatJson({ schemaVersion: CHECKED_SCHEMA_VERSION, texts })).then(
      () => {
        this.#changed = false
        this.#known.clear()
        for (const key of texts) this.#known.add(key)
      },
      () => undefined,
    )
  }
}
