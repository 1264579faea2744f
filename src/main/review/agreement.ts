/** Agreement between annotators' layers of a workspace: the one place the dashboard and the CLI get their figures. */
import { GOLD } from '../../shared/gold'
import { agreementReportSteps, type AgreementReport } from '../../shared/agreement/report'
import { concatLists } from '../../shared/lists'
import { AppError } from '../../shared/result'
import { disagreementSteps, reviewProgress, type ReviewProgress } from '../../shared/review/disagreements'
import type { Workspace } from '../workspace/workspace'

/** The annotators to compare: those named (each must have a layer), or every one with a layer; at least two. */
async function comparedAnnotators(workspace: Workspace, names: readonly string[] | undefined): Promise<string[]> {
  const known = (await workspace.layers.annotators()).filter((name) => name !== GOLD)
  const annotators = names?.length ? [...names] : known
  for (const name of annotators) if (name !== GOLD && !known.includes(name)) throw new AppError('not-found', `There is no layer by "${name}" in this workspace (${known.join(', ') || 'none yet'}).`)
  if (annotators.length < 2) {
    throw new AppError(
      'invalid-input',
      names?.length && known.length >= 2
        ? `Agreement compares two or more annotators; only ${annotators[0]} was named. Name another: ${known.filter((name) => name !== annotators[0]).join(', ')}.`
        : `Agreement compares two or more annotators; this workspace has ${known.length === 1 ? `only ${known[0]}'s layer` : 'no layers'} yet. Import a colleague's export first.`,
    )
  }
  return annotators
}

export async function workspaceAgreement(workspace: Workspace, options: { annotators?: readonly string[]; articleIds?: readonly string[] } = {}): Promise<AgreementReport> {
  const annotators = await comparedAnnotators(workspace, options.annotators)
  for (const id of options.articleIds ?? []) workspace.article(id)
  const articleIds = options.articleIds?.length ? workspace.articleIds.filter((id) => options.articleIds!.includes(id)) : workspace.articleIds
  // in slices: a request sent meanwhile (a save, the next page of a list) is served between them
  return workspace.count(`agreement\0${annotators.join('\0')}\0\0${articleIds.join('\0')}`, async () => {
    const layers = await Promise.all(annotators.map((name) => workspace.layers.layer(name, articleIds)))
    return agreementReportSteps({
      annotators,
      annotations: concatLists(layers, (l) => l.annotations),
      links: concatLists(layers, (l) => l.links),
      tagset: workspace.tagset,
      articleLengths: Object.fromEntries(articleIds.map((id) => [id, workspace.article(id).text.length])),
      articleIds,
    })
  })
}

/** How far the review of the annotators' disagreements into the gold layer has come, over every article. */
export async function workspaceReviewProgress(workspace: Workspace, names: readonly string[]): Promise<ReviewProgress> {
  const annotators = await comparedAnnotators(workspace, names)
  const { articleIds } = workspace
  const symmetric = new Set(workspace.tagset.linkTypes.filter((t) => t.symmetric).map((t) => t.id))
  return workspace.count(`progress\0${annotators.join('\0')}`, async () => {
    const layers = await Promise.all(annotators.map((name) => workspace.layers.layer(name, articleIds)))
    const decided = new Set(((await workspace.layers.layer(GOLD, articleIds)).decisions ?? []).map((d) => d.key))
    return (function* () {
      return reviewProgress(yield* disagreementSteps(layers, articleIds, symmetric), articleIds, (key) => decided.has(key))
    })()
  })
}

export const METRIC_KEYS = ['f1Exact', 'f1Overlap', 'kappa', 'alphaU'] as const

/** The report as `parallax agreement --json` prints it: the four metrics, overall and per label. */
export function agreementSummary(report: AgreementReport) {
  const pick = (metrics: Record<(typeof METRIC_KEYS)[number], number | null>) => Object.fromEntries(METRIC_KEYS.map((key) => [key, metrics[key]]))
  return {
    annotators: report.annotators,
    overall: pick(report.overall),
    byLabel: Object.fromEntries(report.labels.map((label) => [label, pick(report.byLabel[label] ?? { f1Exact: null, f1Overlap: null, kappa: null, alphaU: null })])),
  }
}
