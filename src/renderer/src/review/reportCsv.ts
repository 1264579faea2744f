import type { AgreementReport } from '../../../shared/agreement/report'

const cell = (value: string | number | null): string => {
  const text = value === null ? '' : String(value)
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** The report's figures as CSV: one row per scope (overall, each label, each article, each attribute, links). */
export function reportCsv(report: AgreementReport): string {
  const rows: (string | number | null)[][] = [['scope', 'name', 'f1Exact', 'f1Overlap', 'kappa', 'alphaU', 'n']]
  rows.push(['overall', '', report.overall.f1Exact, report.overall.f1Overlap, report.overall.kappa, report.overall.alphaU, report.overall.characters])
  for (const label of report.labels) {
    const m = report.byLabel[label]
    if (m) rows.push(['label', label, m.f1Exact, m.f1Overlap, m.kappa, m.alphaU, Object.values(m.spans).reduce((a, b) => a + b, 0)])
  }
  for (const article of report.articles) {
    const m = report.byArticle[article]
    if (m) rows.push(['article', article, m.f1Exact, m.f1Overlap, m.kappa, m.alphaU, m.characters])
  }
  for (const [name, a] of Object.entries(report.attributes)) rows.push(['attribute', name, null, null, a.kappa, null, a.n])
  rows.push(['links', '', report.links.f1, null, null, null, report.links.matches])
  return `${rows.map((row) => row.map(cell).join(',')).join('\n')}\n`
}
