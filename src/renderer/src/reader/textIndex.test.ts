import { describe, expect, it } from 'vitest'
import { firstWhere } from './textIndex'

describe('firstWhere', () => {
  it('finds the first index where a monotone condition turns true, or the length when it never does', () => {
    const starts = [0, 10, 25, 25, 40]
    expect(firstWhere(starts.length, (i) => starts[i]! > 24)).toBe(2)
    expect(firstWhere(starts.length, (i) => starts[i]! >= 0)).toBe(0)
    expect(firstWhere(starts.length, (i) => starts[i]! > 40)).toBe(5)
    expect(firstWhere(0, () => true)).toBe(0)
  })
})
