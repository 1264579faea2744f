import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { latin1Json, SPARSE } from './latin1-json'

const latin1 = (text: string): boolean => [...text].every((c) => (c.codePointAt(0) as number) < 0x100)

describe('latin1Json', () => {
  it('escapes the few characters beyond Latin-1 of an English answer, and keeps accented letters as they are', () => {
    const value = { quote: { exact: '“Mark Rute” — NATO’s naïve café', prefix: 'said ', suffix: ' 😀' }, note: 'x'.repeat(1000) }
    const json = latin1Json(JSON.stringify(value))
    expect(latin1(json)).toBe(true)
    expect(json).toContain('naïve café')
    expect(json).toContain('\\u201cMark Rute\\u201d \\u2014 NATO\\u2019s')
    expect(json).toContain('\\ud83d\\ude00')
    expect(JSON.parse(json)).toStrictEqual(value)
  })

  it('leaves a text where such characters are many as it is', () => {
    const cyrillic = JSON.stringify({ quote: 'Марк Руте је постао генерални секретар НАТО-а' })
    expect(latin1Json(cyrillic)).toBe(cyrillic)
    // at the limit, one character in SPARSE, escaped; one more, left
    const at = JSON.stringify('’' + 'a'.repeat(SPARSE - 3))
    expect(at).toHaveLength(SPARSE)
    expect(latin1Json(at)).toBe('"\\u2019' + 'a'.repeat(SPARSE - 3) + '"')
    const over = JSON.stringify('’’' + 'a'.repeat(SPARSE - 4))
    expect(latin1Json(over)).toBe(over)
  })

  it('gives back the same text when there is nothing to escape', () => {
    const json = JSON.stringify({ a: 'plain ascii, and Latin-1: ÿ' })
    expect(latin1Json(json)).toBe(json)
  })

  it('parses to the same value as the text it was given, for any JSON value, and twice in a row (its pattern keeps no state)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        const json = JSON.stringify(value)
        for (let i = 0; i < 2; i++) {
          const out = latin1Json(json)
          expect(JSON.parse(out)).toStrictEqual(JSON.parse(json))
          if (out !== json) expect(latin1(out)).toBe(true)
        }
      }),
    )
  })
})
