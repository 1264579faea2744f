/** The benchmark's results: one row per case, size and metric, with the baseline beside it where there is one. */

export interface ResultRow {
  case: string
  /** Annotations per annotator (store, open, agreement, export, memory), or highlights in all (render). */
  size: number
  metric: string
  value: number
  unit: string
  baseline: string | null
  baselineValue: number | null
  /** baselineValue ÷ value: above 1, Parallax is ahead. Null without a baseline. */
  ratio: number | null
}

/** The nearest-rank percentile (p in 0–100) of some samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('no samples')
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits))

export function row(
  fields: Omit<ResultRow, 'baseline' | 'baselineValue' | 'ratio'>,
  baseline?: { name: string; value: number },
): ResultRow {
  const value = round(fields.value, 3)
  const baselineValue = baseline ? round(baseline.value, 3) : null
  return {
    ...fields,
    value,
    baseline: baseline?.name ?? null,
    baselineValue,
    ratio: baselineValue !== null && value > 0 ? round(baselineValue / value, 2) : null,
  }
}

/** p50, p95 and p99 rows of latency samples, each beside the baseline's, if given. */
export function latencyRows(
  where: { case: string; size: number; metric: string },
  samples: readonly number[],
  baseline?: { name: string; samples: readonly number[] },
): ResultRow[] {
  return [50, 95, 99].map((p) =>
    row(
      { case: where.case, size: where.size, metric: `${where.metric} p${p}`, value: percentile(samples, p), unit: 'ms' },
      baseline ? { name: baseline.name, value: percentile(baseline.samples, p) } : undefined,
    ),
  )
}

const formatNumber = (n: number | null): string => (n === null ? '—' : Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2))

/** The rows as a plain-text table. */
export function formatTable(rows: readonly ResultRow[]): string {
  const header = ['case', 'size', 'metric', 'Parallax', 'unit', 'baseline', 'baseline value', 'ratio']
  const cells = rows.map((r) => [r.case, String(r.size), r.metric, formatNumber(r.value), r.unit, r.baseline ?? '—', formatNumber(r.baselineValue), r.ratio === null ? '—' : `${formatNumber(r.ratio)}×`])
  const all = [header, ...cells]
  const widths = header.map((_, c) => Math.max(...all.map((line) => [...(line[c] as string)].length)))
  const numeric = new Set([1, 3, 6, 7])
  const format = (line: string[]) => line.map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c] as number) : cell.padEnd(widths[c] as number))).join('  ').trimEnd()
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(format)].join('\n')
}

/** The rows as a Markdown table, for docs/performance.md. */
export function formatMarkdown(rows: readonly ResultRow[]): string {
  const lines = ['| case | size | metric | Parallax | unit | baseline | baseline value | ratio |', '|---|--:|---|--:|---|---|--:|--:|']
  for (const r of rows) {
    lines.push(`| ${r.case} | ${r.size} | ${r.metric} | ${formatNumber(r.value)} | ${r.unit} | ${r.baseline ?? '—'} | ${formatNumber(r.baselineValue)} | ${r.ratio === null ? '—' : `${formatNumber(r.ratio)}×`} |`)
  }
  return lines.join('\n')
}
