import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { w3cAnnotationMustFailures, w3cCollectionMustFailures, w3cPageItemsMustFailures, w3cTestMustFailures } from './validate'

const SAMPLES = new URL('./suite/tools/samples/', import.meta.url)

function sampleNames(kind: 'correct' | 'incorrect'): string[] {
  return readdirSync(new URL(`${kind}/`, SAMPLES))
    .filter((name) => name.endsWith('.json'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
}

function sampleText(kind: 'correct' | 'incorrect', name: string): string {
  return readFileSync(new URL(`${kind}/${name}`, SAMPLES), 'utf8')
}

// Messages (errorMessage) of the suite assertions, matched by a distinctive part.
const CONTEXT = "is not a value of @context"
const ID = 'missing id key or its value is not a single string of format uri'
const TYPE = "'Annotation' is not a value of type"
const TARGET_KEY = 'Annotation is missing target'
const TARGETS = 'One or more Targets of the Annotation is not one of'
const BODIES = 'One or more Bodies of the Annotation is not one of'
const TEXT_DIRECTION = 'textDirection key'
const BODY_AND_BODY_VALUE = 'body and bodyValue are exclusive keys'
const BODY_VALUE = 'bodyValue key'
const FRAGMENT_SELECTOR = 'Fragment, Css or XPath selector'
const TEXT_POSITION_SELECTOR = 'Text Position or Data Position selector'
const TOTAL = 'Annotation Collection has total key'

const TARGETS_MESSAGE =
  'ERROR: One or more Targets of the Annotation is not one of a string of format uri, an External Web Resource, a Choice or Set, a Specific Resource.'

function expectMessage(failures: string[], part: string): void {
  expect(failures.some((message) => message.includes(part)), `expected a failure containing "${part}", got ${JSON.stringify(failures)}`).toBe(true)
}

describe('W3C validator against the suite samples (tools/samples/correct)', () => {
  // Not Annotations, so checked by other means (listed, never skipped silently):
  const COLLECTIONS = ['collection1.json', 'example41.json']
  // AnnotationPage documents: the page-level MUSTs (collections/pages/pageMusts.test) are not
  // used, as they reject these very samples (they require `partOf` to be an object, whereas
  // the model, and these examples, allow a URI string). Their embedded annotations are checked.
  const PAGES = ['example42.json', 'example43.json']
  // Stale samples: their target is a "Composite", "List" or "Independents" resource, types
  // that were dropped from the final Web Annotation Data Model (only "Choice" remains, and the
  // suite's assertions, choiceSet.json, were updated accordingly while these samples were not).
  // They must fail that one assertion and nothing else.
  const STALE_MULTIPLICITY_TARGETS = ['anno11.json', 'anno12.json', 'anno13.json']

  const names = sampleNames('correct')

  it('covers every sample file', () => {
    expect(names.length).toBeGreaterThanOrEqual(45)
    for (const name of [...COLLECTIONS, ...PAGES, ...STALE_MULTIPLICITY_TARGETS]) expect(names).toContain(name)
  })

  const annotations = names.filter((name) => !COLLECTIONS.includes(name) && !PAGES.includes(name))
  it.each(annotations)('%s conforms', (name) => {
    const annotation = JSON.parse(sampleText('correct', name)) as { type?: unknown }
    expect(annotation.type).toBe('Annotation')
    const failures = w3cAnnotationMustFailures(annotation)
    if (STALE_MULTIPLICITY_TARGETS.includes(name)) expect(failures).toEqual([TARGETS_MESSAGE])
    else expect(failures).toEqual([])
  })

  it('example41.json (a collection whose first page is a URI) conforms', () => {
    expect(w3cCollectionMustFailures(JSON.parse(sampleText('correct', 'example41.json')))).toEqual([])
  })

  it('collection1.json conforms except for its copies of the stale multiplicity samples', () => {
    const collection = JSON.parse(sampleText('correct', 'collection1.json')) as { first: { items: Array<{ id: string }> } }
    // Items 10-12 are anno11-13 (Composite, List, Independents targets) again.
    expect(collection.first.items.slice(10, 13).map((item) => item.id)).toEqual([
      'http://example.org/anno11',
      'http://example.org/anno12',
      'http://example.org/anno13',
    ])
    expect(w3cCollectionMustFailures(collection)).toEqual([10, 11, 12].map((i) => `first.items[${i}]: ${TARGETS_MESSAGE}`))
  })

  it.each(PAGES)('%s (an AnnotationPage) embeds only conforming annotations', (name) => {
    const page = JSON.parse(sampleText('correct', name)) as { type?: unknown; items?: unknown[] }
    expect(page.type).toBe('AnnotationPage')
    expect(page.items?.length).toBeGreaterThan(0)
    expect(w3cPageItemsMustFailures(page)).toEqual([])
  })
})

describe('W3C validator against the suite samples (tools/samples/incorrect)', () => {
  // What each sample's label says is wrong with it, as the MUST assertion expected to catch it;
  // null where no MUST assertion of the suite covers the defect (see below).
  const INTENDED: Record<string, string | null> = {
    'anno1.json': CONTEXT, // not JSON at all
    'anno2.json': CONTEXT, // {}
    'anno3.json': CONTEXT,
    'anno4.json': CONTEXT,
    'anno5.json': CONTEXT,
    'anno6.json': ID, // "not a uri"
    'anno7.json': ID, // two ids
    'anno8.json': TYPE, // no type
    'anno9.json': TYPE, // "Squirrel"
    'anno10.json': TARGET_KEY,
    'anno11.json': TARGETS, // target 9
    'anno12.json': BODIES, // body "this is not a uri"
    'anno13.json': BODIES, // body id not a URI
    // format 6: the format value is checked only by MAY-level assertions (3.2.1-bodyFormat).
    'anno14.json': null,
    // "langauage": 3 — the key is misspelled, so the body has no language at all: nothing to catch.
    'anno15.json': null,
    'anno16.json': TEXT_DIRECTION, // "squirrel"
    'anno17.json': BODIES, // TextualBody without value
    'anno18.json': BODIES, // TextualBody with three values
    'anno19.json': BODY_AND_BODY_VALUE,
    'anno20.json': BODY_VALUE, // two bodyValues
    'anno21.json': BODY_VALUE, // bodyValue 23
    'anno22.json': BODIES, // type ["Choice", "List"]
    // two processingLanguages: "MAY have exactly 1" is checked only by a MAY-level assertion.
    'anno23.json': null,
    'anno24.json': TEXT_DIRECTION, // two textDirections
    'anno25.json': BODIES, // items without a Choice type
    // creator 6 / generator 42: agents are checked only by MAY/SHOULD-level assertions.
    'anno26.json': null,
    'anno27.json': null,
    'anno28.json': 'created key',
    'anno29.json': 'modified key',
    'anno30.json': 'generated key',
    'anno31.json': 'modified key',
    'anno32.json': 'created key',
    'anno33.json': 'generated key',
    'anno34.json': 'rights key',
    'anno35.json': 'via key',
    'anno36.json': 'canonical key',
    'anno37.json': TARGETS, // SpecificResource without source
    'anno38.json': FRAGMENT_SELECTOR, // no value
    'anno39.json': FRAGMENT_SELECTOR, // two values
  }
  // Not parseable as JSON on purpose: checked as the raw string (not an object, so not an Annotation).
  const NOT_JSON = ['anno1.json']
  // Invalid JSON only through a trailing comma, an authoring slip beside the sample's real point
  // (its label): checked after removing the trailing commas.
  const TRAILING_COMMAS = ['anno10.json', ...Array.from({ length: 14 }, (_, i) => `anno${i + 12}.json`), 'anno37.json']

  const names = sampleNames('incorrect')

  it('has an expectation for every sample file', () => {
    expect(Object.keys(INTENDED).sort()).toEqual([...names].sort())
  })

  function load(name: string): unknown {
    const text = sampleText('incorrect', name)
    if (!NOT_JSON.includes(name) && !TRAILING_COMMAS.includes(name)) return JSON.parse(text)
    expect(() => JSON.parse(text)).toThrow()
    if (NOT_JSON.includes(name)) return text
    return JSON.parse(text.replace(/,(\s*[}\]])/g, '$1'))
  }

  it.each(names)('%s fails at least one MUST assertion, the one for its defect', (name) => {
    const sample = load(name)
    const failures = w3cAnnotationMustFailures(sample)
    expect(failures.length).toBeGreaterThan(0)

    const intended = INTENDED[name]
    // anno7-39 also carry `"id": [two URIs]`, which alone fails the id assertion; so the
    // defect they are about is checked on a copy whose id is a single URI.
    const hasArrayId = typeof sample === 'object' && sample !== null && Array.isArray((sample as { id?: unknown }).id)
    const fixedId = hasArrayId && intended !== ID ? w3cAnnotationMustFailures({ ...sample, id: 'http://example.org/1' }) : failures
    if (intended === null) {
      // Fails only through its id: the suite has no MUST assertion for its own defect.
      expect(hasArrayId).toBe(true)
      expect(failures).toEqual([expect.stringContaining(ID)])
      expect(fixedId).toEqual([])
    } else {
      expectMessage(fixedId, intended as string)
    }
  })
})

describe('W3C validator on hand-made documents', () => {
  const annotation = () => ({
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: 'urn:uuid:0b2c8b1e-8f4a-4d0e-9a4a-2f7d1b3c5e6f',
    type: 'Annotation',
    body: { type: 'TextualBody', value: 'x', purpose: 'tagging' },
    target: {
      source: 'urn:parallax:article:a',
      selector: [
        { type: 'TextQuoteSelector', exact: 'x' },
        { type: 'TextPositionSelector', start: 0, end: 1 },
      ],
    },
  })

  it('accepts a minimal Parallax-like annotation', () => {
    expect(w3cAnnotationMustFailures(annotation())).toEqual([])
  })

  it('rejects it without @context, type or target', () => {
    const { '@context': _context, ...noContext } = annotation()
    const { type: _type, ...noType } = annotation()
    const { target: _target, ...noTarget } = annotation()
    expectMessage(w3cAnnotationMustFailures(noContext), CONTEXT)
    expectMessage(w3cAnnotationMustFailures(noType), TYPE)
    expectMessage(w3cAnnotationMustFailures(noTarget), TARGET_KEY)
    expectMessage(w3cAnnotationMustFailures({ ...annotation(), '@context': 'http://example.org/other' }), CONTEXT)
  })

  it('rejects a TextPositionSelector with a negative or string start', () => {
    for (const start of [-1, '0']) {
      const bad = annotation()
      bad.target.selector[1] = { type: 'TextPositionSelector', start: start as number, end: 1 }
      expectMessage(w3cAnnotationMustFailures(bad), TEXT_POSITION_SELECTOR)
    }
  })

  it('checks the uri and date-time formats', () => {
    expect(w3cAnnotationMustFailures({ ...annotation(), created: '2024-02-29T12:00:00Z', modified: '2024-03-01T08:30:00.123+02:00' })).toEqual([])
    for (const created of ['2023-02-29T12:00:00Z', '2024-01-01T12:00:00', '2024-01-01', 'yesterday']) {
      expectMessage(w3cAnnotationMustFailures({ ...annotation(), created }), 'created key')
    }
    expectMessage(w3cAnnotationMustFailures({ ...annotation(), id: 'not a uri' }), ID)
    expectMessage(w3cAnnotationMustFailures({ ...annotation(), id: 'urn:uuid:with space' }), ID)
  })

  const collection = (): Record<string, unknown> => {
    const { '@context': _context, ...embedded } = annotation()
    return {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'urn:parallax:collection:c',
      type: 'AnnotationCollection',
      label: 'Parallax export',
      total: 1,
      first: { id: 'urn:parallax:collection:c:page:1', type: 'AnnotationPage', startIndex: 0, items: [embedded] },
    }
  }

  it('accepts a minimal AnnotationCollection with an embedded AnnotationPage', () => {
    expect(w3cCollectionMustFailures(collection())).toEqual([])
    expect(w3cCollectionMustFailures({ ...collection(), first: [collection().first] })).toEqual([])
  })

  it('rejects a collection with a non-integer total, or a total without first', () => {
    for (const total of [1.5, '1', -1, [1, 2]]) expectMessage(w3cCollectionMustFailures({ ...collection(), total }), TOTAL)
    const { first: _first, ...noFirst } = collection()
    expectMessage(w3cCollectionMustFailures(noFirst), 'without a valid first key')
    expectMessage(w3cCollectionMustFailures({ ...collection(), type: 'Annotation' }), "'AnnotationCollection' is not a value of type")
  })

  it('checks the embedded annotations, prefixed with their index', () => {
    const { '@context': _context, ...embedded } = annotation()
    const bad = { ...embedded, target: 9 }
    const c = collection()
    c.first = { type: 'AnnotationPage', id: 'urn:parallax:collection:c:page:1', items: [embedded, 'urn:uuid:elsewhere', bad] }
    const failures = w3cCollectionMustFailures(c)
    expect(failures.length).toBeGreaterThan(0)
    expect(failures.every((message) => message.startsWith('first.items[2]: '))).toBe(true)
    expectMessage(failures, TARGETS)
    // An embedded annotation with its own, wrong @context keeps it.
    c.first = { type: 'AnnotationPage', id: 'urn:parallax:collection:c:page:1', items: [{ ...embedded, '@context': 'http://example.org/other' }] }
    expect(w3cCollectionMustFailures(c)).toEqual([expect.stringMatching(/^first\.items\[0\]: .*@context/)])
  })
})

describe('W3C runner semantics (as in the suite harness, WPT annotation-model JSONtest.js)', () => {
  // An assertion that fails on any document lacking `key`.
  const needs = (key: string, extra: Record<string, unknown> = {}) => ({
    type: 'object',
    required: [key],
    errorMessage: `needs ${key}`,
    ...extra,
  })

  it('compares the outcome with expectedResult', () => {
    const test = { assertions: [needs('a', { expectedResult: 'invalid' })] }
    expect(w3cTestMustFailures(test, {})).toEqual([])
    expect(w3cTestMustFailures(test, { a: 1 })).toEqual(['needs a'])
  })

  it('reports only MUST-level assertions, whose unexpected result is a failure', () => {
    const test = {
      assertions: [
        needs('a', { assertionType: 'should', onUnexpectedResult: 'passAndContinue' }),
        needs('b', { assertionType: 'may' }),
        needs('c', { assertionType: 'must', onUnexpectedResult: 'passAndContinue' }),
        needs('d', { assertionType: 'must', onUnexpectedResult: 'failAndContinue' }),
        needs('e'), // assertionType defaults to must
      ],
    }
    expect(w3cTestMustFailures(test, {})).toEqual(['needs d', 'needs e'])
  })

  it('follows onUnexpectedResult: skip the rest of the level, or abort everything', () => {
    const skip = { onUnexpectedResult: 'failAndSkip' }
    const abort = { onUnexpectedResult: 'failAndAbort' }
    expect(w3cTestMustFailures({ assertions: [needs('a', skip), needs('b'), [needs('c')]] }, {})).toEqual(['needs a'])
    expect(w3cTestMustFailures({ assertions: [[needs('a', skip), needs('b')], needs('c')] }, {})).toEqual(['needs a', 'needs c'])
    expect(w3cTestMustFailures({ assertions: [[needs('a', abort), needs('b')], needs('c')] }, {})).toEqual(['needs a'])
    // An expected result never changes the flow.
    expect(w3cTestMustFailures({ assertions: [needs('a', skip), needs('b')] }, { a: 1 })).toEqual(['needs b'])
  })

  it('loads assertion files by path, with inline overrides, and inline schemas that $ref the definitions', () => {
    const targetKey = 'Error: Annotation is missing target  key.'
    expect(w3cTestMustFailures({ assertions: ['annotations/3.1-targetKeyFound.json'] }, {})).toEqual([targetKey])
    const inverted = { assertions: [{ assertionFile: 'annotations/3.1-targetKeyFound.json', expectedResult: 'invalid' }] }
    expect(w3cTestMustFailures(inverted, {})).toEqual([])
    expect(w3cTestMustFailures(inverted, { target: 'urn:x:y' })).toEqual([targetKey])
    const inline = { assertions: [{ $ref: 'id.json#/definitions/idValueFound', title: 'has a single URI id' }] }
    expect(w3cTestMustFailures(inline, { id: 'urn:x:y' })).toEqual([])
    expect(w3cTestMustFailures(inline, { id: ['urn:x:y', 'urn:x:z'] })).toEqual(['has a single URI id'])
  })
})
