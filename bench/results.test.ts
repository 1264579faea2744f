/** The benchmark's arithmetic: percentiles, ratios, and the table. */
import { describe, expect, it } from 'vitest'
import { formatMarkdown, formatTable, latencyRows, percentile, row } from './results'

describe('results', () => {
  it('takes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i)
    expect(percentile(samples, 50)).toBe(50)
    expect(percentile(samples, 95)).toBe(95)
    expect(percentile(samples, 99)).toBe(99)
    expect(percentile([7], 99)).toBe(7)
    expect(() => percentile([], 50)).toThrow()
  })

  it('puts the baseline beside Parallax, as baseline ÷ Parallax (higher is better), and null without one', () => {
    expect(row({ case: 'store', size: 1000, metric: 'create p95', value: 5, unit: 'ms' }, { name: 'lowdb', value: 50 })).toEqual({
      case: 'store',
      size: 1000,
      metric: 'create p95',
      value: 5,
      unit: 'ms',
      baseline: 'lowdb',
      baselineValue: 50,
      ratio: 10,
    })
    expect(row({ case: 'open', size: 1000, metric: 'open', value: 900, unit: 'ms' })).toMatchObject({ baseline: null, baselineValue: null, ratio: null })
    const rows = latencyRows({ case: 'store', size: 10, metric: 'delete' }, [1, 2, 3, 4], { name: 'lowdb', samples: [10, 20, 30, 40] })
    expect(rows.map((r) => [r.metric, r.value, r.baselineValue, r.ratio])).toEqual([
      ['delete p50', 2, 20, 10],
      ['delete p95', 4, 40, 10],
      ['delete p99', 4, 40, 10],
    ])
  })

  it('prints every row as a table, plain and in Markdown', () => {
    const rows = [row({ case: 'export', size: 100000, metric: 'W3C', value: 1234.5, unit: 'ms' }), row({ case: 'store', size: 1000, metric: 'create p50', value: 4.2, unit: 'ms' }, { name: 'lowdb', value: 42 })]
    const table = formatTable(rows).split('\n')
    expect(table).toHaveLength(4)
    expect(table[2]).toContain('W3C')
    expect(table[3]).toContain('10.0×')
    expect(formatMarkdown(rows).split('\n')).toHaveLength(4)
  })
})
