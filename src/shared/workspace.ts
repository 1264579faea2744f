import { z } from 'zod'
import { ArticleId } from './corpus'
import { isGold } from './gold'
import { hasControlCharacter, NAME_LENGTH, NAME_RULES } from './names'
import { MAX_COLUMNS } from './reader'

export const AnnotatorName = z
  .string()
  .trim()
  .min(1, NAME_RULES.empty)
  .max(NAME_LENGTH, NAME_RULES.long)
  .refine((name) => !hasControlCharacter(name), NAME_RULES.control)

/** A person's name as an annotator: any annotator name but the gold layer's, which only the review writes. */
export const PersonName = AnnotatorName.refine((name) => !isGold(name), NAME_RULES.gold)

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
