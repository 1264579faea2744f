/**
 * Synthetic workspaces for the benchmark, seeded: the same options give the same bytes. A corpus
 * folder of English-like articles becomes a workspace through `Workspace.init`; the annotators'
 * layers are then written straight into `annotations/<annotator>/<article>.json` in the workspace's
 * own format (writing 300,000 annotations through 'edits:apply' one by one would take hours). The
 * annotators mostly agree, as real ones do: the same span and label most of the time, some
 * boundary and label differences, some spans only one of them tagged.
 */
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { Annotation, ArticleNote, Entity, Link } from '../src/shared/annotations'
import { quoteAt } from '../src/shared/anchoring'
import type { CorpusManifest, Provenance } from '../src/shared/corpus'
import type { AttributeDef, AttributeValues, Tagset } from '../src/shared/tagset'
import { sha256 } from '../src/main/workspace/corpus'
import { ENTITIES_FILE } from '../src/main/workspace/entities'
import { ANNOTATIONS_DIR, annotatorSlug, LAYER_SCHEMA_VERSION, type LayerArticleFile } from '../src/main/workspace/layers'
import { LOCAL_DIR, Workspace } from '../src/main/workspace/workspace'
import { formatJson } from '../src/main/store/durable-json-file'
import { Random } from './random'
import { syntheticArticle, syntheticPeople, type Candidate, type Person } from './synthetic-text'

/** The annotators of a generated workspace, in order; the first is the user who opens it. */
export const ANNOTATORS = ['Ana Petrović', 'Marko Šarić', 'Jana Horvat'] as const

export interface GenerateOptions {
  seed?: number
  articles: number
  /** 1 to 3. */
  annotators?: number
  annotationsPerArticle?: number
  wordsPerArticle?: number
  /** Links per article per annotator: about half within the article, half to the article before. */
  linksPerArticle?: number
  /** How many of the first articles `.parallax/ui.json` has open as columns. */
  openColumns?: number
}

export interface GeneratedWorkspace {
  root: string
  articleIds: string[]
  annotators: string[]
  /** Annotations per annotator, and in all. */
  perAnnotator: number
  annotations: number
  links: number
}

const BASE_TIME = Date.parse('2026-01-05T09:00:00.000Z')
const at = (seconds: number): string => new Date(BASE_TIME + seconds * 1000).toISOString()
const OUTLETS = ['Semafor', 'Vijesti', 'The Northern Ledger', 'Radio Adriatic', 'Euro Wire', null]
const PROVENANCES: Provenance[] = ['original', 'machine-translated', 'ai-generated', 'unknown']
const NOTES = ['Check this against the source.', 'Ambiguous: see the original 🙂', 'The translation drops a negation here.', 'Same claim as in the Vijesti piece.']
/** Share of each label among an annotator's annotations. */
const LABEL_SHARE: Record<string, number> = { claim: 0.4, speaker: 0.25, quote: 0.2, 'translation-error': 0.15 }
const LABEL_SOURCE: Record<string, Candidate['kind']> = { claim: 'sentence', speaker: 'name', quote: 'quote', 'translation-error': 'word' }

export const articleIdOf = (index: number, count: number): string => `article-${String(index + 1).padStart(Math.max(4, String(count).length), '0')}`

/** Values for a label's or link type's attributes, as an annotator would set them; a value that needs a note gets one. */
function attributeValues(random: Random, defs: readonly AttributeDef[], entityId: string | null): { attributes: AttributeValues; note: string } {
  const attributes: AttributeValues = {}
  let note = random.chance(0.05) ? random.pick(NOTES) : ''
  for (const def of defs) {
    switch (def.type) {
      case 'one-of': {
        const value = def.default !== undefined && random.chance(0.5) ? def.default : random.pick(def.values)
        attributes[def.id] = value
        if (def.needsNote.includes(value) && note === '') note = 'Not one of the usual categories: a calque.'
        break
      }
      case 'many-of':
        if (random.chance(0.7)) attributes[def.id] = random.sample(def.values, random.int(1, 2))
        break
      case 'text':
        if (random.chance(0.15)) attributes[def.id] = 'the corrected wording'.slice(0, def.maxLength)
        break
      case 'boolean':
        attributes[def.id] = random.chance(0.5)
        break
      case 'entity':
        if (entityId) attributes[def.id] = entityId
        break
    }
  }
  return { attributes, note }
}

interface Planned {
  start: number
  end: number
  label: string
  person?: number
}

/** One more word at the end of a span (a boundary disagreement), or the span unchanged at the end of the text. */
function widen(text: string, span: Planned): Planned {
  let end = span.end
  while (end < text.length && /[\s,.“”]/.test(text[end] as string) && text[end] !== '\n') end++
  if (end >= text.length || text[end] === '\n') return span
  while (end < text.length && !/[\s,.“”]/.test(text[end] as string)) end++
  return { ...span, end }
}

/** Writes a synthetic workspace into `root` (new or empty) and returns what it holds. */
export async function generateWorkspace(root: string, options: GenerateOptions): Promise<GeneratedWorkspace> {
  const random = new Random(options.seed ?? 1)
  const annotatorCount = Math.max(1, Math.min(options.annotators ?? 3, ANNOTATORS.length))
  const annotators = ANNOTATORS.slice(0, annotatorCount)
  const perArticle = options.annotationsPerArticle ?? 100
  const words = options.wordsPerArticle ?? 1000
  const linksPerArticle = options.linksPerArticle ?? 10
  const count = options.articles
  const articleIds = Array.from({ length: count }, (_, i) => articleIdOf(i, count))

  const people = syntheticPeople(random, 40)
  const entities: Entity[] = people.map((person, i) => ({
    id: random.uuid(),
    name: person.name,
    aliases: [person.short],
    note: '',
    createdBy: annotators[0] as string,
    created: at(i),
    modified: at(i),
  }))

  // the corpus, written to a folder of its own and copied in by Workspace.init, as `parallax init --corpus` does
  const source = await mkdtemp(path.join(os.tmpdir(), 'parallax-bench-corpus-'))
  const articles = articleIds.map((id) => ({ id, ...syntheticArticle(random, words, people) }))
  try {
    const manifest: CorpusManifest = {
      schemaVersion: 1,
      name: `Synthetic study: ${count} articles, ${annotatorCount} annotators`,
      description: 'Generated by bench/generate.ts for the benchmark.',
      articles: articles.map((article, i) => ({
        id: article.id,
        file: `${article.id}.txt`,
        title: article.title,
        outlet: random.pick(OUTLETS),
        date: `2025-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
        language: 'en',
        provenance: random.pick(PROVENANCES),
        provenanceNote: '',
        sha256: sha256(article.text),
      })),
    }
    for (const article of articles) await writeFile(path.join(source, `${article.id}.txt`), article.text)
    await writeFile(path.join(source, 'manifest.json'), formatJson(manifest))
    const workspace = await Workspace.init(root, source)
    workspace.close()
    await writeFile(path.join(root, ENTITIES_FILE), formatJson({ schemaVersion: 1, entities }))
    const ui = { schemaVersion: 1, openArticles: articleIds.slice(0, options.openColumns ?? 1), sidebarOpen: true }
    await writeFile(path.join(root, LOCAL_DIR, 'ui.json'), formatJson(ui))
    const links = await writeLayers(random, root, workspace.tagset, articles, annotators, { perArticle, linksPerArticle, entities, people })
    // one flush for everything written, so that the measurements' own fsyncs do not pay for it
    execFileSync('sync')
    return { root, articleIds, annotators: [...annotators], perAnnotator: perArticle * count, annotations: perArticle * count * annotatorCount, links }
  } finally {
    await rm(source, { recursive: true, force: true })
  }
}

interface LayerOptions {
  perArticle: number
  linksPerArticle: number
  entities: Entity[]
  people: Person[]
}

/** Every annotator's file for every article; returns the number of links written. */
async function writeLayers(
  random: Random,
  root: string,
  tagset: Tagset,
  articles: readonly { id: string; text: string; candidates: Record<Candidate['kind'], Candidate[]> }[],
  annotators: readonly string[],
  options: LayerOptions,
): Promise<number> {
  const labels = tagset.labels.map((l) => l.id)
  const labelDef = (id: string) => tagset.labels.find((l) => l.id === id)!
  const folders = annotators.map((name) => `${ANNOTATIONS_DIR}/${annotatorSlug(name)}`)
  for (const [i, name] of annotators.entries()) {
    await mkdir(path.join(root, folders[i] as string), { recursive: true })
    await writeFile(path.join(root, folders[i] as string, '_layer.json'), formatJson({ schemaVersion: LAYER_SCHEMA_VERSION, annotator: name }))
  }
  let links = 0
  /** Each annotator's annotations of the article before, for links across articles. */
  let previous: Annotation[][] | null = null

  for (const [articleIndex, article] of articles.entries()) {
    const { text, candidates } = article
    // what "really" is in the article: spans from the places each label applies to
    const planned: Planned[] = []
    for (const label of labels) {
      const want = Math.round(options.perArticle * (LABEL_SHARE[label] ?? 0.1))
      const pool = candidates[LABEL_SOURCE[label] ?? 'word']
      for (const c of random.sample(pool, want)) planned.push({ start: c.start, end: c.end, label, ...(c.person !== undefined ? { person: c.person } : {}) })
    }
    while (planned.length < options.perArticle) {
      const c = random.pick(candidates.word)
      planned.push({ start: c.start, end: c.end, label: 'claim' })
    }
    planned.length = options.perArticle

    const current: Annotation[][] = []
    for (const [a, annotator] of annotators.entries()) {
      const timeBase = a * 86_400 * 30 + articleIndex * 3_600
      const annotations = planned.map((plan, k): Annotation => {
        let span = plan
        const roll = random.next()
        if (roll > 0.72 && roll <= 0.84) span = widen(text, plan)
        else if (roll > 0.84 && roll <= 0.9) span = { ...plan, label: random.pick(labels.filter((l) => l !== plan.label)) }
        else if (roll > 0.9) {
          const c = random.pick(candidates.word)
          span = { start: c.start, end: c.end, label: random.pick(['claim', 'translation-error']) }
        }
        const entity = span.label === 'speaker' ? (options.entities[span.person ?? random.int(0, options.entities.length - 1)]?.id ?? null) : null
        const { attributes, note } = attributeValues(random, labelDef(span.label).attributes, entity)
        const created = at(timeBase + k * 17)
        return {
          id: random.uuid(),
          articleId: article.id,
          start: span.start,
          end: span.end,
          unit: 'utf16',
          quote: quoteAt(text, span.start, span.end),
          label: span.label,
          attributes,
          note,
          annotator,
          created,
          modified: random.chance(0.2) ? at(timeBase + k * 17 + 300) : created,
        }
      })
      annotations.sort((x, y) => x.start - y.start || x.end - y.end || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
      current.push(annotations)

      const layerLinks = linksOf(random, tagset, annotations, previous?.[a] ?? null, options.linksPerArticle, annotator, timeBase + options.perArticle * 17)
      links += layerLinks.length
      const articleNote: ArticleNote | null = random.chance(0.1)
        ? { articleId: article.id, note: random.pick(NOTES), provenance: random.pick(PROVENANCES), annotator, modified: at(timeBase + 5_000) }
        : null
      const file: LayerArticleFile = {
        schemaVersion: LAYER_SCHEMA_VERSION,
        annotator,
        articleId: article.id,
        textSha256: sha256(text),
        annotations,
        links: layerLinks,
        articleNote,
      }
      await writeFile(path.join(root, folders[a] as string, `${article.id}.json`), formatJson(file))
    }
    previous = current
  }
  return links
}

/**
 * An annotator's links from one article: Quotes and Claims attributed to Speakers within it, and
 * (with an article before it) the same entity and the same claim across the two articles.
 */
function linksOf(random: Random, tagset: Tagset, here: Annotation[], before: Annotation[] | null, count: number, annotator: string, timeBase: number): Link[] {
  const byLabel = (list: Annotation[], label: string) => list.filter((a) => a.label === label)
  const speakers = byLabel(here, 'speaker')
  const sayers = [...byLabel(here, 'quote'), ...byLabel(here, 'claim')]
  const claims = byLabel(here, 'claim')
  const links: Link[] = []
  const add = (type: string, from: Annotation | undefined, to: Annotation | undefined): void => {
    if (!from || !to || from.id === to.id) return
    const def = tagset.linkTypes.find((t) => t.id === type)
    if (!def) return
    const { attributes, note } = attributeValues(random, def.attributes, null)
    const created = at(timeBase + links.length * 23)
    links.push({
      id: random.uuid(),
      type,
      from: { articleId: from.articleId, annotationId: from.id },
      to: { articleId: to.articleId, annotationId: to.id },
      attributes,
      note,
      annotator,
      created,
      modified: created,
    })
  }
  const across = before ? Math.floor(count / 2) : 0
  for (let i = 0; i < count - across && speakers.length > 0 && sayers.length > 0; i++) add('attributed-to', random.pick(sayers), random.pick(speakers))
  for (let i = 0; i < across; i++) {
    const [type, label, ends]: [string, string, Annotation[]] = i % 2 === 0 ? ['same-entity', 'speaker', speakers] : ['same-claim', 'claim', claims]
    const there = byLabel(before as Annotation[], label)
    if (ends.length > 0 && there.length > 0) add(type, random.pick(ends), random.pick(there))
  }
  return links
}
