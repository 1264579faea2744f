import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { alphaU, alphaUForCategory, sectionDistance, UnitizingAccumulator, type Unit, type UnitizingStudy } from './unitizing'

/** DKPro's measureDistance takes (offset, length, category|null) twice; ours takes [start, end). */
function dkproDistance(offset1: number, length1: number, category1: string | null, offset2: number, length2: number, category2: string | null): number {
  return sectionDistance(offset1, offset1 + length1, category1 !== null, offset2, offset2 + length2, category2 !== null)
}

/** DKPro's assertEquals(expected, actual, delta): |actual − expected| ≤ delta. */
function expectWithin(actual: number, expected: number, delta: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(delta)
}

/**
 * D_e of one category as the formula says, unit by unit and gap by gap, its numerator in BigInt; for
 * a study whose coders' units do not overlap (each unit is its own, no merging).
 */
function deByFormula(study: UnitizingStudy, category: string): { numerator: bigint; expected: number } {
  const lengths: number[] = []
  const gaps: number[] = []
  let L = 0
  for (const { length, units } of study.continua) {
    L += length
    for (let rater = 0; rater < study.raters; rater++) {
      const own = units.filter((u) => u.rater === rater && u.category === category).sort((x, y) => x.start - y.start)
      let pos = 0
      for (const u of own) {
        if (u.start > pos) gaps.push(u.start - pos)
        lengths.push(u.end - u.start)
        pos = u.end
      }
      if (pos < length) gaps.push(length - pos)
    }
  }
  const N = BigInt(lengths.length)
  let numerator = 0n
  for (const l of lengths.map(BigInt)) {
    let fits = 0n
    for (const g of gaps.map(BigInt)) if (g >= l) fits += g - l + 1n
    numerator += ((N - 1n) * (2n * l ** 3n - 3n * l ** 2n + l)) / 3n + l * l * fits
  }
  const squared = lengths.reduce((sum, l) => sum + l * (l - 1), 0)
  const m = study.raters
  return { numerator, expected: ((2 / L) * Number(numerator)) / (m * L * (m * L - 1) - squared) }
}

/** A unit from DKPro's addUnit(offset, length, rater, category), shifted by `begin`. */
function unit(offset: number, length: number, rater: number, category: string, begin = 0): Unit {
  return { rater, start: offset - begin, end: offset - begin + length, category }
}

describe('the distance between two sections (DKPro Statistics\' tests of measureDistance)', () => {
  it('reproduces Krippendorff2004Test.testDistanceMetric1 and 2', () => {
    // A gap [2,5) holding a unit [2,4): 2² = 4; a unit [5,11) inside a gap [4,11): 6² = 36.
    expect(dkproDistance(2, 3, null, 2, 2, 'X') + dkproDistance(5, 6, 'X', 4, 7, null)).toBe(40)
    expect(dkproDistance(3, 2, null, 3, 2, 'X') + dkproDistance(5, 6, 'X', 5, 6, null)).toBe(40)
    // Two units: (Δstart)² + (Δend)²; [5,11) against [4,6): 1² + 5² = 26.
    expect(dkproDistance(5, 6, 'X', 4, 2, 'X')).toBe(26)
    expect(dkproDistance(5, 6, 'X', 5, 2, 'X')).toBe(16)
    expect(dkproDistance(5, 6, 'X', 6, 2, 'X')).toBe(10)
    expect(dkproDistance(5, 6, 'X', 7, 2, 'X')).toBe(8)
    expect(dkproDistance(5, 6, 'X', 6, 4, 'X')).toBe(2)
    expect(dkproDistance(5, 6, 'X', 5, 6, 'X')).toBe(0)
    expect(dkproDistance(225, 70, 'c', 220, 80, 'c')).toBe(50)
    expect(dkproDistance(370, 30, 'c', 355, 20, 'c')).toBe(850)
    expect(dkproDistance(400, 50, null, 400, 20, 'c')).toBe(400)
  })

  it('reproduces UnitizingAgreementTest.testDistanceMetric', () => {
    expect(dkproDistance(0, 1, null, 0, 2, null)).toBe(0)
    expect(dkproDistance(1, 8, 'A', 0, 2, null)).toBe(0)
    expect(dkproDistance(1, 8, 'A', 2, 1, 'A')).toBe(37)
    expect(dkproDistance(1, 8, 'A', 3, 1, null)).toBe(0)
    expect(dkproDistance(1, 8, 'A', 4, 1, 'A')).toBe(25)
    expect(dkproDistance(1, 8, 'A', 6, 1, 'A')).toBe(29)
    expect(dkproDistance(1, 8, 'A', 7, 4, null)).toBe(0)
    expect(dkproDistance(9, 2, null, 7, 4, null)).toBe(0)
  })
})

describe('Krippendorff (2004), Content Analysis, 2nd ed., p. 254: the unitizing example', () => {
  // As DKPro Statistics' Krippendorff2004Test.createExample() builds it: two coders, a continuum that
  // begins at 150 and is 300 long, categories c and k; units as (offset, length, coder, category).
  // We shift everything by −150 so that the continuum is [0, 300).
  const begin = 150
  const study: UnitizingStudy = {
    raters: 2,
    continua: [
      {
        length: 300,
        units: [
          unit(225, 70, 0, 'c', begin),
          unit(370, 30, 0, 'c', begin),
          unit(220, 80, 1, 'c', begin),
          unit(355, 20, 1, 'c', begin),
          unit(400, 20, 1, 'c', begin),
          unit(180, 60, 0, 'k', begin),
          unit(300, 50, 0, 'k', begin),
          unit(180, 60, 1, 'k', begin),
          unit(300, 50, 1, 'k', begin),
        ],
      },
    ],
  }

  it('category c: D_o = .0144, D_e = .0532, α_c = .7286', () => {
    // D_o by hand (continuum offsets): the overlapping unit pairs [225,295)/[220,300): 5² + 5² = 50,
    // [370,400)/[355,375): 15² + 25² = 850; coder 2's unit [400,420) inside coder 1's gap
    // [400,450): 20² = 400. D_o = 2 · 1300 / (2 · 1 · 300²) = .014444.
    // D_e by hand: units 70, 30, 80, 20, 20 (N_c = 5); gaps 75, 75, 50 (coder 1), 70, 55, 25, 30
    // (coder 2); Σ l(l − 1) = 12780, denominator 600 · 599 − 12780 = 346620.
    //   l = 70: 4·(2·70³ − 3·70² + 70)/3 = 895160, + 70²·(6 + 6 + 1) = 63700
    //   l = 30: 68440 + 30²·(46 + 46 + 21 + 41 + 26 + 1) = 162900
    //   l = 80: 1339840 + 0 (no gap is 80 long)
    //   l = 20: 19760 + 20²·(56 + 56 + 31 + 51 + 36 + 6 + 11) = 98800, twice
    //   Σ = 2767160; D_e = (2/300) · 2767160 / 346620 = .053222; α_c = 1 − .014444/.053222 = .7286.
    const c = alphaUForCategory(study, 'c')
    expect(c.observed).toBeCloseTo(0.0144, 4)
    expect(c.observed).toBeCloseTo(1300 / 90000, 12)
    expect(c.expected).toBeCloseTo(0.0532, 4)
    expect(c.expected).toBeCloseTo(((2 / 300) * 2767160) / 346620, 12)
    expect(c.value).toBeCloseTo(0.7286, 4)
    expect(c.units).toBe(5)
  })

  it('category k: D_o = 0, D_e = .0490, α_k = 1', () => {
    const k = alphaUForCategory(study, 'k')
    expect(k.observed).toBe(0)
    expect(k.expected).toBeCloseTo(0.049, 4)
    expect(k.value).toBe(1)
  })

  it('over both categories: α_u = .8591 (DKPro\'s mean D_o over mean D_e)', () => {
    // 1 − ((.014444 + 0)/2) / ((.053222 + .049 …)/2) = .8591, as DKPro's testAgreement asserts.
    const { overall, byCategory } = alphaU(study)
    expect(overall.value).toBeCloseTo(0.8591, 3)
    expect(Object.keys(byCategory)).toEqual(['c', 'k'])
    expect(byCategory.c!.value).toBeCloseTo(0.7286, 4)
  })

  it('does not depend on the order of the coders', () => {
    const swapped: UnitizingStudy = { raters: 2, continua: [{ length: 300, units: study.continua[0]!.units.map((u) => ({ ...u, rater: 1 - u.rater })) }] }
    expect(alphaU(swapped).overall.value).toBeCloseTo(alphaU(study).overall.value, 12)
  })
})

describe('Krippendorff (1995), Sociological Methodology 25, p. 57: four pairs of coders', () => {
  // As DKPro Statistics' Krippendorff1995Test.createExample(stretch) builds it: a continuum of 24
  // (times `stretch`), four categories, each coded by two coders:
  //   A Bertha:  0 0|1 1 1 1 1 1 1 1|0 0 0 0|1 1 1 1 1 1|0 0 0 0
  //     Bill:    0 0 0 0|1 1 1 1|0 0 0 0 0 0 0|1 1|0 0 0 0 0 0 0
  //   B John:    1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1|0 0 0 0 0 0
  //     Jill:    1 1|1|1|1|1|1 1 1|1|0 0 0 0 0 0 0 0 0 0 0 0 0 0
  //   C Gerret:  0 0|1 1 1 1 1 1|0 0|1 1|0 0|1 1 1 1|0 0|1 1|0 0
  //     Gill:    1 1|0 0|1 1 1 1|0 0|1 1 1 1|0 0|1 1|0 0|1 1|0 0
  //   D Heather: 1 1|1 1 1 1 1 1 1 1|1 1 1 1|1 1 1 1 1 1|1 1 1 1
  //     Hill:    1 1 1 1|1 1 1 1|1 1 1 1 1 1 1|1 1|1 1 1 1 1 1 1
  function example(stretch: number, only?: string): UnitizingStudy {
    const s = (x: number): number => Math.trunc(x * stretch)
    const u = (offset: number, length: number, rater: number, category: string): Unit => unit(s(offset), s(length), rater, category)
    return {
      raters: 2,
      continua: [
        {
          length: s(24),
          units: [
            u(2, 8, 0, 'A'), u(14, 6, 0, 'A'), u(4, 4, 1, 'A'), u(15, 2, 1, 'A'),
            u(0, 18, 0, 'B'), u(0, 2, 1, 'B'), u(2, 1, 1, 'B'), u(3, 1, 1, 'B'), u(4, 1, 1, 'B'), u(5, 1, 1, 'B'), u(6, 3, 1, 'B'), u(9, 1, 1, 'B'),
            u(2, 6, 0, 'C'), u(10, 2, 0, 'C'), u(14, 4, 0, 'C'), u(20, 2, 0, 'C'),
            u(0, 2, 1, 'C'), u(4, 4, 1, 'C'), u(10, 4, 1, 'C'), u(16, 2, 1, 'C'), u(20, 2, 1, 'C'),
            u(0, 2, 0, 'D'), u(2, 8, 0, 'D'), u(10, 4, 0, 'D'), u(14, 6, 0, 'D'), u(20, 4, 0, 'D'),
            u(0, 4, 1, 'D'), u(4, 4, 1, 'D'), u(8, 7, 1, 'D'), u(15, 2, 1, 'D'), u(17, 7, 1, 'D'),
          ].filter((x) => only === undefined || x.category === only),
        },
      ],
    }
  }

  it('observed disagreements: A .03125, B 2.26736, C .02777, D .38715', () => {
    // A by hand: [2,10)/[4,8): 2² + 2² = 8; [14,20)/[15,17): 1² + 3² = 10; 18 · 2 / (2 · 24²) = .03125.
    const { byCategory } = alphaU(example(1))
    expect(byCategory.A!.observed).toBeCloseTo(18 / 576, 12)
    // DKPro checks these to ±.00001 (its figures are truncated: C is 16/576 = .027777…).
    expectWithin(byCategory.A!.observed, 0.03125, 0.00001)
    expectWithin(byCategory.B!.observed, 2.26736, 0.00001)
    expectWithin(byCategory.C!.observed, 0.02777, 0.00001)
    expectWithin(byCategory.D!.observed, 0.38715, 0.00001)
    expect(byCategory.C!.observed).toBeCloseTo(16 / 576, 12)
  })

  it('stretched towards a continuous scale: expected disagreements and α_u near the paper\'s', () => {
    // The paper's D_e assumes a continuous scale; DKPro stretches the example by 50,000 and checks
    // D_e to ±.005 and α to ±.02 (it notes a small error in the paper's D_e). So do we:
    // A .553, B −.926, C .679, D .066.
    const { byCategory } = alphaU(example(1_200_000 / 24))
    const expected = { A: [0.0699, 0.553], B: [1.17731, -0.926], C: [0.08642, 0.679], D: [0.41445, 0.066] } as const
    for (const [category, [de, alpha]] of Object.entries(expected)) {
      expect(Math.abs(byCategory[category]!.expected - de)).toBeLessThan(0.005)
      expect(Math.abs(byCategory[category]!.value - alpha)).toBeLessThan(0.02)
    }
  })

  it('C squeezed to half its length: D_o .02777, D_e .05494 (DKPro, ±.00001)', () => {
    // Only C: at 12/24 some of B's units would be 0 long, which we refuse and DKPro accepts.
    const c = alphaUForCategory(example(12 / 24, 'C'), 'C')
    expectWithin(c.observed, 0.02777, 0.00001)
    expectWithin(c.expected, 0.05494, 0.00001)
  })
})

describe('DKPro Statistics\' UnitizingAgreementTest', () => {
  it('one long unit against three short ones: D_o .9100, D_e .5351, α −.7003', () => {
    // r0: -11111111-
    // r1: --1-1-1---
    const study: UnitizingStudy = { raters: 2, continua: [{ length: 10, units: [unit(1, 8, 0, 'A'), unit(2, 1, 1, 'A'), unit(4, 1, 1, 'A'), unit(6, 1, 1, 'A')] }] }
    const a = alphaUForCategory(study, 'A')
    // DKPro checks to ±.0001 (D_e is .535185…).
    expectWithin(a.observed, 0.91, 0.0001)
    expectWithin(a.expected, 0.5351, 0.0001)
    expectWithin(a.value, -0.7003, 0.0001)
  })

  it('one unit of one of three coders: α_u is 0 (D_o = D_e)', () => {
    const study: UnitizingStudy = { raters: 3, continua: [{ length: 20, units: [unit(0, 1, 0, 'X')] }] }
    expect(alphaU(study).overall.value).toBeCloseTo(0, 12)
  })

  it('no units at all: not defined', () => {
    const study: UnitizingStudy = { raters: 3, continua: [{ length: 20, units: [] }] }
    expect(alphaU(study).overall.value).toBeNaN()
    expect(alphaUForCategory(study, 'X').value).toBeNaN()
  })
})

describe('our own rules', () => {
  it('merges a coder\'s overlapping units of one category, keeps touching ones apart', () => {
    // Coder 0: [2,6) and [4,9) are one unit [2,9); coder 1 has [2,9): full agreement.
    const merged: UnitizingStudy = { raters: 2, continua: [{ length: 12, units: [unit(2, 4, 0, 'X'), unit(4, 5, 0, 'X'), unit(2, 7, 1, 'X')] }] }
    expect(alphaU(merged).overall.value).toBe(1)
    expect(alphaU(merged).overall.units).toBe(2)
    // [2,5) and [5,9) touch: two units against one, so not full agreement.
    const touching: UnitizingStudy = { raters: 2, continua: [{ length: 12, units: [unit(2, 3, 0, 'X'), unit(5, 4, 0, 'X'), unit(2, 7, 1, 'X')] }] }
    expect(alphaU(touching).overall.value).toBeLessThan(1)
  })

  it('two articles: D_o adds up per article, gaps stop at the article\'s edge', () => {
    // Article 1 (10 long): both coders [2,5). Article 2 (10 long): coder 0 [0,4), coder 1 [1,4).
    // D_o = 2 · (0 + 1²) / (2 · 20²) = 1/400.
    // Units 3, 3, 4, 3 (N = 4), Σ l(l − 1) = 6 + 6 + 12 + 6 = 30; denominator 40 · 39 − 30 = 1530.
    // Gaps: article 1: 2, 5 (each coder) → 2, 5, 2, 5; article 2: 6 (coder 0), 1 and 6 (coder 1).
    //   l = 3 (three units): (3 · (54 − 27 + 3)/3 = 30) + 9 · Σ_{g ≥ 3}(g − 2) = 9 · (3 + 3 + 4 + 4) = 126 → 156 each
    //   l = 4: (3 · (128 − 48 + 4)/3 = 84) + 16 · Σ_{g ≥ 4}(g − 3) = 16 · (2 + 2 + 3 + 3) = 160 → 244
    //   Σ = 3 · 156 + 244 = 712; D_e = (2/20) · 712 / 1530 = .046536; α = 1 − .0025/.046536 = .94628.
    const study: UnitizingStudy = {
      raters: 2,
      continua: [
        { length: 10, units: [unit(2, 3, 0, 'X'), unit(2, 3, 1, 'X')] },
        { length: 10, units: [unit(0, 4, 0, 'X'), unit(1, 3, 1, 'X')] },
      ],
    }
    const x = alphaUForCategory(study, 'X')
    expect(x.observed).toBeCloseTo(1 / 400, 12)
    expect(x.expected).toBeCloseTo((0.1 * 712) / 1530, 12)
    expect(x.value).toBeCloseTo(1 - (1 / 400) / ((0.1 * 712) / 1530), 12)
  })

  it('sums D_e exactly where its terms pass 2⁵³ (long units), as whole numbers added without rounding', () => {
    // Units of 140,544 to 294,256 characters: (N − 1)(2l³ − 3l² + l)/3 is ~10¹⁶, beyond the integers a
    // double holds exactly (adding these terms in floating point, unit by unit, is 30 off here). The
    // numerator, worked out from the formula unit by unit and gap by gap in BigInt, is exact; D_e must
    // be it divided as the formula says.
    const length = 1_000_400
    const spans = [[0, 222_784, 517_040], [0, 547_834, 688_378], [1, 91_264, 294_448], [1, 337_754, 554_074]] as const
    const units = spans.map(([rater, start, end]) => unit(start, end - start, rater, 'X'))
    const study: UnitizingStudy = { raters: 2, continua: [{ length, units }] }
    const { numerator, expected } = deByFormula(study, 'X')
    expect(numerator > 2n ** 53n).toBe(true)
    expect(alphaUForCategory(study, 'X').expected).toBe(expected)
  })

  it('gives D_e as the formula says, unit by unit and gap by gap, for short and long lengths alike', () => {
    // Lengths below 1,024 are tallied in an array, longer ones in a map: units and gaps of 1,023,
    // 1,024 and 1,025 characters, and a continuum with no unit (one gap of its length per coder).
    const edge: UnitizingStudy = {
      raters: 2,
      continua: [
        { length: 4_100, units: [unit(1_023, 1_024, 0, 'X'), unit(3_072, 1_025, 0, 'X'), unit(1_024, 1_023, 1, 'X'), unit(3_071, 1_024, 1, 'X')] },
        { length: 1_025, units: [] },
      ],
    }
    expect(alphaUForCategory(edge, 'X').expected).toBe(deByFormula(edge, 'X').expected)
    // Any units, up to 3,000 characters long.
    const length = 3_000
    const coder = fc.uniqueArray(fc.integer({ min: 1, max: length - 1 }), { maxLength: 8 }).map((cuts) => {
      const sorted = [...cuts].sort((x, y) => x - y)
      const spans: [number, number][] = []
      for (let k = 0; k + 1 < sorted.length; k += 2) spans.push([sorted[k]!, sorted[k + 1]!])
      return spans
    })
    fc.assert(
      fc.property(fc.array(coder, { minLength: 2, maxLength: 3 }), (coders) => {
        const units = coders.flatMap((spans, rater) => spans.map(([start, end]) => unit(start, end - start, rater, 'X')))
        fc.pre(units.length > 0)
        const study: UnitizingStudy = { raters: coders.length, continua: [{ length, units }, { length: 700, units: [] }] }
        expect(alphaUForCategory(study, 'X').expected).toBe(deByFormula(study, 'X').expected)
      }),
    )
  })

  it('refuses units outside the continuum, between characters, or of an unknown coder', () => {
    expect(() => alphaU({ raters: 2, continua: [{ length: 5, units: [unit(3, 4, 0, 'X')] }] })).toThrow(RangeError)
    expect(() => alphaU({ raters: 2, continua: [{ length: 5, units: [unit(0.5, 2, 0, 'X')] }] })).toThrow(/whole characters/)
    expect(() => new UnitizingAccumulator(2).add(5, new Map([['X', [[0.5, 2], []]]]))).toThrow(/whole number/)
    expect(() => alphaU({ raters: 2, continua: [{ length: 5, units: [unit(0, 1, 2, 'X')] }] })).toThrow(RangeError)
  })
})

describe('properties', () => {
  const units = fc.array(
    fc.record({ start: fc.integer({ min: 0, max: 40 }), length: fc.integer({ min: 1, max: 10 }), category: fc.constantFrom('a', 'b') }),
    { minLength: 1, maxLength: 8 },
  )

  it('identical layers agree fully (α_u = 1)', () => {
    fc.assert(
      fc.property(units, fc.integer({ min: 2, max: 4 }), (layer, raters) => {
        const all = Array.from({ length: raters }, (_, r) => layer.map((u) => ({ rater: r, start: u.start, end: u.start + u.length, category: u.category }))).flat()
        const { overall, byCategory } = alphaU({ raters, continua: [{ length: 50, units: all }] })
        expect(overall.value).toBe(1)
        for (const alpha of Object.values(byCategory)) expect(alpha.value).toBe(1)
      }),
    )
  })

  it('does not depend on the order of the coders', () => {
    fc.assert(
      fc.property(units, units, units, (x, y, z) => {
        const layers = [x, y, z]
        const study = (order: number[]): UnitizingStudy => ({
          raters: 3,
          continua: [{ length: 50, units: order.flatMap((layer, r) => layers[layer]!.map((u) => ({ rater: r, start: u.start, end: u.start + u.length, category: u.category }))) }],
        })
        const a = alphaU(study([0, 1, 2])).overall.value
        const b = alphaU(study([2, 0, 1])).overall.value
        expect(Math.abs(a - b)).toBeLessThan(1e-9)
      }),
    )
  })
})
