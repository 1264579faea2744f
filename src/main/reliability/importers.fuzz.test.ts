/**
 * Fuzzing every importer (guarantee 6): at least 1,000 generated malformed inputs per format,
 * mutated from a valid export of a rich workspace (fields dropped, types swapped, offsets out of
 * range, truncations, huge strings, `__proto__` keys, deep nesting …) or random. Each must end in a
 * clear AppError or a valid import — never another exception, a hang, or a partial write: a
 * refused import leaves every file of the workspace as it was, and an accepted one leaves files
 * the workspace reads back.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ImportReport } from '../../shared/annotations'
import { AppError } from '../../shared/result'
import { collectExport, readImport, runExport, saveImport } from '../interchange'
import type { ExportFile, ImportFile, ImportFormat } from '../interchange/model'
import { ANA, EMOJI, richApp, richCorpus, seedEntities, SEMAFOR, SWORN_IN } from '../interchange/test-workspace'
import { createAppContext } from '../handlers'
import { annotatorSlug } from '../workspace/layers'
import { Workspace } from '../workspace/workspace'
import { annMutant, checkProperty, fileNameArb, fuzzDir, HOSTILE_STRINGS, jsonFileMutant, writableFiles } from './mutations'

const RUNS = Number(process.env.PARALLAX_FUZZ_RUNS ?? 1_000)
/** Slower than this for one input is a hang in the making (a regular expression gone quadratic, say). */
const MAX_MS_PER_INPUT = 2_000

let corpus: string
let exports: Record<ImportFormat, ExportFile[]>

beforeAll(async () => {
  corpus = await richCorpus(await mkdtemp(path.join(os.tmpdir(), 'parallax-fuzz-corpus-')))
  const app = await richApp(corpus)
  // three of the articles: every label, attribute type, note and link kind is among them, and a smaller file is mutated faster
  const input = await collectExport(app.workspace, { articleIds: [EMOJI, SWORN_IN, SEMAFOR] })
  exports = { native: runExport('native', input), w3c: runExport('w3c', input), brat: runExport('brat', input), labelstudio: runExport('labelstudio', input) }
}, 60_000)

afterAll(() => rm(corpus, { recursive: true, force: true }))

/** The workspace's files after a refused import, which are also those before the next one. */
const unchanged = new WeakMap<Workspace, Record<string, string>>()

interface Outcome {
  refused: number
  imported: number
}

/**
 * Runs one import on `workspace` and checks the guarantee; returns whether it was accepted.
 * `annotator` is the one a user gives (brat needs it; a hostile one is part of the input).
 */
async function importChecked(workspace: Workspace, format: ImportFormat, files: ImportFile[], annotator: string | undefined): Promise<boolean> {
  const before = (unchanged.get(workspace) as Record<string, string> | undefined) ?? (await writableFiles(workspace.root))
  unchanged.delete(workspace)
  const started = performance.now()
  let error: unknown = null
  let report: ImportReport | null = null
  try {
    report = await saveImport(workspace, readImport(workspace, format, files, annotator), files[0]?.name ?? format)
  } catch (caught) {
    error = caught
  }
  expect(performance.now() - started, 'one import took too long').toBeLessThan(MAX_MS_PER_INPUT)
  if (error !== null) {
    // a clear error for the user: an AppError, not a TypeError or RangeError from deep inside
    if (!(error instanceof AppError)) throw new Error(`not an AppError: ${(error as Error)?.stack ?? String(error)}`)
    expect(error.code).not.toBe('internal')
    expect(error.message.length).toBeGreaterThan(10)
    expect(error.message.length).toBeLessThan(2_100) // a huge string in the file is not repeated back

    // … and nothing written, not one file
    expect(await writableFiles(workspace.root)).toEqual(before)
    unchanged.set(workspace, before) // still so: the next run need not read it again
    return false
  }
  expect(ImportReport.safeParse(report).success).toBe(true)
  return true
}

/** What the imports wrote reads back: a fresh open of the workspace sees every layer it holds. */
async function expectReadable(root: string): Promise<void> {
  const reopened = await Workspace.open(root)
  for (const name of await reopened.layers.annotators()) await reopened.layers.layer(name, reopened.articleIds)
  await reopened.entities()
  expect(reopened.info().warnings).toEqual([])
}

const targets: string[] = []
afterAll(async () => {
  for (const dir of targets.splice(0)) await rm(dir, { recursive: true, force: true })
})

/** A workspace of the same corpus, with the entities the exports refer to. */
async function target(): Promise<Workspace> {
  const dir = await fuzzDir()
  targets.push(dir)
  const workspace = await Workspace.init(path.join(dir, 'ws'), corpus)
  await seedEntities(createAppContext({ dataDir: path.join(dir, 'data'), workspace }).handlers)
  return workspace
}

/** Imports rounds of inputs into workspaces that are replaced (once checked readable) every few accepted imports, so that none grows large. */
function importer(format: ImportFormat) {
  let workspace: Workspace | null = null
  let accepted = 0
  const outcome: Outcome = { refused: 0, imported: 0 }
  return {
    outcome,
    async run(files: ImportFile[], annotator: string | undefined): Promise<void> {
      workspace ??= await target()
      const ok = await importChecked(workspace, format, files, annotator)
      outcome[ok ? 'imported' : 'refused']++
      if (ok && ++accepted % 20 === 0) {
        await expectReadable(workspace.root)
        workspace = null
      }
    },
    async done(): Promise<void> {
      if (workspace) await expectReadable(workspace.root)
    },
  }
}

const annotatorArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS, 'Bea') },
)

async function fuzz(format: Exclude<ImportFormat, 'brat'>): Promise<Outcome> {
  const valid = exports[format].find((f) => f.path.endsWith('.json') || f.path.endsWith('.jsonld')) as ExportFile
  const run = importer(format)
  await checkProperty(
    fc.asyncProperty(jsonFileMutant(JSON.parse(valid.content)), fileNameArb(valid.path), annotatorArb, (content, name, annotator) => run.run([{ name, content }], annotator)),
    RUNS,
  )
  await run.done()
  return run.outcome
}

describe('every importer, fed 1,000 malformed files', () => {
  it.each(['native', 'w3c', 'labelstudio'] as const)('%s: a clear error or a valid import, never a crash, a hang or a partial write', { timeout: 90_000 }, async (format) => {
    const outcome = await fuzz(format)
    expect(outcome.refused + outcome.imported).toBe(RUNS)
    // the generator reaches both ends: most inputs are refused, and some mutations are still importable
    expect(outcome.refused).toBeGreaterThan(RUNS / 2)
  })

  it('brat: a clear error or a valid import, never a crash, a hang or a partial write', { timeout: 90_000 }, async () => {
    const folder = `${annotatorSlug(ANA)}/`
    const anns = exports.brat.filter((f) => f.path.startsWith(folder) && f.path.endsWith('.ann') && f.content.length > 0)
    const texts = exports.brat.filter((f) => f.path.startsWith(folder) && f.path.endsWith('.txt'))
    expect(anns.length).toBeGreaterThan(1)
    const fileArb = fc.constantFrom(...anns).chain((ann) =>
      fc.record({ name: fileNameArb(ann.path.slice(folder.length)), content: annMutant(ann.content) }),
    )
    const textArb = fc.constantFrom(...texts).chain((txt) =>
      fc.record({
        name: fc.constant(txt.path.slice(folder.length)),
        content: fc.oneof(fc.constant(txt.content), fc.string({ maxLength: 50 }), fc.constant(txt.content.slice(0, 10))),
      }),
    )
    const run = importer('brat')
    await checkProperty(
      fc.asyncProperty(fc.array(fileArb, { minLength: 1, maxLength: 3 }), fc.array(textArb, { maxLength: 2 }), fc.oneof(fc.constant(ANA), annotatorArb), (annFiles, txtFiles, annotator) =>
        run.run([...annFiles, ...txtFiles], annotator),
      ),
      RUNS,
    )
    await run.done()
    const { outcome } = run
    expect(outcome.refused + outcome.imported).toBe(RUNS)
    expect(outcome.refused).toBeGreaterThan(RUNS / 2)
  })
})
