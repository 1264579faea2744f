/**
 * The agreement case: the full report (span F1, κ, α_u, attributes, links, confusion) for every
 * annotator of the workspace, through the handler table's 'review:agreement', as the dashboard asks
 * for it. Cold: opening the workspace and the first report, every layer read from disk (what
 * `parallax agreement` pays); warm: the report again, with the layers in the store, as in the app.
 * Then the dashboard's other figure, the review's progress over every article ('review:progress').
 */
import type { ReviewProgress } from '../../src/shared/review/disagreements'
import { invoke, openApp, peakRssMb, writeSettings } from '../app'
import { ANNOTATORS } from '../generate'

export interface AgreementCaseResult {
  coldMs: number
  warmMs: number
  annotators: string[]
  /** Spans per annotator in the report: every annotation of the workspace should be there. */
  spans: Record<string, number>
  kappa: number | null
  /** The peak while reporting (before the progress is counted). */
  peakRssMb: number
  progressMs: number
  progress: ReviewProgress
}

export async function runAgreementCase(options: { root: string; dataDir: string }): Promise<AgreementCaseResult> {
  await writeSettings(options.dataDir, ANNOTATORS[0])
  let t = performance.now()
  const { handlers } = await openApp(options.root, options.dataDir)
  await invoke(handlers, 'review:agreement', {})
  const coldMs = performance.now() - t
  t = performance.now()
  const report = await invoke(handlers, 'review:agreement', {})
  const warmMs = performance.now() - t
  const peak = peakRssMb()
  t = performance.now()
  const progress = await invoke(handlers, 'review:progress', { annotators: report.annotators })
  const progressMs = performance.now() - t
  return { coldMs, warmMs, annotators: report.annotators, spans: report.overall.spans, kappa: report.overall.kappa, peakRssMb: peak, progressMs, progress }
}
