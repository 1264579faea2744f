import { describe, expect, it } from 'vitest'
import { concatLists } from './lists'

describe('concatLists', () => {
  it('joins the lists in order, without flattening what they hold', () => {
    expect(concatLists([[1, 2], [], [3]])).toEqual([1, 2, 3])
    expect(concatLists([[[1], [2]], [[3]]])).toEqual([[1], [2], [3]])
    expect(concatLists([])).toEqual([])
  })

  it('joins more lists than a call takes arguments', () => {
    const lists = Array.from({ length: 200_000 }, (_, i) => [i])
    const joined = concatLists(lists)
    expect(joined).toHaveLength(200_000)
    expect(joined[0]).toBe(0)
    expect(joined[199_999]).toBe(199_999)
  })

  it('returns a new array, leaving the lists as they were', () => {
    const one = [1]
    const joined = concatLists([one])
    joined.push(2)
    expect(one).toEqual([1])
  })
})
