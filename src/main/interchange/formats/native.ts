/**
 * Parallax JSON: the native interchange format. Versioned, published as JSON Schema in
 * schemas/parallax-annotations.schema.json, and written deterministically (stable order and
 * formatting) so that an export kept under git shows small diffs.
 */
import { z } from 'zod'
import { Decision, Annotation, ArticleNote, Entity, Link, type Layer } from '../../../shared/annotations'
import { ArticleId } from '../../../shared/corpus'
import { Tagset, type AttributeDef, type AttributeValues } from '../../../shared/tagset'
import { attributeProblem } from '../../../shared/attribute-rules'
import { byCodeUnits } from '../../../shared/lists'
import { AnnotatorName } from '../../../shared/workspace'
import { jsonChunks, StreamedArray } from '../../store/json-chunks'
import { importError, jsonPlace, parseJson, type ExportInput, type ImportBundle, type ImportContext, type ImportFile } from '../model'
import { inSchemaOrder } from '../schema-order'
import { issueMessage } from '../../../shared/zod-errors'

export const NATIVE_FORMAT = 'parallax-annotations'
export const NATIVE_SCHEMA_VERSION = 1

export const NativeLayer = z
  .object({
    annotator: AnnotatorName,
    annotations: z.array(Annotation),
    links: z.array(Link),
    articleNotes: z.array(ArticleNote),
    /** The gold layer's settled disagreements. */
    decisions: z.array(Decision).optional(),
  })
  .strict()

export const ParallaxDocument = z
  .object({
    format: z.literal(NATIVE_FORMAT),
    schemaVersion: z.literal(NATIVE_SCHEMA_VERSION),
    workspace: z.string(),
    /** Offsets in this file count UTF-16 code units. */
    unit: z.literal('utf16'),
    tagset: Tagset,
    articles: z.array(
      z
        .object({
          id: ArticleId,
          title: z.string(),
          /** SHA-256 of the article text, so that a reader can tell whether offsets still fit. */
          sha256: z.string().regex(/^[0-9a-f]{64}$/),
          length: z.number().int().nonnegative(),
        })
        .strict(),
    ),
    entities: z.array(Entity),
    layers: z.array(NativeLayer),
  })
  .strict()
  .meta({
    title: 'Parallax annotations',
    description: 'Annotations, links, entities and article notes of one or more annotators, exported by Parallax.',
  })
export type ParallaxDocument = z.infer<typeof ParallaxDocument>

/** Each attribute id's place among the definitions, per list of definitions. */
const ranks = new WeakMap<readonly AttributeDef[], Map<string, number>>()
const NO_DEFS: readonly AttributeDef[] = []

/** Values in the order of their definitions (unknown ones last, by id), whatever order they were set in. */
function inDefinitionOrder(values: AttributeValues, defs: readonly AttributeDef[] = NO_DEFS): AttributeValues {
  let rank = ranks.get(defs)
  if (!rank) ranks.set(defs, (rank = new Map(defs.map((def, i) => [def.id, i]))))
  // usually they are in order already: then the values are kept as they are
  let previous: string | undefined
  for (const key in values) {
    if (previous !== undefined && byRank(rank, defs.length, previous, key) > 0) return sortedByRank(values, rank, defs.length)
    previous = key
  }
  return values
}

function byRank(rank: ReadonlyMap<string, number>, unknown: number, a: string, b: string): number {
  return (rank.get(a) ?? unknown) - (rank.get(b) ?? unknown) || byCodeUnits(a, b)
}

function sortedByRank(values: AttributeValues, rank: ReadonlyMap<string, number>, unknown: number): AttributeValues {
  return Object.fromEntries(Object.entries(values).sort(([a], [b]) => byRank(rank, unknown, a, b)))
}

/** The record with these attribute values (itself when they are its own). */
const withAttributes = <T extends { attributes: AttributeValues }>(record: T, attributes: AttributeValues): T => (attributes === record.attributes ? record : { ...record, attributes })

const inOrder = {
  tagset: inSchemaOrder(Tagset),
  entity: inSchemaOrder(Entity),
  annotation: inSchemaOrder(Annotation),
  link: inSchemaOrder(Link),
  articleNote: inSchemaOrder(ArticleNote),
  decision: inSchemaOrder(Decision),
}

/** One layer of the document, its records in their order but not yet in the schema's shape. */
export interface NativeLayerParts {
  annotator: string
  annotations: Annotation[]
  links: Link[]
  articleNotes: ArticleNote[]
  decisions?: Decision[]
}

/**
 * The document in parts: its head (everything but the layers, small) and the layers' records in
 * their stable order (articles as in the corpus, layers by annotator, the rest by position or
 * creation), each put in the schema's shape (keys in the schema's order, attribute values in the
 * tagset's) only when it is written, so that an export never holds a second copy of the work. The
 * data was validated where it entered (the store validates what it reads); it is not parsed again.
 */
export interface NativeParts {
  head: Omit<ParallaxDocument, 'layers'>
  layers: NativeLayerParts[]
  annotation(a: Annotation): Annotation
  link(l: Link): Link
  articleNote(n: ArticleNote): ArticleNote
  decision(d: Decision): Decision
}

export function nativeParts(input: ExportInput): NativeParts {
  const articleOrder = new Map(input.articles.map((a, i) => [a.meta.id, i]))
  const byArticle = (id: string) => articleOrder.get(id) ?? Number.MAX_SAFE_INTEGER
  const tagset = inOrder.tagset(input.tagset)
  const labelDefs = new Map<string, readonly AttributeDef[]>()
  for (const label of [...tagset.labels].reverse()) labelDefs.set(label.id, label.attributes)
  const linkDefs = new Map<string, readonly AttributeDef[]>()
  for (const type of [...tagset.linkTypes].reverse()) linkDefs.set(type.id, type.attributes)
  const layers = [...input.layers]
    .sort((a, b) => byCodeUnits(a.annotator, b.annotator))
    .map((layer): NativeLayerParts => ({
      annotator: layer.annotator,
      annotations: layer.annotations
        .filter((a) => articleOrder.has(a.articleId))
        .sort((a, b) => byArticle(a.articleId) - byArticle(b.articleId) || a.start - b.start || a.end - b.end || byCodeUnits(a.id, b.id)),
      links: layer.links.filter((l) => articleOrder.has(l.from.articleId) && articleOrder.has(l.to.articleId)).sort((a, b) => byCodeUnits(a.created, b.created) || byCodeUnits(a.id, b.id)),
      articleNotes: layer.articleNotes.filter((n) => articleOrder.has(n.articleId)).sort((a, b) => byArticle(a.articleId) - byArticle(b.articleId)),
      ...(layer.decisions?.length
        ? { decisions: layer.decisions.filter((d) => articleOrder.has(d.articleId)).sort((a, b) => byArticle(a.articleId) - byArticle(b.articleId) || byCodeUnits(a.key, b.key)) }
        : {}),
    }))
  return {
    head: {
      format: NATIVE_FORMAT,
      schemaVersion: NATIVE_SCHEMA_VERSION,
      workspace: input.workspaceName,
      unit: 'utf16',
      tagset,
      articles: input.articles.map(({ meta }) => ({ id: meta.id, title: meta.title, sha256: meta.sha256, length: meta.length })),
      entities: [...input.entities].sort((a, b) => byCodeUnits(a.name, b.name) || byCodeUnits(a.id, b.id)).map((e) => inOrder.entity(e)),
    },
    layers,
    annotation: (a) => inOrder.annotation(withAttributes(a, inDefinitionOrder(a.attributes, labelDefs.get(a.label)))),
    link: (l) => inOrder.link(withAttributes(l, inDefinitionOrder(l.attributes, linkDefs.get(l.type)))),
    articleNote: (n) => inOrder.articleNote(n),
    decision: (d) => inOrder.decision(d),
  }
}

/** The whole document as one object (the exports to other formats read it). */
export function toNativeDocument(input: ExportInput): ParallaxDocument {
  const parts = nativeParts(input)
  return {
    ...parts.head,
    layers: parts.layers.map((layer) => ({
      annotator: layer.annotator,
      annotations: layer.annotations.map(parts.annotation),
      links: layer.links.map(parts.link),
      articleNotes: layer.articleNotes.map(parts.articleNote),
      ...(layer.decisions ? { decisions: layer.decisions.map(parts.decision) } : {}),
    })),
  }
}

/** Parallax JSON, written as it goes: one chunk per record (join them for the file's text). */
export function* nativeChunks(input: ExportInput): Generator<string> {
  const parts = nativeParts(input)
  yield* jsonChunks({
    ...parts.head,
    layers: parts.layers.map((layer) => ({
      annotator: layer.annotator,
      annotations: new StreamedArray(layer.annotations, parts.annotation),
      links: new StreamedArray(layer.links, parts.link),
      articleNotes: new StreamedArray(layer.articleNotes, parts.articleNote),
      ...(layer.decisions ? { decisions: new StreamedArray(layer.decisions, parts.decision) } : {}),
    })),
  })
  yield '\n'
}

/** Another annotator's export becomes their layer; `--annotator` renames a single-layer file's annotator. */
export function importNative(file: ImportFile, context: ImportContext): ImportBundle {
  const json = parseJson(file)
  if (typeof json === 'object' && json !== null && 'schemaVersion' in json && (json as { schemaVersion: unknown }).schemaVersion !== NATIVE_SCHEMA_VERSION) {
    const version = (json as { schemaVersion: unknown }).schemaVersion
    if (typeof version === 'number' && version > NATIVE_SCHEMA_VERSION) {
      throw importError(file.name, 'schemaVersion', `written by a newer Parallax (schema version ${version}; this one reads ${NATIVE_SCHEMA_VERSION}): update Parallax`)
    }
  }
  const parsed = ParallaxDocument.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw importError(file.name, jsonPlace(issue.path) || null, issueMessage(issue))
  }
  const document = parsed.data
  // an offset past the end of the text the file itself was made on is a broken file, not a text that changed
  const lengths = new Map(document.articles.map((a) => [a.id, a.length]))
  document.layers.forEach((layer, l) =>
    layer.annotations.forEach((a, i) => {
      const length = lengths.get(a.articleId)
      if (length !== undefined && a.end > length) throw importError(file.name, `layers[${l}].annotations[${i}].end`, `${a.end} is past the end of the article (${length})`)
    }),
  )
  if (context.annotator && document.layers.length > 1) {
    throw importError(file.name, 'layers', `holds ${document.layers.length} annotators' layers; --annotator renames the annotator of a file with one layer only`)
  }
  const layers: Layer[] = document.layers.map((layer) => {
    const annotator = context.annotator ?? layer.annotator
    return {
      annotator,
      annotations: layer.annotations.map((a) => ({ ...a, annotator })),
      links: layer.links.map((l) => ({ ...l, annotator })),
      articleNotes: layer.articleNotes.map((n) => ({ ...n, annotator })),
      ...(layer.decisions ? { decisions: layer.decisions } : {}),
    }
  })
  return { layers, entities: document.entities, articleHashes: Object.fromEntries(document.articles.map((a) => [a.id, a.sha256])) }
}

/**
 * Checks a Parallax JSON file on its own: the schema, then what the schema cannot say (labels and
 * values of the file's own tagset, spans within their articles, links between annotations that
 * are there). Returns the document and the problems found, each with its place.
 */
export function validateNative(file: ImportFile): { document: ParallaxDocument | null; problems: string[] } {
  const json = parseJson(file)
  const parsed = ParallaxDocument.safeParse(json)
  if (!parsed.success) {
    return { document: null, problems: parsed.error.issues.slice(0, 20).map((issue) => `${jsonPlace(issue.path) || 'the file'}: ${issueMessage(issue)}`) }
  }
  const document = parsed.data
  const problems: string[] = []
  const articles = new Map(document.articles.map((a) => [a.id, a]))
  document.layers.forEach((layer, l) => {
    const ids = new Set<string>()
    layer.annotations.forEach((a, i) => {
      const place = `layers[${l}].annotations[${i}]`
      const label = document.tagset.labels.find((x) => x.id === a.label)
      const article = articles.get(a.articleId)
      if (!article) problems.push(`${place}.articleId: "${a.articleId}" is not among the file's articles`)
      else if (a.end > article.length) problems.push(`${place}.end: ${a.end} is past the end of the article (${article.length})`)
      if (a.quote.exact.length !== a.end - a.start) problems.push(`${place}.quote.exact: its length (${a.quote.exact.length}) is not end − start (${a.end - a.start})`)
      if (!label) problems.push(`${place}.label: "${a.label}" is not in the file's tagset`)
      else {
        const problem = attributeProblem(label.attributes, a.attributes, a.note)
        if (problem) problems.push(`${place}.attributes: ${problem}`)
      }
      if (a.annotator !== layer.annotator) problems.push(`${place}.annotator: "${a.annotator}" in ${layer.annotator}'s layer`)
      if (ids.has(a.id)) problems.push(`${place}.id: "${a.id}" is used twice`)
      ids.add(a.id)
    })
    layer.links.forEach((link, i) => {
      const place = `layers[${l}].links[${i}]`
      if (!document.tagset.linkTypes.some((t) => t.id === link.type)) problems.push(`${place}.type: "${link.type}" is not in the file's tagset`)
      for (const end of ['from', 'to'] as const) {
        if (!layer.annotations.some((a) => a.id === link[end].annotationId && a.articleId === link[end].articleId)) {
          problems.push(`${place}.${end}: there is no annotation "${link[end].annotationId}" in ${link[end].articleId}`)
        }
      }
    })
  })
  return { document, problems }
}
