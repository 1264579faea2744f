import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { setImmediate } from 'node:timers/promises'
import path from 'node:path'
import { ArticleId, CorpusManifest, type ArticleMeta, type ManifestArticle } from '../../shared/corpus'
import { describeZodError } from '../../shared/zod-errors'

export const MANIFEST_FILE = 'manifest.json'
const ARTICLE_EXTENSIONS = new Set(['.txt', '.md'])
/** Articles read (and hashed) in one turn of the event loop (a few ms of it). */
const FILES_PER_TURN = 50

export interface CorpusArticle {
  meta: ArticleMeta
  text: string
}

export interface Corpus {
  name: string | null
  /** In manifest order, then the files the manifest does not list, by name. */
  articles: CorpusArticle[]
  warnings: string[]
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')

/** A readable id for a file without one: its name, lower-cased, with anything else turned into dashes. */
export function slugFromFileName(fileName: string): string {
  const base = path.basename(fileName, path.extname(fileName))
  const slug = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, 120)
    .replace(/[^a-z0-9]+$/g, '')
  return slug || 'article'
}

/** The first non-empty line of a text, shortened to a title, for an article without one. */
export function titleFromText(text: string, fallback: string): string {
  const line = text
    .split(/\r\n|\n|\r/)
    .map((l) => l.trim().replace(/^#+\s*/, ''))
    .find((l) => l.length > 0)
  if (!line) return fallback
  return line.length > 120 ? `${line.slice(0, 117).trimEnd()}…` : line
}

async function readManifest(dir: string, warnings: string[]): Promise<CorpusManifest | null> {
  let raw: string
  try {
    raw = await readFile(path.join(dir, MANIFEST_FILE), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warnings.push(`Cannot read ${MANIFEST_FILE}: ${(error as Error).message}`)
    return null
  }
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch (error) {
    warnings.push(`${MANIFEST_FILE} is not valid JSON (${(error as Error).message}); articles are listed with default metadata.`)
    return null
  }
  const parsed = CorpusManifest.safeParse(json)
  if (parsed.success) return parsed.data
  warnings.push(
    `${MANIFEST_FILE} was not used, ${describeZodError(parsed.error)}; articles are listed with default metadata.`,
  )
  return null
}

/**
 * Reads a corpus folder: its `.txt` and `.md` files, verbatim, with the metadata its manifest gives
 * and sensible defaults for the rest. Problems become warnings; nothing in the folder is changed.
 */
export async function loadCorpus(dir: string): Promise<Corpus> {
  const warnings: string[] = []
  const manifest = await readManifest(dir, warnings)
  const files = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && ARTICLE_EXTENSIONS.has(path.extname(entry.name).toLowerCase()))
    .map((entry) => entry.name)
    .sort()
  const present = new Set(files)
  const usedIds = new Set<string>()
  const articles: CorpusArticle[] = []

  const add = (file: string, entry: ManifestArticle | null, text: string): void => {
    const hash = sha256(text)
    let id = entry?.id ?? slugFromFileName(file)
    if (usedIds.has(id)) {
      const base = id.slice(0, 110).replace(/[^a-z0-9]+$/, '') // room for the suffix within an id's 120 characters
      let n = 2
      while (usedIds.has(`${base}-${n}`)) n++
      warnings.push(`Two articles are named "${id}"; ${file} is listed as "${base}-${n}".`)
      id = `${base}-${n}`
    }
    usedIds.add(id)
    if (entry?.sha256 && entry.sha256 !== hash) {
      warnings.push(`The text of ${file} differs from the one its manifest entry was written for.`)
    }
    articles.push({
      text,
      meta: {
        id: ArticleId.parse(id),
        title: entry?.title ?? titleFromText(text, file),
        outlet: entry?.outlet ?? null,
        date: entry?.date ?? null,
        language: entry?.language ?? 'und',
        ...(entry?.sourceLanguage ? { sourceLanguage: entry.sourceLanguage } : {}),
        provenance: entry?.provenance ?? 'unknown',
        provenanceNote: entry?.provenanceNote ?? '',
        length: text.length,
        sha256: hash,
      },
    })
  }

  /** The articles in the order they are listed: the manifest's first, then the other files. */
  const order: [string, ManifestArticle | null][] = []
  const listed = new Set<string>()
  for (const entry of manifest?.articles ?? []) {
    if (entry.file !== path.basename(entry.file) || !present.has(entry.file)) {
      warnings.push(`The manifest lists ${JSON.stringify(entry.file)} for "${entry.id}", but there is no such file in the corpus folder.`)
      continue
    }
    if (listed.has(entry.file)) {
      warnings.push(`The manifest lists ${entry.file} twice; the first entry is used.`)
      continue
    }
    listed.add(entry.file)
    order.push([entry.file, entry])
  }
  for (const file of files) if (!listed.has(file)) order.push([file, null])
  // Read synchronously, a batch per turn of the event loop: fs/promises' readFile goes through the thread pool
  // four times a file (open, stat, read, close), and a thousand articles took 170–280 ms of the main thread
  // (55–70 ms this way) while the page loads beside it; between batches the requests waiting are served.
  for (let i = 0; i < order.length; i += FILES_PER_TURN) {
    if (i > 0) await setImmediate()
    for (const [file, entry] of order.slice(i, i + FILES_PER_TURN)) add(file, entry, readFileSync(path.join(dir, file), 'utf8'))
  }
  return { name: manifest?.name ?? null, articles, warnings }
}
