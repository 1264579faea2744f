import { describe, expect, it } from 'vitest'
import { concatLists, firstWhere } from './lists'

const itself = <T>(list: readonly T[]): readonly T[] => list

describe('concatLists', () => {
  it('joins each item\'s list in order, without flattening what the lists hold', () => {
    expect(concatLists([[1, 2], [], [3]], itself)).toEqual([1, 2, 3])
    expect(concatLists([[[1], [2]], [[3]]], itself)).toEqual([[1], [2], [3]])
    expect(concatLists([{ notes: ['a'] }, { notes: ['b', 'c'] }], (item) => item.notes)).toEqual(['a', 'b', 'c'])
    expect(concatLists([], itself)).toEqual([])
  })

  it('joins more lists than a call takes arguments', () => {
    const lists = Array.from({ length: 200_000 }, (_, i) => [i])
    const joined = concatLists(lists, itself)
    expect(joined).toHaveLength(200_000)
    expect(joined[0]).toBe(0)
    expect(joined[199_999]).toBe(199_999)
  })

  it('returns a new array, leaving the lists as they were', () => {
    const one = [1]
    const joined = concatLists([one], itself)
    joined.push(2)
    expect(one).toEqual([1])
  })
})

describe('firstWhere', () => {
  it('finds the first index where a monotone condition turns true, or the length when it never does', () => {
    const starts = [0, 10, 25, 25, 40]
    expect(firstWhere(starts.length, (i) => starts[i]! > 24)).toBe(2)
    expect(firstWhere(starts.length, (i) => starts[i]! >= 0)).toBe(0)
    expect(firstWhere(starts.length, (i) => starts[i]! > 40)).toBe(5)
    expect(firstWhere(0, () => true)).toBe(0)
  })
})
