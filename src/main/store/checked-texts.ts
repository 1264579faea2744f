/**
 * The store files known to pass their format's checks, by the digest of their bytes: a layer file
 * read again unchanged (the next opening of a workspace) is parsed, and not checked again. Checking
 * every record with zod is most of what reading a large workspace costs (three seconds of seven at
 * 300,000 annotations, docs/performance.md); git's index saves its work the same way.
 *
 * A text is remembered only when it passed the checks and reads back as exactly what they gave (the
 * file is `formatJson` of the checked data: same keys, same order), so that trusting it gives the
 * same data as checking it; or when Parallax wrote it, as `formatJson` of data it holds (checked when
 * read, changed only by edits checked on their way in), so that the files edited in one session are
 * not checked again in the next (`written`, saved when the workspace closes). The digests are kept
 * under the name of the checks (`checksOf`), which changes with the schema, the app's version and
 * zod's, so a text checked by another Parallax is checked again.
 *
 * They are kept in the user's data folder, one file per workspace (`checkedFileOf`), never in the
 * workspace: a workspace copied, unzipped or cloned from someone else brings no trust with it, and a
 * forged list cannot make a hostile file skip its checks. Only the Parallax holding the workspace's
 * lock adds to them. Missing, damaged or of another version, the file is ignored and every layer
 * file checked, as on a first opening: it is only a shortcut.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { readFile, realpath } from 'node:fs/promises'
import path from 'node:path'
import { z } from 'zod'
import { appVersion } from '../paths'
import { formatJson, removeStaleTempFiles, tempFileFor, writeFileDurably, type WriteDurably } from './durable-json-file'
import { formatOf, readAs, type Reading } from './versions'

const CHECKED_SCHEMA_VERSION = 1
const CheckedFile = z.object({ schemaVersion: z.literal(CHECKED_SCHEMA_VERSION), workspace: z.string(), texts: z.array(z.string().max(200)) }).strict()
export const CheckedFormat = formatOf(CheckedFile, CHECKED_SCHEMA_VERSION)

/** The file in the user's data folder `dataDir` that holds the digests of the workspace at `root` (its real path, so that a link to it is the same workspace). */
export async function checkedFileOf(dataDir: string, root: string): Promise<{ file: string; workspace: string }> {
  const workspace = await realpath(root).catch(() => path.resolve(root))
  const name = createHash('sha256').update(workspace).digest('hex').slice(0, 32)
  return { file: path.join(dataDir, 'checked', `${name}.json`), workspace }
}

/**
 * The name of a schema's checks: a digest of its JSON Schema, zod's and the app's versions (a new
 * Parallax checks every file once), and `revision`, raised by hand when a check that JSON Schema
 * does not show (a refinement or a transform) changes between versions of the app.
 */
export function checksOf(schema: z.ZodType, revision: number): () => string {
  let name: string | null = null
  return () => {
    if (name !== null) return name
    const { major, minor, patch } = z.core.version
    const json = JSON.stringify(z.toJSONSchema(schema, { unrepresentable: 'any' }))
    name = `${createHash('sha256').update(`${json}\nzod ${major}.${minor}.${patch}\nparallax ${appVersion}`).digest('base64url').slice(0, 16)}.${revision}`
    return name
  }
}

export class CheckedTexts {
  /** "checks:digest" of every text known to pass: as loaded, and remembered since. */
  readonly #known: Set<string>
  /** Those of them met or checked since loading (a part of `#known`): what is saved, the files of the workspace as it is now. */
  readonly #seen = new Set<string>()
  /** Whether a text was remembered since the last save. */
  #changed = false

  constructor(
    /** Where they are kept, and the workspace they are of (its real path). */
    readonly file: string,
    readonly workspace: string,
    known: Iterable<string> = [],
    /** Whether texts checked now are remembered (only by the Parallax that will save them: the lock's holder). */
    readonly learns = true,
  ) {
    this.#known = new Set(known)
  }

  /** The texts remembered in `file` for `workspace`; none when it is missing, damaged, of another version or of another workspace. */
  static async load(file: string, workspace: string, learns = true): Promise<CheckedTexts> {
    const text = await readFile(file, 'utf8').catch(() => null)
    const reading = text === null ? null : readAs(CheckedFormat, text)
    const texts = reading?.kind === 'current' && reading.data.workspace === workspace ? reading.data.texts : []
    return new CheckedTexts(file, workspace, texts, learns)
  }

  /** The texts the user of the data folder `dataDir` remembered for the workspace at `root` (`checkedFileOf`). */
  static async ofWorkspace(dataDir: string, root: string, learns = true): Promise<CheckedTexts> {
    const { file, workspace } = await checkedFileOf(dataDir, root)
    return CheckedTexts.load(file, workspace, learns)
  }

  /**
   * A file (the `digest` of its bytes; decoded: `text`, asked for only when they are not trusted)
   * read by `read`, told to trust it when it passed `checks` before; remembered when it passes now
   * and reads back as what the checks gave.
   */
  read<T>(checks: string, digest: string, text: () => string, read: (trusted: boolean) => Reading<T>): Reading<T> {
    const trusted = this.has(checks, digest)
    const reading = read(trusted)
    if (!trusted && reading.kind === 'current') this.remember(checks, digest, text(), reading.data)
    return reading
  }

  /** Whether a text of this digest passed these checks before. */
  has(checks: string, digest: string): boolean {
    const key = `${checks}:${digest}`
    if (!this.#known.has(key)) return false
    this.#seen.add(key)
    return true
  }

  /** Whether it knows any text to pass these checks (none on a first opening, or after an update of Parallax or of the checks). */
  knowsAny(checks: string): boolean {
    const prefix = `${checks}:`
    for (const key of this.#known) if (key.startsWith(prefix)) return true
    return false
  }

  /** Remembers a text that passed the checks, when `text` is exactly `formatJson` of what they gave. */
  remember(checks: string, digest: string, text: string, checked: unknown): void {
    if (!this.learns || formatJson(checked) !== text) return
    const key = `${checks}:${digest}`
    this.#seen.add(key)
    if (!this.#known.has(key)) {
      this.#known.add(key)
      this.#changed = true
      this.#version += 1
    }
  }

  /**
   * A file Parallax wrote itself (the `digest` of its bytes), as `formatJson` of data that passed
   * `checks` (read and checked, then changed by edits checked on their way in): remembered, and the
   * text it replaced (`previous`) no longer among those met, so that the next opening does not check
   * again the files edited in this one.
   */
  written(checks: string, previous: string | null, digest: string): void {
    if (!this.learns) return
    // no other file has the text it replaced: a layer file names its annotator and its article
    if (previous !== null) {
      this.#seen.delete(`${checks}:${previous}`)
      this.#known.delete(`${checks}:${previous}`)
    }
    const key = `${checks}:${digest}`
    this.#seen.add(key)
    this.#known.add(key)
    this.#changed = true
    this.#version += 1
  }

  /** How many texts it remembers. */
  get size(): number {
    return this.#known.size
  }

  /**
   * Writes the texts met or checked since loading to its file, if that changes it (texts of files
   * changed or gone since are dropped then). Best effort: it is only a shortcut.
   */
  async save(write: WriteDurably = writeFileDurably): Promise<void> {
    this.#complete = true
    if (!this.#changed && this.#seen.size === this.#known.size) return
    await removeStaleTempFiles(path.dirname(this.file)) // what a save killed midway left (the workspace's own folders are cleaned at opening)
    if (this.#closed) return // saveNow wrote them meanwhile, newer
    const version = this.#version
    const texts = [...this.#seen].sort()
    await write(this.file, this.#format(texts)).then(
      () => this.#saved(texts, version),
      () => undefined,
    )
    // the workspace closed while this was being written: what closing saved, newer, goes back on top
    if (this.#closedWith) this.#writeNow(this.#closedWith)
  }

  /**
   * Writes the texts at once, when files were written since the last save: as `save` does once
   * every file was read (it has been called), else every text it knows (a text of a file not read
   * since loading stays trusted). For a workspace closing, whose process may end right after: not
   * flushed to disk, and a torn file is ignored at the next opening, as a missing one is.
   */
  saveNow(): void {
    this.#closed = true
    if (!this.learns || !this.#changed) return
    const texts = [...(this.#complete ? this.#seen : this.#known)].sort()
    if (!this.#writeNow(texts)) return
    this.#closedWith = texts
    this.#saved(texts, this.#version)
  }

  /** Writes `texts` at once, not flushed to disk; whether it could (best effort: it is only a shortcut). */
  #writeNow(texts: readonly string[]): boolean {
    const temp = tempFileFor(this.file)
    try {
      mkdirSync(path.dirname(this.file), { recursive: true })
      writeFileSync(temp, this.#format(texts))
      renameSync(temp, this.file)
      return true
    } catch {
      rmSync(temp, { force: true })
      return false
    }
  }

  /** Whether every file was read since loading (`save` was called): the texts met are then those of the workspace as it is. */
  #complete = false
  /** Whether the workspace closed (`saveNow`): a save begun before does not leave an older list over what it saved (`#closedWith`). */
  #closed = false
  #closedWith: readonly string[] | null = null
  /** Raised with each text remembered or written: a save tells by it whether texts came in while it wrote. */
  #version = 0

  #format(texts: readonly string[]): string {
    return formatJson({ schemaVersion: CHECKED_SCHEMA_VERSION, workspace: this.workspace, texts })
  }

  /** `texts` were written, as they were at `version`: what came in since stays to be saved. */
  #saved(texts: readonly string[], version: number): void {
    if (version !== this.#version) return
    this.#changed = false
    this.#known.clear()
    for (const key of texts) this.#known.add(key)
  }
}
