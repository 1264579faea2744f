/**
 * The agreement case: the full report (span F1, κ, α_u, attributes, links, confusion) for every
 * annotator of the workspace, through the handler table's 'review:agreement', as the dashboard asks
 * for it. Cold: opening the workspace as the app does (its lock taken: the saves below are the
 * app's) and the first report, every layer read from disk; warm: the report again, with the layers in
 * the store, as in the app.
 * Then the dashboard's other figure, the review's progress over every article ('review:progress').
 * Last, saves sent one after another while each is counted (the main process counts in slices and
 * serves the requests that come in between them), each timed until it is durable.
 */
import type { Annotation } from '../../src/shared/annotations'
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
  /**
   * Saves sent one after another, 25 ms apart, for as long as the report (and then the progress) is
   * counted, each timed until durable: how long a user's edit waits behind the count.
   */
  savesDuringReportMs: number[]
  savesDuringProgressMs: number[]
}

export async function runAgreementCase(options: { root: string; dataDir: string }): Promise<AgreementCaseResult> {
  await writeSettings(options.dataDir, ANNOTATORS[0])
  let t = performance.now()
  const { handlers, workspace } = await openApp(options.root, options.dataDir, { write: 'browser' })
  await invoke(handlers, 'review:agreement', {})
  const coldMs = performance.now() - t
  t = performance.now()
  const report = await invoke(handlers, 'review:agreement', {})
  const warmMs = performance.now() - t
  const peak = peakRssMb()
  t = performance.now()
  const progress = await invoke(handlers, 'review:progress', { annotators: report.annotators })
  const progressMs = performance.now() - t

  // the user tags words while the dashboard counts: each save is timed from its request to its answer
  const articleId = workspace.articleIds[0]!
  const word = /\p{L}+/u.exec(workspace.article(articleId).text)!
  const save = async (id: string): Promise<number> => {
    const annotation: Annotation = {
      id,
      articleId,
      start: word.index,
      end: word.index + word[0].length,
      unit: 'utf16',
      quote: { exact: word[0], prefix: '', suffix: '' },
      label: 'claim',
      attributes: {},
      note: '',
      annotator: ANNOTATORS[0],
      created: new Date().toISOString(),
      modified: new Date().toISOString(),
    }
    const sent = performance.now()
    await invoke(handlers, 'edits:apply', { edits: [{ op: 'put-annotation', annotation }] })
    return performance.now() - sent
  }
  const savesDuring = async (counting: Promise<unknown>, prefix: string): Promise<number[]> => {
    let counted = false
    const count = counting.finally(() => (counted = true))
    const times: number[] = []
    try {
      while (!counted) {
        times.push(await save(`${prefix}-${times.length + 1}`))
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
    } finally {
      await count // a failed save fails the case after the count, never as an unhandled rejection
    }
    return times
  }
  const savesDuringReportMs = await savesDuring(invoke(handlers, 'review:agreement', {}), 'bench-save-during-report')
  const savesDuringProgressMs = await savesDuring(invoke(handlers, 'review:progress', { annotators: report.annotators }), 'bench-save-during-progress')
  workspace.close() // as the app closes it: the files saved here are remembered as checked for the cases after this one
  return { coldMs, warmMs, annotators: report.annotators, spans: report.overall.spans, kappa: report.overall.kappa, peakRssMb: peak, progressMs, progress, savesDuringReportMs, savesDuringProgressMs }
}
