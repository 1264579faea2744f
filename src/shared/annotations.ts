import { z } from 'zod'
import { QUOTE_CONTEXT } from './anchoring'
import { ArticleId, Provenance } from './corpus'
import { AttributeValues } from './tagset'
import { AnnotatorName } from './workspace'

/** Ids made by the app are random (crypto.randomUUID); imported ones keep theirs if they fit. */
export const RecordId = z.string().regex(/^[A-Za-z0-9_.:-]{1,80}$/, 'an id is 1–80 letters, digits, ".", ":", "_" or "-"')
export const Timestamp = z.iso.datetime({ offset: true })
const TagRef = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/)

export const TextQuote = z
  .object({
    exact: z.string().min(1).max(100_000),
    prefix: z.string().max(QUOTE_CONTEXT),
    suffix: z.string().max(QUOTE_CONTEXT),
  })
  .strict()
export type TextQuote = z.infer<typeof TextQuote>


export const decisionKinds = ['accepted', 'took', 'merged', 'edited', 'rejected'] as const

/** How a gold annotation came to be: whose versions, who decided, when and why. */
export const Adjudication = z
  .object({
    decision: z.enum(decisionKinds),
    /** The annotators whose versions were the same as this one. */
    agreed: z.array(AnnotatorName),
    adjudicator: AnnotatorName,
    at: Timestamp,
    rationale: z.string().max(5000),
    /** The versions it was made from, as "annotator/annotation id". */
    sources: z.array(z.string().max(200)).max(100),
  })
  .strict()
export type Adjudication = z.infer<typeof Adjudication>

export const Annotation = z
  .object({
    id: RecordId,
    articleId: ArticleId,
    /** Offsets into the article text, end exclusive, in `unit`. */
    start: z.number().int().nonnegative(),
    end: z.number().int().positive(),
    unit: z.literal('utf16'),
    quote: TextQuote,
    label: TagRef,
    attributes: AttributeValues,
    note: z.string().max(20_000),
    annotator: AnnotatorName,
    created: Timestamp,
    modified: Timestamp,
    /** Gold annotations only. */
    adjudication: Adjudication.optional(),
  })
  .strict()
  .refine((a) => a.end > a.start, { message: 'an annotation ends after it starts', path: ['end'] })
export type Annotation = z.infer<typeof Annotation>

export const LinkEnd = z.object({ articleId: ArticleId, annotationId: RecordId }).strict()
export type LinkEnd = z.infer<typeof LinkEnd>

/** A typed link between two annotations of one layer, in the same article or in two. */
export const Link = z
  .object({
    id: RecordId,
    type: TagRef,
    from: LinkEnd,
    to: LinkEnd,
    attributes: AttributeValues,
    note: z.string().max(20_000),
    annotator: AnnotatorName,
    created: Timestamp,
    modified: Timestamp,
  })
  .strict()
export type Link = z.infer<typeof Link>

/** A person or body of the workspace's registry; Speakers point at one. */
export const Entity = z
  .object({
    id: RecordId,
    name: z.string().trim().min(1).max(200),
    aliases: z.array(z.string().trim().min(1).max(200)).max(200),
    note: z.string().max(5000),
    createdBy: AnnotatorName,
    created: Timestamp,
    modified: Timestamp,
  })
  .strict()
export type Entity = z.infer<typeof Entity>

/** An annotator's note on a whole article, and their view of its provenance. */
export const ArticleNote = z
  .object({
    articleId: ArticleId,
    note: z.string().max(20_000),
    provenance: Provenance.nullable(),
    annotator: AnnotatorName,
    modified: Timestamp,
  })
  .strict()
export type ArticleNote = z.infer<typeof ArticleNote>

/**
 * A settled disagreement of the review: one cluster of overlapping annotations of one article,
 * keyed by its extent, and what the adjudicator decided (`rejected`: nothing goes into gold).
 */
export const Decision = z
  .object({
    key: z.string().min(1).max(200),
    articleId: ArticleId,
    decision: z.enum(decisionKinds),
    /** Whose versions were taken or merged. */
    from: z.array(AnnotatorName),
    goldIds: z.array(RecordId),
    adjudicator: AnnotatorName,
    at: Timestamp,
    rationale: z.string().max(5000),
  })
  .strict()
export type Decision = z.infer<typeof Decision>

/** One edit; a user action is a list of them, applied together, and undone by its inverse. */
export const Edit = z.discriminatedUnion('op', [
  z.object({ op: z.literal('put-annotation'), annotation: Annotation }).strict(),
  z.object({ op: z.literal('delete-annotation'), articleId: ArticleId, id: RecordId }).strict(),
  z.object({ op: z.literal('put-link'), link: Link }).strict(),
  z.object({ op: z.literal('delete-link'), articleId: ArticleId, id: RecordId }).strict(),
  z.object({ op: z.literal('put-entity'), entity: Entity }).strict(),
  z.object({ op: z.literal('delete-entity'), id: RecordId }).strict(),
  z.object({ op: z.literal('put-article-note'), articleNote: ArticleNote }).strict(),
  z.object({ op: z.literal('put-decision'), decision: Decision }).strict(),
  z.object({ op: z.literal('delete-decision'), articleId: ArticleId, key: z.string().min(1).max(200) }).strict(),
])
export type Edit = z.infer<typeof Edit>

/** One annotator's layer, as the API hands it out. */
export const Layer = z.object({
  annotator: AnnotatorName,
  annotations: z.array(Annotation),
  links: z.array(Link),
  articleNotes: z.array(ArticleNote),
  /** The gold layer's decisions. */
  decisions: z.array(Decision).optional(),
})
export type Layer = z.infer<typeof Layer>

export const SearchHit = z.object({
  articleId: ArticleId,
  start: z.number().int(),
  end: z.number().int(),
  before: z.string(),
  match: z.string(),
  after: z.string(),
})
export type SearchHit = z.infer<typeof SearchHit>

/** What an import brought in, and what it had to change to fit. */
export const ImportReport = z.object({
  source: z.string(),
  annotators: z.array(z.string()),
  annotations: z.number().int(),
  links: z.number().int(),
  entities: z.number().int(),
  articleNotes: z.number().int(),
  /** Annotations whose offsets did not fit the text and that were found again by their quote and context. */
  reanchored: z.array(
    z.object({
      annotator: z.string(),
      articleId: z.string(),
      quote: z.string(),
      from: z.tuple([z.number(), z.number()]),
      to: z.tuple([z.number(), z.number()]),
    }),
  ),
  /** What was read but could not be kept as it was (an entity the workspace does not know, say). */
  notes: z.array(z.string()),
})
export type ImportReport = z.infer<typeof ImportReport>
