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
import { attributeAgreement, type AttributeAgreement, type LabelAttributes, type MatchedSpans } from './attributes'
import { CharacterAgreement, coveredRuns, innermostRuns, overlay } from './characters'
import { addLinkCounts, endIndex, linkAgreement, linkCounts, type LinkCounts, type LinkLike, NO_LINKS } from './links'
import { exactMatches, meanDefined, overlapMatches, f1 as spanF1Of, type SpanMatch } from './spans'
import { alphaU, type UnitizingStudy } from './unitizing'

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
  const annotators = [...input.annotators]
  if (new Set(annotators).size !== annotators.length) throw new RangeError('an annotator is listed twice')
  if (annotators.length < 2) throw new RangeError('agreement needs at least two annotators')
  const articles = input.articleIds ? [...new Set(input.articleIds)] : Object.keys(input.articleLengths).sort()
  const lengths = new Map<string, number>()
  for (const article of articles) {
    const length = input.articleLengths[article]
    if (length === undefined || !Number.isInteger(length) || length < 0) throw new RangeError(`the length of article "${article}" is not known`)
    lengths.set(article, length)
  }

  // The layers: each annotator's spans, all articles together and per article.
  const annotatorIndex = new Map(annotators.map((name, i) => [name, i]))
  const layers: AnnotationInput[][] = annotators.map(() => [])
  for (const annotation of input.annotations) {
    const r = annotatorIndex.get(annotation.annotator)
    const length = lengths.get(annotation.articleId)
    if (r === undefined || length === undefined) continue
    if (!(annotation.start >= 0 && annotation.end > annotation.start && annotation.end <= length)) {
      throw new RangeError(`the annotation ${annotation.id} [${annotation.start}, ${annotation.end}) does not fit in article "${annotation.articleId}" (${length} long)`)
    }
    layers[r]!.push(annotation)
  }
  const labels = labelsOf(input.tagset, layers)
  const rank = new Map(labels.map((label, i) => [label, i]))
  const perArticle = layers.map((layer) => groupBy(layer, (a) => a.articleId))
  const kappaCoefficient = annotators.length === 2 ? 'cohen' : 'fleiss'

  // Span matching of every pair of annotators.
  const pairs = pairsOf(annotators.length).map(([i, j]) => matchPair(layers[i]!, layers[j]!, i, j))

  // κ over characters: one walk over each article's pieces feeds the overall, the article's and
  // (with more than two annotators) each pair's tally.
  const overallChars = new CharacterAgreement(annotators.length, labels.length)
  const articleChars = new Map(articles.map((article) => [article, new CharacterAgreement(annotators.length, labels.length)]))
  const labelChars = new Map(labels.map((label) => [label, new CharacterAgreement(annotators.length, 1)]))
  const pairChars = annotators.length > 2 ? pairs.map(() => new CharacterAgreement(2, labels.length)) : []
  const twoOf = new Int32Array(2)
  for (const article of articles) {
    const length = lengths.get(article)!
    const spans = perArticle.map((byArticle) => byArticle.get(article) ?? [])
    const articleAgreement = articleChars.get(article)!
    overlay(
      spans.map((list) => innermostRuns(list, length, rank)),
      length,
      (weight, categories) => {
        overallChars.add(weight, categories)
        articleAgreement.add(weight, categories)
        pairChars.forEach((agreement, p) => {
          twoOf[0] = categories[pairs[p]!.i]!
          twoOf[1] = categories[pairs[p]!.j]!
          agreement.add(weight, twoOf)
        })
      },
    )
    const byLabel = spans.map((list) => groupBy(list, (a) => a.label))
    for (const label of labels) {
      const covered = byLabel.map((groups) => coveredRuns(groups.get(label) ?? [], length))
      labelChars.get(label)!.addArticle(covered, length)
    }
  }

  // α_u: the articles are the continua.
  const continuum = (article: string, raters: readonly number[]): UnitizingStudy['continua'][number] => ({
    length: lengths.get(article)!,
    units: raters.flatMap((r, k) => (perArticle[r]!.get(article) ?? []).map((a) => ({ rater: k, start: a.start, end: a.end, category: a.label }))),
  })
  const everyone = annotators.map((_, r) => r)
  const alpha = alphaU({ raters: annotators.length, continua: articles.map((article) => continuum(article, everyone)) })

  // Span counts per annotator and matches per pair, by label and by article, in one pass each.
  const spansOf = layers.map((layer) => tally(layer))
  const exactOf = pairs.map((pair) => tally(pair.exact.map(([x]) => pair.a[x]!)))
  const overlapOf = pairs.map((pair) => tally(pair.overlap.map(([x]) => pair.a[x]!)))
  const spanMetrics = (scope: Scope): Pick<MetricsWithCounts, 'f1Exact' | 'f1Overlap' | 'spans' | 'exactMatches' | 'overlapMatches'> => {
    const exact: number[] = []
    const overlap: number[] = []
    let exactMatches = 0
    let overlapMatches = 0
    pairs.forEach((pair, p) => {
      const countA = spansOf[pair.i]!.get(scope)
      const countB = spansOf[pair.j]!.get(scope)
      const e = exactOf[p]!.get(scope)
      const o = overlapOf[p]!.get(scope)
      exact.push(spanF1Of(e, countA, countB))
      overlap.push(spanF1Of(o, countA, countB))
      exactMatches += e
      overlapMatches += o
    })
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
  for (const article of articles) {
    const articleAlpha = alphaU({ raters: annotators.length, continua: [continuum(article, everyone)] }).overall
    byArticle[article] = {
      ...spanMetrics({ article }),
      kappa: kappaIf({ article }, articleChars.get(article)!),
      alphaU: defined(articleAlpha.value),
      characters: articleChars.get(article)!.characters,
      units: articleAlpha.units,
    }
  }

  // With two annotators the one pair is the whole: its κ and α_u are the overall ones.
  const pairReports: PairAgreement[] = pairs.map((pair, p) => ({
    annotators: [annotators[pair.i]!, annotators[pair.j]!],
    f1Exact: defined(spanF1Of(exactOf[p]!.get({}), spansOf[pair.i]!.get({}), spansOf[pair.j]!.get({}))),
    f1Overlap: defined(spanF1Of(overlapOf[p]!.get({}), spansOf[pair.i]!.get({}), spansOf[pair.j]!.get({}))),
    kappa: annotators.length === 2 ? overall.kappa : spansOf[pair.i]!.get({}) + spansOf[pair.j]!.get({}) > 0 ? defined(pairChars[p]!.kappa().value) : null,
    alphaU:
      annotators.length === 2
        ? overall.alphaU
        : defined(alphaU({ raters: 2, continua: articles.map((article) => continuum(article, [pair.i, pair.j])) }).overall.value),
  }))

  // Attributes over the matched spans (within labels).
  const matched: MatchedSpans[] = pairs.map((pair) => pair.overlap.map(([x, y]) => [pair.a[x]!, pair.b[y]!] as const))
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
    links: linkReport(input, annotators, layers, lengths, pairs),
    confusion: confusionOf(labels, pairs),
  }
}

interface Pair {
  i: number
  j: number
  a: readonly AnnotationInput[]
  b: readonly AnnotationInput[]
  exact: SpanMatch[]
  /** Overlap matches within labels. */
  overlap: SpanMatch[]
  /** Matches across labels among the spans left over. */
  crossLabel: SpanMatch[]
}

function matchPair(a: readonly AnnotationInput[], b: readonly AnnotationInput[], i: number, j: number): Pair {
  const exact = exactMatches(a, b)
  const overlap = overlapMatches(a, b)
  const skipA = new Set(overlap.map(([x]) => x))
  const skipB = new Set(overlap.map(([, y]) => y))
  const crossLabel = overlapMatches(a, b, { sameLabel: false, skipA, skipB })
  return { i, j, a, b, exact, overlap, crossLabel }
}

/** Which spans a number is about: all, one label's, or one article's. */
interface Scope {
  label?: string
  article?: string
}

/** Counts of spans, in total, per label and per article. */
interface Tally {
  get(scope: Scope): number
}

function tally(spans: readonly AnnotationInput[]): Tally {
  const byLabel = new Map<string, number>()
  const byArticle = new Map<string, number>()
  for (const span of spans) {
    byLabel.set(span.label, (byLabel.get(span.label) ?? 0) + 1)
    byArticle.set(span.articleId, (byArticle.get(span.articleId) ?? 0) + 1)
  }
  return {
    get: (scope) =>
      scope.label !== undefined ? (byLabel.get(scope.label) ?? 0) : scope.article !== undefined ? (byArticle.get(scope.article) ?? 0) : spans.length,
  }
}

function linkReport(
  input: AgreementInput,
  annotators: readonly string[],
  layersOf: readonly (readonly AnnotationInput[])[],
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
  const indexOf = annotators.map((_, r) => endIndex(layersOf[r]!))
  const perPair = pairs.map((pair) => {
    const aToB = new Int32Array(pair.a.length).fill(-1)
    const bToA = new Int32Array(pair.b.length).fill(-1)
    for (const [x, y] of pair.overlap) {
      aToB[x] = y
      bToA[y] = x
    }
    const matching = { indexA: indexOf[pair.i]!, indexB: indexOf[pair.j]!, aToB, bToA, symmetric }
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

function confusionOf(labels: readonly string[], pairs: readonly Pair[]): { labels: string[]; matrix: number[][] } {
  const names = [...labels, NONE]
  const index = new Map(labels.map((label, i) => [label, i]))
  const none = labels.length
  const matrix = names.map(() => names.map(() => 0))
  for (const pair of pairs) {
    const seenA = new Uint8Array(pair.a.length)
    const seenB = new Uint8Array(pair.b.length)
    for (const matches of [pair.overlap, pair.crossLabel]) {
      for (const [x, y] of matches) {
        matrix[index.get(pair.a[x]!.label)!]![index.get(pair.b[y]!.label)!]! += 1
        seenA[x] = 1
        seenB[y] = 1
      }
    }
    pair.a.forEach((span, x) => {
      if (!seenA[x]) matrix[index.get(span.label)!]![none]! += 1
    })
    pair.b.forEach((span, y) => {
      if (!seenB[y]) matrix[none]![index.get(span.label)!]! += 1
    })
  }
  return { labels: names, matrix }
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
