import type { z } from 'zod'
import { describeZodError } from '../../shared/zod-errors'

/** A JSON object as read from a file, before it is checked against a schema. */
export type JsonObject = Record<string, unknown>

/** Turns a file of one schema version into the next one. Pure: it never touches the disk. */
export type Migration = (data: JsonObject) => JsonObject

/** What one kind of store file is: its schema, the version this app writes, and how older versions are brought up to it. */
export interface FileFormat<S extends z.ZodType = z.ZodType> {
  schema: S
  /** The `schemaVersion` this app reads and writes. */
  version: number
  /** `migrations[n]` turns a version-n file into version n + 1. A file without `schemaVersion` is version 0. */
  migrations: Readonly<Record<number, Migration>>
  /** How the data read is held in memory, when it matters (many large files): e.g. repeated strings shared. */
  compact?: (data: z.output<S>) => z.output<S>
  /**
   * The name of its checks, for a format of many large files (the layers): a text that passed them
   * once, or that Parallax wrote from data that passed them, is remembered by its digest and not
   * checked again (`CheckedTexts`). Only for a schema whose output is plain JSON data, so that a text
   * reading back as the checked data gives that data parsed.
   */
  checks?: () => string
}

/** A format with no older versions to migrate from. */
export const formatOf = <S extends z.ZodType>(
  schema: S,
  version: number,
  migrations: Readonly<Record<number, Migration>> = {},
  compact?: (data: z.output<S>) => z.output<S>,
): FileFormat<S> => ({ schema, version, migrations, ...(compact ? { compact } : {}) })

/** What a file's text turned out to hold. */
export type Reading<T> =
  | { kind: 'current'; data: T }
  /** An older version, migrated: `data` is what it becomes in this version. */
  | { kind: 'migrated'; data: T; from: number }
  /** Written by a newer Parallax: not read, and never to be written. */
  | { kind: 'newer'; version: number }
  /** Not valid JSON, or not a file of this kind: `reason` says why, for the user. */
  | { kind: 'corrupt'; reason: string }

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value)

/** The file's `schemaVersion`: 0 when it has none (written before files carried one), null when it is not a version at all. */
export function versionOf(json: JsonObject): number | null {
  if (!('schemaVersion' in json)) return 0
  const version = json.schemaVersion
  return typeof version === 'number' && Number.isInteger(version) && version >= 0 ? version : null
}

/** Brings `json` of version `from` up to the format's version, one migration at a time. Pure. */
export function migrate(format: FileFormat, json: JsonObject, from: number): JsonObject {
  let data = json
  for (let version = from; version < format.version; version++) {
    const step = format.migrations[version]
    if (!step) throw new Error(`there is no migration from schema version ${version}`)
    data = step(data)
  }
  return data
}

/** Under this many characters, a file of a format read once an opening is small (see readAs). */
const SMALL_FILE = 64 * 1024

/**
 * Reads a file's text as a file of `format`: checked, and migrated when it is older. Never throws.
 * A `trusted` text (known to pass the format's checks: `CheckedTexts`) of the current version is
 * parsed and not checked.
 */
export function readAs<S extends z.ZodType>(format: FileFormat<S>, text: string, options: { trusted?: boolean } = {}): Reading<z.output<S>> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    const empty = text.trim() === '' || /^\0+$/.test(text)
    return { kind: 'corrupt', reason: empty ? 'the file is empty' : `it is not valid JSON (${(error as Error).message})` }
  }
  if (!isObject(json)) return { kind: 'corrupt', reason: 'it does not hold a JSON object' }
  const version = versionOf(json)
  if (version === null) return { kind: 'corrupt', reason: `its schemaVersion ${JSON.stringify(json.schemaVersion)} is not a version number` }
  if (version > format.version) return { kind: 'newer', version }
  let data: JsonObject = json
  if (version === format.version && options.trusted) {
    try {
      const trusted = data as z.output<S>
      return { kind: 'current', data: format.compact ? format.compact(trusted) : trusted }
    } catch {
      // trusted by mistake (a text that does not pass, listed as one that does): checked as any other, parsed again
      data = JSON.parse(text) as JsonObject
    }
  }
  if (version < format.version) {
    try {
      data = migrate(format, json, version)
    } catch (error) {
      return { kind: 'corrupt', reason: `it cannot be brought from schema version ${version} to ${format.version}: ${(error as Error).message}` }
    }
  }
  // a small file of a format read once an opening (not the layers, which are many) is checked without zod compiling its schemas to code first: it would not pay the compiling back (~2 ms at opening)
  const parsed = format.schema.safeParse(data, { jitless: !format.checks && text.length < SMALL_FILE })
  if (!parsed.success) return { kind: 'corrupt', reason: `it does not match its schema: ${describeZodError(parsed.error)}` }
  const read = format.compact ? format.compact(parsed.data) : parsed.data
  return version < format.version ? { kind: 'migrated', data: read, from: version } : { kind: 'current', data: read }
}

/** What the user reads about a file written by a newer Parallax. */
export const newerMessage = (name: string, version: number, known: number): string =>
  `${name} was written by a newer Parallax (schema version ${version}; this one knows up to ${known}); update Parallax. Until then it is left as it is: not shown, and not written to.`
