import { describe, expect, it } from 'vitest'
import { row, type ResultRow } from './results'
import { checkTargets, TARGETS } from './targets'

const at = (caseName: string, size: number, metric: string, value: number, unit = 'ms', baseline?: number): ResultRow =>
  row({ case: caseName, size, metric, value, unit }, baseline === undefined ? undefined : { name: 'baseline', value: baseline })

describe('checkTargets', () => {
  it('checks each target at its size and says which are met, missed or not measured', () => {
    const verdicts = checkTargets([at('store', 100_000, 'create p95', 8.2, 'ms', 900), at('open', 100_000, 'start to first article highlighted', 2_100), at('store', 10_000, 'create p95', 30)])
    const byWhat = (start: string) => verdicts.find((v) => v.what.startsWith(start))
    expect(byWhat('store: create p95')).toEqual({ what: 'store: create p95 ≤ 10 ms at 100,000', measured: '8.2 ms', met: true })
    expect(byWhat('open:')?.met).toBe(false)
    expect(byWhat('agreement:')).toMatchObject({ measured: 'not measured', met: null })
    expect(verdicts.filter((v) => v.what.includes('≤'))).toHaveLength(TARGETS.length)
  })

  it('takes the render case at the largest size it ran', () => {
    const verdicts = checkTargets([at('render', 1_000, 'first paint (from navigation)', 100), at('render', 10_000, 'first paint (from navigation)', 420)])
    expect(verdicts.find((v) => v.what.startsWith('render: first paint'))).toMatchObject({ measured: '420 ms', met: false })
  })

  it('names every row behind its baseline', () => {
    const verdicts = checkTargets([at('store', 1_000, 'create p50', 4, 'ms', 30), at('render', 10_000, 'one new highlight p50', 20, 'ms', 10)])
    expect(verdicts.find((v) => v.what.startsWith('ahead'))).toEqual({
      what: 'ahead of every baseline (ratio > 1)',
      measured: 'behind in: render one new highlight p50 at 10000 (×0.5)',
      met: false,
    })
  })

  it('finds a cost that grows faster than the workspace, and lets linear growth and noise within the slack pass', () => {
    const linear = checkTargets([at('agreement', 1_000, 'report, layers in the store', 10), at('agreement', 10_000, 'report, layers in the store', 120)])
    expect(linear.at(-1)).toMatchObject({ met: true, measured: '1 steps checked' })
    const quadratic = checkTargets([at('agreement', 1_000, 'report, layers in the store', 10), at('agreement', 10_000, 'report, layers in the store', 1_000)])
    expect(quadratic.at(-1)).toMatchObject({ met: false, measured: 'agreement report, layers in the store 1000→10000: ×100.0' })
  })
})
