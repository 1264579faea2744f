/**
 * W3C Web Annotation Data Model (JSON-LD): an AnnotationCollection whose first page embeds every
 * annotation. Targets carry a TextQuoteSelector and a TextPositionSelector in Unicode code points;
 * the label is a tagging body, attributes describing bodies ("severity: major"), the note a
 * commenting body, a Speaker's entity an identifying body. Links are annotations (motivation
 * linking) whose targets are the linked annotations; article notes are commenting annotations on
 * the article itself.
 */
import type { Annotation, ArticleNote, Layer, Link } from '../../../shared/annotations'
import type { AttributeDef } from '../../../shared/tagset'
import { anchorQuote, OffsetConverter, quoteAt } from '../../../shared/anchoring'
import { provenances, type Provenance } from '../../../shared/provenance'
import { RecordId } from '../../../shared/annotations'
import { createHash } from 'node:crypto'
import { describeAttributes, readAttributeLine } from './bodies'
import { asArray, asText, importError, isObject, parseJson, type ExportInput, type ImportBundle, type ImportContext, type ImportFile, type Json } from '../model'
import { itemPerLineJsonChunks, StreamedArray } from '../../store/json-chunks'
import { nativeParts, type NativeParts } from './native'

const CONTEXT = 'http://www.w3.org/ns/anno.jsonld'
const ARTICLE = 'urn:parallax:article:'
const ENTITY = 'urn:parallax:entity:'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** An annotation's IRI: urn:uuid: for the app's own ids, urn:parallax:annotation: for others. */
export const annotationIri = (id: string): string => (UUID.test(id) ? `urn:uuid:${id}` : `urn:parallax:annotation:${encodeURIComponent(id)}`)

/** Back from an IRI to an id; ids from elsewhere become a stable hash, so a second import finds the same ones. */
export function idFromIri(iri: string): string {
  for (const prefix of ['urn:uuid:', 'urn:parallax:annotation:']) {
    if (iri.startsWith(prefix)) {
      const id = decodeURIComponent(iri.slice(prefix.length))
      if (RecordId.safeParse(id).success) return id
    }
  }
  if (RecordId.safeParse(iri).success) return iri
  return `w3c-${createHash('sha256').update(iri).digest('hex').slice(0, 24)}`
}

const textual = (purpose: string, value: string) => ({ type: 'TextualBody', purpose, value, format: 'text/plain' })
const agent = (name: string) => ({ type: 'Person', name })
const isEntity = (def: AttributeDef): boolean => def.type === 'entity'
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'workspace'

/** The W3C items of the work: each annotator's annotations, then their links, then their article notes. */
function* w3cItems(input: ExportInput, parts: NativeParts): Generator<unknown> {
  const texts = new Map(input.articles.map((a) => [a.meta.id, a.text]))
  const converters = new Map<string, OffsetConverter>()
  const converter = (id: string) => converters.get(id) ?? converters.set(id, new OffsetConverter(texts.get(id) ?? '')).get(id)!
  // by id (the tagset's schema refuses two labels or link types with one id)
  const labels = new Map(parts.head.tagset.labels.map((l) => [l.id, { attributes: l.attributes, entity: l.attributes.find(isEntity) }]))
  const linkTypes = new Map(parts.head.tagset.linkTypes.map((t) => [t.id, t.attributes]))

  for (const layer of parts.layers) {
    // the records as they are: what is read of them does not depend on the order of their keys
    for (const a of layer.annotations) {
      const label = labels.get(a.label)
      const body: unknown[] = [textual('tagging', a.label)]
      for (const line of describeAttributes(label?.attributes ?? [], a.attributes, isEntity)) body.push(textual('describing', line))
      const entityId = label?.entity ? a.attributes[label.entity.id] : undefined
      if (typeof entityId === 'string') body.push({ type: 'SpecificResource', purpose: 'identifying', source: `${ENTITY}${entityId}` })
      if (a.note) body.push(textual('commenting', a.note))
      const positions = converter(a.articleId)
      yield {
        '@context': CONTEXT,
        id: annotationIri(a.id),
        type: 'Annotation',
        motivation: 'tagging',
        creator: agent(a.annotator),
        created: a.created,
        modified: a.modified,
        body,
        target: {
          source: `${ARTICLE}${a.articleId}`,
          selector: [
            { type: 'TextQuoteSelector', exact: a.quote.exact, prefix: a.quote.prefix, suffix: a.quote.suffix },
            { type: 'TextPositionSelector', start: positions.toCodePoints(a.start), end: positions.toCodePoints(a.end) },
          ],
        },
      }
    }
    for (const l of layer.links) {
      yield {
        '@context': CONTEXT,
        id: annotationIri(l.id),
        type: 'Annotation',
        motivation: 'linking',
        creator: agent(l.annotator),
        created: l.created,
        modified: l.modified,
        body: [
          textual('tagging', l.type),
          ...describeAttributes(linkTypes.get(l.type) ?? [], l.attributes).map((line) => textual('describing', line)),
          ...(l.note ? [textual('commenting', l.note)] : []),
        ],
        target: [annotationIri(l.from.annotationId), annotationIri(l.to.annotationId)],
      }
    }
    for (const n of layer.articleNotes) {
      yield {
        '@context': CONTEXT,
        id: `urn:parallax:article-note:${encodeURIComponent(n.annotator)}:${n.articleId}`,
        type: 'Annotation',
        motivation: 'commenting',
        creator: agent(n.annotator),
        modified: n.modified,
        body: [...(n.note ? [textual('commenting', n.note)] : []), ...(n.provenance ? [textual('describing', `provenance: ${n.provenance}`)] : [])],
        target: `${ARTICLE}${n.articleId}`,
      }
    }
  }
}

/**
 * The collection as one JSON value whose items are written one at a time (`items` is a
 * StreamedArray): give it to `itemPerLineJsonChunks`.
 */
export function w3cDocument(input: ExportInput): unknown {
  const parts = nativeParts(input)
  const total = parts.layers.reduce((n, layer) => n + layer.annotations.length + layer.links.length + layer.articleNotes.length, 0)
  const id = `urn:parallax:collection:${slug(parts.head.workspace)}`
  return {
    '@context': CONTEXT,
    id,
    type: 'AnnotationCollection',
    label: `${parts.head.workspace}: annotations exported by Parallax`,
    total,
    first: { id: `${id}:page:1`, type: 'AnnotationPage', startIndex: 0, items: new StreamedArray(w3cItems(input, parts)) },
  }
}

/**
 * W3C JSON-LD, written as it goes (join the chunks for the file's text): compact, each annotation on
 * a line of its own. It is for tools, and at 300,000 annotations indenting it made it 481 MB.
 */
export function* w3cChunks(input: ExportInput): Generator<string> {
  yield* itemPerLineJsonChunks(w3cDocument(input))
  yield '\n'
}

const hasType = (value: Json, type: string) => asArray(value.type).includes(type)

function creatorName(creator: unknown): string | null {
  const first = asArray(creator)[0]
  if (typeof first === 'string') return first
  if (isObject(first)) for (const key of ['name', 'nickname', 'id']) if (typeof first[key] === 'string') return first[key] as string
  return null
}

/** The annotations of a collection (embedded first page), a page, an array, or a single annotation. */
function annotationsOf(json: unknown, file: string): Json[] {
  if (Array.isArray(json)) {
    const notObject = json.findIndex((item) => !isObject(item))
    if (notObject !== -1) throw importError(file, `item ${notObject + 1}`, 'is not an annotation object')
    return json as Json[]
  }
  if (!isObject(json)) throw importError(file, null, 'is not a W3C annotation, page or collection')
  if (hasType(json, 'AnnotationCollection')) {
    if (!isObject(json.first)) throw importError(file, 'first', 'the collection does not embed its first page; Parallax reads collections whose annotations are in the file')
    return annotationsOf(json.first, file)
  }
  if (hasType(json, 'AnnotationPage')) {
    if (!Array.isArray(json.items)) throw importError(file, 'items', 'the page has no items array')
    return annotationsOf(json.items, file)
  }
  return [json]
}

export function importW3c(file: ImportFile, context: ImportContext): ImportBundle {
  const items = annotationsOf(parseJson(file), file.name)
  const layers = new Map<string, Layer>()
  const layerOf = (name: string): Layer => layers.get(name) ?? layers.set(name, { annotator: name, annotations: [], links: [], articleNotes: [] }).get(name)!
  const byIri = new Map<string, Annotation>()
  const linkItems: [number, Json][] = []

  items.forEach((item, index) => {
    const place = `annotation ${index + 1}${typeof item.id === 'string' ? ` (${item.id})` : ''}`
    const fail = (reason: string) => importError(file.name, place, reason)
    if (!hasType(item, 'Annotation')) throw fail('has no type "Annotation"')
    if (typeof item.id !== 'string') throw fail('has no id')
    const annotator = context.annotator ?? creatorName(item.creator)
    if (!annotator) throw fail('names no creator: say whose annotations these are with --annotator')
    const motivation = asArray(item.motivation)
    const bodies = asArray(item.body).filter(isObject)
    const created = typeof item.created === 'string' ? item.created : context.now
    const modified = typeof item.modified === 'string' ? item.modified : created
    const values = (purpose: string) => bodies.filter((b) => asArray(b.purpose).includes(purpose) && typeof b.value === 'string').map((b) => b.value as string)
    const note = values('commenting').join('\n\n')

    if (motivation.includes('linking')) {
      linkItems.push([index, item])
      return
    }
    const target = asArray(item.target)[0]
    if (typeof target === 'string' && motivation.includes('commenting')) {
      const articleId = target.startsWith(ARTICLE) ? target.slice(ARTICLE.length) : target
      let provenance: Provenance | null = null
      for (const line of values('describing')) {
        const value = /^provenance:\s*(.+)$/.exec(line)?.[1]?.trim()
        if (value && (provenances as readonly string[]).includes(value)) provenance = value as Provenance
      }
      const articleNote: ArticleNote = { articleId, note, provenance, annotator, modified }
      layerOf(annotator).articleNotes.push(articleNote)
      return
    }
    if (!isObject(target)) throw fail('has no target with a source and selectors')
    const source = typeof target.source === 'string' ? target.source : null
    if (!source) throw fail('its target names no source article')
    const articleId = source.startsWith(ARTICLE) ? source.slice(ARTICLE.length) : source
    const text = context.textOf(articleId)
    if (text === undefined) throw fail(`its target ${JSON.stringify(source)} is not an article of this workspace`)
    const selectors = asArray(target.selector).filter(isObject)
    const quoteSelector = selectors.find((s) => hasType(s, 'TextQuoteSelector'))
    const position = selectors.find((s) => hasType(s, 'TextPositionSelector'))
    const converter = new OffsetConverter(text)
    const given =
      quoteSelector && typeof quoteSelector.exact === 'string' && quoteSelector.exact !== ''
        ? { exact: quoteSelector.exact, prefix: typeof quoteSelector.prefix === 'string' ? quoteSelector.prefix.slice(-32) : '', suffix: typeof quoteSelector.suffix === 'string' ? quoteSelector.suffix.slice(0, 32) : '' }
        : null
    let start: number
    let end: number
    if (position) {
      if (!Number.isInteger(position.start) || !Number.isInteger(position.end) || (position.start as number) < 0 || (position.end as number) <= (position.start as number)) {
        throw fail('its TextPositionSelector needs whole numbers start < end')
      }
      const cpStart = position.start as number
      const cpEnd = position.end as number
      if (cpEnd > converter.codePointLength && !given) throw fail(`its TextPositionSelector ends at ${cpEnd}, past the end of the article (${converter.codePointLength} code points)`)
      start = cpEnd > converter.codePointLength ? 0 : converter.toUtf16(cpStart)
      end = cpEnd > converter.codePointLength ? 0 : converter.toUtf16(cpEnd)
    } else if (given) {
      // only a quote: it places the annotation (one that had no offsets is not "re-anchored")
      const span = anchorQuote(text, given)
      start = span?.start ?? 0
      end = span?.end ?? 0
    } else throw fail('its target has neither a TextQuoteSelector with the exact text nor a TextPositionSelector')
    const quote = given ?? quoteAt(text, start, end)
    const labelValue = values('tagging')[0]
    const label = context.tagset.labels.find((l) => l.id === labelValue || l.name.toLowerCase() === labelValue?.toLowerCase())
    if (!label) throw fail(labelValue ? `its label "${labelValue}" is not in the tagset` : 'has no tagging body naming its label')
    const attributes: Annotation['attributes'] = {}
    for (const line of values('describing')) {
      const problem = readAttributeLine(label.attributes, attributes, line)
      if (problem) throw fail(problem)
    }
    const entityDef = label.attributes.find((d) => d.type === 'entity')
    const identifying = bodies.find((b) => asArray(b.purpose).includes('identifying') && typeof b.source === 'string' && (b.source as string).startsWith(ENTITY))
    if (entityDef && identifying) attributes[entityDef.id] = (identifying.source as string).slice(ENTITY.length)
    const annotation: Annotation = {
      id: idFromIri(item.id),
      articleId,
      start,
      end: end > start ? end : start + quote.exact.length,
      unit: 'utf16',
      quote,
      label: label.id,
      attributes,
      note,
      annotator,
      created,
      modified,
    }
    byIri.set(item.id, annotation)
    layerOf(annotator).annotations.push(annotation)
  })

  for (const [index, item] of linkItems) {
    const fail = (reason: string) => importError(file.name, `annotation ${index + 1} (${asText(item.id)})`, reason)
    const ends = asArray(item.target).map((t) => (typeof t === 'string' ? t : isObject(t) && typeof t.id === 'string' ? t.id : null))
    if (ends.length !== 2 || ends.some((e) => e === null)) throw fail('a link targets exactly two annotations')
    const [from, to] = ends.map((iri) => byIri.get(iri as string))
    if (!from || !to) throw fail(`links an annotation that is not in the file (${ends.find((e) => !byIri.has(e as string))})`)
    const bodies = asArray(item.body).filter(isObject)
    const typeValue = bodies.find((b) => asArray(b.purpose).includes('tagging'))?.value
    const type = context.tagset.linkTypes.find((t) => t.id === typeValue || t.name === typeValue)
    if (!type) throw fail(`its link type "${asText(typeValue)}" is not in the tagset`)
    const attributes: Link['attributes'] = {}
    for (const body of bodies) {
      if (asArray(body.purpose).includes('describing') && typeof body.value === 'string') {
        const problem = readAttributeLine(type.attributes, attributes, body.value)
        if (problem) throw fail(problem)
      }
    }
    const annotator = context.annotator ?? creatorName(item.creator) ?? from.annotator
    const created = typeof item.created === 'string' ? item.created : context.now
    layerOf(annotator).links.push({
      id: idFromIri(item.id as string),
      type: type.id,
      from: { articleId: from.articleId, annotationId: from.id },
      to: { articleId: to.articleId, annotationId: to.id },
      attributes,
      note: bodies.filter((b) => asArray(b.purpose).includes('commenting') && typeof b.value === 'string').map((b) => b.value as string).join('\n\n'),
      annotator,
      created,
      modified: typeof item.modified === 'string' ? item.modified : created,
    })
  }
  // W3C carries entity ids, not the registry: the import reports ids the workspace does not know
  return { layers: [...layers.values()], entities: [], articleHashes: {} }
}
