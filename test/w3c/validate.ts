/**
 * Checks JSON documents against the MUST assertions of the W3C Web Annotation
 * test suite (vendored in ./suite, see ./README.md).
 *
 * The suite's assertions are JSON Schema draft-04 files with a few extra keywords
 * (assertionType, expectedResult, onUnexpectedResult, errorMessage) and are grouped
 * into ".test" files. This module reproduces how the suite's own harness (WPT
 * annotation-model/scripts/JSONtest.js) runs a ".test" file:
 *
 * - `assertions` is a list whose entries are a path to an assertion file (relative
 *   to the suite root), an object `{ "assertionFile": path, ...overrides }`, an
 *   inline assertion schema, or a nested list of any of these.
 * - Each assertion is validated against the document; its result is *unexpected*
 *   when the outcome differs from `expectedResult` ("valid" by default, or
 *   "invalid").
 * - `onUnexpectedResult` only steers the flow after an unexpected result:
 *   "*AndContinue" goes on, "*AndSkip" skips the rest of the current list level,
 *   "*AndAbort" stops the whole run. Skipped assertions are not failures.
 * - The harness itself fails a subtest on every unexpected result and never reads
 *   `assertionType`; the MUST/SHOULD/MAY split is made by the file grouping
 *   (`*Musts.test` vs `*Optionals.test`). We run only the `*Musts.test` files and,
 *   as a safety net, report an unexpected result only when the assertion is
 *   MUST-level: `assertionType` is "must" (the default) and `onUnexpectedResult`
 *   does not start with "pass" (the suite's marker for "not implemented is fine").
 *
 * `$ref` siblings: draft-04 says keywords next to `$ref` are ignored, but the
 * suite's definitions rely on them (e.g. specificResource.json's
 * `specificeResourceDetected` = `$ref` sourceDetected + `anyOf` purpose/selector/...),
 * as the Ajv 4 of its harness applied them. Ajv 8 applies them too by default
 * (`ignoreKeywordsWithRef` off), which is what we keep.
 *
 * Formats: the assertions use only "uri" and "date-time"; Ajv 8 has no built-in
 * formats, so both are defined below (RFC 3986 absolute URI character syntax,
 * RFC 3339 date-time with real calendar ranges).
 */
import { readFileSync } from 'node:fs'
import Ajv, { type AnySchemaObject, type ValidateFunction } from 'ajv-draft-04'

const SUITE = new URL('./suite/', import.meta.url)

const DEFINITION_FILES = [
  'annotations.json',
  'bodyTarget.json',
  'choiceSet.json',
  'collections.json',
  'id.json',
  'otherProperties.json',
  'specificResource.json',
]

const ANNOTATION_MUSTS = 'annotations/annotationMusts.test'
const COLLECTION_MUSTS = 'collections/collectionMusts.test'

type FlowAction = 'continue' | 'skip' | 'abort'

interface Assertion {
  file: string
  schema: AnySchemaObject
  validate: ValidateFunction
}

type AssertionTree = Array<Assertion | AssertionTree>

function readSuiteJson(relativePath: string): unknown {
  return JSON.parse(readFileSync(new URL(relativePath, SUITE), 'utf8')) as unknown
}

const fileCache = new Map<string, AnySchemaObject>()

/** Reads an assertion file once, so that listing it twice reuses the same compiled schema. */
function readSuiteFile(relativePath: string): AnySchemaObject {
  let schema = fileCache.get(relativePath)
  if (!schema) {
    schema = readSuiteJson(relativePath) as AnySchemaObject
    fileCache.set(relativePath, schema)
  }
  return schema
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

// ---------------------------------------------------------------- formats

/** RFC 3986 `URI` (absolute: scheme required), checked at the character level. */
const URI_PATTERN =
  /^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?[\]]|%[0-9A-Fa-f]{2})*(?:#(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*)?$/

function isUri(value: string): boolean {
  return URI_PATTERN.test(value)
}

const DATE_TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/

/** RFC 3339 `date-time` (time zone required), with calendar-correct ranges. */
function isDateTime(value: string): boolean {
  const m = DATE_TIME_PATTERN.exec(value)
  if (!m) return false
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
  if (month < 1 || month > 12 || day < 1 || day > (daysInMonth[month - 1] ?? 0)) return false
  // second 60 is a leap second (RFC 3339 5.7).
  if (hour > 23 || minute > 59 || second > 60) return false
  if (m[7] !== undefined && (Number(m[8]) > 23 || Number(m[9]) > 59)) return false
  return true
}

// ---------------------------------------------------------------- suite loading

function createAjv(): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: false,
    formats: { uri: isUri, 'date-time': isDateTime },
    logger: {
      log: () => {},
      // An unknown format or other schema problem would silently weaken an assertion: refuse.
      warn: (...args: unknown[]) => {
        throw new Error(`W3C suite schema warning: ${args.map(String).join(' ')}`)
      },
      error: (...args: unknown[]) => {
        throw new Error(`W3C suite schema error: ${args.map(String).join(' ')}`)
      },
    },
  })
  for (const file of DEFINITION_FILES) {
    // Registered under their own `id` ("annotations.json", ...), which is what the
    // assertions' relative `$ref`s ("annotations.json#/definitions/...") resolve to.
    ajv.addSchema(readSuiteJson(`definitions/${file}`) as AnySchemaObject)
  }
  return ajv
}

function loadAssertion(ajv: Ajv, entry: unknown, where: string): Assertion {
  let file: string
  let schema: AnySchemaObject
  if (typeof entry === 'string') {
    file = entry
    schema = readSuiteFile(entry)
  } else if (isRecord(entry) && typeof entry.assertionFile === 'string') {
    // An external assertion whose keys (expectedResult, ...) are overridden inline.
    const { assertionFile, ...overrides } = entry
    file = assertionFile
    schema = { ...readSuiteFile(assertionFile), ...overrides }
  } else if (isRecord(entry)) {
    file = `${where} (inline)`
    schema = entry as AnySchemaObject
  } else {
    throw new Error(`W3C suite: unsupported assertion entry in ${where}: ${JSON.stringify(entry)}`)
  }
  return { file, schema, validate: compileAssertion(ajv, schema) }
}

function compileAssertion(ajv: Ajv, schema: AnySchemaObject): ValidateFunction {
  const id = typeof schema.id === 'string' ? schema.id : undefined
  const registered = id === undefined ? undefined : ajv.getSchema(id)
  if (registered === undefined) return ajv.compile(schema) // registers it under its `id`
  if (registered.schema === schema) return registered
  // The same assertion listed again (possibly with overrides), or two files sharing an
  // `id`: compile this copy anonymously. Its relative $refs resolve the same way, as
  // every suite `id` is a bare file name at the same (empty) base.
  const { id: _id, ...anonymous } = schema
  return ajv.compile(anonymous)
}

function loadTree(ajv: Ajv, entries: unknown[], where: string): AssertionTree {
  return entries.map((entry) => (Array.isArray(entry) ? loadTree(ajv, entry, where) : loadAssertion(ajv, entry, where)))
}

function loadTest(ajv: Ajv, test: unknown, where: string): AssertionTree {
  if (!isRecord(test) || !Array.isArray(test.assertions) || test.assertions.length === 0) {
    throw new Error(`W3C suite: ${where} has no assertions list`)
  }
  return loadTree(ajv, test.assertions, where)
}

function loadTestFile(ajv: Ajv, testFile: string): AssertionTree {
  return loadTest(ajv, readSuiteJson(testFile), testFile)
}

interface Suite {
  ajv: Ajv
  annotation: AssertionTree
  collection: AssertionTree
}

let suiteCache: Suite | undefined

function suite(): Suite {
  if (!suiteCache) {
    const ajv = createAjv()
    suiteCache = {
      ajv,
      annotation: loadTestFile(ajv, ANNOTATION_MUSTS),
      collection: loadTestFile(ajv, COLLECTION_MUSTS),
    }
  }
  return suiteCache
}

// ---------------------------------------------------------------- running

function flowAfterUnexpected(schema: AnySchemaObject): FlowAction {
  const onUnexpected = typeof schema.onUnexpectedResult === 'string' ? schema.onUnexpectedResult : 'failAndContinue'
  if (onUnexpected.endsWith('AndSkip')) return 'skip'
  if (onUnexpected.endsWith('AndAbort')) return 'abort'
  return 'continue'
}

function isMustLevel(schema: AnySchemaObject): boolean {
  const type = typeof schema.assertionType === 'string' ? schema.assertionType : 'must'
  const onUnexpected = typeof schema.onUnexpectedResult === 'string' ? schema.onUnexpectedResult : 'failAndContinue'
  return type.toLowerCase() === 'must' && !onUnexpected.startsWith('pass')
}

function messageOf(assertion: Assertion): string {
  const { schema, file } = assertion
  if (typeof schema.errorMessage === 'string') return schema.errorMessage
  if (typeof schema.title === 'string') return schema.title
  return `Assertion ${file} failed`
}

/** Runs one level of an assertion list; returns the flow action for the caller. */
function runTree(tree: AssertionTree, document: unknown, failures: string[]): FlowAction {
  let action: FlowAction = 'continue'
  for (const node of tree) {
    // 'skip' leaves the rest of this level, nested lists included, unrun (the harness
    // reports those as skipped, not failed).
    if (action !== 'continue') break
    if (Array.isArray(node)) {
      // Only an abort propagates out of a nested list.
      if (runTree(node, document, failures) === 'abort') return 'abort'
      continue
    }
    const valid = node.validate(document) === true
    const expected = node.schema.expectedResult === 'invalid' ? 'invalid' : 'valid'
    const asExpected = expected === 'valid' ? valid : !valid
    if (asExpected) continue
    if (isMustLevel(node.schema)) failures.push(messageOf(node))
    action = flowAfterUnexpected(node.schema)
    if (action === 'abort') return 'abort'
  }
  return action
}

function mustFailures(tree: AssertionTree, document: unknown): string[] {
  const failures: string[] = []
  runTree(tree, document, failures)
  return failures
}

// ---------------------------------------------------------------- API

/**
 * Runs every assertion of annotations/annotationMusts.test against one Annotation
 * and returns the errorMessage (or title) of each MUST assertion that fails.
 * An empty array means the annotation conforms.
 */
export function w3cAnnotationMustFailures(annotation: unknown): string[] {
  return mustFailures(suite().annotation, annotation)
}

/**
 * Runs any test in the suite's ".test" format (`{ "assertions": [...] }`, entries as
 * described at the top of this file; inline schemas may `$ref` the definitions, e.g.
 * "id.json#/definitions/stringUri") against a document, with the same semantics.
 * Used to check the runner itself; the suite's own lists are the functions above.
 */
export function w3cTestMustFailures(test: { assertions: unknown[] }, document: unknown): string[] {
  return mustFailures(loadTest(suite().ajv, test, 'inline test'), document)
}

/**
 * Checks every annotation embedded in an AnnotationPage's `items` with
 * w3cAnnotationMustFailures; messages are prefixed with `items[i]: `. String items
 * are references to annotations published elsewhere and are not checked.
 *
 * Embedded annotations normally carry no @context of their own: in JSON-LD they
 * inherit the enclosing document's, so the page's @context (or, failing that,
 * `inheritedContext`, e.g. the collection's) is supplied to an item that has none.
 *
 * The page itself is not checked: the suite's collections/pages/pageMusts.test is
 * not used (nor vendored) because its partOf-based assertions reject the spec's own
 * AnnotationPage examples (tools/samples/correct/example42.json, example43.json),
 * whose `partOf` is a URI string, which the model allows.
 */
export function w3cPageItemsMustFailures(page: unknown, inheritedContext?: unknown): string[] {
  const failures: string[] = []
  if (!isRecord(page) || !Array.isArray(page.items)) return failures
  const context = page['@context'] ?? inheritedContext
  page.items.forEach((item: unknown, index: number) => {
    if (!isRecord(item)) return
    const annotation = item['@context'] === undefined && context !== undefined ? { '@context': context, ...item } : item
    for (const message of w3cAnnotationMustFailures(annotation)) failures.push(`items[${index}]: ${message}`)
  })
  return failures
}

/**
 * Runs collections/collectionMusts.test against an AnnotationCollection document
 * and returns the errorMessage (or title) of each MUST assertion that fails.
 * When the collection embeds its first page (`first` is an AnnotationPage object,
 * or a one-item array holding one) with `items`, every embedded annotation is also
 * checked with w3cAnnotationMustFailures (inheriting the collection's @context
 * when it has none), its messages prefixed with `first.items[i]: `.
 */
export function w3cCollectionMustFailures(collection: unknown): string[] {
  const failures = mustFailures(suite().collection, collection)
  if (!isRecord(collection)) return failures
  const first = Array.isArray(collection.first) && collection.first.length === 1 ? collection.first[0] : collection.first
  for (const message of w3cPageItemsMustFailures(first, collection['@context'])) failures.push(`first.${message}`)
  return failures
}
