/**
 * Label Studio: JSON tasks (one per article, `data.text` the text) whose `annotations[]` hold one
 * entry per annotator with `result[]`: a `labels` region per span, per-region `choices` and
 * `textarea` results for attributes and the note (same region id), and `relation` results for
 * links within the article; plus the labeling config (XML) that makes the file import into Label
 * Studio. Offsets count Unicode code points, as Label Studio's Python side does.
 */
import { createHash } from 'node:crypto'
import type { Annotation, Layer, Link } from '../../../shared/annotations'
import { OffsetConverter, quoteAt } from '../../../shared/anchoring'
import type { AttributeDef, LabelDef, Tagset } from '../../../shared/tagset'
import { asText, importError, isObject, parseJson, type ExportFile, type ExportInput, type ImportBundle, type ImportContext, type ImportFile, type Json } from '../model'
import { toNativeDocument } from './native'

const LABEL = 'label'
const NOTE = 'note'
const controlName = (label: LabelDef, def: AttributeDef) => `${label.id}.${def.id}`
const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** The labeling config: labels, one per-region control per attribute shown for its label, the note, and relations. */
export function labelingConfig(tagset: Tagset): string {
  const lines = ['<View>', `  <Labels name="${LABEL}" toName="text">`]
  for (const label of tagset.labels) lines.push(`    <Label value="${xml(label.id)}" alias="${xml(label.name)}" background="${label.color}"${label.hotkey ? ` hotkey="${label.hotkey}"` : ''}/>`)
  lines.push('  </Labels>', '  <Text name="text" value="$text"/>')
  for (const label of tagset.labels) {
    for (const def of label.attributes) {
      const shown = `perRegion="true" visibleWhen="region-selected" whenLabelValue="${xml(label.id)}"`
      if (def.type === 'one-of' || def.type === 'many-of') {
        lines.push(`  <Choices name="${xml(controlName(label, def))}" toName="text" ${shown} choice="${def.type === 'one-of' ? 'single' : 'multiple'}">`)
        lines.push(`    <Header value="${xml(`${label.name}: ${def.name}`)}"/>`)
        for (const v of def.values) lines.push(`    <Choice value="${xml(v)}"/>`)
        lines.push('  </Choices>')
      } else if (def.type === 'boolean') {
        lines.push(`  <Choices name="${xml(controlName(label, def))}" toName="text" ${shown} choice="multiple">`, `    <Choice value="${xml(def.name)}"/>`, '  </Choices>')
      } else {
        lines.push(`  <TextArea name="${xml(controlName(label, def))}" toName="text" ${shown} maxSubmissions="1" placeholder="${xml(`${label.name}: ${def.name}`)}"/>`)
      }
    }
  }
  lines.push(`  <TextArea name="${NOTE}" toName="text" perRegion="true" visibleWhen="region-selected" placeholder="Note"/>`, '  <Relations>')
  for (const type of tagset.linkTypes) lines.push(`    <Relation value="${xml(type.id)}"/>`)
  lines.push('  </Relations>', '</View>', '')
  return lines.join('\n')
}

interface Region {
  id: string
  from_name: string
  to_name: string
  type: string
  value: Record<string, unknown>
}

function resultsFor(tagset: Tagset, text: string, annotations: readonly Annotation[], links: readonly Link[]): unknown[] {
  const converter = new OffsetConverter(text)
  const results: unknown[] = []
  const regionIds = new Map<string, string>()
  annotations.forEach((a, i) => {
    const id = `r${i + 1}`
    regionIds.set(a.id, id)
    const span = { start: converter.toCodePoints(a.start), end: converter.toCodePoints(a.end), text: a.quote.exact }
    const region = (from_name: string, type: string, value: Record<string, unknown>): Region => ({ id, from_name, to_name: 'text', type, value: { ...span, ...value } })
    results.push({ ...region(LABEL, 'labels', { labels: [a.label] }), meta: { parallaxId: a.id } })
    const label = tagset.labels.find((l) => l.id === a.label)
    for (const def of label?.attributes ?? []) {
      const value = a.attributes[def.id]
      if (value === undefined || value === null) continue
      if (def.type === 'one-of' && typeof value === 'string') results.push(region(controlName(label!, def), 'choices', { choices: [value] }))
      else if (def.type === 'many-of' && Array.isArray(value)) results.push(region(controlName(label!, def), 'choices', { choices: value }))
      else if (def.type === 'boolean' && value === true) results.push(region(controlName(label!, def), 'choices', { choices: [def.name] }))
      else if (typeof value === 'string') results.push(region(controlName(label!, def), 'textarea', { text: [value] }))
    }
    if (a.note) results.push(region(NOTE, 'textarea', { text: [a.note] }))
  })
  for (const l of links) {
    const from = regionIds.get(l.from.annotationId)
    const to = regionIds.get(l.to.annotationId)
    if (from && to) results.push({ from_id: from, to_id: to, type: 'relation', direction: 'right', labels: [l.type] })
  }
  return results
}

export function exportLabelStudio(input: ExportInput): ExportFile[] {
  const document = toNativeDocument(input)
  const tasks = input.articles.map(({ meta, text }, index) => ({
    id: index + 1,
    data: { text, article_id: meta.id, title: meta.title },
    annotations: document.layers.map((layer) => ({
      completed_by: { email: layer.annotator },
      result: resultsFor(
        document.tagset,
        text,
        layer.annotations.filter((a) => a.articleId === meta.id),
        layer.links.filter((l) => l.from.articleId === meta.id && l.to.articleId === meta.id),
      ),
    })),
  }))
  return [
    { path: 'tasks.json', content: `${JSON.stringify(tasks, null, 2)}\n` },
    { path: 'labeling-config.xml', content: labelingConfig(document.tagset) },
  ]
}


function annotatorOf(entry: Json, context: ImportContext): string | null {
  if (context.annotator) return context.annotator
  const by = entry.completed_by
  if (typeof by === 'string') return by
  if (typeof by === 'number') return `Label Studio user ${by}`
  if (isObject(by)) return typeof by.email === 'string' ? by.email : typeof by.id === 'number' ? `Label Studio user ${by.id}` : null
  return null
}

/** Reads Label Studio tasks: each task's article comes from `data.article_id`, else a text identical to an article's. */
export function importLabelStudio(file: ImportFile, context: ImportContext, articleIds: readonly string[]): ImportBundle {
  const json = parseJson(file)
  const tasks = Array.isArray(json) ? json : isObject(json) ? [json] : null
  if (!tasks) throw importError(file.name, null, 'is not a list of Label Studio tasks')
  const layers = new Map<string, Layer>()
  tasks.forEach((task, t) => {
    const place = (where: string) => `task ${t + 1}${where}`
    if (!isObject(task) || !isObject(task.data)) throw importError(file.name, place(''), 'has no data object')
    const data = task.data
    const text = typeof data.text === 'string' ? data.text : null
    const articleId =
      typeof data.article_id === 'string' ? data.article_id : text !== null ? articleIds.find((id) => context.textOf(id) === text) : undefined
    if (!articleId || context.textOf(articleId) === undefined) throw importError(file.name, place('.data'), 'names no article of this workspace (data.article_id) and its text is none of theirs')
    const ownText = text ?? (context.textOf(articleId) as string)
    const converter = new OffsetConverter(ownText)
    const entries = Array.isArray(task.annotations) ? task.annotations : []
    entries.forEach((entry, e) => {
      if (!isObject(entry)) throw importError(file.name, place(`.annotations[${e}]`), 'is not an object')
      const annotator = annotatorOf(entry, context)
      if (!annotator) throw importError(file.name, place(`.annotations[${e}].completed_by`), 'says nobody annotated it: give the annotator (--annotator NAME)')
      const layer = layers.get(annotator) ?? layers.set(annotator, { annotator, annotations: [], links: [], articleNotes: [] }).get(annotator)!
      const created = typeof entry.created_at === 'string' ? entry.created_at : context.now
      const modified = typeof entry.updated_at === 'string' ? entry.updated_at : created
      const results = Array.isArray(entry.result) ? entry.result : []
      const byRegion = new Map<string, Annotation>()
      const stableId = (regionId: string) => `ls-${createHash('sha256').update(`${articleId}\u0000${annotator}\u0000${regionId}`).digest('hex').slice(0, 20)}`
      const resultPlace = (r: number) => place(`.annotations[${e}].result[${r}]`)
      // spans first, then what refers to them
      results.forEach((result, r) => {
        if (!isObject(result) || result.type !== 'labels') return
        const value = result.value
        if (!isObject(value) || !Number.isInteger(value.start) || !Number.isInteger(value.end)) throw importError(file.name, resultPlace(r), 'a labels result needs value.start and value.end')
        const labels = Array.isArray(value.labels) ? value.labels : []
        const label = context.tagset.labels.find((l) => l.id === labels[0] || l.name === labels[0])
        if (!label) throw importError(file.name, resultPlace(r), `the label "${asText(labels[0])}" is not in the tagset`)
        const cpStart = value.start as number
        const cpEnd = value.end as number
        if (cpStart < 0 || cpEnd <= cpStart) throw importError(file.name, resultPlace(r), `the span ${cpStart}–${cpEnd} is empty or backwards`)
        if (cpEnd > converter.codePointLength) throw importError(file.name, resultPlace(r), `the span ends at ${cpEnd}, past the end of the text (${converter.codePointLength})`)
        const start = converter.toUtf16(cpStart)
        const end = converter.toUtf16(cpEnd)
        const regionId = typeof result.id === 'string' ? result.id : `${r}`
        const meta = isObject(result.meta) && typeof result.meta.parallaxId === 'string' ? result.meta.parallaxId : null
        const written = typeof value.text === 'string' ? value.text : null
        const annotation: Annotation = {
          id: meta ?? stableId(regionId),
          articleId,
          start,
          end,
          unit: 'utf16',
          quote: written !== null && written !== ownText.slice(start, end) ? { exact: written, prefix: '', suffix: '' } : quoteAt(ownText, start, end),
          label: label.id,
          attributes: {},
          note: '',
          annotator,
          created,
          modified,
        }
        byRegion.set(regionId, annotation)
        layer.annotations.push(annotation)
      })
      results.forEach((result, r) => {
        if (!isObject(result) || result.type === 'labels') return
        if (result.type === 'relation') {
          const from = byRegion.get(asText(result.from_id))
          const to = byRegion.get(asText(result.to_id))
          if (!from || !to) throw importError(file.name, resultPlace(r), 'a relation joins regions that are not in this annotation')
          const typeName = Array.isArray(result.labels) ? result.labels[0] : undefined
          const type = context.tagset.linkTypes.find((lt) => lt.id === typeName || lt.name === typeName)
          if (!type) throw importError(file.name, resultPlace(r), `the relation label "${asText(typeName)}" is not a link type of the tagset (a relation needs one)`)
          const [a, b] = result.direction === 'left' ? [to, from] : [from, to]
          layer.links.push({
            id: stableId(`${asText(result.from_id)}>${asText(result.to_id)}:${type.id}`),
            type: type.id,
            from: { articleId, annotationId: a.id },
            to: { articleId, annotationId: b.id },
            attributes: {},
            note: '',
            annotator,
            created,
            modified,
          })
          return
        }
        const region = byRegion.get(asText(result.id))
        if (!region) throw importError(file.name, resultPlace(r), `refers to region "${asText(result.id)}", which has no labels result`)
        const value = isObject(result.value) ? result.value : {}
        const name = asText(result.from_name)
        if (name === NOTE) {
          region.note = Array.isArray(value.text) ? value.text.map(asText).join('\n') : ''
          return
        }
        const label = context.tagset.labels.find((l) => l.id === region.label) as LabelDef
        const def = label.attributes.find((d) => controlName(label, d) === name || d.id === name)
        if (!def) throw importError(file.name, resultPlace(r), `${label.name} has no attribute "${name}"`)
        if (result.type === 'choices') {
          const choices = Array.isArray(value.choices) ? value.choices.map(asText) : []
          if (def.type === 'boolean') region.attributes[def.id] = choices.length > 0
          else if (def.type === 'many-of') region.attributes[def.id] = choices
          else region.attributes[def.id] = choices[0] ?? null
        } else if (result.type === 'textarea') {
          region.attributes[def.id] = Array.isArray(value.text) ? value.text.map(asText).join('\n') : ''
        } else throw importError(file.name, resultPlace(r), `results of type "${asText(result.type)}" are not read`)
      })
    })
  })
  return { layers: [...layers.values()], entities: [], articleHashes: {} }
}

