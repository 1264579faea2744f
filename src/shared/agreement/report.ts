/**
 * The agreement report of the Review feature: every metric between the chosen annotators, overall,
 * per label and per article, over plain data.
 *
 * - `f1Exact`, `f1Overlap`: span F1 (spans.ts) of each pair of annotators, micro over labels and
 *   articles within the pair, then the mean over the pairs.
 * - `kappa`: κ over characters (characters.ts): Cohen's for two annotators, Fleiss' for more. Overall
 *   and per article the categories are the labels and none (innermost span wins); per label they are
 *   "this label" and not.
 * - `alphaU`: Krippendorff's α_u (unitizing.ts), per label, and over labels as DKPro aggregates it;
 *   the articles are the continua.
 * - `attributes`: κ per attribute over matched spans (attributes.ts); `links`: link F1 (links.ts).
 * - `confusion`: label against label over matched spans, summed over the pairs of annotators (rows:
 *   the annotator who comes first in `annotators`). Spans are first matched within their label (the
 *   diagonal is the overlap matches of `f1Overlap`); what is left is matched by overlap across labels
 *   (the off-diagonal cells), and what is still left goes to the `none` row or column.
 *
 * Numbers keep full precision; a metric that is not defined is null, so that the report is plain
 * JSON: F1 where neither annotator of any pair has a span in scope, κ where nobody marked a character
 * in scope (everyone saying "none" everywhere is not a finding), α_u where there is no unit.
 */

import { type AttributeValue } from '../tagset'
import { ITEMS_PER_STEP, runSteps } from '../steps'
import { attributeAgreement, type AttributeAgreement, type LabelAttributes, type MatchedSpans } from './attributes'
import { CharacterAgreement, coveredRuns, innermostRuns, overlay } from './characters'
import { addLinkCounts, linkAgreement, linkCounts, type LinkCounts, type LinkEndLike, type LinkLike, NO_LINKS } from './links'
import { exactMatches, meanDefined, overlapMatches, f1 as spanF1Of, type SpanMatch } from './spans'
import { type AlphaU, mergeUnits, pairDistance, UnitizingAccumulator } from './unitizing'

/** What the report needs of an annotation. */
export interface AnnotationInput {
  id: string
  articleId: string
  start: number
  end: number
  label: string
  attributes: Readonly<Record<string, AttributeValue | undefined>>
  annotator: string
}

/** What the report needs of a link. */
export interface LinkInput extends LinkLike {
  annotator: string
}

/** What the report needs of the tagset. */
export interface TagsetInput {
  labels: readonly LabelAttributes[]
  linkTypes?: readonly { id: string; symmetric?: boolean }[]
}

export interface AgreementInput {
  /** The annotators to compare, in the order the report lists them (at least two). */
  annotators: readonly string[]
  /** Annotations of anyone; those of other annotators or other articles are left out. */
  annotations: readonly AnnotationInput[]
  links?: readonly LinkInput[]
  tagset: TagsetInput
  /** Length in UTF-16 code units of every article compared. */
  articleLengths: Readonly<Record<string, number>>
  /** The articles to compare; all of articleLengths' by default. */
  articleIds?: readonly string[]
}

/** The four headline metrics; null where not defined. */
export interface Metrics {
  f1Exact: number | null
  f1Overlap: number | null
  kappa: number | null
  alphaU: number | null
}

export interface MetricsWithCounts extends Metrics {
  /** Spans per annotator. */
  spans: Record<string, number>
  /** Exact and overlap matches, added up over the pairs of annotators. */
  exactMatches: number
  overlapMatches: number
  /** Characters κ is computed over. */
  characters: number
  /** Units α_u is computed over (a coder's overlapping spans of one label merged). */
  units: number
}

export interface PairAgreement extends Metrics {
  annotators: [string, string]
}

export interface LinkReport {
  f1: number | null
  f1GivenEnds: number | null
  /** Added up over the pairs of annotators. */
  matches: number
  links: Record<string, number>
  byType: Record<string, { f1: number | null; f1GivenEnds: number | null; matches: number }>
}

export interface AttributeReport {
  kappa: number | null
  observed: number | null
  n: number
  skipped: number
  type: AttributeAgreement['type']
  jaccard?: number | null
  values?: Record<string, { kappa: number | null; n: number }>
}

export interface AgreementReport {
  annotators: string[]
  articles: string[]
  labels: string[]
  /** Which κ `kappa` is. */
  kappaCoefficient: 'cohen' | 'fleiss'
  overall: MetricsWithCounts
  byLabel: Record<string, MetricsWithCounts>
  byArticle: Record<string, MetricsWithCounts>
  /** Every pair of annotators on its own (κ is Cohen's). */
  pairs: PairAgreement[]
  /** "<label>.<attribute>" → agreement on it over matched spans. */
  attributes: Record<string, AttributeReport>
  links: LinkReport
  confusion: { labels: string[]; matrix: number[][] }
}

export const NONE = 'none'

/** The agreement report; see the top of this file for what each number is. */
export function agreementReport(input: AgreementInput): AgreementReport {
  return runSteps(agreementReportSteps(input))
}

/**
 * `agreementReport` in steps: the generator pauses after each article and before each of the last
 * tallies, so that a caller can let other work run in between (the main process answers requests
 * meanwhile: `inSlices`); run to its end, it returns the report.
 */
export function* agreementReportSteps(input: AgreementInput): Generator<void, AgreementReport> {
  const annotators = [...input.annotators]
  if (new Set(annotators).size !== annotators.length) throw new RangeError('an annotator is listed twice')
  if (annotators.length < 2) throw new RangeError('agreement needs at least two annotators')
  const articles = input.articleIds ? [...new Set(input.articleIds)] : Object.keys(input.articleLengths).sort()
  const lengths = new Map<string, number>()
  const articleIndex = new Map<string, number>()
  for (const article of articles) {
    const length = input.articleLengths[article]
    if (length === undefined || !Number.isInteger(length) || length < 0) throw new RangeError(`the length of article "${article}" is not known`)
    lengths.set(article, length)
    articleIndex.set(article, articleIndex.size)
  }

  // The layers: each annotator's spans, all articles together (their index there is the span's
  // number in links and in the order of matches) and per article.
  const annotatorIndex = new Map(annotators.map((name, i) => [name, i]))
  const layers: AnnotationInput[][] = annotators.map(() => [])
  const perArticle: ArticleSpans[][] = annotators.map(() => articles.map(() => ({ spans: [], index: [] })))
  for (const [n, annotation] of input.annotations.entries()) {
    if (n % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield
    const r = annotatorIndex.get(annotation.annotator)
    const k = articleIndex.get(annotation.articleId)
    if (r === undefined || k === undefined) continue
    const length = lengths.get(annotation.articleId)!
    if (!(Number.isInteger(annotation.start) && Number.isInteger(annotation.end) && annotation.start >= 0 && annotation.end > annotation.start && annotation.end <= length)) {
      throw new RangeError(`the annotation ${annotation.id} [${annotation.start}, ${annotation.end}) does not fit in article "${annotation.articleId}" (${length} long, in whole characters)`)
    }
    const here = perArticle[r]![k]!
    here.spans.push(annotation)
    here.index.push(layers[r]!.length)
    layers[r]!.push(annotation)
  }
  const labels = labelsOf(input.tagset, layers)
  const rank = new Map(labels.map((label, i) => [label, i]))
  const kappaCoefficient = annotators.length === 2 ? 'cohen' : 'fleiss'
  const pairs: Pair[] = pairsOf(annotators.length).map(([i, j]) => ({
    i,
    j,
    exact: new Counts(articles.length),
    overlap: new Counts(articles.length),
    aToB: new Int32Array(layers[i]!.length).fill(-1),
    bToA: new Int32Array(layers[j]!.length).fill(-1),
  }))
  const spansOf = annotators.map(() => new Counts(articles.length))
  const confusion = new Confusion(labels)

  // κ over characters: one walk over each article's pieces feeds the overall, the article's and
  // (with more than two annotators) each pair's tally.
  const overallChars = new CharacterAgreement(annotators.length, labels.length)
  const articleChars: CharacterAgreement[] = []
  const labelChars = new Map(labels.map((label) => [label, new CharacterAgreement(annotators.length, 1)]))
  const pairChars = annotators.length > 2 ? pairs.map(() => new CharacterAgreement(2, labels.length)) : []
  // α_u: the articles are the continua.
  const overallAlpha = new UnitizingAccumulator(annotators.length)
  const pairAlpha = annotators.length > 2 ? pairs.map(() => new UnitizingAccumulator(2)) : []
  const articleAlpha: AlphaU[] = []
  const twoOf = new Int32Array(2)

  // Article by article: every metric is a sum over articles, or is finished from such sums.
  for (const [k, article] of articles.entries()) {
    yield
    const length = lengths.get(article)!
    const spans = perArticle.map((byArticle) => byArticle[k]!.spans)
    spans.forEach((list, r) => {
      for (const span of list) spansOf[r]!.add(span.label, k)
    })

    const articleAgreement = new CharacterAgreement(annotators.length, labels.length)
    articleChars.push(articleAgreement)
    overlay(
      spans.map((list) => innermostRuns(list, length, rank)),
      length,
      (weight, categories) => {
        overallChars.add(weight, categories)
        articleAgreement.add(weight, categories)
        for (let p = 0; p < pairChars.length; p++) {
          twoOf[0] = categories[pairs[p]!.i]!
          twoOf[1] = categories[pairs[p]!.j]!
          pairChars[p]!.add(weight, twoOf)
        }
      },
    )
    const byLabel = spans.map((list) => groupBy(list, (a) => a.label))
    for (const label of labels) {
      const covered = byLabel.map((groups) => coveredRuns(groups.get(label) ?? [], length))
      labelChars.get(label)!.addArticle(covered, length)
    }

    // α_u: each annotator's units of each label merged once, for the overall, the article's and each pair's sums.
    const units = new Map<string, number[][]>()
    for (const groups of byLabel) for (const label of groups.keys()) if (!units.has(label)) units.set(label, byLabel.map((g) => mergeUnits(g.get(label) ?? [])))
    const byPair = pairs.map(() => new Map<string, number>())
    const total = new Map<string, number>()
    for (const [label, perRater] of units) {
      let sum = 0
      pairs.forEach((pair, p) => {
        const distance = pairDistance(perRater[pair.i]!, perRater[pair.j]!, length)
        byPair[p]!.set(label, distance)
        sum += distance
      })
      total.set(label, sum)
    }
    overallAlpha.add(length, units, total)
    const alone = new UnitizingAccumulator(annotators.length)
    alone.add(length, units, total)
    articleAlpha.push(alone.result().overall)
    pairAlpha.forEach((accumulator, p) => {
      const { i, j } = pairs[p]!
      accumulator.add(length, new Map([...units].map(([label, perRater]) => [label, [perRater[i]!, perRater[j]!]])), byPair[p])
    })

    // Span matching of every pair of annotators, within the article.
    for (const pair of pairs) {
      const a = spans[pair.i]!
      const b = spans[pair.j]!
      if (a.length === 0 && b.length === 0) continue
      const indexA = perArticle[pair.i]![k]!.index
      const indexB = perArticle[pair.j]![k]!.index
      for (const [x] of exactMatches(a, b)) pair.exact.add(a[x]!.label, k)
      const overlap = overlapMatches(a, b)
      const skipA = new Set<number>()
      const skipB = new Set<number>()
      for (const [x, y] of overlap) {
        pair.overlap.add(a[x]!.label, k)
        pair.aToB[indexA[x]!] = indexB[y]!
        pair.bToA[indexB[y]!] = indexA[x]!
        skipA.add(x)
        skipB.add(y)
      }
      const crossLabel = overlapMatches(a, b, { sameLabel: false, skipA, skipB })
      confusion.addPair(a, b, [overlap, crossLabel])
    }
  }
  yield

  const spanMetrics = (scope: Scope): Pick<MetricsWithCounts, 'f1Exact' | 'f1Overlap' | 'spans' | 'exactMatches' | 'overlapMatches'> => {
    const exact: number[] = []
    const overlap: number[] = []
    let exactMatches = 0
    let overlapMatches = 0
    for (const pair of pairs) {
      const countA = spansOf[pair.i]!.get(scope)
      const countB = spansOf[pair.j]!.get(scope)
      const e = pair.exact.get(scope)
      const o = pair.overlap.get(scope)
      exact.push(spanF1Of(e, countA, countB))
      overlap.push(spanF1Of(o, countA, countB))
      exactMatches += e
      overlapMatches += o
    }
    return {
      f1Exact: defined(meanDefined(exact)),
      f1Overlap: defined(meanDefined(overlap)),
      spans: Object.fromEntries(annotators.map((name, r) => [name, spansOf[r]!.get(scope)])),
      exactMatches,
      overlapMatches,
    }
  }

  // κ over characters is left undefined where nobody marked a character: "all none" is not a finding.
  const anySpans = (scope: Scope): boolean => spansOf.some((t) => t.get(scope) > 0)
  const kappaIf = (scope: Scope, agreement: CharacterAgreement): number | null => (anySpans(scope) ? defined(agreement.kappa().value) : null)

  const alpha = overallAlpha.result()
  const overall: MetricsWithCounts = {
    ...spanMetrics({}),
    kappa: kappaIf({}, overallChars),
    alphaU: defined(alpha.overall.value),
    characters: overallChars.characters,
    units: alpha.overall.units,
  }

  const byLabel: Record<string, MetricsWithCounts> = {}
  for (const label of labels) {
    const labelAlpha = alpha.byCategory[label]
    byLabel[label] = {
      ...spanMetrics({ label }),
      kappa: kappaIf({ label }, labelChars.get(label)!),
      alphaU: defined(labelAlpha?.value ?? NaN),
      characters: labelChars.get(label)!.characters,
      units: labelAlpha?.units ?? 0,
    }
  }

  const byArticle: Record<string, MetricsWithCounts> = {}
  articles.forEach((article, k) => {
    byArticle[article] = {
      ...spanMetrics({ article: k }),
      kappa: kappaIf({ article: k }, articleChars[k]!),
      alphaU: defined(articleAlpha[k]!.value),
      characters: articleChars[k]!.characters,
      units: articleAlpha[k]!.units,
    }
  })

  // With two annotators the one pair is the whole: its κ and α_u are the overall ones.
  const pairReports: PairAgreement[] = pairs.map((pair, p) => ({
    annotators: [annotators[pair.i]!, annotators[pair.j]!],
    f1Exact: defined(spanF1Of(pair.exact.get({}), spansOf[pair.i]!.get({}), spansOf[pair.j]!.get({}))),
    f1Overlap: defined(spanF1Of(pair.overlap.get({}), spansOf[pair.i]!.get({}), spansOf[pair.j]!.get({}))),
    kappa: annotators.length === 2 ? overall.kappa : spansOf[pair.i]!.get({}) + spansOf[pair.j]!.get({}) > 0 ? defined(pairChars[p]!.kappa().value) : null,
    alphaU: annotators.length === 2 ? overall.alphaU : defined(pairAlpha[p]!.result().overall.value),
  }))

  yield
  // Attributes over the matched spans (within labels), each pair's in the order of the first annotator's layer.
  const matched: MatchedSpans[] = pairs.map((pair) => matchedInLayerOrder(layers[pair.i]!, layers[pair.j]!, pair.aToB))
  const attributes: Record<string, AttributeReport> = {}
  for (const [key, value] of Object.entries(attributeAgreement(matched, input.tagset.labels))) {
    attributes[key] = {
      kappa: defined(value.kappa),
      observed: defined(value.observed),
      n: value.n,
      skipped: value.skipped,
      type: value.type,
      ...(value.jaccard !== undefined ? { jaccard: defined(value.jaccard) } : {}),
      ...(value.values
        ? { values: Object.fromEntries(Object.entries(value.values).map(([v, agreement]) => [v, { kappa: defined(agreement.kappa), n: agreement.n }])) }
        : {}),
    }
  }

  yield
  return {
    annotators,
    articles,
    labels,
    kappaCoefficient,
    overall,
    byLabel,
    byArticle,
    pairs: pairReports,
    attributes,
    links: linkReport(input, annotators, perArticle, articleIndex, lengths, pairs),
    confusion: confusion.result(),
  }
}

/** One annotator's spans of one article, in input order, and their indexes in the annotator's layer. */
interface ArticleSpans {
  spans: AnnotationInput[]
  index: number[]
}

/** What is added up for a pair of annotators (i before j). */
interface Pair {
  i: number
  j: number
  exact: Counts
  /** Overlap matches within labels. */
  overlap: Counts
  /** Layer index of the span matched to each span (by overlap, within labels), or −1, one way and the other. */
  aToB: Int32Array
  bToA: Int32Array
}

/**
 * The spans matched by overlap within labels, in the order of the first annotator's layer: made as
 * they are read, from the match of each span (each is matched at most once), rather than kept as a
 * list of pairs for the whole count.
 */
function* matchedInLayerOrder(a: readonly AnnotationInput[], b: readonly AnnotationInput[], aToB: Int32Array): Generator<readonly [AnnotationInput, AnnotationInput]> {
  for (let k = 0; k < aToB.length; k++) {
    const match = aToB[k]!
    if (match >= 0) yield [a[k]!, b[match]!]
  }
}

/** Which spans a number is about: all, one label's, or one article's (by its place in the report's articles). */
interface Scope {
  label?: string
  article?: number
}

/** Counts of spans (or matches), in total, per label and per article. */
class Counts {
  private total = 0
  private readonly byLabel = new Map<string, number>()
  private readonly byArticle: Float64Array

  constructor(articles: number) {
    this.byArticle = new Float64Array(articles)
  }

  add(label: string, article: number): void {
    this.total++
    this.byLabel.set(label, (this.byLabel.get(label) ?? 0) + 1)
    this.byArticle[article]! += 1
  }

  get(scope: Scope): number {
    return scope.label !== undefined ? (this.byLabel.get(scope.label) ?? 0) : scope.article !== undefined ? this.byArticle[scope.article]! : this.total
  }
}

/**
 * Label against label over matched spans, summed over the pairs of annotators: within-label and
 * cross-label matches in their cells, spans left over in the none row or column.
 */
class Confusion {
  private readonly index: Map<string, number>
  private readonly none: number
  private readonly matrix: number[][]

  constructor(private readonly labels: readonly string[]) {
    this.index = new Map(labels.map((label, i) => [label, i]))
    this.none = labels.length
    this.matrix = [...labels, NONE].map(() => [...labels, NONE].map(() => 0))
  }

  addPair(a: readonly AnnotationInput[], b: readonly AnnotationInput[], matchings: readonly (readonly SpanMatch[])[]): void {
    const { index, none, matrix } = this
    const seenA = new Uint8Array(a.length)
    const seenB = new Uint8Array(b.length)
    for (const matches of matchings) {
      for (const [x, y] of matches) {
        matrix[index.get(a[x]!.label)!]![index.get(b[y]!.label)!]! += 1
        seenA[x] = 1
        seenB[y] = 1
      }
    }
    a.forEach((span, x) => {
      if (!seenA[x]) matrix[index.get(span.label)!]![none]! += 1
    })
    b.forEach((span, y) => {
      if (!seenB[y]) matrix[none]![index.get(span.label)!]! += 1
    })
  }

  result(): { labels: string[]; matrix: number[][] } {
    return { labels: [...this.labels, NONE], matrix: this.matrix }
  }
}

function linkReport(
  input: AgreementInput,
  annotators: readonly string[],
  perArticle: readonly (readonly ArticleSpans[])[],
  articleIndex: ReadonlyMap<string, number>,
  lengths: ReadonlyMap<string, number>,
  pairs: readonly Pair[],
): LinkReport {
  const symmetric = new Set((input.tagset.linkTypes ?? []).filter((t) => t.symmetric).map((t) => t.id))
  const annotatorIndex = new Map(annotators.map((name, i) => [name, i]))
  const linkLayers: LinkInput[][] = annotators.map(() => [])
  for (const link of input.links ?? []) {
    const r = annotatorIndex.get(link.annotator)
    if (r === undefined || !lengths.has(link.from.articleId) || !lengths.has(link.to.articleId)) continue
    linkLayers[r]!.push(link)
  }
  const types = [...new Set([...(input.tagset.linkTypes ?? []).map((t) => t.id), ...linkLayers.flat().map((l) => l.type)])]
  const indexOf = annotators.map((_, r) => linkEndIndex(linkLayers[r]!, perArticle[r]!, articleIndex))
  const perPair = pairs.map((pair) => {
    const matching = { indexA: indexOf[pair.i]!, indexB: indexOf[pair.j]!, aToB: pair.aToB, bToA: pair.bToA, symmetric }
    const linksA = groupBy(linkLayers[pair.i]!, (l) => l.type)
    const linksB = groupBy(linkLayers[pair.j]!, (l) => l.type)
    return new Map(types.map((type) => [type, linkCounts(linksA.get(type) ?? [], linksB.get(type) ?? [], matching)]))
  })
  const meanOf = (counts: LinkCounts[]): { f1: number | null; f1GivenEnds: number | null; matches: number } => {
    const agreements = counts.map(linkAgreement)
    return {
      f1: defined(meanDefined(agreements.map((a) => a.f1))),
      f1GivenEnds: defined(meanDefined(agreements.map((a) => a.f1GivenEnds))),
      matches: counts.reduce((sum, c) => sum + c.matches, 0),
    }
  }
  const pairTotals = perPair.map((byType) => [...byType.values()].reduce(addLinkCounts, NO_LINKS))
  const byType: LinkReport['byType'] = {}
  for (const type of types) byType[type] = meanOf(perPair.map((p) => p.get(type)!))
  return {
    ...meanOf(pairTotals),
    links: Object.fromEntries(annotators.map((name, r) => [name, linkLayers[r]!.length])),
    byType,
  }
}

/**
 * Finds in one annotator's layer the spans its links' ends name (in the end's article, the first span
 * with that id), looking only at the articles its links point into and indexing only those ids.
 */
function linkEndIndex(links: readonly LinkInput[], perArticle: readonly ArticleSpans[], articleIndex: ReadonlyMap<string, number>): (end: LinkEndLike) => number {
  const wanted = new Map<string, Map<string, number>>()
  const want = (end: LinkEndLike): void => {
    let ids = wanted.get(end.articleId)
    if (!ids) wanted.set(end.articleId, (ids = new Map()))
    ids.set(end.annotationId, -1)
  }
  for (const link of links) {
    want(link.from)
    want(link.to)
  }
  for (const [article, ids] of wanted) {
    const k = articleIndex.get(article)
    if (k === undefined) continue
    const { spans, index } = perArticle[k]!
    spans.forEach((span, x) => {
      if (ids.get(span.id) === -1) ids.set(span.id, index[x]!)
    })
  }
  return (end) => wanted.get(end.articleId)?.get(end.annotationId) ?? -1
}

/** The tagset's labels in its order, then any other label an annotator used, sorted. */
function labelsOf(tagset: TagsetInput, layers: readonly AnnotationInput[][]): string[] {
  const known = tagset.labels.map((label) => label.id)
  const seen = new Set(known)
  const extra = new Set<string>()
  for (const layer of layers) for (const a of layer) if (!seen.has(a.label)) extra.add(a.label)
  return [...known, ...[...extra].sort()]
}

function pairsOf(n: number): [number, number][] {
  const pairs: [number, number][] = []
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j])
  return pairs
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return groups
}

/** Full precision, or null where a metric is not defined. */
function defined(value: number): number | null {
  return Number.isFinite(value) ? value : null
}
