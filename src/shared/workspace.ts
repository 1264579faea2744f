import { z } from 'zod'
import { ArticleId } from './corpus'
import { GOLD, isGold } from './gold'
import { MAX_COLUMNS } from './reader'

const isControlCharacter = (char: string): boolean => {
  const code = char.codePointAt(0) ?? 0
  return code < 0x20 || (code >= 0x7f && code < 0xa0)
}

/** The longest annotator name, in characters (UTF-16 code units, as a field's maxLength counts). */
export const NAME_LENGTH = 80

export const AnnotatorName = z
  .string()
  .trim()
  .min(1, 'the annotator name is empty')
  .max(NAME_LENGTH, `an annotator name is at most ${NAME_LENGTH} characters`)
  .refine((name) => ![...name].some(isControlCharacter), 'an annotator name has no control characters')

/** A person's name as an annotator: any annotator name but the gold layer's, which only the review writes. */
export const PersonName = AnnotatorName.refine((name) => !isGold(name), `"${GOLD}" is the name of the gold layer, which only the review writes; choose a person's name`)

/**
 * A name folded as a layer's folder is named: accents, case and punctuation left out ("Marko Ilić",
 * "marko ilic" → "marko-ilic"); empty for a name of none of those letters and digits.
 */
export const nameSlug = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)

/**
 * The colleague's layer that a user taking `name` would write in (a name of the same folder), if it
 * is not the user's own: a change of name that needs the user's yes.
 */
export function colleagueLayer(name: string, current: string | null, layers: readonly string[]): string | null {
  const key = (n: string) => nameSlug(n) || n.trim()
  if (current !== null && key(current) === key(name)) return null
  return layers.find((layer) => key(layer) === key(name)) ?? null
}

/** What is wrong with a name as a person's (as a form says it), or null. */
export function personNameProblem(name: string): string | null {
  const parsed = PersonName.safeParse(name)
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'this name cannot be used')
}

export const SETTINGS_SCHEMA_VERSION = 1
/** Per-user settings, kept in the user's data directory. */
export const Settings = z.object({
  schemaVersion: z.literal(SETTINGS_SCHEMA_VERSION),
  annotator: AnnotatorName.nullable(),
})
export type Settings = z.infer<typeof Settings>

export const UI_STATE_SCHEMA_VERSION = 1
/** What the reader restores on the next launch; kept in the workspace's git-ignored `.parallax/`. */
export const UiState = z.object({
  schemaVersion: z.literal(UI_STATE_SCHEMA_VERSION),
  openArticles: z.array(ArticleId).max(MAX_COLUMNS),
  sidebarOpen: z.boolean(),
})
export type UiState = z.infer<typeof UiState>

export const WorkspaceInfo = z.object({
  path: z.string(),
  name: z.string(),
  corpusName: z.string().nullable(),
  articleCount: z.number().int().nonnegative(),
  /** Problems met while loading the corpus (a bad manifest entry, an unreadable file): shown, never hidden. */
  warnings: z.array(z.string()),
  /** Another Parallax writes to this workspace: this one shows it and writes nothing. Absent when writable. */
  readOnly: z.literal(true).optional(),
  /** Why, for the user: who holds the workspace's lock. */
  readOnlyReason: z.string().optional(),
})
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>
