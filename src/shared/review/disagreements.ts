/**
 * The review, as pure functions: where annotators' layers on an article differ, and the gold edits
 * that settle each difference. A disagreement is a cluster of overlapping annotations (of any
 * label, by any of the chosen annotators) on one article, keyed by its extent.
 */
import type { Adjudication, Annotation, Decision, Edit, Layer, Link } from '../annotations'
import { GOLD } from '../gold'
import { byCodeUnits } from '../lists'
import { ITEMS_PER_STEP, runSteps } from '../steps'
import type { LayerState } from '../layer-state'

export const differenceKinds = ['missing', 'extra', 'boundaries', 'label', 'attribute', 'link'] as const
export type DifferenceKind = (typeof differenceKinds)[number]

export const differenceLabels: Record<DifferenceKind, string> = {
  missing: 'missing',
  extra: 'extra',
  boundaries: 'different boundaries',
  label: 'different label',
  attribute: 'different attribute',
  link: 'different link',
}

export interface Disagreement {
  key: string
  articleId: string
  start: number
  end: number
  /** Each chosen annotator's annotations in the cluster, by position. */
  versions: Record<string, Annotation[]>
  /** Empty when every annotator has the same annotations here. */
  kinds: DifferenceKind[]
  agreed: boolean
}

/** How far the review of the chosen layers has come: counted on every article, not only those on screen. */
export interface ReviewProgress {
  /** Articles compared, and those with no disagreement left to decide. */
  articles: number
  reviewed: number
  /** Clusters where the annotators differ, and those of them without a gold decision. */
  disagreements: number
  left: number
}

/** The review's progress from its disagreements and the keys the gold layer has decided. */
export function reviewProgress(items: readonly Disagreement[], articleIds: readonly string[], decided: (key: string) => boolean): ReviewProgress {
  const disagreements = items.filter((item) => !item.agreed)
  const left = disagreements.filter((item) => !decided(item.key))
  const open = new Set(left.map((item) => item.articleId))
  return { articles: articleIds.length, reviewed: articleIds.filter((id) => !open.has(id)).length, disagreements: disagreements.length, left: left.length }
}

const stable = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => byCodeUnits(a, b))) : v,
  )
const byPosition = (a: Annotation, b: Annotation) => a.start - b.start || a.end - b.end || byCodeUnits(a.label, b.label)
export const clusterKey = (articleId: string, start: number, end: number): string => `${articleId}:${start}-${end}`

/** What makes two annotators' versions of an annotation the same: span, label, attributes. */
export const versionSignature = (a: Annotation): string => `${a.start}:${a.end}:${a.label}:${stable(a.attributes)}`

/** Groups spans that overlap (transitively) into clusters, by a sweep over their starts. */
function clusterSpans(annotations: Annotation[]): Annotation[][] {
  const sorted = [...annotations].sort(byPosition)
  const clusters: Annotation[][] = []
  let current: Annotation[] = []
  let end = -1
  for (const a of sorted) {
    if (current.length > 0 && a.start >= end) {
      clusters.push(current)
      current = []
    }
    current.push(a)
    end = current.length === 1 ? a.end : Math.max(end, a.end)
  }
  if (current.length > 0) clusters.push(current)
  return clusters
}

/**
 * Every cluster of every article, for the chosen annotators' layers, with how their versions
 * differ. Links count too: two annotations that agree but are linked differently (by type,
 * direction, or to a different cluster) differ by a link.
 */
export function findDisagreements(layers: readonly Layer[], articleIds: readonly string[], symmetricLinkTypes: ReadonlySet<string> = new Set()): Disagreement[] {
  return runSteps(disagreementSteps(layers, articleIds, symmetricLinkTypes))
}

/** How many clusters `disagreementSteps` compares between two pauses (a comparison is slower than sorting an annotation). */
const CLUSTERS_PER_STEP = 64

/** `findDisagreements` in steps (see `inSlices`): it pauses after each article's clusters and every few dozen comparisons. */
export function* disagreementSteps(layers: readonly Layer[], articleIds: readonly string[], symmetricLinkTypes: ReadonlySet<string> = new Set()): Generator<void, Disagreement[]> {
  const annotators = layers.map((l) => l.annotator)
  const wanted = new Set(articleIds)
  const result: Disagreement[] = []
  const clusterOf = new Map<string, string>() // annotator/annotation id → cluster key
  const perArticle = new Map<string, { annotator: string; annotation: Annotation }[]>()
  for (const layer of layers) {
    for (const [n, annotation] of layer.annotations.entries()) {
      if (n % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield
      if (!wanted.has(annotation.articleId)) continue
      const list = perArticle.get(annotation.articleId) ?? perArticle.set(annotation.articleId, []).get(annotation.articleId)!
      list.push({ annotator: layer.annotator, annotation })
    }
  }
  const owner = new Map<Annotation, string>()
  for (const articleId of articleIds) {
    yield
    const entries = perArticle.get(articleId) ?? []
    for (const e of entries) owner.set(e.annotation, e.annotator)
    for (const cluster of clusterSpans(entries.map((e) => e.annotation))) {
      const start = Math.min(...cluster.map((a) => a.start))
      const end = Math.max(...cluster.map((a) => a.end))
      const key = clusterKey(articleId, start, end)
      const versions: Record<string, Annotation[]> = Object.fromEntries(annotators.map((name) => [name, [] as Annotation[]]))
      for (const a of cluster) {
        const name = owner.get(a) as string
        versions[name]!.push(a)
        clusterOf.set(`${name}/${a.id}`, key)
      }
      result.push({ key, articleId, start, end, versions, kinds: [], agreed: false })
    }
  }
  const linkSignatures = new Map<string, string[]>() // annotator/annotation id → sorted link signatures
  for (const layer of layers) {
    for (const link of layer.links) {
      for (const [self, peer, direction] of [
        [link.from, link.to, '>'],
        [link.to, link.from, '<'],
      ] as const) {
        const id = `${layer.annotator}/${self.annotationId}`
        const peerCluster = clusterOf.get(`${layer.annotator}/${peer.annotationId}`) ?? '?'
        const list = linkSignatures.get(id) ?? linkSignatures.set(id, []).get(id)!
        // a symmetric link (same claim, same quote …) reads the same whichever way it was drawn
        list.push(`${link.type}${symmetricLinkTypes.has(link.type) ? '~' : direction}${peerCluster}:${stable(link.attributes)}`)
      }
    }
  }
  yield
  for (const [i, item] of result.entries()) {
    if (i % CLUSTERS_PER_STEP === CLUSTERS_PER_STEP - 1) yield
    item.kinds = compareVersions(item.versions, (name, a) => (linkSignatures.get(`${name}/${a.id}`) ?? []).sort().join('|'))
    item.agreed = item.kinds.length === 0
  }
  return result
}

function compareVersions(versions: Record<string, Annotation[]>, links: (annotator: string, a: Annotation) => string): DifferenceKind[] {
  const kinds = new Set<DifferenceKind>()
  const entries = Object.entries(versions)
  const counts = entries.map(([, list]) => list.length)
  if (counts.some((n) => n === 0)) kinds.add('missing')
  if (new Set(counts.filter((n) => n > 0)).size > 1) kinds.add('extra')
  const labelSets = entries.filter(([, l]) => l.length > 0).map(([, list]) => [...new Set(list.map((a) => a.label))].sort().join(','))
  if (new Set(labelSets).size > 1) kinds.add('label')
  // per label, each annotator's spans of it: two annotators who both mark a claim inside a longer claim agree
  const spansByLabel = new Map<string, Set<string>>()
  for (const [, list] of entries) {
    for (const label of new Set(list.map((a) => a.label))) {
      const spans = list
        .filter((a) => a.label === label)
        .map((a) => `${a.start}:${a.end}`)
        .sort()
        .join('|')
      const set = spansByLabel.get(label) ?? spansByLabel.set(label, new Set()).get(label)!
      set.add(spans)
    }
  }
  const present = entries.filter(([, l]) => l.length > 0)
  for (const [, spans] of spansByLabel) if (spans.size > 1) kinds.add('boundaries')
  if (present.length > 1) {
    const spanLabel = (list: Annotation[]) => list.map((a) => `${a.start}:${a.end}:${a.label}`).sort().join('|')
    const sameSpans = new Set(present.map(([, l]) => spanLabel(l))).size === 1
    const signatures = new Set(present.map(([, l]) => l.map(versionSignature).sort().join('|')))
    if (sameSpans && signatures.size > 1) kinds.add('attribute')
    const sameVersions = signatures.size === 1
    if (sameVersions) {
      const linkSets = present.map(([name, l]) => [...l].sort(byPosition).map((a) => links(name, a)).join('#'))
      if (new Set(linkSets).size > 1) kinds.add('link')
    }
  }
  // a lone annotator's cluster (others have nothing) is only "missing"
  return differenceKinds.filter((k) => kinds.has(k))
}

export type Choice = { kind: 'take'; annotator: string } | { kind: 'edit'; annotator: string } | { kind: 'merge' } | { kind: 'reject' } | { kind: 'accept' }

export interface AdjudicationContext {
  adjudicator: string
  at: string
  rationale: string
  /** The chosen annotators' layers (for links to copy). */
  layers: readonly Layer[]
  gold: LayerState
  newId(): string
}

/**
 * The gold edits that settle one disagreement: what replaces any earlier decision on it (its gold
 * annotations deleted), the chosen versions copied into gold with how they came to be, the links
 * among gold annotations that the source annotators drew, and the decision itself.
 */
export function adjudicate(item: Disagreement, choice: Choice, context: AdjudicationContext): Edit[] {
  const edits: Edit[] = []
  const previous = context.gold.decisions[item.key]
  for (const id of previous?.goldIds ?? []) if (context.gold.annotations[id]) edits.push({ op: 'delete-annotation', articleId: item.articleId, id })

  const chosen: Annotation[] = []
  const agreeing = (a: Annotation) => Object.entries(item.versions).filter(([, list]) => list.some((b) => versionSignature(b) === versionSignature(a))).map(([name]) => name)
  if (choice.kind === 'take' || choice.kind === 'edit') {
    chosen.push(...(item.versions[choice.annotator] ?? []))
  } else if (choice.kind === 'accept') {
    chosen.push(...(Object.values(item.versions).find((list) => list.length > 0) ?? []))
  } else if (choice.kind === 'merge') {
    const seen = new Set<string>()
    for (const a of Object.values(item.versions).flat()) {
      const signature = versionSignature(a)
      if (seen.has(signature)) continue
      seen.add(signature)
      chosen.push(a)
    }
  }
  const decisionKind: Decision['decision'] = choice.kind === 'take' ? 'took' : choice.kind === 'edit' ? 'edited' : choice.kind === 'merge' ? 'merged' : choice.kind === 'accept' ? 'accepted' : 'rejected'
  const goldIds: string[] = []
  const goldOf = new Map<string, string>() // "annotator/id" of a source → its gold copy
  const replaced = new Set(previous?.goldIds ?? []) // deleted above: never a link's end
  for (const gold of Object.values(context.gold.annotations)) {
    if (replaced.has(gold.id)) continue
    for (const source of gold.adjudication?.sources ?? []) goldOf.set(source, gold.id)
  }
  for (const annotation of chosen) {
    const id = context.newId()
    const agreed = agreeing(annotation)
    const sources = Object.entries(item.versions).flatMap(([name, list]) => list.filter((b) => versionSignature(b) === versionSignature(annotation)).map((b) => `${name}/${b.id}`))
    const adjudication: Adjudication = { decision: decisionKind, agreed, adjudicator: context.adjudicator, at: context.at, rationale: context.rationale, sources }
    edits.push({ op: 'put-annotation', annotation: { ...annotation, id, annotator: GOLD, created: context.at, modified: context.at, adjudication } })
    goldIds.push(id)
    for (const source of sources) goldOf.set(source, id)
  }
  // links the source annotators drew between annotations that are now both in gold; taking one
  // annotator's version takes their links, so that a difference of links can be settled by a take
  const goldLinks = new Set(Object.values(context.gold.links).map((l) => `${l.type}:${l.from.annotationId}:${l.to.annotationId}`))
  for (const layer of context.layers) {
    if ((choice.kind === 'take' || choice.kind === 'edit') && layer.annotator !== choice.annotator) continue
    for (const link of layer.links) {
      const from = goldOf.get(`${layer.annotator}/${link.from.annotationId}`)
      const to = goldOf.get(`${layer.annotator}/${link.to.annotationId}`)
      if (!from || !to || (!goldIds.includes(from) && !goldIds.includes(to))) continue
      const signature = `${link.type}:${from}:${to}`
      if (goldLinks.has(signature)) continue
      goldLinks.add(signature)
      const copy: Link = { ...link, id: context.newId(), from: { ...link.from, annotationId: from }, to: { ...link.to, annotationId: to }, annotator: GOLD, created: context.at, modified: context.at }
      edits.push({ op: 'put-link', link: copy })
    }
  }
  const from = choice.kind === 'take' || choice.kind === 'edit' ? [choice.annotator] : choice.kind === 'reject' ? [] : Object.keys(item.versions).filter((name) => (item.versions[name] ?? []).length > 0)
  edits.push({
    op: 'put-decision',
    decision: { key: item.key, articleId: item.articleId, decision: decisionKind, from, goldIds, adjudicator: context.adjudicator, at: context.at, rationale: context.rationale },
  })
  return edits
}
