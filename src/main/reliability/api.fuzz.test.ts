/**
 * Fuzzing every API input schema (guarantee 6), through `dispatch` and the real handler table, as
 * any transport reaches them: for each channel, at least 1,000 inputs mutated from a valid one or
 * random (of any type a structured clone can carry: BigInt, Map, Date, null prototypes, deep
 * nesting, huge strings, `__proto__` keys). Each gives an error result with a code the renderer
 * knows (never 'internal', never a thrown exception) or a value that matches the channel's output
 * schema; a refused call on a channel that writes leaves every file as it was.
 */
import { rm } from 'node:fs/promises'
import path from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { channelNames, channels, type Channel } from '../../shared/api'
import { AppError, errorCodes } from '../../shared/result'
import { createAppContext, type AppContext } from '../handlers'
import type { Handlers } from '../handlers/dispatch'
import { dispatch } from '../handlers/dispatch'
import { annotationOf, BUNDLED_CORPUS, call, linkBetween, TEST_TIME } from '../test-helpers'
import { Workspace } from '../workspace/workspace'
import { checkProperty, fuzzDir, HOSTILE_STRINGS, mutantOf, writableFiles } from './mutations'

const RUNS = Number(process.env.PARALLAX_FUZZ_RUNS ?? 1_000)
const SWORN_IN = 'rutte-sworn-in-translated'
const MONTENEGRIN = 'montenegrin-keep-the-west-together'
/** Channels whose handler writes: a refused call on one must leave the workspace and the settings untouched. */
const WRITERS = new Set<Channel>(['edits:apply', 'interchange:import', 'ui:set', 'settings:setAnnotator', 'workspace:open'])

let root: string

beforeAll(async () => {
  root = await fuzzDir()
})
afterAll(() => rm(root, { recursive: true, force: true }))

interface App {
  context: AppContext
  handlers: Handlers
  workspace: Workspace
  dataDir: string
  sandbox: string
}

/**
 * An app over a fresh workspace with Ada's work in it. `workspace:open` is fuzzed too, but may
 * open only folders inside the sandbox: a fuzzed path like "/" or ".." must not make this test
 * turn a folder of the machine into a workspace (a path elsewhere is answered as a missing folder).
 */
async function makeApp(name: string): Promise<App> {
  const sandbox = path.join(root, name)
  const workspace = await Workspace.init(path.join(sandbox, 'ws'), BUNDLED_CORPUS)
  const dataDir = path.join(sandbox, 'data')
  const context = createAppContext({ dataDir, workspace })
  const open = context.handlers['workspace:open']
  const handlers: Handlers = {
    ...context.handlers,
    'workspace:open': (input) => {
      const target = path.resolve(sandbox, input.path)
      if (path.relative(sandbox, target).startsWith('..') || path.isAbsolute(path.relative(sandbox, target))) {
        throw new AppError('not-found', `There is no folder at ${target}.`)
      }
      return open({ path: target })
    },
  }
  await call(handlers, 'settings:setAnnotator', { name: 'Ada' })
  return { context, handlers, workspace, dataDir, sandbox }
}

/** A valid input for every channel, to mutate. */
function validInputs(app: App): Record<Channel, unknown> {
  const { workspace } = app
  const quote = annotationOf(workspace, SWORN_IN, '“There is no free alternative,”', { id: 'q1', label: 'quote', annotator: 'Ada', attributes: { kind: 'direct' } })
  const speaker = annotationOf(workspace, SWORN_IN, 'Rutte', { id: 's1', label: 'speaker', annotator: 'Ada', attributes: { entity: 'e1' }, note: 'He said it.' })
  const entity = { id: 'e1', name: 'Mark Rutte', aliases: ['Rutte'], note: '', createdBy: 'Ada', created: TEST_TIME, modified: TEST_TIME }
  return {
    'workspace:info': {},
    'workspace:open': { path: 'ws' },
    'corpus:list': {},
    'article:get': { id: MONTENEGRIN },
    'settings:get': {},
    'settings:setAnnotator': { name: 'Ada' },
    'ui:get': {},
    'ui:firstScreen': {},
    'ui:set': { openArticles: [MONTENEGRIN, SWORN_IN], sidebarOpen: false },
    'tagset:get': {},
    'annotations:list': { annotators: ['Ada'], articleIds: [SWORN_IN] },
    'annotations:summary': {},
    'annotations:linksInto': { articleIds: [SWORN_IN] },
    'annotations:query': { filter: { annotator: 'Ada', text: 'rutte' }, excludeArticleIds: [MONTENEGRIN], limit: 5 },
    'edits:apply': {
      edits: [
        { op: 'put-entity', entity },
        { op: 'put-annotation', annotation: quote },
        { op: 'put-annotation', annotation: speaker },
        { op: 'put-link', link: linkBetween('l1', 'attributed-to', quote, speaker, 'Ada') },
        { op: 'put-article-note', articleNote: { articleId: SWORN_IN, note: 'Machine-translated.', provenance: 'machine-translated', annotator: 'Ada', modified: TEST_TIME } },
      ],
      layer: 'own',
    },
    'entities:list': {},
    'corpus:search': { query: 'Rutte', articleId: SWORN_IN, caseSensitive: true },
    'interchange:export': { format: 'native', annotators: ['Ada'], articleIds: [SWORN_IN] },
    'interchange:import': { format: 'brat', annotator: 'Bea', files: [{ name: `${MONTENEGRIN}.ann`, content: 'T1\tspeaker 137 141\tRute\n#1\tAnnotatorNotes T1\tA note.\n' }] },
    'review:agreement': { annotators: ['Ada', 'Bea'], articleIds: [SWORN_IN, MONTENEGRIN] },
    'review:progress': { annotators: ['Ada', 'Bea'] },
  }
}

/** Anything a transport could hand over: JSON from browser mode, a structured clone from Electron IPC. */
const anyInput = fc.anything({
  maxDepth: 4,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withNullPrototype: true,
  withSparseArray: true,
  withBoxedValues: true,
  withObjectString: true,
  values: [fc.constantFrom(...HOSTILE_STRINGS), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined)],
})

const knownCodes = new Set<string>(errorCodes)

async function expectHandled(app: App, channel: Channel, input: unknown): Promise<boolean> {
  const writes = WRITERS.has(channel)
  const before = writes ? [await writableFiles(app.workspace.root), await writableFiles(app.dataDir)] : null
  const current = app.context.workspace()
  const started = performance.now()
  const result = await dispatch(app.handlers, channel, input)
  expect(performance.now() - started, 'one call took too long').toBeLessThan(2_000)
  if (result.ok) {
    const parsed = channels[channel].output.safeParse(result.value)
    expect(parsed.success, `${channel} answered a value its output schema refuses: ${parsed.error?.message.slice(0, 500)}`).toBe(true)
    return true
  }
  expect(knownCodes.has(result.error.code), result.error.code).toBe(true)
  if (result.error.code === 'internal') throw new Error(`${channel} failed inside: ${result.error.message.slice(0, 2_000)}`)
  expect(typeof result.error.message).toBe('string')
  expect(result.error.message.length).toBeGreaterThan(10)
  expect(result.error.message.length).toBeLessThan(5_000)
  if (before) {
    expect(await writableFiles(app.workspace.root)).toEqual(before[0])
    expect(await writableFiles(app.dataDir)).toEqual(before[1])
    expect(app.context.workspace()).toBe(current) // a refused workspace:open keeps the workspace open
  }
  return false
}

describe('every API channel, fed 1,000 malformed inputs through dispatch', () => {
  it.each(channelNames)('%s: an error result a user can read, or a valid answer; never a crash', { timeout: 120_000 }, async (channel) => {
    let app = await makeApp(channel.replace(':', '-'))
    let fresh = 0
    const valid = validInputs(app)[channel]
    const input = fc.oneof(
      { weight: 6, arbitrary: mutantOf(valid, { maxDepth: 20_000, maxString: 100_000 }) },
      { weight: 2, arbitrary: anyInput },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    )
    const outcome = { answered: 0, refused: 0 }
    const runs = await checkProperty(
      fc.asyncProperty(input, async (value) => {
        const answered = await expectHandled(app, channel, value)
        outcome[answered ? 'answered' : 'refused']++
        // a workspace that accepted many imports or edits is replaced, so that none grows large
        if (answered && WRITERS.has(channel) && outcome.answered % 25 === 0) app = await makeApp(`${channel.replace(':', '-')}-${++fresh}`)
      }),
      RUNS,
    )
    expect(runs).toBe(RUNS)
    expect(outcome.answered + outcome.refused).toBe(RUNS)
    expect(outcome.refused).toBeGreaterThan(0)
  })

  it('answers any channel name that is not in the contract with unknown-channel', async () => {
    const app = await makeApp('channel-names')
    await checkProperty(
      fc.asyncProperty(fc.oneof(anyInput, fc.constantFrom('__proto__', 'constructor', 'toString', 'workspace:info ', 'WORKSPACE:INFO', 'corpus:list\0', 'x'.repeat(100_000))), async (name) => {
        const result = await dispatch(app.handlers, name, {})
        if (typeof name === 'string' && (channelNames as string[]).includes(name)) return
        expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } })
        expect((result as { error: { message: string } }).error.message.length).toBeLessThan(200)
      }),
      RUNS,
    )
  })
})
