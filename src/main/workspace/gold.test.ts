/**
 * The review through the real handler table: two annotators' layers on the bundled corpus, their
 * disagreements settled with `adjudicate`, the gold edits applied with 'edits:apply' (layer 'gold'),
 * and the files they write; the gold layer given back, exported in Parallax JSON and imported again.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Annotation, Decision, Edit, Layer, Link } from '../../shared/annotations'
import { GOLD } from '../../shared/gold'
import { applyToLayer, emptyLayerState, inverseOf, type LayerState } from '../../shared/layer-state'
import { adjudicate, findDisagreements, type Choice, type Disagreement } from '../../shared/review/disagreements'
import { dispatch } from '../handlers/dispatch'
import { collectExport, readImport, runExport, saveImport } from '../interchange'
import { annotationOf, call, expectFailure, linkBetween, makeApp, snapshotFiles, TEST_TIME } from '../test-helpers'
import { LayerArticleFile } from './layers'
import type { Workspace } from './workspace'

const SWORN_IN = 'rutte-sworn-in-translated'
const SEMAFOR = 'semafor-rutte-trump-whisperer'
const ANA = 'Ana Pereira'
const BOB = 'Bob Okafor'
const DANA = 'Dana Adjudicator'
const AT = '2024-10-03T09:30:00.000Z'

const SWORN = 'Former Dutch Prime Minister Mark Rutte was sworn in as NATO’s new secretary-general on Tuesday'
const HAPPY = 'he would be happy to work with Trump or Vice President Kamala Harry'
const SET_TO_BECOME = 'Mark Rutte is set to become the next NATO secretary general'

/** The work of two annotators on two articles, differing in the ways the review shows. */
function study(workspace: Workspace) {
  const of = (annotator: string, articleId: string, needle: string, fields: { id: string; label: string; attributes?: Annotation['attributes'] }) =>
    annotationOf(workspace, articleId, needle, { annotator, ...fields })
  // a claim only Ana marked, in both articles, linked across them
  const anaSworn = of(ANA, SWORN_IN, SWORN, { id: 'ana-sworn', label: 'claim', attributes: { 'check-worthiness': 'check-worthy' } })
  const anaSet = of(ANA, SEMAFOR, SET_TO_BECOME, { id: 'ana-set', label: 'claim', attributes: { 'check-worthiness': 'check-worthy' } })
  // the quote both marked, direct for Ana, indirect for Bob; the speaker both marked alike; each links the quote to the speaker
  const anaHappy = of(ANA, SWORN_IN, HAPPY, { id: 'ana-happy', label: 'quote', attributes: { kind: 'direct' } })
  const bobHappy = of(BOB, SWORN_IN, HAPPY, { id: 'bob-happy', label: 'quote', attributes: { kind: 'indirect' } })
  const anaRutte = of(ANA, SWORN_IN, 'Rutte, although', { id: 'ana-rutte', label: 'speaker', attributes: { kind: 'person' } })
  const bobRutte = of(BOB, SWORN_IN, 'Rutte, although', { id: 'bob-rutte', label: 'speaker', attributes: { kind: 'person' } })
  const ana = {
    annotations: [anaSworn, anaSet, anaHappy, anaRutte],
    links: [linkBetween('ana-same-claim', 'same-claim', anaSworn, anaSet, ANA), linkBetween('ana-attr', 'attributed-to', anaHappy, anaRutte, ANA)],
  }
  const bob = { annotations: [bobHappy, bobRutte], links: [linkBetween('bob-attr', 'attributed-to', bobHappy, bobRutte, BOB)] }
  return { ana, bob }
}

const puts = (work: { annotations: Annotation[]; links: Link[] }): Edit[] => [
  ...work.annotations.map((annotation): Edit => ({ op: 'put-annotation', annotation })),
  ...work.links.map((link): Edit => ({ op: 'put-link', link })),
]

/** The gold layer as the renderer holds it. */
function stateOf(layer: Layer | undefined): LayerState {
  if (!layer) return emptyLayerState()
  return {
    ...emptyLayerState(),
    annotations: Object.fromEntries(layer.annotations.map((a) => [a.id, a])),
    links: Object.fromEntries(layer.links.map((l) => [l.id, l])),
    decisions: Object.fromEntries((layer.decisions ?? []).map((d) => [d.key, d])),
  }
}

/** Ids "g1", "g2", … across the whole test. */
function ids(prefix = 'g') {
  let n = 0
  return () => `${prefix}${++n}`
}

/** An app where Ana and Bob have annotated, and Dana, who adjudicates, is the user. */
async function reviewing() {
  const app = await makeApp()
  const handlers = app.context.handlers
  const { ana, bob } = study(app.workspace)
  await call(handlers, 'settings:setAnnotator', { name: ANA })
  await call(handlers, 'edits:apply', { edits: puts(ana) })
  await call(handlers, 'settings:setAnnotator', { name: BOB })
  await call(handlers, 'edits:apply', { edits: puts(bob) })
  await call(handlers, 'settings:setAnnotator', { name: DANA })
  const root = app.workspace.root
  const newId = ids()
  const people = async () => (await call(handlers, 'annotations:list', { annotators: [ANA, BOB] })).layers
  const gold = async () => stateOf((await call(handlers, 'annotations:list', { annotators: [GOLD] })).layers[0])
  return {
    ...app,
    handlers,
    root,
    newId,
    people,
    gold,
    items: async () => findDisagreements(await people(), app.workspace.articleIds),
    /** The gold edits of settling `item`, against the gold layer as the main side has it now. */
    settle: async (item: Disagreement, choice: Choice, rationale = 'per the guideline') =>
      adjudicate(item, choice, { adjudicator: DANA, at: AT, rationale, layers: await people(), gold: await gold(), newId }),
    saveGold: (edits: Edit[]) => call(handlers, 'edits:apply', { edits, layer: 'gold' }),
    goldFile: async (articleId: string) => {
      const raw = await readFile(path.join(root, 'annotations', 'gold', `${articleId}.json`), 'utf8')
      return { raw, file: LayerArticleFile.parse(JSON.parse(raw)) }
    },
  }
}

const key = (articleId: string, needle: string, workspace: Workspace) => {
  const start = workspace.article(articleId).text.indexOf(needle)
  return `${articleId}:${start}-${start + needle.length}`
}

/** The choice the review would make for each kind of cluster of the study. */
const choiceFor = (item: Disagreement): Choice => (item.agreed ? { kind: 'accept' } : item.kinds.includes('missing') ? { kind: 'take', annotator: ANA } : { kind: 'take', annotator: BOB })

/** Settles every cluster, one action each, in the reverse order of their keys; gives the gold state the renderer would hold after. */
async function settleAll(app: Awaited<ReturnType<typeof reviewing>>) {
  const items = [...(await app.items())].sort((a, b) => (a.key < b.key ? 1 : -1))
  let local = await app.gold()
  for (const item of items) {
    const edits = await app.settle(item, choiceFor(item))
    await app.saveGold(edits)
    local = applyToLayer(local, edits)
  }
  return { items, local }
}

describe('the study under review', () => {
  it('has the clusters and differences the tests rely on', async () => {
    const app = await reviewing()
    const items = await app.items()
    const w = app.workspace
    expect(items.map((d) => [d.key, d.kinds]).sort()).toEqual([
      [key(SWORN_IN, SWORN, w), ['missing']],
      [key(SWORN_IN, HAPPY, w), ['attribute']],
      [key(SWORN_IN, 'Rutte, although', w), []],
      [key(SEMAFOR, SET_TO_BECOME, w), ['missing']],
    ].sort())
  })
})

describe("the review's progress ('review:progress')", () => {
  it('counts, over every article, the disagreements and those the gold layer has not decided yet', async () => {
    const app = await reviewing()
    const progress = () => call(app.handlers, 'review:progress', { annotators: [ANA, BOB] })
    // three clusters differ (the speaker both marked alike does not count), on two of the five articles
    expect(await progress()).toEqual({ articles: 5, reviewed: 3, disagreements: 3, left: 3 })
    const semafor = (await app.items()).find((item) => item.articleId === SEMAFOR)!
    await app.saveGold(await app.settle(semafor, choiceFor(semafor)))
    expect(await progress()).toEqual({ articles: 5, reviewed: 4, disagreements: 3, left: 2 })
    await settleAll(app)
    expect(await progress()).toEqual({ articles: 5, reviewed: 5, disagreements: 3, left: 0 })
    expectFailure(await dispatch(app.handlers, 'review:progress', { annotators: [ANA, 'Nobody'] }), 'not-found', 'no layer by "Nobody"')
  })
})

describe("settling into gold with 'edits:apply' (layer 'gold')", () => {
  it('writes annotations/gold/<article>.json: gold annotations with their adjudication, links between them, decisions sorted by key', async () => {
    const app = await reviewing()
    const { items, local } = await settleAll(app)

    const { raw, file } = await app.goldFile(SWORN_IN)
    expect(raw.endsWith('}\n')).toBe(true)
    expect(file.annotator).toBe(GOLD)
    expect(file.articleId).toBe(SWORN_IN)
    const swornKeys = items.filter((d) => d.articleId === SWORN_IN).map((d) => d.key)
    // settled in reverse order of their keys, kept in order of them
    expect(swornKeys).toHaveLength(3)
    expect(swornKeys).not.toEqual([...swornKeys].sort())
    expect(file.decisions!.map((d) => d.key)).toEqual([...swornKeys].sort())
    expect(JSON.parse(await readFile(path.join(app.root, 'annotations', 'gold', '_layer.json'), 'utf8'))).toEqual({ schemaVersion: 1, annotator: GOLD })

    const w = app.workspace
    const byKey = Object.fromEntries(file.decisions!.map((d) => [d.key, d]))
    expect(byKey[key(SWORN_IN, HAPPY, w)]).toMatchObject({ decision: 'took', from: [BOB], adjudicator: DANA, at: AT, rationale: 'per the guideline' })
    expect(byKey[key(SWORN_IN, 'Rutte, although', w)]).toMatchObject({ decision: 'accepted', from: [ANA, BOB] })
    expect(byKey[key(SWORN_IN, SWORN, w)]).toMatchObject({ decision: 'took', from: [ANA] })

    // every annotation of the gold file is a gold copy with how it came to be, by position
    expect(file.annotations.map((a) => [a.quote.exact, a.label, a.attributes, a.annotator, a.adjudication?.decision, a.adjudication?.agreed, a.adjudication?.sources])).toEqual([
      [SWORN, 'claim', { 'check-worthiness': 'check-worthy' }, GOLD, 'took', [ANA], [`${ANA}/ana-sworn`]],
      ['Rutte, although', 'speaker', { kind: 'person' }, GOLD, 'accepted', [ANA, BOB], [`${ANA}/ana-rutte`, `${BOB}/bob-rutte`]],
      [HAPPY, 'quote', { kind: 'indirect' }, GOLD, 'took', [BOB], [`${BOB}/bob-happy`]],
    ])
    for (const decision of file.decisions!) {
      for (const id of decision.goldIds) expect(file.annotations.some((a) => a.id === id)).toBe(true)
    }
    // the quote's gold copy is attributed to the speaker's, once; the claim is linked to its gold copy in Semafor's article
    const goldId = (exact: string) => Object.values(local.annotations).find((a) => a.quote.exact === exact)?.id
    expect(file.links.map((l) => [l.type, l.from.annotationId, l.to.articleId, l.to.annotationId, l.annotator]).sort()).toEqual(
      [
        ['attributed-to', goldId(HAPPY), SWORN_IN, goldId('Rutte, although'), GOLD],
        ['same-claim', goldId(SWORN), SEMAFOR, goldId(SET_TO_BECOME), GOLD],
      ].sort(),
    )

    const semafor = (await app.goldFile(SEMAFOR)).file
    expect(semafor.decisions!.map((d) => [d.key, d.decision])).toEqual([[key(SEMAFOR, SET_TO_BECOME, w), 'took']])
    expect(semafor.annotations.map((a) => a.adjudication?.sources)).toEqual([[`${ANA}/ana-set`]])

    // the main side and the renderer's copy agree on every field
    expect(await app.gold()).toEqual(local)
  })

  it("'annotations:list' gives the gold layer back with its decisions, and people's layers without any", async () => {
    const app = await reviewing()
    const { items } = await settleAll(app)
    const listed = await call(app.handlers, 'annotations:list', {})
    expect(listed.annotators).toEqual([ANA, BOB, GOLD])
    const gold = listed.layers.find((l) => l.annotator === GOLD)!
    expect(gold.decisions!.map((d) => d.key).sort()).toEqual(items.map((d) => d.key).sort())
    expect(gold.annotations.every((a) => a.annotator === GOLD && a.adjudication !== undefined)).toBe(true)
    for (const person of listed.layers.filter((l) => l.annotator !== GOLD)) expect(person).not.toHaveProperty('decisions')
    // one article only: that article's decisions only
    const semafor = await call(app.handlers, 'annotations:list', { annotators: [GOLD], articleIds: [SEMAFOR] })
    expect(semafor.layers[0]!.decisions!.map((d) => d.articleId)).toEqual([SEMAFOR])
  })

  it('a gold layer with no decision yet is listed without decisions', async () => {
    const app = await reviewing()
    const listed = await call(app.handlers, 'annotations:list', { annotators: [GOLD] })
    expect(listed.annotators).not.toContain(GOLD)
    expect(listed.layers).toEqual([{ annotator: GOLD, annotations: [], links: [], articleNotes: [] }])
  })

  it('a reject writes the decision and no annotation', async () => {
    const app = await reviewing()
    const item = (await app.items()).find((d) => d.kinds.includes('attribute'))!
    await app.saveGold(await app.settle(item, { kind: 'reject' }, 'neither fits the guideline'))
    const { file } = await app.goldFile(SWORN_IN)
    expect(file.annotations).toEqual([])
    expect(file.links).toEqual([])
    expect(file.decisions).toEqual([
      { key: item.key, articleId: SWORN_IN, decision: 'rejected', from: [], goldIds: [], adjudicator: DANA, at: AT, rationale: 'neither fits the guideline' } satisfies Decision,
    ])
  })

  it('settling again replaces the earlier gold annotations (and their links) with the new ones', async () => {
    const app = await reviewing()
    await settleAll(app)
    const before = await app.gold()
    const quote = (await app.items()).find((d) => d.kinds.includes('attribute'))!
    const earlier = before.decisions[quote.key]!.goldIds
    const edits = await app.settle(quote, { kind: 'take', annotator: ANA }, 'direct after all')
    expect(edits.filter((e) => e.op === 'delete-annotation').map((e) => (e as { id: string }).id)).toEqual(earlier)
    await app.saveGold(edits)

    const { file } = await app.goldFile(SWORN_IN)
    const happy = file.annotations.filter((a) => a.quote.exact === HAPPY)
    expect(happy.map((a) => [a.attributes, a.adjudication?.decision, a.adjudication?.rationale])).toEqual([[{ kind: 'direct' }, 'took', 'direct after all']])
    expect(file.annotations.some((a) => earlier.includes(a.id))).toBe(false)
    const decision = file.decisions!.find((d) => d.key === quote.key)!
    expect(decision).toMatchObject({ decision: 'took', from: [ANA], goldIds: [happy[0]!.id], rationale: 'direct after all' })
    // the old copy's link went with it; Ana's link was copied to the new one, once
    const attributed = file.links.filter((l) => l.type === 'attributed-to')
    expect(attributed.map((l) => l.from.annotationId)).toEqual([happy[0]!.id])
    expect(await app.gold()).toEqual(applyToLayer(before, edits))
  })

  it('undo: the inverse of a settling, applied to gold, restores the gold layer', async () => {
    const app = await reviewing()
    await settleAll(app)
    const before = await app.gold()
    const quote = (await app.items()).find((d) => d.kinds.includes('attribute'))!
    const edits = await app.settle(quote, { kind: 'merge' })
    await app.saveGold(edits)
    expect(await app.gold()).not.toEqual(before)
    await app.saveGold(inverseOf(before, edits))
    expect(await app.gold()).toEqual(before)
  })

  it('undo of the first settling leaves the gold file without annotations or decisions', async () => {
    const app = await reviewing()
    const item = (await app.items()).find((d) => d.agreed)!
    const edits = await app.settle(item, { kind: 'accept' })
    await app.saveGold(edits)
    await app.saveGold(inverseOf(emptyLayerState(), edits))
    expect(await app.gold()).toEqual(emptyLayerState())
    const { file } = await app.goldFile(SWORN_IN)
    expect(file.annotations).toEqual([])
    expect(file).not.toHaveProperty('decisions')
  })

  it('settling every cluster in one action (as "accept all" does) writes the same gold', async () => {
    const app = await reviewing()
    const items = await app.items()
    const people = await app.people()
    let local = emptyLayerState()
    const all: Edit[] = []
    for (const item of items) {
      const edits = adjudicate(item, choiceFor(item), { adjudicator: DANA, at: AT, rationale: '', layers: people, gold: local, newId: app.newId })
      all.push(...edits)
      local = applyToLayer(local, edits)
    }
    await app.saveGold(all)
    expect(await app.gold()).toEqual(local)
    expect(Object.keys(local.links)).toHaveLength(2)
  })
})

describe('what the gold layer refuses', () => {
  it("'put-decision' on a person's own layer is refused, and nothing of the action is written", async () => {
    const app = await reviewing()
    const item = (await app.items())[0]!
    const [decision] = (await app.settle(item, { kind: 'reject' })).map((e) => (e as { decision: Decision }).decision)
    await call(app.handlers, 'settings:setAnnotator', { name: ANA })
    const before = await snapshotFiles(app.root)
    const extra = annotationOf(app.workspace, SWORN_IN, 'Teflon Mark', { id: 'ana-teflon', label: 'speaker', annotator: ANA })
    for (const layer of [undefined, 'own'] as const) {
      const result = await dispatch(app.handlers, 'edits:apply', {
        edits: [
          { op: 'put-annotation', annotation: extra },
          { op: 'put-decision', decision: decision! },
        ],
        ...(layer ? { layer } : {}),
      })
      expect(expectFailure(result, 'invalid-input')).toBe('Edit 2: decisions belong to the gold layer')
    }
    expect(await snapshotFiles(app.root)).toEqual(before)
  })

  it("a person's annotation sent to the gold layer is refused: gold copies are signed gold", async () => {
    const app = await reviewing()
    const before = await snapshotFiles(app.root)
    const mine = annotationOf(app.workspace, SWORN_IN, 'Teflon Mark', { id: 'dana-teflon', label: 'speaker', annotator: DANA })
    const result = await dispatch(app.handlers, 'edits:apply', { edits: [{ op: 'put-annotation', annotation: mine }], layer: 'gold' })
    expectFailure(result, 'invalid-input', `Edit 1: this is ${DANA}'s layer; you can edit only your own (gold)`)
    expect(await snapshotFiles(app.root)).toEqual(before)
  })

  it('gold edits need an annotator name set, like any other', async () => {
    const app = await makeApp()
    const gold = { ...annotationOf(app.workspace, SWORN_IN, 'Teflon Mark', { id: 'g1', label: 'speaker', annotator: GOLD }), created: TEST_TIME }
    const result = await dispatch(app.context.handlers, 'edits:apply', { edits: [{ op: 'put-annotation', annotation: gold }], layer: 'gold' })
    expect(expectFailure(result, 'invalid-input')).toBe('Set your annotator name before annotating.')
  })

  it.each(['gold', ' Gold ', 'GOLD', '\tgOlD'])("'settings:setAnnotator' refuses %j: it is the gold layer's name", async (name) => {
    const app = await makeApp()
    await call(app.context.handlers, 'settings:setAnnotator', { name: ANA })
    const result = await dispatch(app.context.handlers, 'settings:setAnnotator', { name })
    expect(expectFailure(result, 'invalid-input')).toBe('Invalid input for settings:setAnnotator: name: "gold" is the name of the gold layer, which only the review writes; choose a person\'s name')
    expect((await call(app.context.handlers, 'settings:get', {})).annotator).toBe(ANA)
  })

  it.each(['Goldie Hawn', 'gold standard', 'Marigold'])("'settings:setAnnotator' accepts %j", async (name) => {
    const app = await makeApp()
    expect((await call(app.context.handlers, 'settings:setAnnotator', { name })).annotator).toBe(name)
  })
})

describe('the gold layer in Parallax JSON', () => {
  async function exported() {
    const app = await reviewing()
    await settleAll(app)
    const files = runExport('native', await collectExport(app.workspace, { annotators: [GOLD] }))
    expect(files.map((f) => f.path)).toEqual(['annotations.parallax.json'])
    return { app, file: files[0]! }
  }

  /** A fresh workspace of the same corpus, with the export imported. */
  async function imported(file: { path: string; content: string }) {
    const fresh = await makeApp()
    const report = await saveImport(fresh.workspace, readImport(fresh.workspace, 'native', [{ name: file.path, content: file.content }], undefined), file.path)
    return { fresh, report, handlers: fresh.context.handlers }
  }

  it('carries every gold annotation with its adjudication, and the gold links', async () => {
    const { app, file } = await exported()
    const document = JSON.parse(file.content) as { layers: Layer[] }
    expect(document.layers.map((l) => l.annotator)).toEqual([GOLD])
    const gold = await app.gold()
    expect(document.layers[0]!.annotations.map((a) => [a.id, a.adjudication]).sort()).toEqual(Object.values(gold.annotations).map((a) => [a.id, a.adjudication]).sort())
    expect(document.layers[0]!.links.map((l) => l.id).sort()).toEqual(Object.keys(gold.links).sort())
  })

  it('re-imports into a fresh workspace as the gold layer, adjudications intact', async () => {
    const { app, file } = await exported()
    const { report, handlers } = await imported(file)
    const gold = await app.gold()
    expect(report.annotators).toEqual([GOLD])
    expect(report.annotations).toBe(Object.keys(gold.annotations).length)
    const again = stateOf((await call(handlers, 'annotations:list', { annotators: [GOLD] })).layers[0])
    expect(again.annotations).toEqual(gold.annotations)
    expect(again.links).toEqual(gold.links)
  })

  it('carries the decisions, and re-imports them', async () => {
    const { app, file } = await exported()
    const gold = await app.gold()
    const document = JSON.parse(file.content) as { layers: Layer[] }
    expect(document.layers[0]!.decisions?.map((d) => d.key).sort()).toEqual(Object.keys(gold.decisions).sort())
    const { handlers } = await imported(file)
    const again = stateOf((await call(handlers, 'annotations:list', { annotators: [GOLD] })).layers[0])
    expect(again.decisions).toEqual(gold.decisions)
  })
})
