import { z } from 'zod'
import { provenances } from './provenance'

/** A readable slug: lower-case letters, digits, dots, dashes and underscores; never a path. */
export const ArticleId = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9._-]{0,118}[a-z0-9])?$/,
    'an article id is 1–120 lower-case letters, digits, ".", "_" or "-", starting and ending with a letter or digit',
  )
export type ArticleId = z.infer<typeof ArticleId>

export const Provenance = z.enum(provenances)
export type Provenance = z.infer<typeof Provenance>

/** One article's entry in a corpus manifest (`corpus/manifest.json`). */
export const ManifestArticle = z
  .object({
    id: ArticleId,
    /** The text file, relative to the corpus folder; a plain file name. */
    file: z.string().min(1).max(255),
    title: z.string().min(1).max(500),
    outlet: z.string().max(200).nullable().default(null),
    /** ISO date (YYYY-MM-DD) where the text shows it. */
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD')
      .nullable()
      .default(null),
    /** BCP 47 tag of the text as it stands ("und" when unknown). */
    language: z.string().min(2).max(35).default('und'),
    /** Language the text was translated from, where it was. */
    sourceLanguage: z.string().min(2).max(35).optional(),
    provenance: Provenance.default('unknown'),
    provenanceNote: z.string().max(2000).default(''),
    /** SHA-256 of the text file's bytes: the text annotations anchor on. */
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  })
  .strict()
export type ManifestArticle = z.infer<typeof ManifestArticle>

export const CORPUS_SCHEMA_VERSION = 1
export const CorpusManifest = z
  .object({
    schemaVersion: z.literal(CORPUS_SCHEMA_VERSION),
    name: z.string().max(200).optional(),
    description: z.string().max(5000).optional(),
    articles: z.array(ManifestArticle),
  })
  .strict()
export type CorpusManifest = z.infer<typeof CorpusManifest>

/** What the sidebar and the column headers show of an article. */
export const ArticleMeta = z.object({
  id: ArticleId,
  title: z.string(),
  outlet: z.string().nullable(),
  date: z.string().nullable(),
  language: z.string(),
  sourceLanguage: z.string().optional(),
  provenance: Provenance,
  provenanceNote: z.string(),
  /** Length of the text in UTF-16 code units, as the renderer counts. */
  length: z.number().int().nonnegative(),
  /** SHA-256 of the text (UTF-8). */
  sha256: z.string(),
})
export type ArticleMeta = z.infer<typeof ArticleMeta>

export const Article = z.object({ meta: ArticleMeta, text: z.string() })
export type Article = z.infer<typeof Article>
