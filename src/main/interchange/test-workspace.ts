/**
 * A rich workspace for the interchange tests: the bundled corpus plus an article with emoji, astral
 * letters and CRLF line ends, a tagset with a yes/no attribute, and two annotators' layers entered
 * through 'edits:apply' (every label and attribute type, notes, links within and across articles,
 * link attributes and notes, entities with aliases, article notes). Not a test file itself.
 */
import { cp, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Annotation, ArticleNote, Edit, Entity, Link } from '../../shared/annotations'
import type { Handlers } from '../handlers/dispatch'
import { annotationOf, BUNDLED_CORPUS, call, linkBetween, makeApp, makeTempDir, TEST_TIME } from '../test-helpers'
import type { Workspace } from '../workspace/workspace'

export const EMOJI = 'emoji-crlf'
/** Emoji (one a surrogate pair plus a skin-tone modifier), astral letters and CRLF line ends. */
export const EMOJI_TEXT = 'Intro 😀 line\r\n"Kamala Harry" 𝕏 said\r\nMark Rute 👍🏽 went to 𝔘 town.\r\n'
export const SWORN_IN = 'rutte-sworn-in-translated'
export const SEMAFOR = 'semafor-rutte-trump-whisperer'
export const MONTENEGRIN = 'montenegrin-keep-the-west-together'

export const ANA = 'Ana Petrović'
export const BO = 'Bo Chen'

/**
 * A copy of the bundled corpus with the emoji article (in the manifest) and a yes/no attribute on
 * Claim, in `dir` (for a `beforeAll`: the caller removes it) or in a temp folder removed after the test.
 */
export async function richCorpus(dir?: string): Promise<string> {
  dir ??= await makeTempDir('parallax-corpus-')
  await cp(BUNDLED_CORPUS, dir, { recursive: true })
  await writeFile(path.join(dir, `${EMOJI}.txt`), EMOJI_TEXT)
  const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as { articles: unknown[] }
  manifest.articles.push({ id: EMOJI, file: `${EMOJI}.txt`, title: 'Emoji and CRLF', outlet: 'Test Wire', language: 'en', provenance: 'machine-translated' })
  await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  const tagset = JSON.parse(await readFile(path.join(dir, 'tagset.json'), 'utf8')) as { labels: { id: string; attributes: unknown[] }[] }
  tagset.labels.find((l) => l.id === 'claim')!.attributes.push({ id: 'hedged', name: 'Hedged', type: 'boolean', help: 'Does the outlet hedge it?' })
  await writeFile(path.join(dir, 'tagset.json'), `${JSON.stringify(tagset, null, 2)}\n`)
  return dir
}

const entity = (id: string, name: string, aliases: string[], createdBy: string): Entity => ({ id, name, aliases, note: '', createdBy, created: TEST_TIME, modified: TEST_TIME })

export const ENTITIES = {
  rutte: entity('ent-rutte', 'Mark Rutte', ['Rutte', 'Rute'], ANA),
  harris: entity('ent-harris', 'Kamala Harris', ['Harris', 'Kamala Harry'], ANA),
  nato: entity('ent-nato', 'NATO', ['North Atlantic Treaty Organization'], BO),
}

/** One annotator's actions, each a list of edits sent as one 'edits:apply'. */
export interface Work {
  annotator: string
  actions: Edit[][]
}

const put = (annotation: Annotation): Edit => ({ op: 'put-annotation', annotation })
const putLink = (link: Link): Edit => ({ op: 'put-link', link })
const putNote = (articleNote: ArticleNote): Edit => ({ op: 'put-article-note', articleNote })
const putEntity = (e: Entity): Edit => ({ op: 'put-entity', entity: e })

/** The work of both annotators on a workspace made from `richCorpus()`. */
export function richWork(workspace: Workspace): Work[] {
  const of = (annotator: string) => (articleId: string, needle: string, fields: { id: string; label: string; attributes?: Annotation['attributes']; note?: string; from?: number }) =>
    annotationOf(workspace, articleId, needle, { annotator, ...fields })
  const ana = of(ANA)
  const bo = of(BO)

  // Ana: every label, every attribute type, on the emoji article and two of the bundled ones
  const e1 = ana(EMOJI, 'Kamala Harry', {
    id: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
    label: 'translation-error',
    attributes: { category: 'accuracy/named entity', severity: 'major', correction: 'Kamala Harris' },
    note: 'The name is mangled.\nSee the second line.',
  })
  const e2 = ana(EMOJI, 'Kamala Harry', { id: 'ana-e2', label: 'speaker', attributes: { kind: 'person', entity: ENTITIES.harris.id } })
  const e3 = ana(EMOJI, '"Kamala Harry" 𝕏 said', { id: 'ana-e3', label: 'quote', attributes: { kind: 'direct' } })
  const e4 = ana(EMOJI, 'said\r\nMark Rute 👍🏽 went', {
    id: 'ana-e4',
    label: 'claim',
    attributes: {
      'check-worthiness': 'check-worthy',
      type: ['numerical', 'causal'],
      voice: 'attributed to someone',
      verdict: 'refuted',
      'normalized-claim': 'Rutte went, Harris said.',
      hedged: true,
    },
    note: 'Crosses a line break.',
  })
  const e5 = ana(EMOJI, 'Mark Rute', { id: 'ana-e5', label: 'speaker', attributes: { kind: 'person', entity: ENTITIES.rutte.id } })
  const e6 = ana(EMOJI, '𝔘', { id: 'ana-e6', label: 'translation-error', attributes: { category: 'other', severity: 'minor' }, note: 'A stray letter.' })
  const s1 = ana(SWORN_IN, 'Kamala Harry', {
    id: 'ana-s1',
    label: 'translation-error',
    attributes: { category: 'accuracy/named entity', severity: 'critical', correction: 'Kamala Harris' },
  })
  const s2 = ana(SWORN_IN, 'Mark Roux', { id: 'ana-s2', label: 'translation-error', attributes: { category: 'accuracy/named entity', severity: 'major', correction: 'Mark Rutte' } })
  const s3 = ana(SWORN_IN, 'total domestic profits', {
    id: 'ana-s3',
    label: 'translation-error',
    attributes: { category: 'terminology/wrong term', severity: 'minor', correction: 'gross domestic product' },
  })
  const s4 = ana(SWORN_IN, 'Mark Rutte', { id: 'ana-s4', label: 'speaker', attributes: { kind: 'person', entity: ENTITIES.rutte.id } })
  const s5 = ana(SWORN_IN, 'Rutte was sworn in as NATO’s new secretary-general on Tuesday', {
    id: 'ana-s5',
    label: 'claim',
    attributes: { 'check-worthiness': 'check-worthy', type: ['event or property'], verdict: 'supported', hedged: false },
  })
  const s6 = ana(SWORN_IN, 'he would be happy to work with Trump or Vice President Kamala Harry', { id: 'ana-s6', label: 'quote', attributes: { kind: 'indirect' } })
  const s7 = ana(SWORN_IN, 'Rutte has been a figurehead in Dutch politics for decades', { id: 'ana-s7', label: 'claim', attributes: { 'check-worthiness': 'factual, not check-worthy' } })
  const m1 = ana(SEMAFOR, 'Mark Rutte is set to become the next NATO secretary general', {
    id: 'ana-m1',
    label: 'claim',
    attributes: { 'check-worthiness': 'check-worthy', verdict: 'supported', type: ['event or property', 'position'] },
  })
  const m2 = ana(SEMAFOR, 'Mark Rutte', { id: 'ana-m2', label: 'speaker', attributes: { kind: 'person', entity: ENTITIES.rutte.id } })

  const note = (link: Link, text: string): Link => ({ ...link, note: text })
  const anaLinks = [
    note(linkBetween('ana-l1', 'attributed-to', e3, e2, ANA), 'Harris said it.'),
    linkBetween('ana-l2', 'affects', e1, e2, ANA),
    linkBetween('ana-l3', 'attributed-to', s6, s4, ANA),
    linkBetween('ana-l4', 'affects', s2, s4, ANA),
    note(linkBetween('ana-l5', 'same-claim', s5, s7, ANA, { degree: 'identical' }), 'Within one article.'),
    note(linkBetween('ana-l6', 'same-claim', s5, m1, ANA, { degree: 'partial' }), 'Both report the appointment.'),
    linkBetween('3e0a1b2c-3d4e-4f50-9a6b-7c8d9e0f1a2b', 'same-entity', e5, s4, ANA),
    linkBetween('ana-l8', 'same-entity', m2, s4, ANA),
  ]

  // Bo: a second layer, partly on the same spans
  const b1 = bo(EMOJI, 'Kamala Harry', { id: 'bo-1', label: 'translation-error', attributes: { category: 'accuracy/named entity', severity: 'minor' } })
  const b2 = bo(EMOJI, 'Mark Rute', { id: 'bo-2', label: 'speaker', attributes: { entity: ENTITIES.rutte.id } })
  const b3 = bo(SWORN_IN, 'Mark Roux', { id: 'bo-3', label: 'speaker', attributes: { kind: 'person', entity: ENTITIES.rutte.id } })
  const b4 = bo(SWORN_IN, 'Mark Rutte', { id: 'bo-4', label: 'speaker', attributes: { kind: 'person', entity: ENTITIES.rutte.id } })
  const b5 = bo(MONTENEGRIN, 'Mark Rute takes over as the new head of NATO', {
    id: 'bo-5',
    label: 'claim',
    attributes: { type: ['event or property', 'position'], verdict: 'supported', hedged: true },
  })
  const b6 = bo(MONTENEGRIN, 'NATO', { id: 'bo-6', label: 'speaker', attributes: { kind: 'organization', entity: ENTITIES.nato.id } })
  const boLinks = [note(linkBetween('bo-l1', 'same-entity', b3, b4, BO), 'Roux is Rutte.'), linkBetween('bo-l2', 'same-entity', b2, b4, BO), linkBetween('bo-l3', 'affects', b1, b2, BO)]

  return [
    {
      annotator: ANA,
      actions: [
        [putEntity(ENTITIES.rutte), putEntity(ENTITIES.harris)],
        [e1, e2, e3, e4, e5, e6].map(put),
        [s1, s2, s3, s4, s5, s6, s7, m1, m2].map(put),
        anaLinks.map(putLink),
        [
          putNote({ articleId: EMOJI, note: 'Invented for the tests.', provenance: 'machine-translated', annotator: ANA, modified: TEST_TIME }),
          putNote({ articleId: SWORN_IN, note: 'Reads as a machine translation.', provenance: null, annotator: ANA, modified: TEST_TIME }),
        ],
      ],
    },
    {
      annotator: BO,
      actions: [
        [putEntity(ENTITIES.nato)],
        [b1, b2, b3, b4, b5, b6].map(put),
        boLinks.map(putLink),
        [putNote({ articleId: EMOJI, note: 'Also read it.', provenance: 'ai-generated', annotator: BO, modified: TEST_TIME })],
      ],
    },
  ]
}

/** Applies the work through the handler table, switching annotators as a user would. */
export async function enter(handlers: Handlers, work: readonly Work[]): Promise<void> {
  for (const { annotator, actions } of work) {
    await call(handlers, 'settings:setAnnotator', { name: annotator })
    for (const edits of actions) await call(handlers, 'edits:apply', { edits })
  }
}

/** A fresh workspace of `corpus` with nothing annotated yet. */
export const freshApp = (corpus: string) => makeApp(corpus)

/** A workspace of the rich corpus with both annotators' work in it. */
export async function richApp(corpus?: string) {
  const dir = corpus ?? (await richCorpus())
  const app = await makeApp(dir)
  const work = richWork(app.workspace)
  await enter(app.context.handlers, work)
  return { ...app, corpus: dir, work }
}

/** The entities of the rich work, put in a fresh workspace by their creators (formats that carry ids only need them there). */
export async function seedEntities(handlers: Handlers): Promise<void> {
  await enter(handlers, [
    { annotator: ANA, actions: [[putEntity(ENTITIES.rutte), putEntity(ENTITIES.harris)]] },
    { annotator: BO, actions: [[putEntity(ENTITIES.nato)]] },
  ])
}
