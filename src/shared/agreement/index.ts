/**
 * Inter-annotator agreement, as pure functions over plain data (no Node, no DOM). The report is the
 * entry point of the Review feature and of `parallax agreement`; the metrics are usable on their own.
 */

export { agreementReport, NONE } from './report'
export type { AgreementInput, AgreementReport, AnnotationInput, AttributeReport, LinkInput, LinkReport, Metrics, MetricsWithCounts, PairAgreement, TagsetInput } from './report'
export { chanceCorrected, cohenKappa, cohenKappaFromMatrix, confusionMatrix, FleissAccumulator, fleissKappa, fleissKappaFromCounts, scottPi, scottPiFromMatrix } from './kappa'
export type { Coefficient, FleissCoefficient } from './kappa'
export { alphaU, alphaUForCategory, sectionDistance } from './unitizing'
export type { AlphaU, Continuum, Unit, UnitizingStudy } from './unitizing'
export { exactMatchCount, exactMatches, f1, meanPairwiseSpanF1, overlapMatches, spanF1 } from './spans'
export type { SpanLike, SpanMatch } from './spans'
export { CharacterAgreement, coveredRuns, innermostRuns, overlay } from './characters'
export type { Run } from './characters'
export { attributeAgreement } from './attributes'
export type { AttributeAgreement, AttributedSpan, LabelAttributes, MatchedSpans } from './attributes'
export { linkAgreement, linkCounts } from './links'
export type { LinkAgreement, LinkCounts, LinkLike, LinkMatching } from './links'
