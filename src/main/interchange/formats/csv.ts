/** CSV for spreadsheets: one row per annotation, one column per attribute of the tagset. */
import { stringify } from 'csv-stringify/sync'
import { OffsetConverter } from '../../../shared/anchoring'
import type { ExportInput } from '../model'
import { toNativeDocument } from './native'

export function exportCsv(input: ExportInput): string {
  const document = toNativeDocument(input)
  const attributeColumns = document.tagset.labels.flatMap((label) => label.attributes.map((def) => ({ label: label.id, id: def.id, header: `${label.id}.${def.id}` })))
  const articles = new Map(input.articles.map((a) => [a.meta.id, a]))
  const converters = new Map<string, OffsetConverter>()
  const converter = (id: string) => converters.get(id) ?? converters.set(id, new OffsetConverter(articles.get(id)?.text ?? '')).get(id)!
  // ids are unique within a layer only (an imported copy of a layer keeps them): count per layer
  const linkCounts = new Map<string, number>()
  const key = (annotator: string, id: string) => `${annotator}\u0000${id}`
  for (const layer of document.layers) {
    for (const link of layer.links) for (const end of [link.from.annotationId, link.to.annotationId]) linkCounts.set(key(layer.annotator, end), (linkCounts.get(key(layer.annotator, end)) ?? 0) + 1)
  }
  const header = ['id', 'annotator', 'article_id', 'article_title', 'label', 'start', 'end', 'unit', 'text', 'note', ...attributeColumns.map((c) => c.header), 'links', 'created', 'modified']
  const rows = document.layers.flatMap((layer) =>
    layer.annotations.map((a) => [
      a.id,
      a.annotator,
      a.articleId,
      articles.get(a.articleId)?.meta.title ?? '',
      a.label,
      converter(a.articleId).toCodePoints(a.start),
      converter(a.articleId).toCodePoints(a.end),
      'codepoint',
      a.quote.exact,
      a.note,
      ...attributeColumns.map((c) => {
        const value = c.label === a.label ? a.attributes[c.id] : undefined
        return value === undefined || value === null ? '' : Array.isArray(value) ? value.join('; ') : String(value)
      }),
      linkCounts.get(key(layer.annotator, a.id)) ?? 0,
      a.created,
      a.modified,
    ]),
  )
  // a cell that a spreadsheet would run as a formula (=, +, -, @ …; notes and quotes come from anyone's files) starts with ' instead
  return stringify([header, ...rows], { record_delimiter: '\n', escape_formulas: true })
}
