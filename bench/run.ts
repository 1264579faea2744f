/**
 * `npm run bench [-- --quick] [--sizes 1000,10000] [--cases store,open,...] [--no-build] [--keep] [--profile DIR]`
 *
 * Generates synthetic workspaces (bench/generate.ts) at each size (annotations per annotator; three
 * annotators, 100 annotations per article per annotator), runs every case on them, prints a table
 * and writes bench/results.json. Node cases run in child processes of their own; browser cases in
 * the system's Chromium against `parallax start --browser`. Everything it starts is stopped, and
 * its temp folder removed (unless --keep).
 */
import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { Browser } from '@playwright/test'
import { appRoot } from '../src/main/paths'
import type { AgreementCaseResult } from './cases/agreement'
import type { ExportCaseResult } from './cases/export'
import type { StoreCaseResult } from './cases/store'
import { launchChromium } from './browser/chromium'
import { runOpen, type OpenRun } from './browser/open'
import { isBuilt } from './browser/parallax-server'
import { renderParallax, renderRecogito, type RenderRun } from './browser/render'
import { profileChildrenInto, runChild } from './child-process'
import type { GeneratedWorkspace } from './generate'
import { describeMachine, machineRows, settleDisk } from './machine'
import { formatTable, latencyRows, percentile, row, type ResultRow } from './results'
import { checkTargets, formatVerdicts, TARGET_SIZE } from './targets'

const CASES = ['store', 'memory', 'open', 'render', 'agreement', 'export'] as const
type CaseName = (typeof CASES)[number]

interface Plan {
  sizes: number[]
  cases: Set<CaseName>
  /** Edits per operation (create, update, delete) for Parallax, and for the baseline at a size. */
  storeSamples: number
  baselineSamples: (size: number) => number
  openRuns: number
  render: { perColumn: number; words: number; runs: number; newHighlights: number }[]
}

const MINUTE = 60_000
const median = (values: number[]): number => percentile(values, 50)

function plan(quick: boolean, sizes: number[] | null, cases: CaseName[] | null): Plan {
  return {
    // --quick too reaches the targets' size, with fewer samples
    sizes: sizes ?? [1_000, 10_000, TARGET_SIZE],
    cases: new Set(cases ?? CASES),
    // a p99 of fewer than 100 samples is their largest: a process's first edit of each kind, its code cold (14–23 ms, as the baseline's)
    storeSamples: quick ? 100 : 200,
    // the baseline rewrites the whole workspace on every edit: a few samples are enough to see it, and all there is time for
    // beyond 1k (there, 100 for a p99 as meant: ~3 s)
    baselineSamples: (size) => (size <= 1_000 ? 100 : size <= 10_000 ? (quick ? 8 : 20) : quick ? 3 : 6),
    openRuns: quick ? 1 : 3,
    render: [{ perColumn: 2_000, words: 20_000, runs: quick ? 1 : 3, newHighlights: quick ? 5 : 15 }],
  }
}

const log = (message: string): void => {
  process.stderr.write(`[bench] ${message}\n`)
}

/** One step of the run, logged with its time; it starts once what the steps before wrote is on disk. */
async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  settleDisk()
  const start = performance.now()
  log(`${what}…`)
  const result = await work()
  log(`${what}: ${((performance.now() - start) / 1000).toFixed(1)} s`)
  return result
}

/** A failed case is a finding too: it becomes a row with no value, and the run goes on. */
function failure(where: { case: string; size: number; metric: string }, error: unknown): ResultRow {
  const message = error instanceof Error ? error.message : String(error)
  log(`FAILED ${where.case} at ${where.size}: ${message}`)
  return { ...where, metric: `${where.metric} (failed: ${message.slice(0, 160)})`, value: null as unknown as number, unit: 'error', baseline: null, baselineValue: null, ratio: null }
}

/**
 * The data folder of the researcher whose workspace is measured at a size: every Parallax case runs
 * as them (their settings, and the digests of the layer files their first opening checked).
 */
const userDir = (temp: string, size: number): string => path.join(temp, `user-${size}`)

async function nodeCases(p: Plan, size: number, ws: GeneratedWorkspace, temp: string, rows: ResultRow[]): Promise<void> {
  // the baseline's single file, made beside the workspace and removed once measured
  const lowdbDir = path.join(temp, `data-lowdb-${size}`)
  const limit = (base: number) => base * Math.max(1, size / 10_000)

  if (p.cases.has('agreement')) {
    await timed(`agreement at ${size}`, async () => {
      try {
        const r = await runChild<AgreementCaseResult>({ case: 'agreement', root: ws.root, dataDir: userDir(temp, size) }, limit(2 * MINUTE))
        rows.push(row({ case: 'agreement', size, metric: 'report, layers in the store', value: r.warmMs, unit: 'ms' }))
        rows.push(row({ case: 'agreement', size, metric: 'open + report', value: r.coldMs, unit: 'ms' }))
        rows.push(row({ case: 'agreement', size, metric: "the review's progress over every article", value: r.progressMs, unit: 'ms' }))
        for (const [during, times] of [
          ['the report', r.savesDuringReportMs],
          ['the progress', r.savesDuringProgressMs],
        ] as const) {
          rows.push(row({ case: 'agreement', size, metric: `saves while ${during} is counted`, value: times.length, unit: 'count' }))
          rows.push(row({ case: 'agreement', size, metric: `a save while ${during} is counted p50`, value: percentile(times, 50), unit: 'ms' }))
          rows.push(row({ case: 'agreement', size, metric: `a save while ${during} is counted, longest`, value: Math.max(...times), unit: 'ms' }))
        }
        if (p.cases.has('memory')) rows.push(row({ case: 'memory', size, metric: 'peak RSS while reporting agreement', value: r.peakRssMb, unit: 'MB' }))
      } catch (error) {
        rows.push(failure({ case: 'agreement', size, metric: 'report' }, error))
      }
    })
  }
  if (p.cases.has('export')) {
    await timed(`export at ${size}`, async () => {
      try {
        const r = await runChild<ExportCaseResult>({ case: 'export', root: ws.root, dataDir: userDir(temp, size) }, limit(3 * MINUTE))
        if (r.missing.native || r.missing.w3c) throw new Error(`the exported files miss records of the workspace (Parallax JSON ${r.missing.native}, W3C ${r.missing.w3c})`)
        rows.push(row({ case: 'export', size, metric: 'Parallax JSON', value: r.nativeMs, unit: 'ms' }))
        rows.push(row({ case: 'export', size, metric: 'W3C', value: r.w3cMs, unit: 'ms' }))
        rows.push(row({ case: 'export', size, metric: 'open + read layers (parallax export)', value: r.readMs, unit: 'ms' }))
        rows.push(row({ case: 'export', size, metric: 'Parallax JSON size', value: r.nativeBytes / 2 ** 20, unit: 'MB' }))
        rows.push(row({ case: 'export', size, metric: 'W3C size', value: r.w3cBytes / 2 ** 20, unit: 'MB' }))
        if (p.cases.has('memory')) rows.push(row({ case: 'memory', size, metric: 'peak RSS while exporting', value: r.peakRssMb, unit: 'MB' }))
      } catch (error) {
        rows.push(failure({ case: 'export', size, metric: 'export' }, error))
      }
    })
  }
  if (p.cases.has('store') || p.cases.has('memory')) {
    let parallax: StoreCaseResult | null = null
    let lowdb: StoreCaseResult | null = null
    await timed(`store at ${size} (Parallax, ${p.storeSamples} edits of each kind)`, async () => {
      try {
        parallax = await runChild<StoreCaseResult>({ case: 'store', target: 'parallax', root: ws.root, dataDir: userDir(temp, size), samples: p.storeSamples }, limit(3 * MINUTE))
        const r: StoreCaseResult = parallax
        if (r.onDisk.afterCreate !== p.storeSamples || r.onDisk.afterUpdate !== p.storeSamples || r.onDisk.afterDelete !== 0) {
          throw new Error(`the edits are not all on disk: ${JSON.stringify(r.onDisk)}`)
        }
      } catch (error) {
        parallax = null
        rows.push(failure({ case: 'store', size, metric: 'edits' }, error))
      }
    })
    const samples = p.baselineSamples(size)
    await timed(`store at ${size} (baseline: one lowdb file, ${samples} edits of each kind)`, async () => {
      try {
        const dbFile = path.join(lowdbDir, 'db.json')
        await mkdir(lowdbDir, { recursive: true })
        await runChild({ case: 'lowdb-build', root: ws.root, dbFile }, limit(3 * MINUTE))
        lowdb = await runChild<StoreCaseResult>({ case: 'store', target: 'lowdb', root: ws.root, dataDir: lowdbDir, dbFile, samples }, limit(5 * MINUTE))
        await rm(lowdbDir, { recursive: true, force: true })
      } catch (error) {
        lowdb = null
        rows.push(failure({ case: 'store', size, metric: 'baseline edits' }, error))
      }
    })
    const ours = parallax as StoreCaseResult | null
    const theirs = lowdb as StoreCaseResult | null
    const baseline = (samples: number[] | undefined) => (samples ? { name: 'lowdb, one file', samples } : undefined)
    if (ours && p.cases.has('store')) {
      for (const op of ['create', 'update', 'delete'] as const) rows.push(...latencyRows({ case: 'store', size, metric: op }, ours[op], baseline(theirs?.[op])))
      rows.push(row({ case: 'store', size, metric: 'open + every layer read', value: ours.loadMs, unit: 'ms' }, theirs ? { name: 'lowdb, one file', value: theirs.loadMs } : undefined))
      if (ours.firstColumnsMs !== null) rows.push(row({ case: 'store', size, metric: 'open + first columns listed', value: ours.firstColumnsMs, unit: 'ms' }))
    }
    if (ours && p.cases.has('memory')) {
      rows.push(row({ case: 'memory', size, metric: 'peak RSS of the process holding the store', value: ours.peakRssMb, unit: 'MB' }, theirs ? { name: 'lowdb, one file', value: theirs.peakRssMb } : undefined))
    }
  }
}

/**
 * Opens a new workspace once as the app does (every layer file read and checked), as a researcher's
 * workspace has been opened before they work in it: the openings measured after it trust the files
 * unchanged since (`CheckedTexts`), as the app does.
 */
async function firstOpening(size: number, ws: GeneratedWorkspace, temp: string, rows: ResultRow[]): Promise<void> {
  await timed(`first opening at ${size}`, async () => {
    try {
      const r = await runChild<{ loadMs: number; checked: number }>({ case: 'first-opening', root: ws.root, dataDir: userDir(temp, size) }, Math.max(2 * MINUTE, size * 6))
      // every layer file read, checked and remembered (the generator writes one per annotator per article)
      const files = ws.articleIds.length * ws.annotators.length
      if (r.checked !== files) throw new Error(`${r.checked} layer files were remembered as checked, of ${files}`)
      rows.push(row({ case: 'store', size, metric: 'first opening: every layer read and checked', value: r.loadMs, unit: 'ms' }))
    } catch (error) {
      rows.push(failure({ case: 'store', size, metric: 'first opening' }, error))
    }
  })
}

async function openCase(p: Plan, browser: Browser, size: number, ws: GeneratedWorkspace, temp: string, rows: ResultRow[]): Promise<void> {
  await timed(`open at ${size} (${p.openRuns} run${p.openRuns > 1 ? 's' : ''})`, async () => {
    try {
      const runs: OpenRun[] = []
      for (let i = 0; i < p.openRuns; i++) {
        runs.push(await runOpen(browser, { root: ws.root, home: userDir(temp, size), highlights: 100, timeoutMs: Math.max(2 * MINUTE, size * 6) }))
      }
      const errors = runs.flatMap((r) => r.errors)
      if (errors.length > 0) throw new Error(`the page reported errors: ${errors.slice(0, 3).join('; ')}`)
      rows.push(row({ case: 'open', size, metric: 'start to first article highlighted', value: median(runs.map((r) => r.totalMs)), unit: 'ms' }))
      rows.push(row({ case: 'open', size, metric: 'process start to listening (the workspace opens meanwhile)', value: median(runs.map((r) => r.serverMs)), unit: 'ms' }))
      rows.push(row({ case: 'open', size, metric: 'page load to first article highlighted', value: median(runs.map((r) => r.pageMs)), unit: 'ms' }))
    } catch (error) {
      rows.push(failure({ case: 'open', size, metric: 'open' }, error))
    }
  })
}

/**
 * Runs `work` in a Chromium of its own, closed after it, so that no case is measured in a browser
 * that other cases' pages have used (the render case after the open case in one browser, once:
 * first paint 1,851 ms and one new highlight p50 46.8 ms; in a new one 1,502 and 33.6 ms).
 */
async function inChromium<T>(work: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await launchChromium()
  try {
    return await work(browser)
  } finally {
    await browser.close().catch(() => undefined)
  }
}

async function renderCase(p: Plan, temp: string, rows: ResultRow[]): Promise<void> {
  for (const config of p.render) {
    const highlights = config.perColumn * 5
    const root = path.join(temp, `render-${config.perColumn}`)
    await timed(`render: generating 5 articles of ${config.words} words, ${config.perColumn} annotations each`, () =>
      runChild<GeneratedWorkspace>(
        { case: 'generate', root, options: { seed: 2, articles: 5, annotators: 1, annotationsPerArticle: config.perColumn, wordsPerArticle: config.words, openColumns: 5, linksPerArticle: 20 } },
        5 * MINUTE,
      ),
    )
    const home = path.join(temp, 'home-render')
    await runChild({ case: 'first-opening', root, dataDir: home }, 5 * MINUTE)
    const options = { root, highlights, columns: 5, newHighlights: config.newHighlights, timeoutMs: 3 * MINUTE }
    // each page in a browser of its own
    const measure = (name: string, run: (browser: Browser) => Promise<RenderRun>): Promise<RenderRun[] | Error> =>
      inChromium(async (browser) => {
        try {
          await timed(`render: ${name} warm-up`, () => run(browser))
          const runs: RenderRun[] = []
          for (let i = 0; i < config.runs; i++) runs.push(await timed(`render: ${name} run ${i + 1}/${config.runs}`, () => run(browser)))
          const errors = runs.flatMap((r) => r.errors)
          if (errors.length > 0) throw new Error(`the page reported errors: ${errors.slice(0, 3).join('; ')}`)
          return runs
        } catch (error) {
          return error instanceof Error ? error : new Error(String(error))
        }
      })
    const ours = await measure('Parallax', (browser) => renderParallax(browser, { ...options, home }))
    const theirs = await measure('@recogito/text-annotator', (browser) => renderRecogito(browser, options))
    if (ours instanceof Error) {
      rows.push(failure({ case: 'render', size: highlights, metric: 'Parallax' }, ours))
      continue
    }
    const baselineRuns = theirs instanceof Error ? null : theirs
    if (theirs instanceof Error) rows.push(failure({ case: 'render', size: highlights, metric: 'baseline' }, theirs))
    const name = '@recogito/text-annotator'
    const summary = (runs: RenderRun[], pick: (r: RenderRun) => number) => median(runs.map(pick))
    rows.push(
      row(
        { case: 'render', size: highlights, metric: 'first paint (from navigation)', value: summary(ours, (r) => r.firstPaintMs), unit: 'ms' },
        baselineRuns ? { name, value: summary(baselineRuns, (r) => r.firstPaintMs) } : undefined,
      ),
    )
    rows.push(
      row(
        { case: 'render', size: highlights, metric: 'first paint after the data arrived', value: summary(ours, (r) => r.afterDataMs), unit: 'ms' },
        baselineRuns ? { name, value: summary(baselineRuns, (r) => r.afterDataMs) } : undefined,
      ),
    )
    rows.push(
      row(
        { case: 'render', size: highlights, metric: 'layers held, ready to edit (from navigation)', value: summary(ours, (r) => r.heldMs), unit: 'ms' },
        baselineRuns ? { name, value: summary(baselineRuns, (r) => r.heldMs) } : undefined,
      ),
    )
    const created = ours.flatMap((r) => r.newHighlightMs)
    const added = baselineRuns?.flatMap((r) => r.newHighlightMs)
    for (const q of [50, 95]) {
      rows.push(
        row(
          { case: 'render', size: highlights, metric: `one new highlight p${q}`, value: percentile(created, q), unit: 'ms' },
          added ? { name, value: percentile(added, q) } : undefined,
        ),
      )
    }
  }
}

function build(): void {
  log('building the app (electron-vite build)…')
  const result = spawnSync(path.join(appRoot, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: appRoot, stdio: ['ignore', 'ignore', 'inherit'], timeout: 5 * MINUTE })
  if (result.status !== 0) throw new Error('electron-vite build failed')
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      sizes: { type: 'string' },
      cases: { type: 'string' },
      'no-build': { type: 'boolean' },
      keep: { type: 'boolean' },
      out: { type: 'string' },
      profile: { type: 'string' },
    },
  })
  if (values.profile) {
    await mkdir(values.profile, { recursive: true })
    profileChildrenInto(path.resolve(values.profile))
  }
  const sizes = values.sizes ? values.sizes.split(',').map((s) => Number(s.trim())) : null
  if (sizes?.some((s) => !Number.isInteger(s) || s < 100 || s % 100 !== 0)) throw new Error('--sizes are annotations per annotator: multiples of 100')
  const cases = values.cases ? (values.cases.split(',').map((s) => s.trim()) as CaseName[]) : null
  for (const name of cases ?? []) if (!CASES.includes(name)) throw new Error(`there is no case "${name}" (${CASES.join(', ')})`)
  const p = plan(values.quick === true, sizes, cases)
  const out = path.resolve(values.out ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'results.json'))
  const started = performance.now()
  log(`${values.quick ? 'quick run' : 'full run'} on ${describeMachine()}; sizes ${p.sizes.join(', ')} annotations per annotator; cases ${[...p.cases].join(', ')}`)

  const needsBrowser = p.cases.has('open') || p.cases.has('render')
  if (needsBrowser && (!values['no-build'] || !isBuilt())) build()
  const rows: ResultRow[] = await machineRows(30)
  const temp = await mkdtemp(path.join(os.tmpdir(), 'parallax-bench-'))
  try {
    for (const size of p.sizes) {
      const root = path.join(temp, `ws-${size}`)
      const ws = await timed(`generating ${size / 100} articles × 3 annotators × 100 annotations`, () =>
        runChild<GeneratedWorkspace>({ case: 'generate', root, options: { seed: 1, articles: size / 100, annotators: 3, openColumns: 1 } }, 10 * MINUTE),
      )
      await firstOpening(size, ws, temp, rows)
      if (p.cases.has('open')) {
        await inChromium(async (browser) => {
          if (size === p.sizes[0]) await timed('open: warm-up', () => runOpen(browser, { root, home: path.join(temp, 'home-warm-up'), highlights: 100 }).catch(() => undefined))
          await openCase(p, browser, size, ws, temp, rows)
        })
      }
      await nodeCases(p, size, ws, temp, rows)
      if (!values.keep) await rm(root, { recursive: true, force: true })
    }
    if (p.cases.has('render')) await renderCase(p, temp, rows)
  } finally {
    if (!values.keep) await rm(temp, { recursive: true, force: true })
    else log(`kept ${temp}`)
  }
  rows.push(row({ case: 'machine', size: 0, metric: 'load average (1 min) at the end', value: os.loadavg()[0] ?? 0, unit: 'runnable' }))
  await writeFile(out, `${JSON.stringify(rows, null, 2)}\n`)
  process.stdout.write(`${formatTable(rows)}\n\n${formatVerdicts(checkTargets(rows))}\n\n`)
  process.stdout.write(`Wrote ${path.relative(process.cwd(), out) || out} (${rows.length} rows) in ${((performance.now() - started) / 1000).toFixed(0)} s.\n`)
  return rows.some((r) => r.unit === 'error') ? 1 : 0
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`)
      process.exit(2)
    },
  )
}
