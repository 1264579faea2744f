/** Export and import over a workspace: gathers the work, runs a format, re-anchors and saves what comes in. */
import type { z } from 'zod'
import { Annotation, ArticleNote, Entity, Link, type Edit, type ImportReport, type Layer } from '../../shared/annotations'
import { GOLD, isGold } from '../../shared/gold'
import { anchorQuote, quoteAt } from '../../shared/anchoring'
import { AppError } from '../../shared/result'
import { attributeProblem } from '../../shared/attribute-rules'
import { personNameProblem } from '../../shared/names'
import { AnnotatorName } from '../../shared/workspace'
import { countOf } from '../../shared/wording'
import { issueMessage } from '../../shared/zod-errors'
import { prepareEdits } from '../workspace/edits'
import type { Workspace } from '../workspace/workspace'
import { exportBrat, importBrat } from './formats/brat'
import { exportCsv } from './formats/csv'
import { exportLabelStudio, importLabelStudio } from './formats/labelstudio'
import { exportMqm } from './formats/mqm'
import { importNative, nativeChunks } from './formats/native'
import { importW3c, w3cChunks } from './formats/w3c'
import { joinChunks } from '../store/json-chunks'
import { FORMAT_NAMES, importError, jsonPlace, withFormatHint, type ExportFile, type ExportFormat, type ExportInput, type ImportBundle, type ImportFile, type ImportFormat } from './model'

export interface ExportFilter {
  annotators?: readonly string[]
  articleIds?: readonly string[]
}

/** The chosen layers and articles of a workspace, as exporters read them. */
export async function collectExport(workspace: Workspace, filter: ExportFilter = {}): Promise<ExportInput> {
  const known = await workspace.layers.annotators()
  for (const name of filter.annotators ?? []) if (!known.includes(name)) throw new AppError('not-found', `There is no layer by "${name}" in this workspace (${known.join(', ') || 'none yet'}).`)
  for (const id of filter.articleIds ?? []) workspace.article(id)
  const articleIds = filter.articleIds?.length ? workspace.articleIds.filter((id) => filter.articleIds!.includes(id)) : workspace.articleIds
  const layers = await Promise.all((filter.annotators?.length ? filter.annotators : known).map((name) => workspace.layers.layer(name, articleIds)))
  return {
    workspaceName: workspace.file.name,
    tagset: workspace.tagset,
    articles: articleIds.map((id) => workspace.article(id)),
    entities: (await workspace.entities()).data.entities,
    layers,
  }
}

export const EXPORT_FILE_NAMES: Record<Exclude<ExportFormat, 'brat' | 'labelstudio'>, string> = {
  native: 'annotations.parallax.json',
  w3c: 'annotations.jsonld',
  mqm: 'translation-errors.mqm.tsv',
  csv: 'annotations.csv',
}

/** One file of an export as chunks of its text, in order: the long formats never make it one string. */
export interface ExportStream {
  path: string
  chunks: Iterable<string>
}

/** An export as it is written: Parallax JSON and W3C one record at a time, the other formats whole. */
export function streamExport(format: ExportFormat, input: ExportInput): ExportStream[] {
  switch (format) {
    case 'native':
      return [{ path: EXPORT_FILE_NAMES.native, chunks: nativeChunks(input) }]
    case 'w3c':
      return [{ path: EXPORT_FILE_NAMES.w3c, chunks: w3cChunks(input) }]
    case 'mqm':
      return [{ path: EXPORT_FILE_NAMES.mqm, chunks: [exportMqm(input)] }]
    case 'csv':
      return [{ path: EXPORT_FILE_NAMES.csv, chunks: [exportCsv(input)] }]
    case 'brat':
      return exportBrat(input).map((file) => ({ path: file.path, chunks: [file.content] }))
    case 'labelstudio':
      return exportLabelStudio(input).map((file) => ({ path: file.path, chunks: [file.content] }))
  }
}

/**
 * An export as files held in memory (the app hands them to the page to save). One that would not
 * fit in one string is refused with what to do instead (`parallax export`, which writes as it goes).
 */
export function runExport(format: ExportFormat, input: ExportInput): ExportFile[] {
  return streamExport(format, input).map((file) => ({ path: file.path, content: joinChunks(file.chunks, `This ${FORMAT_NAMES[format]} export`) }))
}


/** Reads files in a format into a bundle; nothing is written. */
export function readImport(workspace: Workspace, format: ImportFormat, files: readonly ImportFile[], annotator: string | undefined, now = new Date().toISOString()): ImportBundle {
  if (files.length === 0) throw new AppError('invalid-input', 'Nothing to import: no files were given.')
  const nameProblem = annotator === undefined ? null : personNameProblem(annotator)
  if (nameProblem) throw new AppError('invalid-input', `Nothing was imported: the annotator name won't do (${nameProblem}).`)
  const context = { tagset: workspace.tagset, textOf: (id: string) => (workspace.has(id) ? workspace.article(id).text : undefined), now, ...(annotator ? { annotator } : {}) }
  // a Label Studio export comes with its labeling config, which says nothing an import needs
  const read = format === 'labelstudio' ? files.filter((f) => !f.name.toLowerCase().endsWith('.xml')) : files
  try {
    if (format === 'brat') return importBrat(files, context)
    if (read.length !== 1) throw new AppError('invalid-input', `A ${FORMAT_NAMES[format]} import reads one file at a time (${read.length} were given).`)
    const file = read[0] as ImportFile
    if (format === 'native') return importNative(file, context)
    if (format === 'w3c') return importW3c(file, context)
    return importLabelStudio(file, context, workspace.articleIds)
  } catch (error) {
    throw withFormatHint(error, format, read)
  }
}

/**
 * What keeps an import's layers out of gold, or gold out of a person's layer: gold holds only what a
 * review settled, which a Parallax JSON export of gold says of each annotation (its adjudication)
 * and of each decision (the gold annotations it put there, in the file or in the workspace's gold).
 */
async function goldProblems(workspace: Workspace, layers: readonly ImportBundle['layers'][number][]): Promise<string[]> {
  const problems: string[] = []
  for (const layer of layers) {
    const decisions = layer.decisions ?? []
    if (!isGold(layer.annotator)) {
      if (decisions.length > 0) {
        problems.push(`${layer.annotator}'s layer holds ${countOf(decisions.length, 'decision')} of a review, which only the gold layer has: import the gold layer under its own name, "${GOLD}"`)
      }
      continue
    }
    if (layer.annotator !== GOLD) problems.push(`"${layer.annotator}" is the name of the gold layer: a person's layer cannot take it`)
    const unsettled = layer.annotations.filter((a) => !a.adjudication)
    if (unsettled.length > 0) {
      problems.push(
        `the file's gold layer has ${countOf(unsettled.length, 'annotation')} that no review settled (no adjudication), such as "${unsettled[0]!.quote.exact.slice(0, 40)}" in ${unsettled[0]!.articleId}: only the review puts annotations into gold. Export without the gold layer, or import a single layer under a person's name`,
      )
    }
    const articleIds = [...new Set(decisions.map((d) => d.articleId))].filter((id) => workspace.has(id))
    const known = new Set([...layer.annotations.map((a) => a.id), ...(articleIds.length ? (await workspace.layers.layer(GOLD, articleIds)).annotations.map((a) => a.id) : [])])
    const hollow = decisions.filter((d) => d.goldIds.some((id) => !known.has(id)))
    if (hollow.length > 0) {
      problems.push(`the file's gold layer has ${countOf(hollow.length, 'decision')} whose gold annotations are neither in the file nor in this workspace's gold, such as ${hollow[0]!.key}`)
    }
  }
  return problems
}

/** A failed check's first problem, with its place in the file: "layers[0].annotations[3].unit should be text, not a number". */
function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0]!
  return [jsonPlace(issue.path), issueMessage(issue)].filter(Boolean).join(' ')
}

/**
 * Saves an import as its annotators' layers, all or nothing: every annotation is anchored on the
 * workspace's text (re-anchored by quote and context where offsets and text disagree), every value
 * checked against the tagset, and every layer's edits checked, before anything is written.
 * Ids are kept, so importing the same file again adds nothing.
 */
export async function saveImport(workspace: Workspace, bundle: ImportBundle, source: string): Promise<ImportReport> {
  workspace.assertWritable()
  const report: ImportReport = { source, annotators: [], annotations: 0, links: 0, entities: 0, articleNotes: 0, reanchored: [], notes: [] }
  const problems: string[] = []
  const registry = (await workspace.entities()).data.entities
  const sameName = (a: Entity, b: Entity) => a.name.toLocaleLowerCase() === b.name.toLocaleLowerCase()

  // entities: one already in the registry under the same name is the same entity (its aliases merged)
  const entityIds = new Map<string, string>()
  const entities: Entity[] = []
  for (const entity of bundle.entities) {
    const existing = registry.find((e) => e.id === entity.id) ?? registry.find((e) => sameName(e, entity))
    const target = existing ?? entity
    entityIds.set(entity.id, target.id)
    const aliases = [...new Set([...target.aliases, ...entity.aliases])].filter((alias) => alias.toLocaleLowerCase() !== target.name.toLocaleLowerCase())
    entities.push({ ...target, aliases })
  }
  const knownEntity = (id: string) => registry.some((e) => e.id === id) || entities.some((e) => e.id === id)

  for (const [articleId, hash] of Object.entries(bundle.articleHashes)) {
    if (workspace.has(articleId) && workspace.article(articleId).meta.sha256 !== hash) {
      report.notes.push(`The text of "${articleId}" differs from the one the file was made on: its annotations were re-anchored by their quotes.`)
    }
  }
  problems.push(...(await goldProblems(workspace, bundle.layers)))
  const layers: Layer[] = bundle.layers.map((layer) => {
    const annotations: Annotation[] = []
    for (const a of layer.annotations) {
      const where = `${layer.annotator}'s "${a.quote.exact.slice(0, 40)}" in ${a.articleId}`
      if (a.adjudication && !isGold(layer.annotator)) {
        problems.push(`${where}: it says how a review settled it (adjudication), which only the gold layer's annotations do`)
        continue
      }
      if (!workspace.has(a.articleId)) {
        problems.push(`${where}: there is no article "${a.articleId}" in this workspace`)
        continue
      }
      const text = workspace.article(a.articleId).text
      const span = anchorQuote(text, a.quote, { start: a.start, end: a.end })
      if (!span) {
        problems.push(`${where}: the quote is not in the article's text, at ${a.start}–${a.end} or anywhere else`)
        continue
      }
      if (span.start !== a.start || span.end !== a.end) {
        report.reanchored.push({ annotator: layer.annotator, articleId: a.articleId, quote: a.quote.exact, from: [a.start, a.end], to: [span.start, span.end] })
      }
      const label = workspace.tagset.labels.find((l) => l.id === a.label)
      if (!label) {
        problems.push(`${where}: the label "${a.label}" is not in the tagset`)
        continue
      }
      const attributes = { ...a.attributes }
      for (const def of label.attributes) {
        const value = attributes[def.id]
        if (def.type !== 'entity' || typeof value !== 'string') continue
        const mapped = entityIds.get(value) ?? value
        if (knownEntity(mapped)) attributes[def.id] = mapped
        else {
          delete attributes[def.id]
          report.notes.push(`${where}: its entity "${value}" is not in this workspace's registry, so the Speaker was imported without it.`)
        }
      }
      const problem = attributeProblem(label.attributes, attributes, a.note)
      if (problem) {
        problems.push(`${where}: ${problem}`)
        continue
      }
      annotations.push({ ...a, ...span, quote: quoteAt(text, span.start, span.end), attributes })
    }
    return { ...layer, annotations }
  })
  // what the workspace's files must hold, so that an import never writes a file the workspace then refuses to read
  for (const layer of layers) {
    const checks: [string, z.ZodType, unknown][] = [
      [`the annotator "${layer.annotator.slice(0, 100)}"`, AnnotatorName, layer.annotator],
      ...layer.annotations.map((a): [string, z.ZodType, unknown] => [`${layer.annotator}'s "${a.quote.exact.slice(0, 40)}" in ${a.articleId}`, Annotation, a]),
      ...layer.links.map((l): [string, z.ZodType, unknown] => [`${layer.annotator}'s link ${l.id}`, Link, l]),
      ...layer.articleNotes.map((n): [string, z.ZodType, unknown] => [`${layer.annotator}'s note on ${n.articleId}`, ArticleNote, n]),
    ]
    for (const [where, schema, value] of checks) {
      const parsed = schema.safeParse(value)
      if (!parsed.success) problems.push(`${where}: ${firstProblem(parsed.error)}`)
    }
  }
  for (const entity of entities) {
    const parsed = Entity.safeParse(entity)
    if (!parsed.success) problems.push(`the entity "${String(entity.name).slice(0, 40)}": ${firstProblem(parsed.error)}`)
  }
  if (problems.length > 0) {
    const more = problems.length > 8 ? ` (and ${problems.length - 8} more)` : ''
    throw importError(source, null, `nothing was imported: ${problems.slice(0, 8).join('; ')}${more}`)
  }

  const editContext = async (annotator: string) => ({
    annotator,
    tagset: workspace.tagset,
    layers: workspace.layers,
    entities: await workspace.entities(),
    articleIds: workspace.articleIds,
    text: (id: string) => workspace.article(id).text,
  })
  const prepared = []
  for (const layer of layers) {
    const edits: Edit[] = [
      ...entities.map((entity): Edit => ({ op: 'put-entity', entity })),
      ...layer.annotations.map((annotation): Edit => ({ op: 'put-annotation', annotation })),
      ...layer.links.map((link): Edit => ({ op: 'put-link', link })),
      ...layer.articleNotes.map((articleNote): Edit => ({ op: 'put-article-note', articleNote })),
      ...(layer.decisions ?? []).map((decision): Edit => ({ op: 'put-decision', decision })),
    ]
    if (edits.length === 0) continue
    try {
      prepared.push(await prepareEdits(await editContext(layer.annotator), edits))
    } catch (error) {
      if (error instanceof AppError) throw importError(source, `${layer.annotator}'s layer`, `nothing was imported: ${error.message}`)
      throw error
    }
    report.annotators.push(layer.annotator)
    report.annotations += layer.annotations.length
    report.links += layer.links.length
    report.articleNotes += layer.articleNotes.length
  }
  // a file of entities and no layers (a workspace's registry before anyone annotated) still brings them in
  if (prepared.length === 0 && entities.length > 0) {
    try {
      prepared.push(await prepareEdits(await editContext(entities[0]!.createdBy), entities.map((entity): Edit => ({ op: 'put-entity', entity }))))
    } catch (error) {
      if (error instanceof AppError) throw importError(source, 'entities', `nothing was imported: ${error.message}`)
      throw error
    }
  }
  for (const plan of prepared) await plan.commit()
  report.entities = entities.length
  return report
}
