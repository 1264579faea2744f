import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { cohenKappa, cohenKappaFromMatrix, fleissKappa, fleissKappaFromCounts, kappaOfRatingPairs, scottPi, scottPiFromMatrix } from './kappa'

/** n copies of the pair (a, b): one item coded a by coder 1 and b by coder 2. */
function items(...groups: [number, string, string][]): [string[], string[]] {
  const one: string[] = []
  const two: string[] = []
  for (const [n, a, b] of groups) {
    for (let i = 0; i < n; i++) {
      one.push(a)
      two.push(b)
    }
  }
  return [one, two]
}

describe('Artstein & Poesio (2008), Computational Linguistics 34(4)', () => {
  // First example, p. 558 (two categories, 100 utterances). Coder A in columns, coder B in rows:
  //            A: STAT  IReq   Σ
  //   B: STAT      20    10   30
  //      IReq      20    50   70
  //      Σ         40    60  100
  // A_o = 0.7; A_e(π) = ((40+30)/200)² + ((60+70)/200)² = .1225 + .4225 = .545, π = .155/.455 = .341;
  // A_e(κ) = .4·.3 + .6·.7 = .54, κ = .16/.46 = .348. (Same figures in DKPro Statistics'
  // ArtsteinPoesio2008Test.testExample1.)
  const [a1, b1] = items([20, 'STAT', 'STAT'], [20, 'IReq', 'STAT'], [10, 'STAT', 'IReq'], [50, 'IReq', 'IReq'])

  it('reproduces the two-category example: A_o .7, κ .348, π .341', () => {
    const kappa = cohenKappa(a1, b1)
    expect(kappa.observed).toBeCloseTo(0.7, 3)
    expect(kappa.expected).toBeCloseTo(0.54, 3)
    expect(kappa.value).toBeCloseTo(0.348, 3)
    const pi = scottPi(a1, b1)
    expect(pi.expected).toBeCloseTo(0.545, 3)
    expect(pi.value).toBeCloseTo(0.341, 3)
  })

  // Second example, p. 568 (three categories, 100 utterances). Coder 1 in rows, coder 2 in columns:
  //             STAT  IReq  Chck   Σ
  //   STAT        46     0     0  46
  //   IReq         6    32     6  44
  //   Chck         0     0    10  10
  //   Σ           52    32    16 100
  // A_o = (46 + 32 + 10) / 100 = .88
  // A_e(κ) = .46·.52 + .44·.32 + .10·.16 = .2392 + .1408 + .016 = .396, κ = .484 / .604 = .8013
  // A_e(π) = .49² + .38² + .13² = .2401 + .1444 + .0169 = .4014, π = .4786 / .5986 = .7995
  // The paper gives κ = .8013 and π = .7995, as does DKPro's ArtsteinPoesio2008Test.testExample2.
  const matrix = [
    [46, 0, 0],
    [6, 32, 6],
    [0, 0, 10],
  ]
  const [a2, b2] = items([46, 'STAT', 'STAT'], [6, 'IReq', 'STAT'], [32, 'IReq', 'IReq'], [6, 'IReq', 'Chck'], [10, 'Chck', 'Chck'])

  it('reproduces the three-category example: A_o .88, A_e .396, κ .801', () => {
    for (const kappa of [cohenKappaFromMatrix(matrix), cohenKappa(a2, b2)]) {
      expect(kappa.observed).toBeCloseTo(0.88, 3)
      expect(kappa.expected).toBeCloseTo(0.396, 3)
      expect(kappa.value).toBeCloseTo(0.8013, 4)
      expect(kappa.n).toBe(100)
    }
  })

  it('reproduces Scott\'s π of the three-category example: A_e .4014, π .7995', () => {
    for (const pi of [scottPiFromMatrix(matrix), scottPi(a2, b2)]) {
      expect(pi.expected).toBeCloseTo(0.4014, 4)
      expect(pi.value).toBeCloseTo(0.7995, 4)
    }
  })

  it('Fleiss\' κ of two coders is Scott\'s π', () => {
    expect(fleissKappa([a2, b2]).value).toBeCloseTo(0.7995, 4)
    expect(fleissKappa([a1, b1]).value).toBeCloseTo(0.341, 3)
  })
})

describe('Fleiss (1971), Psychological Bulletin 76(5), table 1', () => {
  // 30 patients, 6 psychiatrists each, 5 diagnoses (1 depression, 2 personality disorder,
  // 3 schizophrenia, 4 neurosis, 5 other). Each row lists the six diagnoses one patient received, as
  // DKPro Statistics' Fleiss1971Test.createExample() transcribes the table.
  const patients = [
    [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4],
    [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5],
    [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5],
    [3, 3, 3, 3, 3, 5], [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
    [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4], [1, 4, 4, 4, 4, 5],
    [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4], [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
  ]
  const counts = patients.map((row) => [1, 2, 3, 4, 5].map((d) => row.filter((x) => x === d).length))

  it('reproduces P̄ = .556, P̄e = .220 and κ = .430', () => {
    const kappa = fleissKappaFromCounts(counts)
    expect(kappa.raters).toBe(6)
    expect(kappa.n).toBe(30)
    expect(kappa.observed).toBeCloseTo(0.5556, 3)
    expect(kappa.expected).toBeCloseTo(0.2201, 3)
    expect(kappa.value).toBeCloseTo(0.43, 3)
  })

  it('gives the same from the six psychiatrists\' sequences', () => {
    const codings = [0, 1, 2, 3, 4, 5].map((r) => patients.map((row) => row[r]!))
    const kappa = fleissKappa(codings)
    expect(kappa.categories).toEqual([1, 2, 3, 4, 5])
    expect(kappa.value).toBeCloseTo(0.43, 3)
  })

  it('category-specific κ_j: .245, .245, .520, .471, .566 (within DKPro\'s ±.005 of its figures)', () => {
    // κ_j = 1 − Σ_i n_ij (m − n_ij) / (N m (m − 1) p_j q_j), Fleiss' equation for agreement on one
    // category. Category 3 (schizophrenia) was chosen 30 times of 180, p_3 = 1/6; eight patients got
    // it 4, 4, 4, 3, 3, 5, 2 and 5 times, so Σ n_i3 (6 − n_i3) = 3·8 + 2·9 + 2·5 + 8 = 60, and
    // κ_3 = 1 − 60 / (30·6·5·(1/6)·(5/6)) = 1 − 60/125 = .520.
    // The other four by the same equation: .245, .245, .471, .566. We believe these are the figures
    // of Fleiss' own table but have not checked them against the printed page; DKPro Statistics'
    // Fleiss1971Test checks its implementation against .248, .248, .517, .470, .565 with a tolerance
    // of ±.005, which ours meet as well.
    const byCategory = fleissKappaFromCounts(counts).byCategory
    ;[0.245, 0.245, 0.52, 0.471, 0.566].forEach((expected, j) => expect(byCategory[j]).toBeCloseTo(expected, 3))
    ;[0.248, 0.248, 0.517, 0.47, 0.565].forEach((expected, j) => expect(Math.abs(byCategory[j]! - expected)).toBeLessThanOrEqual(0.005))
  })
})

describe('Wikipedia\'s worked example of Fleiss\' κ (10 subjects, 14 raters, 5 categories)', () => {
  // Not from Fleiss (1971), but the widely reproduced worked example of the Wikipedia article
  // "Fleiss' kappa": P̄ = 0.378, P̄e = 0.213, κ = 0.210. Its column totals are 20, 28, 39, 21, 32
  // (p_j = .143, .200, .279, .150, .229), and P_2 = (2² + 6² + 4² + 2² − 14) / (14·13) = .253.
  const table = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
  ]

  it('gives P̄ = .378, P̄e = .213, κ = .210', () => {
    const kappa = fleissKappaFromCounts(table)
    expect(kappa.observed).toBeCloseTo(0.378, 3)
    expect(kappa.expected).toBeCloseTo(0.213, 3)
    expect(kappa.value).toBeCloseTo(0.21, 3)
  })

  it('weights count as repeated items', () => {
    const doubled = fleissKappaFromCounts([...table, ...table])
    const weighted = fleissKappaFromCounts(table, table.map(() => 2))
    expect(weighted.value).toBeCloseTo(doubled.value, 12)
    expect(weighted.n).toBe(20)
  })
})

describe('degenerate cases', () => {
  it('perfect agreement over several categories is 1', () => {
    const codes = ['a', 'b', 'c', 'a', 'b']
    expect(cohenKappa(codes, codes).value).toBe(1)
    expect(fleissKappa([codes, codes, codes]).value).toBe(1)
  })

  it('everyone using one category throughout (A_o = A_e = 1) is 1, by our definition', () => {
    const codes = ['none', 'none', 'none']
    const kappa = cohenKappa(codes, codes)
    expect(kappa.observed).toBe(1)
    expect(kappa.expected).toBe(1)
    expect(kappa.value).toBe(1)
    expect(fleissKappa([codes, codes, codes]).value).toBe(1)
    expect(scottPi(codes, codes).value).toBe(1)
  })

  it('no items is NaN (not defined)', () => {
    expect(cohenKappa([], []).value).toBeNaN()
    expect(cohenKappaFromMatrix([]).value).toBeNaN()
    expect(fleissKappaFromCounts([]).value).toBeNaN()
    expect(fleissKappa([[], []]).value).toBeNaN()
  })

  it('agreement no better than chance is 0, systematic disagreement is negative', () => {
    expect(cohenKappaFromMatrix([[25, 25], [25, 25]]).value).toBeCloseTo(0, 12)
    expect(cohenKappa(['a', 'b'], ['b', 'a']).value).toBe(-1)
  })

  it('refuses codings of different lengths and items with different numbers of coders', () => {
    expect(() => cohenKappa(['a'], ['a', 'b'])).toThrow(RangeError)
    expect(() => fleissKappaFromCounts([[2, 0], [1, 2]])).toThrow(RangeError)
  })
})

describe('properties', () => {
  const coding = fc.array(fc.constantFrom('a', 'b', 'c', 'none'), { minLength: 1, maxLength: 60 })

  it('Cohen\'s κ and Scott\'s π do not depend on which coder comes first', () => {
    fc.assert(
      fc.property(coding, coding, (x, y) => {
        const n = Math.min(x.length, y.length)
        const a = x.slice(0, n)
        const b = y.slice(0, n)
        expect(Object.is(cohenKappa(a, b).value, cohenKappa(b, a).value) || Math.abs(cohenKappa(a, b).value - cohenKappa(b, a).value) < 1e-12).toBe(true)
        expect(Object.is(scottPi(a, b).value, scottPi(b, a).value) || Math.abs(scottPi(a, b).value - scottPi(b, a).value) < 1e-12).toBe(true)
      }),
    )
  })

  it('Fleiss\' κ does not depend on the order of the coders', () => {
    fc.assert(
      fc.property(fc.array(coding, { minLength: 3, maxLength: 3 }), (codings) => {
        const n = Math.min(...codings.map((c) => c.length))
        const cut = codings.map((c) => c.slice(0, n))
        const forward = fleissKappa(cut).value
        const backward = fleissKappa([...cut].reverse()).value
        expect(Number.isNaN(forward) ? Number.isNaN(backward) : Math.abs(forward - backward) < 1e-12).toBe(true)
      }),
    )
  })
})

describe('κ from counted pairs of ratings', () => {
  const coding = fc.array(fc.constantFrom('a', 'b', 'c', 'none'), { minLength: 0, maxLength: 60 })
  const counted = (a: readonly string[], b: readonly string[]) => {
    const counts = new Map<string, Map<string, number>>()
    a.forEach((x, i) => {
      const row = counts.get(x) ?? new Map<string, number>()
      counts.set(x, row)
      row.set(b[i]!, (row.get(b[i]!) ?? 0) + 1)
    })
    return counts
  }

  it('gives, digit for digit, Cohen\'s κ and Fleiss\' κ (two ratings per item) over the items one by one', () => {
    fc.assert(
      fc.property(coding, coding, (x, y) => {
        const n = Math.min(x.length, y.length)
        const a = x.slice(0, n)
        const b = y.slice(0, n)
        const cohen = kappaOfRatingPairs(counted(a, b), false)
        const fleiss = kappaOfRatingPairs(counted(a, b), true)
        if (n === 0) {
          expect(cohen.n).toBe(0)
          expect(fleiss.n).toBe(0)
          return
        }
        expect([cohen.value, cohen.observed, cohen.n]).toEqual([cohenKappa(a, b).value, cohenKappa(a, b).observed, n])
        expect([fleiss.value, fleiss.observed, fleiss.n]).toEqual([fleissKappa([a, b]).value, fleissKappa([a, b]).observed, n])
      }),
    )
  })
})
