/**
 * What exporters read and importers produce: plain data, so that every format is a pure function
 * tested without a disk.
 */
import type { Entity, Layer } from '../../shared/annotations'
import type { ArticleMeta } from '../../shared/corpus'
import { AppError } from '../../shared/result'
import type { Tagset } from '../../shared/tagset'

export const exportFormats = ['native', 'w3c', 'brat', 'labelstudio', 'mqm', 'csv'] as const
export type ExportFormat = (typeof exportFormats)[number]
export const importFormats = ['native', 'w3c', 'brat', 'labelstudio'] as const
export type ImportFormat = (typeof importFormats)[number]

export interface ExportArticle {
  meta: ArticleMeta
  text: string
}

/** A workspace's work as exporters see it: the chosen articles and layers, in a stable order. */
export interface ExportInput {
  workspaceName: string
  tagset: Tagset
  articles: ExportArticle[]
  entities: Entity[]
  layers: Layer[]
}

/** One file an export writes; `path` is relative to the chosen folder (brat writes several). */
export interface ExportFile {
  path: string
  content: string
}

/** A file given to an importer: its name (for messages) and its text. */
export interface ImportFile {
  name: string
  content: string
}

/**
 * What an importer read: layers whose annotations carry offsets (UTF-16, in the text the file was
 * made on) and quotes; the workspace re-anchors them on its own text before anything is written.
 */
export interface ImportBundle {
  layers: Layer[]
  entities: Entity[]
  /** The text hash the file recorded per article, where it did. */
  articleHashes: Record<string, string>
}

export interface ImportContext {
  tagset: Tagset
  /** The workspace's text of an article, or undefined when there is no such article. */
  textOf(articleId: string): string | undefined
  /** Who the annotations are by, when the file does not say (or to override it). */
  annotator?: string
  /** The time to give records the file has no time for. */
  now: string
}

/** A message cut to `max` characters (never inside a surrogate pair). */
function clip(text: string, max: number): string {
  if (text.length <= max) return text
  const cut = /[\ud800-\udbff]$/.test(text.slice(0, max)) ? max - 1 : max
  return `${text.slice(0, cut)}…`
}

/**
 * An error in an imported file, said with the file, the place in it and the reason. Values the
 * file gave (quoted in the reason) are shortened, and the whole message kept to a readable length,
 * however long the strings in the file are.
 */
export function importError(file: string, place: string | null, reason: string): AppError {
  const shortened = reason.replace(/"([^"]{200,})"/g, (_quoted, inner: string) => `"${clip(inner, 80)}"`)
  return new AppError('invalid-input', clip(`${clip(file, 300)}${place ? `, ${clip(place, 300)}` : ''}: ${shortened}`, 2_000))
}

/** "line 3, column 7" for a JSON.parse error, which reports a character position. */
export function parseJson(file: ImportFile): unknown {
  try {
    return JSON.parse(file.content)
  } catch (error) {
    const message = (error as Error).message
    const position = /position (\d+)/.exec(message)?.[1]
    let place: string | null = null
    if (position !== undefined) {
      const before = file.content.slice(0, Number(position))
      const line = before.split('\n').length
      place = `line ${line}, column ${Number(position) - before.lastIndexOf('\n')}`
    } else if (/end of (JSON )?input|Unterminated/i.test(message)) {
      place = 'at the end'
    }
    throw importError(file.name, place, `not valid JSON (${message.replace(/ in JSON at position \d+.*$/, '').replace(/^Unexpected/, 'unexpected')}); the file may be truncated`)
  }
}

/**
 * A value read from a file as text, for a key or a message: a string as it is, anything else as
 * JSON. Never through the value's own toString, which a file can set to something that throws
 * (`{"toString": 1}`).
 */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return typeof value
  }
}

/** A zod issue path as a place in a JSON file: `layers[0].annotations[3].start`. */
export function jsonPlace(path: readonly PropertyKey[]): string {
  return path.reduce<string>((place, key) => (typeof key === 'number' ? `${place}[${key}]` : place ? `${place}.${String(key)}` : String(key)), '')
}

/** The formats' names, as messages say them. */
export const FORMAT_NAMES: Record<ExportFormat, string> = { native: 'Parallax JSON', w3c: 'W3C', mqm: 'MQM', csv: 'CSV', brat: 'brat', labelstudio: 'Label Studio' }

/** A JSON object as an importer reads it, before it is checked. */
export type Json = Record<string, unknown>
export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
/** The values of a term that may be absent, one value, or a list of them (JSON-LD's way). */
export const asArray = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value])

const W3C_TYPES = ['Annotation', 'AnnotationPage', 'AnnotationCollection']
const isW3c = (value: unknown): boolean =>
  isObject(value) &&
  (asArray(value.type).some((type) => typeof type === 'string' && W3C_TYPES.includes(type)) ||
    asArray(value['@context']).some((context) => typeof context === 'string' && context.includes('w3.org/ns/anno')))
const isLabelStudioTask = (value: unknown): boolean => isObject(value) && isObject(value.data) && (Array.isArray(value.annotations) || Array.isArray(value.predictions))

/** The import format a file's content is in, as far as its shape tells; null when it looks like none of them. */
export function guessImportFormat(content: string): ImportFormat | null {
  let json: unknown
  try {
    json = JSON.parse(content)
  } catch {
    // brat's .ann: lines of "T1<tab>label start end<tab>text"
    return /^T\d+\t\S+ \d+ \d+/m.test(content) ? 'brat' : null
  }
  const first = Array.isArray(json) ? json[0] : json
  if (isObject(first) && first.format === 'parallax-annotations') return 'native'
  if (isW3c(first)) return 'w3c'
  if (isLabelStudioTask(first)) return 'labelstudio'
  return null
}

/** An import's error, with a hint at the format to choose when the files look like another one. */
export function withFormatHint(error: unknown, chosen: ImportFormat, files: readonly ImportFile[]): unknown {
  if (!(error instanceof AppError)) return error
  let guessed: ImportFormat | null = null
  for (const file of files) if ((guessed = guessImportFormat(file.content))) break
  if (!guessed || guessed === chosen) return error
  const sentence = /[.!?]$/.test(error.message) ? error.message : `${error.message}.`
  return new AppError(error.code, `${sentence} This looks like a ${FORMAT_NAMES[guessed]} file, not ${FORMAT_NAMES[chosen]}: import it as ${FORMAT_NAMES[guessed]} (--format ${guessed} on the command line).`)
}
