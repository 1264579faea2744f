import { describe, expect, it } from 'vitest'
import bundledTagsetJson from '../../corpus/tagset.json'
import { Tagset, type AttributeDef } from './tagset'
import { attributeProblem, defaultAttributes } from './attribute-rules'
import { describeZodError } from './zod-errors'

/** The default tagset as it ships in corpus/tagset.json, parsed. */
const bundled = Tagset.parse(bundledTagsetJson)

/** A fresh, mutable copy of the shipped JSON, to break one thing in. */
const rawCopy = () => structuredClone(bundledTagsetJson) as unknown as Record<string, unknown> & { labels: Record<string, unknown>[]; linkTypes: Record<string, unknown>[] }

/** The message a broken tagset is refused with, and the paths of its issues. */
function refusal(broken: unknown): { message: string; paths: string[] } {
  const parsed = Tagset.safeParse(broken)
  expect(parsed.success, 'the broken tagset was accepted').toBe(false)
  const error = parsed.error!
  return { message: describeZodError(error), paths: error.issues.map((issue) => issue.path.map(String).join('.')) }
}

const label = (id: string) => {
  const found = bundled.labels.find((l) => l.id === id)
  if (!found) throw new Error(`no label ${id}`)
  return found
}
const linkType = (id: string) => {
  const found = bundled.linkTypes.find((l) => l.id === id)
  if (!found) throw new Error(`no link type ${id}`)
  return found
}
const attribute = (defs: AttributeDef[], id: string): AttributeDef => {
  const found = defs.find((d) => d.id === id)
  if (!found) throw new Error(`no attribute ${id}`)
  return found
}

/** An attribute as the product brief describes it: id, type, values and default; nothing cosmetic. */
function shape(def: AttributeDef) {
  switch (def.type) {
    case 'one-of':
      return { id: def.id, type: def.type, values: def.values, default: def.default, needsNote: def.needsNote }
    case 'many-of':
      return { id: def.id, type: def.type, values: def.values }
    default:
      return { id: def.id, type: def.type }
  }
}

describe('the bundled default tagset (corpus/tagset.json)', () => {
  it('parses, and keeps its name', () => {
    expect(Tagset.safeParse(bundledTagsetJson).success).toBe(true)
    expect(bundled.schemaVersion).toBe(1)
    expect(bundled.name).toMatch(/claims, speakers, quotes, translation errors/)
  })

  it('has exactly the labels Claim, Speaker, Quote and Translation error, on hotkeys 1 to 4, each in its own colour', () => {
    expect(bundled.labels.map((l) => [l.id, l.name, l.hotkey])).toEqual([
      ['claim', 'Claim', '1'],
      ['speaker', 'Speaker', '2'],
      ['quote', 'Quote', '3'],
      ['translation-error', 'Translation error', '4'],
    ])
    const colours = bundled.labels.map((l) => l.color.toLowerCase())
    expect(new Set(colours).size).toBe(4)
    for (const l of bundled.labels) expect(l.guideline.length, l.id).toBeGreaterThan(0)
  })

  it('gives a Claim its check-worthiness, types, voice, verdict and normalized claim', () => {
    expect(label('claim').attributes.map(shape)).toEqual([
      {
        id: 'check-worthiness',
        type: 'one-of',
        values: ['check-worthy', 'factual, not check-worthy', 'not factual'],
        default: undefined,
        needsNote: [],
      },
      { id: 'type', type: 'many-of', values: ['event or property', 'numerical', 'causal', 'quote', 'position', 'speculative'] },
      { id: 'voice', type: 'one-of', values: ['asserted by the outlet', 'attributed to someone'], default: undefined, needsNote: [] },
      {
        id: 'verdict',
        type: 'one-of',
        values: ['unassessed', 'supported', 'refuted', 'not enough evidence', 'conflicting'],
        default: 'unassessed',
        needsNote: [],
      },
      { id: 'normalized-claim', type: 'text' },
    ])
  })

  it('gives a Speaker a kind and an entity of the registry', () => {
    expect(label('speaker').attributes.map(shape)).toEqual([
      {
        id: 'kind',
        type: 'one-of',
        values: ['person', 'organization', 'government body', 'media', 'anonymous source', 'other'],
        default: 'person',
        needsNote: [],
      },
      { id: 'entity', type: 'entity' },
    ])
  })

  it('gives a Quote its kind: direct, indirect or mixed', () => {
    expect(label('quote').attributes.map(shape)).toEqual([
      { id: 'kind', type: 'one-of', values: ['direct', 'indirect', 'mixed'], default: 'direct', needsNote: [] },
    ])
  })

  it('gives a Translation error an MQM category (with "other" needing a note), a severity and a correction', () => {
    const attributes = label('translation-error').attributes
    expect(attributes.map((a) => a.id)).toEqual(['category', 'severity', 'correction'])
    const category = attribute(attributes, 'category')
    expect(category.type).toBe('one-of')
    if (category.type !== 'one-of') return
    expect(category.values).toHaveLength(14)
    expect(new Set(category.values).size).toBe(14)
    expect(category.values).toEqual(
      expect.arrayContaining(['accuracy/named entity', 'accuracy/mistranslation', 'accuracy/omission', 'fluency/grammar', 'other']),
    )
    expect(category.needsNote).toEqual(['other'])
    expect(category.default).toBeUndefined()
    expect(shape(attribute(attributes, 'severity'))).toEqual({
      id: 'severity',
      type: 'one-of',
      values: ['neutral', 'minor', 'major', 'critical'],
      default: 'minor',
      needsNote: [],
    })
    expect(shape(attribute(attributes, 'correction'))).toEqual({ id: 'correction', type: 'text' })
  })

  it('has the link types the brief lists, with the labels allowed at each end', () => {
    expect(bundled.linkTypes.map((t) => ({ id: t.id, from: t.from, to: t.to, symmetric: t.symmetric, attributes: t.attributes.map(shape) }))).toEqual([
      { id: 'attributed-to', from: ['quote', 'claim'], to: ['speaker'], symmetric: false, attributes: [] },
      { id: 'same-entity', from: ['speaker'], to: ['speaker'], symmetric: true, attributes: [] },
      {
        id: 'same-claim',
        from: ['claim'],
        to: ['claim'],
        symmetric: true,
        attributes: [{ id: 'degree', type: 'one-of', values: ['identical', 'paraphrase', 'partial'], default: 'paraphrase', needsNote: [] }],
      },
      { id: 'contradicts', from: ['claim'], to: ['claim'], symmetric: true, attributes: [] },
      {
        id: 'same-quote',
        from: ['quote'],
        to: ['quote'],
        symmetric: true,
        attributes: [
          { id: 'fidelity', type: 'one-of', values: ['verbatim', 'paraphrased', 'altered', 'mistranslated'], default: 'verbatim', needsNote: [] },
        ],
      },
      { id: 'affects', from: ['translation-error'], to: ['claim', 'quote', 'speaker'], symmetric: false, attributes: [] },
    ])
  })

  it('fills in the defaults of fields a tagset may leave out', () => {
    const minimal = Tagset.parse({
      schemaVersion: 1,
      name: 'Minimal',
      labels: [{ id: 'x', name: 'X', color: '#000000', attributes: [{ id: 'note', name: 'Note', type: 'text' }] }],
    })
    expect(minimal.linkTypes).toEqual([])
    expect(minimal.labels[0]?.guideline).toBe('')
    expect(minimal.labels[0]?.hotkey).toBeUndefined()
    expect(minimal.labels[0]?.attributes[0]).toEqual({ id: 'note', name: 'Note', type: 'text', help: '', maxLength: 500 })
  })
})

describe('Tagset refuses an invalid tagset, naming the field', () => {
  it('refuses a label id used twice', () => {
    const raw = rawCopy()
    raw.labels[2]!.id = 'claim'
    const { message, paths } = refusal(raw)
    expect(paths).toContain('labels.2.id')
    expect(message).toContain('labels.2.id: the label id "claim" is used twice')
  })

  it('refuses a hotkey used twice', () => {
    const raw = rawCopy()
    raw.labels[3]!.hotkey = '2'
    const { message, paths } = refusal(raw)
    expect(paths).toEqual(['labels.3.hotkey'])
    expect(message).toBe('labels.3.hotkey: the hotkey 2 is used twice')
  })

  it.each(['red', '#12345', '#1234567', '#12345g', '2f6fdf', ''])('refuses the colour %j', (color) => {
    const raw = rawCopy()
    raw.labels[0]!.color = color
    const { message, paths } = refusal(raw)
    expect(paths).toEqual(['labels.0.color'])
    expect(message).toBe('labels.0.color: a colour is written #rrggbb')
  })

  it('accepts a colour in upper or lower case', () => {
    const raw = rawCopy()
    raw.labels[0]!.color = '#ABCDEF'
    raw.labels[1]!.color = '#abcdef'
    expect(Tagset.safeParse(raw).success).toBe(true)
  })

  it.each(['0', '10', 'a', ' 1'])('refuses the hotkey %j', (hotkey) => {
    const raw = rawCopy()
    raw.labels[1]!.hotkey = hotkey
    expect(refusal(raw).message).toBe('labels.1.hotkey: a hotkey is a digit from 1 to 9')
  })

  it('refuses a link type that names a label the tagset does not have, at either end', () => {
    const raw = rawCopy()
    raw.linkTypes[0]!.to = ['speaker', 'narrator']
    raw.linkTypes[5]!.from = ['typo']
    const { message, paths } = refusal(raw)
    expect(paths).toEqual(['linkTypes.0.to.1', 'linkTypes.5.from.0'])
    expect(message).toBe('linkTypes.0.to.1: there is no label "narrator"; linkTypes.5.from.0: there is no label "typo"')
  })

  it('refuses a link type whose labels are gone because a label was renamed', () => {
    const raw = rawCopy()
    raw.labels[1]!.id = 'source'
    const { paths } = refusal(raw)
    // attributed-to → speaker, same-entity speaker ↔ speaker, affects → speaker
    expect(paths).toEqual(expect.arrayContaining(['linkTypes.0.to.0', 'linkTypes.1.from.0', 'linkTypes.1.to.0']))
  })

  it('refuses a link type id used twice', () => {
    const raw = rawCopy()
    raw.linkTypes[3]!.id = 'same-claim'
    expect(refusal(raw).message).toBe('linkTypes.3.id: the link type id "same-claim" is used twice')
  })

  it('refuses a one-of default that is not among its values, on a label and on a link type', () => {
    const raw = rawCopy()
    ;(raw.labels[0]!.attributes as Record<string, unknown>[])[3]!.default = 'true'
    expect(refusal(raw).message).toBe('labels.0.attributes.3.default: the default "true" is not one of the values')

    const other = rawCopy()
    ;(other.linkTypes[2]!.attributes as Record<string, unknown>[])[0]!.default = 'same'
    expect(refusal(other).message).toBe('linkTypes.2.attributes.0.default: the default "same" is not one of the values')
  })

  it('refuses a needsNote value that is not among the values', () => {
    const raw = rawCopy()
    ;(raw.labels[3]!.attributes as Record<string, unknown>[])[0]!.needsNote = ['other', 'misc']
    const { message, paths } = refusal(raw)
    expect(paths).toEqual(['labels.3.attributes.0.needsNote.1'])
    expect(message).toBe('labels.3.attributes.0.needsNote.1: "misc" is not one of the values')
  })

  it('refuses an attribute id used twice within a label', () => {
    const raw = rawCopy()
    ;(raw.labels[0]!.attributes as Record<string, unknown>[])[4]!.id = 'verdict'
    expect(refusal(raw).message).toBe('labels.0.attributes.4.id: the attribute id "verdict" is used twice')
  })

  it('accepts the same attribute id on two labels (Speaker and Quote both have "kind")', () => {
    expect(attribute(label('speaker').attributes, 'kind').id).toBe(attribute(label('quote').attributes, 'kind').id)
  })

  it('refuses an unknown top-level field, naming it', () => {
    const { message, paths } = refusal({ ...rawCopy(), colours: {} })
    expect(paths).toEqual([''])
    expect(message).toContain('"colours"')
  })

  it('refuses an unknown field deeper down, naming where it is', () => {
    const raw = rawCopy()
    raw.labels[1]!.colour = '#000000'
    const { message } = refusal(raw)
    expect(message).toMatch(/^labels\.1: .*"colour"/)

    const attr = rawCopy()
    ;(attr.labels[0]!.attributes as Record<string, unknown>[])[1]!.default = 'numerical' // many-of has no default
    expect(refusal(attr).message).toMatch(/^labels\.0\.attributes\.1: .*"default"/)
  })

  it('refuses an attribute type it does not know', () => {
    const raw = rawCopy()
    ;(raw.labels[0]!.attributes as Record<string, unknown>[])[4]!.type = 'date'
    expect(refusal(raw).paths).toEqual(['labels.0.attributes.4.type'])
  })

  it('refuses a tagset of another schema version, without labels, or with an id that is not lower-case', () => {
    expect(refusal({ ...rawCopy(), schemaVersion: 2 }).paths).toEqual(['schemaVersion'])
    // (with no labels, every link type's ends are unknown labels too; the first issue is the one that matters)
    expect(refusal({ ...rawCopy(), labels: [] }).paths[0]).toBe('labels')
    const raw = rawCopy()
    raw.labels[0]!.id = 'Claim'
    expect(refusal(raw).paths).toContain('labels.0.id')
    expect(refusal({ ...rawCopy(), name: '' }).paths).toEqual(['name'])
  })
})

describe('attributeProblem', () => {
  const claim = label('claim').attributes
  const speaker = label('speaker').attributes
  const quote = label('quote').attributes
  const error = label('translation-error').attributes
  const sameQuote = linkType('same-quote').attributes
  const booleans: AttributeDef[] = [{ id: 'sarcastic', name: 'Sarcastic', type: 'boolean', help: '' }]

  it('accepts no values at all, and unset (null) values', () => {
    for (const l of bundled.labels) expect(attributeProblem(l.attributes, {}, ''), l.id).toBeNull()
    expect(attributeProblem(claim, { verdict: null, type: null, 'normalized-claim': null }, '')).toBeNull()
  })

  it('accepts a full, valid Claim', () => {
    expect(
      attributeProblem(
        claim,
        {
          'check-worthiness': 'check-worthy',
          type: ['numerical', 'causal'],
          voice: 'attributed to someone',
          verdict: 'refuted',
          'normalized-claim': 'NATO members spend 2% of GDP on defence.',
        },
        '',
      ),
    ).toBeNull()
  })

  it('refuses a key that is no attribute of the label', () => {
    expect(attributeProblem(claim, { colour: 'blue' }, '')).toBe('there is no attribute "colour" here')
    // an attribute of another label is not one of this label's
    expect(attributeProblem(claim, { category: 'other' }, 'x')).toBe('there is no attribute "category" here')
    expect(attributeProblem(quote, { entity: 'e1' }, '')).toBe('there is no attribute "entity" here')
  })

  describe('one-of', () => {
    it('accepts each of its values', () => {
      for (const def of [...claim, ...speaker, ...quote, ...error, ...sameQuote]) {
        if (def.type !== 'one-of') continue
        for (const value of def.values) expect(attributeProblem([def], { [def.id]: value }, 'a note'), `${def.id}=${value}`).toBeNull()
      }
    })

    it('refuses a value that is not one of them, naming the choices', () => {
      expect(attributeProblem(claim, { verdict: 'maybe' }, '')).toBe('Verdict must be one of: unassessed, supported, refuted, not enough evidence, conflicting')
      expect(attributeProblem(quote, { kind: 'Direct' }, '')).toBe('Kind must be one of: direct, indirect, mixed')
      expect(attributeProblem(quote, { kind: '' }, '')).toMatch(/^Kind must be one of/)
      expect(attributeProblem(speaker, { kind: 'government' }, '')).toMatch(/^Kind must be one of: person, organization/)
      expect(attributeProblem(sameQuote, { fidelity: 'exact' }, '')).toMatch(/^Fidelity must be one of/)
    })

    it('refuses a value of the wrong type', () => {
      expect(attributeProblem(quote, { kind: ['direct'] }, '')).toMatch(/^Kind must be one of/)
      expect(attributeProblem(quote, { kind: true }, '')).toMatch(/^Kind must be one of/)
    })

    it('refuses "other" as a translation error category without a note, and accepts it with one', () => {
      expect(attributeProblem(error, { category: 'other' }, '')).toBe('Category "other" needs a note saying more')
      expect(attributeProblem(error, { category: 'other' }, ' \n\t ')).toBe('Category "other" needs a note saying more')
      expect(attributeProblem(error, { category: 'other' }, 'a calque of the Dutch idiom')).toBeNull()
      // the other categories need no note
      expect(attributeProblem(error, { category: 'accuracy/named entity', severity: 'major', correction: 'Kamala Harris' }, '')).toBeNull()
    })

    it('does not ask for a note for "other" where the tagset does not say so (a Speaker\'s kind)', () => {
      expect(attributeProblem(speaker, { kind: 'other' }, '')).toBeNull()
    })
  })

  describe('many-of', () => {
    it('accepts any selection of its values, the empty one included', () => {
      expect(attributeProblem(claim, { type: [] }, '')).toBeNull()
      expect(attributeProblem(claim, { type: ['speculative'] }, '')).toBeNull()
      expect(attributeProblem(claim, { type: ['event or property', 'numerical', 'causal', 'quote', 'position', 'speculative'] }, '')).toBeNull()
    })

    it('refuses a value that is not one of them', () => {
      expect(attributeProblem(claim, { type: ['numerical', 'astrology'] }, '')).toBe(
        'Type: "astrology" is not one of: event or property, numerical, causal, quote, position, speculative',
      )
    })

    it('refuses a value listed twice', () => {
      expect(attributeProblem(claim, { type: ['numerical', 'causal', 'numerical'] }, '')).toBe('Type lists a value twice')
    })

    it('refuses a single value that is not a list', () => {
      expect(attributeProblem(claim, { type: 'numerical' }, '')).toBe('Type is a list of values')
      expect(attributeProblem(claim, { type: false }, '')).toBe('Type is a list of values')
    })
  })

  describe('text', () => {
    it('accepts text up to its maximum length', () => {
      expect(attributeProblem(claim, { 'normalized-claim': '' }, '')).toBeNull()
      expect(attributeProblem(claim, { 'normalized-claim': 'x'.repeat(1000) }, '')).toBeNull()
      expect(attributeProblem(error, { correction: 'Kamala Harris' }, '')).toBeNull()
    })

    it('refuses text over its maximum length', () => {
      expect(attributeProblem(claim, { 'normalized-claim': 'x'.repeat(1001) }, '')).toBe('Normalized claim is at most 1000 characters')
      expect(attributeProblem(error, { correction: 'y'.repeat(1001) }, '')).toBe('Correction is at most 1000 characters')
    })

    it('refuses what is not text', () => {
      expect(attributeProblem(error, { correction: ['Kamala', 'Harris'] }, '')).toBe('Correction is text')
      expect(attributeProblem(error, { correction: true }, '')).toBe('Correction is text')
    })
  })

  describe('boolean', () => {
    it('accepts yes and no, and refuses anything else', () => {
      expect(attributeProblem(booleans, { sarcastic: true }, '')).toBeNull()
      expect(attributeProblem(booleans, { sarcastic: false }, '')).toBeNull()
      expect(attributeProblem(booleans, { sarcastic: 'yes' }, '')).toBe('Sarcastic is yes or no')
      expect(attributeProblem(booleans, { sarcastic: [] }, '')).toBe('Sarcastic is yes or no')
    })
  })

  describe('entity', () => {
    it('accepts an entity id, and refuses what is not one', () => {
      expect(attributeProblem(speaker, { kind: 'person', entity: 'ent-mark-rutte' }, '')).toBeNull()
      expect(attributeProblem(speaker, { entity: ['ent-1', 'ent-2'] }, '')).toBe('Entity is an entity')
      expect(attributeProblem(speaker, { entity: true }, '')).toBe('Entity is an entity')
    })
  })
})

describe('defaultAttributes', () => {
  it("gives each one-of attribute's default, and nothing for the others", () => {
    expect(defaultAttributes(label('claim').attributes)).toEqual({ verdict: 'unassessed' })
    expect(defaultAttributes(label('speaker').attributes)).toEqual({ kind: 'person' })
    expect(defaultAttributes(label('quote').attributes)).toEqual({ kind: 'direct' })
    expect(defaultAttributes(label('translation-error').attributes)).toEqual({ severity: 'minor' })
    expect(defaultAttributes(linkType('same-claim').attributes)).toEqual({ degree: 'paraphrase' })
    expect(defaultAttributes(linkType('same-quote').attributes)).toEqual({ fidelity: 'verbatim' })
    expect(defaultAttributes(linkType('attributed-to').attributes)).toEqual({})
    expect(defaultAttributes([])).toEqual({})
  })

  it('gives values that attributeProblem accepts, for every label and link type', () => {
    for (const def of [...bundled.labels, ...bundled.linkTypes]) {
      expect(attributeProblem(def.attributes, defaultAttributes(def.attributes), ''), def.id).toBeNull()
    }
  })

  it('gives a new object each time', () => {
    const defs = label('claim').attributes
    const first = defaultAttributes(defs)
    first.verdict = 'refuted'
    expect(defaultAttributes(defs)).toEqual({ verdict: 'unassessed' })
  })
})
