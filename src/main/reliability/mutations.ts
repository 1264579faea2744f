/**
 * Generators of malformed input for the fuzz tests (fast-check): structure-aware mutations of a
 * valid value (fields dropped, types swapped, numbers out of range, hostile and huge strings, keys
 * like `__proto__`, deep nesting, duplicates), of a serialized file (truncated, garbage around it)
 * and of brat's line format, plus random JSON and text. Not a test file itself.
 */
import fc from 'fast-check'
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

/** Strings that try to leave a folder, break a parser or a terminal, or confuse a renderer. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '..',
  '../',
  '../../../../etc/passwd',
  '..\\..\\..\\Windows\\win.ini',
  '/etc/passwd',
  'C:\\Windows\\System32',
  '\\\\server\\share\\x',
  'a/../../b',
  'name\0.json',
  '\0',
  'line\nbreak',
  '\r\n',
  '\u2028\u2029',
  '\u202eevil',
  '\ud800',
  '\udfff\ud800',
  '😀',
  'e\u0301',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '&lt;b&gt;&amp;',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '%s%n%x',
  '${process.exit()}',
  "'; DROP TABLE x; --",
  'gold',
  'GOLD ',
  '-1',
  '1e309',
  'NaN',
  'x'.repeat(256),
  'é'.repeat(300),
]

/** Numbers at and past the edges: negative, fractional, beyond 2^53, huge. */
export const EDGE_NUMBERS: readonly number[] = [-1, -0, 0.5, 1.5, 2 ** 31, 2 ** 32 + 1, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 1e21, 1e308, -1e308, Number.MIN_VALUE]

/** Values of every JSON type, to swap in for one of another. */
const SWAPS: readonly unknown[] = [null, 0, -1, 1.5, '', 'x', true, false, [], {}, [null], [1, 2], { a: 1 }, [{}], '0', { toString: 'x', valueOf: 'y' }, { length: 1e9 }]

/** Keys that reach an object's prototype when code assigns them instead of defining them. */
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'] as const

type Path = (string | number)[]
type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

/** A small deterministic generator, so that a mutation is the same for the same number. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A place in a value, found by a random walk from the root (stopping at any level, seldom at the root). */
function pickPath(root: unknown, seed: number): Path {
  const next = random(seed)
  const path: Path = []
  let node = root
  for (;;) {
    const keys = Array.isArray(node) ? node.map((_, i) => i) : isObject(node) ? Object.keys(node) : []
    if (keys.length === 0 || (path.length > 0 && next() < 0.15)) return path
    const key = keys[Math.floor(next() * keys.length)] as string | number
    path.push(key)
    node = (node as Record<string | number, unknown>)[key]
  }
}

function get(root: unknown, path: Path): unknown {
  let node = root
  for (const key of path) node = (node as Record<string | number, unknown>)[key]
  return node
}

/** An own property, even for `__proto__` (plain assignment would set the prototype instead). */
function define(target: Json | unknown[], key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/** Nested arrays and objects, `depth` levels deep. */
export function deepValue(depth: number, leaf: unknown = 'x'): unknown {
  let value = leaf
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value }
  return value
}

export type Mutation =
  | { op: 'drop' | 'extra' | 'dup' | 'empty' | 'array-to-object'; at: number }
  | { op: 'swap'; at: number; value: unknown }
  | { op: 'number'; at: number; value: number }
  | { op: 'string'; at: number; value: string }
  | { op: 'huge'; at: number; length: number }
  | { op: 'proto'; at: number; key: (typeof PROTO_KEYS)[number]; value: unknown }
  | { op: 'deep'; at: number; depth: number }

export interface MutationOptions {
  /** Deepest nesting to generate (a serialized file must still be writable as JSON). */
  maxDepth?: number
  /** Longest string to generate. */
  maxString?: number
}

export const mutationArb = (options: MutationOptions = {}): fc.Arbitrary<Mutation> => {
  const at = fc.nat()
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constantFrom('drop', 'extra', 'dup', 'empty', 'array-to-object' as const), at }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant('swap' as const), at, value: fc.constantFrom(...SWAPS) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('number' as const), at, value: fc.oneof(fc.constantFrom(...EDGE_NUMBERS), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })) }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant('string' as const), at, value: fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ unit: 'binary', maxLength: 40 })) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('huge' as const), at, length: fc.integer({ min: 10_000, max: options.maxString ?? 300_000 }) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('proto' as const), at, key: fc.constantFrom(...PROTO_KEYS), value: fc.constantFrom<unknown>({ polluted: true }, null, 1, 'x', [], { toString: 1, valueOf: 1 }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('deep' as const), at, depth: fc.integer({ min: 50, max: options.maxDepth ?? 2_000 }) }) },
  )
}

/** Applies one mutation to `root` (changed in place; the root itself may be replaced, so use the result). */
export function applyMutation(root: unknown, mutation: Mutation): unknown {
  const path = pickPath(root, mutation.at)
  const parentPath = path.slice(0, -1)
  const key = path.at(-1)
  const parent = path.length ? (get(root, parentPath) as Json | unknown[]) : null
  const node = get(root, path)
  const replace = (value: unknown): unknown => {
    if (!parent || key === undefined) return value
    define(parent, key, value)
    return root
  }
  switch (mutation.op) {
    case 'drop':
      if (!parent || key === undefined) return undefined
      if (Array.isArray(parent)) parent.splice(key as number, 1)
      else delete (parent as Json)[key]
      return root
    case 'extra':
      if (isObject(node)) define(node, 'unexpected', 'field')
      else if (Array.isArray(node)) node.push({ unexpected: 'element' })
      else return replace({ unexpected: node })
      return root
    case 'dup':
      // the same value twice (not a copy: a copy of a very deep value would overflow the stack here)
      if (Array.isArray(parent)) parent.push(node)
      else if (Array.isArray(node) && node.length) node.push(node[0])
      return root
    case 'empty':
      return replace(Array.isArray(node) ? [] : isObject(node) ? {} : typeof node === 'string' ? '' : 0)
    case 'array-to-object':
      return replace(Array.isArray(node) ? Object.fromEntries(node.map((v, i) => [String(i), v])) : [node])
    case 'swap':
      return replace(structuredClone(mutation.value))
    case 'number':
      return replace(mutation.value)
    case 'string':
      return replace(mutation.value)
    case 'huge':
      return replace('ž'.repeat(mutation.length))
    case 'proto': {
      const target = isObject(node) ? node : isObject(parent) ? parent : null
      if (target) define(target, mutation.key, structuredClone(mutation.value))
      return root
    }
    case 'deep':
      return replace(deepValue(mutation.depth, typeof node === 'object' ? 'x' : node))
  }
}

/** A valid value with one to four mutations applied. */
export function mutantOf(valid: unknown, options: MutationOptions = {}): fc.Arbitrary<unknown> {
  return fc.array(mutationArb(options), { minLength: 1, maxLength: 4 }).map((mutations) => {
    let value = structuredClone(valid)
    for (const mutation of mutations) value = applyMutation(value, mutation)
    return value
  })
}

/** What a broken file can look like as text: cut short, wrapped in garbage, with a BOM, or not JSON at all. */
function textMutant(text: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.double({ min: 0, max: 1, noNaN: true }).map((cut) => text.slice(0, Math.floor(text.length * cut))),
    fc.string({ maxLength: 20 }).map((junk) => `${text}${junk}`),
    fc.string({ maxLength: 20 }).map((junk) => `${junk}${text}`),
    fc.constant(`\ufeff${text}`),
    fc.nat().map((at) => {
      const i = at % Math.max(1, text.length)
      return `${text.slice(0, i)}${text.slice(i + 1)}` // one character gone: a quote, a brace, a comma …
    }),
    fc.constantFrom('', '{', '[', 'null', 'true', '0', '""', '[]', '{}', '[null]', '\0', '\ufeff'),
  )
}

/** A file's content: the valid JSON mutated as a value and serialized, or mutated as text, or random JSON, or random text. */
export function jsonFileMutant(valid: unknown): fc.Arbitrary<string> {
  const text = JSON.stringify(valid)
  return fc.oneof(
    { weight: 10, arbitrary: fc.tuple(mutantOf(valid), fc.boolean()).map(([value, pretty]) => JSON.stringify(value, null, pretty ? 2 : 0) ?? '') },
    { weight: 3, arbitrary: textMutant(text) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 6 }).map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  )
}

/** A brat .ann file made worse: lines dropped, repeated, swapped, cut; fields and offsets changed; junk lines. */
export function annMutant(valid: string): fc.Arbitrary<string> {
  const lines = valid.split('\n').filter(Boolean)
  const field = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 20 }))
  const offsets = fc.oneof(
    fc.tuple(fc.integer({ min: -5, max: 100_000 }), fc.integer({ min: -5, max: 100_000 })).map(([a, b]) => `${a} ${b}`),
    fc.constantFrom('0 0', '5 2', '-1 3', '1.5 4', '1e3 1e4', '0x10 0x20', 'NaN 4', '1', '1 2 3', '0 1;', ';', '0 1;;2 3', `${2 ** 53} ${2 ** 53 + 1}`),
    fc.integer({ min: 2, max: 200_000 }).map((n) => Array.from({ length: n }, (_, i) => `${i} ${i + 1}`).join(';')), // a span of very many fragments
  )
  const lineOp = fc.oneof(
    fc.nat().map((i) => (ls: string[]) => ls.filter((_, j) => j !== i % Math.max(1, ls.length))),
    fc.nat().map((i) => (ls: string[]) => [...ls, ls[i % Math.max(1, ls.length)] ?? '']),
    fc.tuple(fc.nat(), fc.nat(), field).map(([i, f, value]) => (ls: string[]) =>
      ls.map((line, j) => {
        if (j !== i % Math.max(1, ls.length)) return line
        const parts = line.split('\t')
        parts[f % Math.max(1, parts.length)] = value
        return parts.join('\t')
      }),
    ),
    fc.tuple(fc.nat(), offsets).map(([i, value]) => (ls: string[]) =>
      ls.map((line, j) => {
        if (j !== i % Math.max(1, ls.length) || !line.startsWith('T')) return line
        const [id, spec = '', ...rest] = line.split('\t')
        return [id, `${spec.split(' ')[0]} ${value}`, ...rest].join('\t')
      }),
    ),
    fc.constantFrom(
      (ls: string[]) => [...ls, 'R9\tsame-entity Arg1:T404 Arg2:T1'],
      (ls: string[]) => [...ls, 'A9\tmissing T1'],
      (ls: string[]) => [...ls, '#9\tAnnotatorNotes T404\tdangling'],
      (ls: string[]) => [...ls, 'E1\tclaim:T1'],
      (ls: string[]) => [...ls, '*\tEquiv T1 T2'],
      (ls: string[]) => [...ls, 'N1\tReference T1 Parallax:__proto__\tx'],
      (ls: string[]) => [...ls, 'X1\tunknown'],
      (ls: string[]) => [...ls, 'T'],
      (ls: string[]) => [...ls, '\t\t\t'],
      (ls: string[]) => ls.map((line) => line.replace(/\t/g, ' ')),
      (ls: string[]) => ls.map((line) => line.replace(/ /g, '\t')),
      (ls: string[]) => ls.reverse(),
    ),
    fc.string({ unit: 'binary', maxLength: 80 }).map((junk) => (ls: string[]) => [...ls, junk]),
  )
  return fc.oneof(
    { weight: 8, arbitrary: fc.array(lineOp, { minLength: 1, maxLength: 4 }).map((ops) => ops.reduce((ls, op) => op(ls), lines).join('\n')) },
    { weight: 2, arbitrary: textMutant(valid) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  )
}

/** File names an import may be handed: hostile ones, and the valid one. */
export const fileNameArb = (valid: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(valid) },
    { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length > 0 && s.length <= 255)).map((s) => (valid.endsWith('.ann') ? `${s}.ann` : s)) },
    { weight: 1, arbitrary: fc.constantFrom(`../${valid}`, `..\\${valid}`, `/abs/${valid}`, `C:\\x\\${valid}`, `${valid}\0`, valid.toUpperCase(), ` ${valid}`) },
  )

/** Fixed, so that a failure is found again on the next run. */
export const FUZZ_SEED = 20_261_122

const shorten = (text: string, max = 1_500): string => (text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text)

/**
 * Runs a property as fast-check's `assert` does, but reports a counterexample shortened: a huge
 * string in it would otherwise bury the error. Returns how many runs there were.
 */
export async function checkProperty<T>(property: fc.IAsyncPropertyWithHooks<T> | fc.IAsyncProperty<T>, runs: number): Promise<number> {
  const details = await fc.check(property, { numRuns: runs, seed: FUZZ_SEED })
  if (details.failed) {
    const example = details.counterexample === null ? 'none' : shorten(JSON.stringify(details.counterexample, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value)) ?? 'undefined')
    const cause = details.errorInstance instanceof Error ? (details.errorInstance.stack ?? details.errorInstance.message) : String(details.errorInstance)
    throw new Error(`property failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath}"):\n${shorten(cause, 4_000)}\ncounterexample: ${example}`)
  }
  return details.numRuns
}

/**
 * A folder for the fuzz tests' workspaces: on a RAM disk where there is one (/dev/shm), so that a
 * thousand imports, many of which write and fsync, take seconds. It tests the logic, not the disk.
 */
export async function fuzzDir(): Promise<string> {
  const base = (await stat('/dev/shm').catch(() => null))?.isDirectory() ? '/dev/shm' : os.tmpdir()
  return mkdtemp(path.join(base, 'parallax-fuzz-'))
}

/**
 * The files of a workspace that a write could change, relative path → content: everything but the
 * corpus (which nothing writes), read fast enough to be taken before and after every fuzzed call.
 */
export async function writableFiles(root: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  const entries = await readdir(root, { recursive: true, withFileTypes: true })
  for (const entry of entries) {
    if (!entry.isFile()) continue
    const relative = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')
    if (relative.startsWith('corpus/')) continue
    files[relative] = await readFile(path.join(root, relative), 'utf8')
  }
  return files
}
