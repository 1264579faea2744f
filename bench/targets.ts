/**
 * Issue 7's targets, checked against a run's rows: each absolute target at 100,000 annotations per
 * annotator (the render case at its own size), every baseline behind (ratio > 1), and each cost
 * growing no faster than the workspace between sizes. A run prints this beside its table.
 */
import type { ResultRow } from './results'

export interface Target {
  case: string
  metric: string
  /** The size the target is for: annotations per annotator, or highlights for the render case. */
  size: number | 'largest'
  atMost: number
  unit: string
}

export const TARGET_SIZE = 100_000

export const TARGETS: readonly Target[] = [
  { case: 'store', metric: 'create p95', size: TARGET_SIZE, atMost: 10, unit: 'ms' },
  { case: 'open', metric: 'start to first article highlighted', size: TARGET_SIZE, atMost: 1_500, unit: 'ms' },
  { case: 'render', metric: 'first paint (from navigation)', size: 'largest', atMost: 300, unit: 'ms' },
  { case: 'render', metric: 'one new highlight p50', size: 'largest', atMost: 16, unit: 'ms' },
  { case: 'agreement', metric: 'report, layers in the store', size: TARGET_SIZE, atMost: 2_000, unit: 'ms' },
  { case: 'export', metric: 'Parallax JSON', size: TARGET_SIZE, atMost: 2_000, unit: 'ms' },
  { case: 'export', metric: 'W3C', size: TARGET_SIZE, atMost: 2_000, unit: 'ms' },
  { case: 'memory', metric: 'peak RSS of the process holding the store', size: TARGET_SIZE, atMost: 400, unit: 'MB' },
  // the app's process also reports agreement and exports
  { case: 'memory', metric: 'peak RSS while reporting agreement', size: TARGET_SIZE, atMost: 400, unit: 'MB' },
  { case: 'memory', metric: 'peak RSS while exporting', size: TARGET_SIZE, atMost: 400, unit: 'MB' },
]

export interface Verdict {
  what: string
  measured: string
  met: boolean | null
}

const isCost = (r: ResultRow): boolean => ['ms', 'MB'].includes(r.unit) && r.case !== 'machine'

/**
 * How a run fares against the targets. A target whose row is missing (its case or size not run)
 * is "not measured" (met: null), never met by default. Growth: each metric's cost per annotation
 * between two sizes may not rise by more than `slack` (the machine's noise at small sizes).
 */
export function checkTargets(rows: readonly ResultRow[], slack = 1.5): Verdict[] {
  const verdicts: Verdict[] = []
  for (const target of TARGETS) {
    const candidates = rows.filter((r) => r.case === target.case && r.metric === target.metric && r.unit === target.unit && r.value !== null)
    const size = target.size === 'largest' ? Math.max(-1, ...candidates.map((r) => r.size)) : target.size
    const found = candidates.find((r) => r.size === size)
    const what = `${target.case}: ${target.metric} ≤ ${target.atMost} ${target.unit}${target.size === 'largest' ? '' : ` at ${size.toLocaleString('en')}`}`
    verdicts.push(found ? { what, measured: `${found.value} ${found.unit}`, met: found.value <= target.atMost } : { what, measured: 'not measured', met: null })
  }
  const behind = rows.filter((r) => r.ratio !== null && r.value !== null && r.ratio <= 1)
  const compared = rows.filter((r) => r.ratio !== null && r.value !== null)
  verdicts.push({
    what: 'ahead of every baseline (ratio > 1)',
    measured: compared.length === 0 ? 'no baseline measured' : behind.length === 0 ? `${compared.length} of ${compared.length} rows` : `behind in: ${behind.map((r) => `${r.case} ${r.metric} at ${r.size} (×${r.ratio})`).join('; ')}`,
    met: compared.length === 0 ? null : behind.length === 0,
  })
  const faster: string[] = []
  let pairs = 0
  const series = new Map<string, ResultRow[]>()
  for (const r of rows.filter((r) => isCost(r) && r.value !== null && r.case !== 'render')) {
    const key = `${r.case}\u0000${r.metric}`
    series.set(key, [...(series.get(key) ?? []), r])
  }
  for (const points of series.values()) {
    const sorted = [...points].sort((a, b) => a.size - b.size)
    for (let i = 1; i < sorted.length; i++) {
      const [small, large] = [sorted[i - 1] as ResultRow, sorted[i] as ResultRow]
      if (small.value <= 0 || small.size === large.size) continue
      pairs++
      const growth = large.value / small.value
      if (growth > (large.size / small.size) * slack) faster.push(`${large.case} ${large.metric} ${small.size}→${large.size}: ×${growth.toFixed(1)}`)
    }
  }
  verdicts.push({
    what: `cost grows no faster than the workspace (within ×${slack} for noise)`,
    measured: pairs === 0 ? 'one size only' : faster.length === 0 ? `${pairs} steps checked` : faster.join('; '),
    met: pairs === 0 ? null : faster.length === 0,
  })
  return verdicts
}

export function formatVerdicts(verdicts: readonly Verdict[]): string {
  const mark = (met: boolean | null) => (met === null ? 'not measured' : met ? 'met' : 'MISSED')
  return ['Targets (issue 7):', ...verdicts.map((v) => `  [${mark(v.met)}] ${v.what}: ${v.measured}`)].join('\n')
}
