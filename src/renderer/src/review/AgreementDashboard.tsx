import { useEffect, useRef, useState } from 'react'
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts'
import { useShallow } from 'zustand/react/shallow'
import type { AgreementReport } from '../../../shared/agreement/report'
import type { ReviewProgress } from '../../../shared/review/disagreements'
import { countOf } from '../../../shared/wording'
import { call } from '../api/client'
import { download } from '../interchange/download'
import { useWorkbench } from '../state/store'
import { pngOf, svgOf } from './chartExport'
import { reportCsv } from './reportCsv'
import { ArticleSelect } from '../corpus/ArticleSelect'
import { AnnotatorChecks } from './AnnotatorChecks'
import { useLayerNames, useReviewLayers } from './useDisagreements'

const METRICS = [
  { key: 'f1Exact', name: 'F1 exact', color: '#2f5d8a' },
  { key: 'f1Overlap', name: 'F1 overlap', color: '#6a9fd4' },
  { key: 'kappa', name: 'κ', color: '#b7791f' },
  { key: 'alphaU', name: 'α_u', color: '#16915f' },
] as const
const format = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : n.toFixed(3))
/** The chart's ticks, a quarter apart from 0 (or the quarter under the lowest figure: κ and α_u can be negative) to 1. */
function axisTicks(data: readonly Record<string, unknown>[]): number[] {
  const floor = Math.floor(Math.min(0, ...data.flatMap((d) => METRICS.map((m) => Number(d[m.key]) || 0))) * 4)
  return Array.from({ length: 5 - floor }, (_, i) => (floor + i) / 4)
}
/** The review's progress as the toolbar says it: the counts, why there are none, or that they are on their way. */
const progressLine = (progress: ReviewProgress | string | null): string =>
  typeof progress === 'string'
    ? progress
    : progress
      ? `${progress.reviewed} of ${countOf(progress.articles, 'article')} reviewed · ${progress.left} of ${countOf(progress.disagreements, 'disagreement')} left`
      : 'Counting the disagreements…'

/**
 * Agreement at a glance: the metrics as a table and a bar chart per label, the label confusion
 * matrix, agreement on attributes and links, and how far the review has come. Exports the report
 * as JSON and CSV and the chart as SVG and PNG. The figures come from the same handler as
 * `parallax agreement`.
 */
export function AgreementDashboard() {
  const { tagset, chosen, decisions } = useWorkbench(useShallow((s) => ({ tagset: s.tagset, chosen: s.reviewAnnotators, decisions: s.gold.decisions })))
  const everyone = useLayerNames()
  const [fetched, setReport] = useState<AgreementReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [article, setArticle] = useState('')
  const chart = useRef<HTMLDivElement>(null)
  const state = useWorkbench.getState()
  const layers = useReviewLayers()
  // everyone until the user's choice is made (the effect below), then the choice, however short
  const annotators = chosen.length > 0 ? chosen : everyone
  const report = annotators.length >= 2 ? fetched : null
  // who was compared on what: the table's heading and the saved chart's title
  const compared = report ? `${report.annotators.join(' · ')} on ${countOf(report.articles.length, 'article')}` : ''
  const [progress, setProgress] = useState<ReviewProgress | string | null>(null)
  // the main side counts what is saved: the count is asked for once nothing is on its way there
  const saving = useWorkbench((s) => s.save.pending > 0)

  useEffect(() => {
    // chosen once there is something to compare: a choice of one, made alone, would outlast a colleague's import
    if (chosen.length === 0 && everyone.length >= 2) state.setReview({ reviewAnnotators: everyone })
  }, [chosen.length, everyone, state])
  useEffect(() => {
    let live = true
    if (annotators.length < 2) return
    call('review:agreement', { annotators, ...(article ? { articleIds: [article] } : {}) })
      .then((value) => live && (setReport(value), setError(null)))
      .catch((e: Error) => live && (setReport(null), setError(e.message)))
    return () => {
      live = false
    }
  }, [annotators, article, layers])

  // the review's progress counts disagreements on every article: the main side, which holds every layer, counts them
  useEffect(() => {
    let live = true
    if (annotators.length < 2 || saving) return
    call('review:progress', { annotators })
      .then((value) => live && setProgress(value))
      .catch((e: Error) => live && setProgress(`The review's progress could not be counted: ${e.message}`))
    return () => {
      live = false
    }
  }, [annotators, layers, decisions, saving])

  const labelName = (id: string) => (id === 'none' ? 'none' : (tagset?.labels.find((l) => l.id === id)?.name ?? id))
  const data = report ? report.labels.map((label) => ({ label: labelName(label), ...Object.fromEntries(METRICS.map((m) => [m.key, report.byLabel[label]?.[m.key] ?? 0])) })) : []
  const ticks = axisTicks(data)
  const saveChart = async (kind: 'svg' | 'png') => {
    if (!chart.current) return
    const name = `agreement-by-label.${kind}`
    const frame = { title: `Agreement by label: ${compared}`, legend: METRICS }
    if (kind === 'svg') download([{ path: name, content: svgOf(chart.current, frame) }], name)
    else {
      const blob = await pngOf(chart.current, frame)
      const url = URL.createObjectURL(blob)
      const link = document.createElement('a')
      link.href = url
      link.download = name
      link.click()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
    }
  }

  return (
    <div className="dashboard" data-testid="dashboard">
      <div className="review-toolbar" role="toolbar" aria-label="Agreement">
        <AnnotatorChecks everyone={everyone} chosen={annotators} />
        <label className="inline-field">
          Articles
          <ArticleSelect label="Articles compared" value={article} onChange={setArticle} all="All articles" />
        </label>
        <span className="spacer" />
        <span className="review-progress" data-testid="progress">
          {annotators.length >= 2 && progressLine(progress)}
        </span>
        <button type="button" className="tool-button" disabled={!report} onClick={() => report && download([{ path: 'agreement.json', content: `${JSON.stringify(report, null, 2)}\n` }], 'agreement.json')}>
          Report JSON
        </button>
        <button type="button" className="tool-button" disabled={!report} onClick={() => report && download([{ path: 'agreement.csv', content: reportCsv(report) }], 'agreement.csv')}>
          Report CSV
        </button>
        <button type="button" className="tool-button" disabled={!report} onClick={() => void saveChart('svg')}>
          Chart SVG
        </button>
        <button type="button" className="tool-button" disabled={!report} onClick={() => void saveChart('png')}>
          Chart PNG
        </button>
      </div>
      {annotators.length < 2 && (
        <div className="empty-state review-empty">
          <h2>Nothing to compare yet</h2>
          <p>
            {everyone.length < 2
              ? "Agreement needs two or more annotators' layers: import a colleague's export (Import…)."
              : 'Agreement compares two or more annotators: tick another one above.'}
          </p>
        </div>
      )}
      {error && (
        <p className="field-error dashboard-error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <div className="dashboard-body">
          <section className="dashboard-card">
            <h3>
              {compared} ({report.kappaCoefficient === 'cohen' ? "Cohen's κ" : "Fleiss' κ"})
            </h3>
            <table className="metrics-table" data-testid="metrics-table">
              <thead>
                <tr>
                  <th />
                  {METRICS.map((m) => (
                    <th key={m.key}>{m.name}</th>
                  ))}
                  {report.annotators.map((name) => (
                    <th key={name} className="count-column">
                      spans: {name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {[['overall', report.overall] as const, ...report.labels.map((label) => [label, report.byLabel[label]!] as const)].map(([name, m]) => (
                  <tr key={name} data-row={name}>
                    <th>{name === 'overall' ? 'Overall' : labelName(name)}</th>
                    {METRICS.map((metric) => (
                      <td key={metric.key} data-metric={metric.key}>
                        {format(m[metric.key])}
                      </td>
                    ))}
                    {report.annotators.map((a) => (
                      <td key={a} className="count-column">
                        {m.spans[a] ?? 0}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="dashboard-card chart-card">
            <h3>By label</h3>
            <div ref={chart} className="chart" data-testid="chart">
              <ResponsiveContainer width="100%" height={280}>
                <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" stroke="#ddd" />
                  <XAxis dataKey="label" tick={{ fontSize: 12 }} />
                  <YAxis domain={[ticks[0] as number, 1]} ticks={ticks} tickFormatter={(value: number) => value.toFixed(2)} tick={{ fontSize: 12 }} />
                  <Tooltip formatter={(value) => (typeof value === 'number' ? value.toFixed(3) : String(value))} />
                  {/* in the bars' order (Recharts sorts by name otherwise) */}
                  <Legend itemSorter={(item) => METRICS.findIndex((m) => m.key === item.dataKey)} />
                  {METRICS.map((m) => (
                    <Bar key={m.key} dataKey={m.key} name={m.name} fill={m.color} isAnimationActive={false} />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            </div>
          </section>
          <section className="dashboard-card">
            <h3>
              Label confusion over overlapping spans (rows: {report.annotators.length === 2 ? report.annotators[0] : 'the earlier annotator of each pair'}, columns:{' '}
              {report.annotators.length === 2 ? report.annotators[1] : 'the later; summed over pairs'})
            </h3>
            <table className="confusion" data-testid="confusion">
              <thead>
                <tr>
                  <th />
                  {report.confusion.labels.map((label) => (
                    <th key={label}>{labelName(label)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {report.confusion.matrix.map((row, i) => (
                  <tr key={report.confusion.labels[i]}>
                    <th>{labelName(report.confusion.labels[i] ?? '')}</th>
                    {row.map((n, j) => (
                      <td key={j} className={i === j ? 'diagonal' : n > 0 ? 'off' : ''}>
                        {n}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="dashboard-card">
            <h3>Attributes of matched spans, and links</h3>
            <table className="metrics-table">
              <thead>
                <tr>
                  <th />
                  <th>κ</th>
                  <th>spans</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(report.attributes).map(([name, a]) => (
                  <tr key={name}>
                    <th>{name}</th>
                    <td>{format(a.kappa)}</td>
                    <td>{a.n}</td>
                  </tr>
                ))}
                <tr>
                  <th>links (F1)</th>
                  <td>{format(report.links.f1)}</td>
                  <td>{report.links.matches}</td>
                </tr>
              </tbody>
            </table>
          </section>
        </div>
      )}
    </div>
  )
}
