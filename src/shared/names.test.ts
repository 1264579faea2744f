import { describe, expect, it } from 'vitest'
import { colleagueLayer, nameSlug, personNameProblem } from './names'
import { PersonName } from './workspace'

describe('names of people', () => {
  it('refuses the gold layer’s name in any case, and says why', () => {
    for (const name of ['gold', 'Gold', ' GOLD ']) expect(personNameProblem(name)).toMatch(/"gold" is the name of the gold layer/)
    expect(personNameProblem('Goldie')).toBeNull()
    expect(personNameProblem('   ')).toBe('the annotator name is empty')
    expect(personNameProblem('x'.repeat(81))).toBe('an annotator name is at most 80 characters')
  })

  it('says of every name what the schema says (the page checks names without zod)', () => {
    const names = ['Ana', '', '   ', ' gold', 'Gold ', 'goldsmith', 'x'.repeat(80), ` ${'x'.repeat(80)} `, 'x'.repeat(81), 'a\tb', 'a\u0085b', 'Ana\u00a0P', '王芳', '😀'.repeat(40), '😀'.repeat(41)]
    for (const name of names) {
      const parsed = PersonName.safeParse(name)
      expect(personNameProblem(name), JSON.stringify(name)).toBe(parsed.success ? null : parsed.error.issues[0]!.message)
    }
  })

  it('folds a name as its layer’s folder is named', () => {
    expect(nameSlug('Marko Ilić')).toBe('marko-ilic')
    expect(nameSlug('  marko   ILIC!')).toBe('marko-ilic')
    expect(nameSlug('王芳')).toBe('')
  })

  it('finds the colleague’s layer a new name would write in, and not the user’s own', () => {
    const layers = ['Marko Ilić', 'Ana Petrović', '王芳']
    expect(colleagueLayer('marko ilic', 'Ana Petrović', layers)).toBe('Marko Ilić')
    expect(colleagueLayer('Ana petrovic', 'Ana Petrović', layers)).toBeNull()
    expect(colleagueLayer('Vesna', 'Ana Petrović', layers)).toBeNull()
    expect(colleagueLayer('王芳', null, layers)).toBe('王芳')
    expect(colleagueLayer('李娜', null, layers)).toBeNull()
  })
})
