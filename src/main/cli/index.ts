/**
 * The `parallax` command line: plain Node, no Electron. `start` opens the workbench (Electron when
 * its binary is there, browser mode otherwise); the other commands work on a workspace headless.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { AppError } from '../../shared/result'
import { countOf, importedCounts } from '../../shared/wording'
import { launchApp, type AppContext } from '../handlers'
import { appRoot, bundledCorpusDir, rendererDir, userDataDir } from '../paths'
import { startBrowserHost } from '../server/host'
import { Workspace } from '../workspace/workspace'
import { openAppWindow } from './browser'
import { findElectronBinary } from './electron-binary'
import { collectExport, readImport, saveImport, streamExport } from '../interchange'
import { batched } from '../store/json-chunks'
import { validateNative } from '../interchange/formats/native'
import { exportFormats, FORMAT_NAMES, importFormats, type ImportFile, type ImportFormat } from '../interchange/model'
import { describeWriteFailure, writeChunksDurably } from '../store/durable-json-file'
import { agreementSummary, METRIC_KEYS, workspaceAgreement } from '../review/agreement'

interface Command {
  summary: string
  usage: string
  options: NonNullable<ParseArgsConfig['options']>
  run(values: Record<string, string | boolean | (string | boolean)[] | undefined>, positionals: string[]): Promise<number>
}

const commands: Record<string, Command> = {
  start: {
    summary: 'Open the workbench (Electron, or browser mode when Electron is unavailable)',
    usage: `parallax start [--workspace DIR] [--browser] [--no-open]

Opens the workbench on DIR, or without --workspace on the bundled corpus, whose
annotations are kept in your data folder (${userDataDir()}).

  --workspace DIR  open this workspace (a folder made by 'parallax init', or any folder of .txt/.md articles)
  --browser        use browser mode even when Electron is available
  --no-open        browser mode: print the address and keep serving; open no window`,
    options: { workspace: { type: 'string' }, browser: { type: 'boolean' }, 'no-open': { type: 'boolean' } },
    async run(values) {
      const workspaceArg = values.workspace as string | undefined
      if (!values.browser) {
        const electron = findElectronBinary()
        if (electron.ok) return runElectron(electron.path, workspaceArg)
        process.stderr.write(`Electron is not available: ${electron.reason}; starting browser mode.\n`)
      }
      return runBrowserMode(workspaceArg, !values['no-open'])
    },
  },
  export: {
    summary: 'Export annotations: Parallax JSON, W3C, brat, Label Studio, MQM TSV or CSV',
    usage: `parallax export --workspace DIR --format native|w3c|brat|labelstudio|mqm|csv --out PATH [--annotator NAME]... [--article ID]...

Writes the chosen annotators' layers (all of them without --annotator) on the chosen
articles (all without --article). PATH is a file for native, w3c, mqm and csv (a folder
gets the usual file name; - writes to standard output), and a folder for brat and
labelstudio. Files are written as they are made, however large the export.`,
    options: {
      workspace: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      annotator: { type: 'string', multiple: true },
      article: { type: 'string', multiple: true },
    },
    async run(values) {
      const usage = 'parallax export --workspace DIR --format FORMAT --out PATH'
      const workspace = await Workspace.open(required(values, 'workspace', usage), { readOnly: true, dataDir: userDataDir() })
      const format = oneOf(required(values, 'format', usage), exportFormats, 'The format')
      const outArg = required(values, 'out', usage)
      progress(`Reading ${workspace.corpus.articles.length} articles and their layers…`)
      const input = await collectExport(workspace, { annotators: list(values.annotator), articleIds: list(values.article) })
      const count = input.layers.reduce((n, layer) => n + layer.annotations.length, 0)
      progress(`Exporting ${countOf(count, 'annotation')} of ${countOf(input.layers.length, 'annotator')} as ${FORMAT_NAMES[format]}…`)
      // written as it is made, a few MB at a time: an export is never one string, however large
      const files = streamExport(format, input)
      if (outArg === '-') {
        if (files.length > 1) throw new AppError('invalid-input', `A ${format} export is a folder of files: --out - (standard output) takes native, w3c, mqm or csv.`)
        for (const chunk of batched(files[0]!.chunks)) if (!process.stdout.write(chunk)) await once(process.stdout, 'drain')
        progress(`Exported ${countOf(count, 'annotation')} to standard output`)
        return 0
      }
      const out = path.resolve(outArg)
      const folder = files.length > 1 || (await isDirectory(out)) ? out : path.dirname(out)
      for (const [i, file] of files.entries()) {
        const target = files.length === 1 && !(await isDirectory(out)) ? out : path.join(folder, file.path)
        await writeChunksDurably(target, file.chunks).catch((error: unknown) => {
          // the system's refusals in plain words; anything else (a bug) as it is
          throw typeof (error as NodeJS.ErrnoException).code === 'string' && !(error instanceof AppError) ? new AppError('io-error', describeWriteFailure(target, error)) : error
        })
        if (files.length > 20 && (i + 1) % 20 === 0) progress(`  ${i + 1}/${files.length} files`)
      }
      process.stdout.write(`Exported ${countOf(count, 'annotation')} to ${files.length === 1 && !(await isDirectory(out)) ? out : `${countOf(files.length, 'file')} in ${folder}`}\n`)
      return 0
    },
  },
  import: {
    summary: "Import a colleague's annotations as their layer (Parallax JSON, W3C, brat, Label Studio)",
    usage: `parallax import --workspace DIR --format native|w3c|brat|labelstudio PATH [--annotator NAME] [--dry-run]

Adds the annotations in PATH (a file; for brat, a folder of <article-id>.ann files, with or
without their .txt) to the workspace as their annotators' layers. All or nothing: on any
error nothing is written. Annotations whose offsets do not fit the text are found again by
their quote and context, and listed. --annotator says whose work it is (brat files do not
say) or renames a single layer; --dry-run reads and checks without writing.`,
    options: { workspace: { type: 'string' }, format: { type: 'string' }, annotator: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    async run(values, positionals) {
      const usage = 'parallax import --workspace DIR --format FORMAT PATH'
      const [target, ...rest] = positionals
      if (!target || rest.length > 0) throw new AppError('invalid-input', `import takes one PATH: ${usage}`)
      const format = oneOf(required(values, 'format', usage), importFormats, 'The format')
      // an import writes: it takes the workspace's lock, and refuses while a Parallax has it open (a dry run only reads)
      const workspace = await Workspace.open(required(values, 'workspace', usage), { ...(values['dry-run'] ? {} : { write: 'import' as const }), dataDir: userDataDir() })
      let report
      try {
        if (workspace.readOnly) throw new AppError('read-only', `nothing was imported. ${workspace.readOnlyReason} Or import from within it (File → Import…).`)
        const files = await importFiles(target, format)
        progress(`Reading ${files.length} file(s)…`)
        const bundle = readImport(workspace, format, files, values.annotator as string | undefined)
        if (values['dry-run']) {
          const annotations = bundle.layers.reduce((n, layer) => n + layer.annotations.length, 0)
          process.stdout.write(`Read ${countOf(annotations, 'annotation')} of ${bundle.layers.map((l) => l.annotator).join(', ') || 'nobody'}; nothing was written (--dry-run).\n`)
          return 0
        }
        report = await saveImport(workspace, bundle, files.length === 1 ? (files[0] as ImportFile).name : target)
      } finally {
        workspace.close()
      }
      process.stdout.write(
        `Imported ${importedCounts(report)} of ${report.annotators.join(', ') || 'nobody'}.\n`,
      )
      for (const moved of report.reanchored) {
        process.stdout.write(`  re-anchored ${moved.annotator}'s "${moved.quote.slice(0, 50)}" in ${moved.articleId}: ${moved.from.join('–')} → ${moved.to.join('–')}\n`)
      }
      for (const note of report.notes) process.stdout.write(`  note: ${note}\n`)
      return 0
    },
  },
  agreement: {
    summary: 'Agreement between annotators: span F1, κ, Krippendorff’s α_u, overall and per label',
    usage: `parallax agreement --workspace DIR [--annotators A,B,...] [--article ID]... [--json]

Compares the annotators' layers (all of them but gold, without --annotators) on the chosen
articles (all without --article): span F1 with exact and with overlap matching, Cohen's κ for two
annotators or Fleiss' κ for more (over characters), and Krippendorff's α_u. --json prints
{ "annotators": [...], "overall": {...}, "byLabel": { "<label>": {...} } } with the metrics
f1Exact, f1Overlap, kappa and alphaU (null where a metric is not defined).`,
    options: { workspace: { type: 'string' }, annotators: { type: 'string' }, article: { type: 'string', multiple: true }, json: { type: 'boolean' } },
    async run(values) {
      const workspace = await Workspace.open(required(values, 'workspace', 'parallax agreement --workspace DIR'), { readOnly: true, dataDir: userDataDir() })
      const annotators = typeof values.annotators === 'string' ? values.annotators.split(',').map((name) => name.trim()).filter(Boolean) : undefined
      const report = await workspaceAgreement(workspace, { annotators, articleIds: list(values.article) })
      const summary = agreementSummary(report)
      if (values.json) {
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
        return 0
      }
      const format = (n: number | null) => (n === null ? '—' : n.toFixed(3))
      const rows = [['', 'F1 exact', 'F1 overlap', report.kappaCoefficient === 'cohen' ? "Cohen's κ" : "Fleiss' κ", 'α_u'], ...[['overall', summary.overall] as const, ...Object.entries(summary.byLabel)].map(([name, m]) => [name, ...METRIC_KEYS.map((key) => format(m[key] ?? null))])]
      const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => [...row[c]!].length)))
      process.stdout.write(`Agreement of ${report.annotators.join(', ')} on ${countOf(report.articles.length, 'article')}\n\n`)
      for (const row of rows) process.stdout.write(`${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')}\n`)
      return 0
    },
  },
  validate: {
    summary: 'Check a Parallax JSON file against its schema and itself',
    usage: `parallax validate FILE

Checks a Parallax JSON export (schemas/parallax-annotations.schema.json) and what the schema
cannot say: labels and values of the file's tagset, spans within their articles, links between
annotations that are there. For W3C, brat and Label Studio files, use
'parallax import --dry-run' against the workspace they belong to.`,
    options: {},
    async run(_values, positionals) {
      const [file, ...rest] = positionals
      if (!file || rest.length > 0) throw new AppError('invalid-input', 'validate takes one FILE: parallax validate FILE')
      const [input] = await importFiles(file, 'native')
      const { document, problems } = validateNative(input as ImportFile)
      if (problems.length > 0) {
        for (const problem of problems.slice(1)) process.stderr.write(`  ${problem}\n`)
        throw new AppError('invalid-input', `${file} is not valid: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more, above)` : ''}`)
      }
      const annotations = document?.layers.reduce((n, layer) => n + layer.annotations.length, 0) ?? 0
      process.stdout.write(`${file} is valid Parallax JSON: ${document?.layers.length ?? 0} layer(s), ${annotations} annotations, ${document?.articles.length ?? 0} articles.\n`)
      return 0
    },
  },
  init: {
    summary: 'Create a workspace with a copy of a corpus',
    usage: `parallax init DIR [--corpus SRC]

Creates the workspace DIR (new or empty) with a copy of the articles in SRC, a
folder of .txt/.md files with an optional manifest.json; without --corpus, the
bundled corpus.`,
    options: { corpus: { type: 'string' } },
    async run(values, positionals) {
      const [dir, ...rest] = positionals
      if (!dir || rest.length > 0) throw new AppError('invalid-input', 'init takes one folder: parallax init DIR [--corpus SRC]')
      const workspace = await Workspace.init(dir, (values.corpus as string | undefined) ?? bundledCorpusDir)
      process.stdout.write(`Created workspace ${workspace.root} with ${workspace.corpus.articles.length} articles.\n`)
      for (const warning of workspace.corpus.warnings) process.stderr.write(`warning: ${warning}\n`)
      return 0
    },
  },
}

const progress = (message: string): void => {
  process.stderr.write(`${message}\n`)
}

function required(values: Record<string, unknown>, name: string, usage: string): string {
  const value = values[name]
  if (typeof value !== 'string' || value === '') throw new AppError('invalid-input', `--${name} is required: ${usage}`)
  return value
}

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new AppError('invalid-input', `${what} "${value}" is not one of ${allowed.join(', ')}`)
  return value as T
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [])

async function isDirectory(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null))?.isDirectory() ?? false
}

/** The files an import reads: the file itself, or for brat every .ann and .txt in the folder. */
async function importFiles(target: string, format: ImportFormat): Promise<ImportFile[]> {
  if (format === 'brat' && (await isDirectory(target))) {
    const names = (await readdir(target)).filter((name) => name.endsWith('.ann') || name.endsWith('.txt')).sort()
    if (!names.some((name) => name.endsWith('.ann'))) {
      const folders = (await readdir(target, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name)
      const hint = folders.length ? `; a brat export of several annotators has one folder each (${folders.slice(0, 5).join(', ')}): import each with its --annotator` : ''
      throw new AppError('invalid-input', `${target} holds no .ann files${hint}`)
    }
    return Promise.all(names.map(async (name) => ({ name, content: await readFile(path.join(target, name), 'utf8') })))
  }
  const content = await readFile(target, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new AppError('not-found', error.code === 'ENOENT' ? `There is no file ${target}` : `Cannot read ${target}: ${error.message}`)
  })
  return [{ name: path.basename(target), content }]
}

function runElectron(binary: string, workspaceArg: string | undefined): Promise<number> {
  const args = [appRoot, ...(workspaceArg ? ['--workspace', path.resolve(workspaceArg)] : [])]
  const child = spawn(binary, args, { stdio: 'inherit' })
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)))
}

async function runBrowserMode(workspaceArg: string | undefined, open: boolean): Promise<number> {
  const dataDir = userDataDir()
  // the page loads while the workspace opens: its first calls wait for it
  const { opening, handlers } = launchApp(dataDir, workspaceArg, 'browser')
  // the page's first call answered with text made while the browser starts (`ahead`)
  const host = await startBrowserHost({ handlers: () => handlers, staticDir: rendererDir, ahead: opening.then((context) => context.firstScreen()) }).catch((error: unknown) => {
    void opening.then((context) => context.workspace().close()) // its lock given up
    throw error
  })
  process.stdout.write(`Parallax ready: ${host.url}\n`)
  const window = open ? openAppWindow(host.url, dataDir) : null
  if (open && !window) process.stderr.write('No Chromium or Chrome was found: open the address above in your browser (Ctrl+C stops Parallax).\n')
  window?.on('error', (error) => process.stderr.write(`Could not open a browser window (${error.message}): open the address above yourself.\n`))
  const windowClosed = new Promise<void>((resolve) => window?.once('exit', () => resolve()))
  let context: AppContext
  try {
    context = await opening
  } catch (error) {
    window?.kill()
    await host.close()
    throw error
  }
  for (const warning of context.workspace().info().warnings) process.stderr.write(`warning: ${warning}\n`)
  if (context.workspace().readOnlyReason) process.stderr.write(`warning: ${context.workspace().readOnlyReason}\n`)
  return new Promise((resolve) => {
    const stop = (code: number) => () =>
      void host.close().then(() => {
        context.workspace().close()
        resolve(code)
      })
    process.once('SIGINT', stop(0))
    process.once('SIGTERM', stop(0))
    void windowClosed.then(stop(0))
    void host.failed.then((why) => {
      process.stderr.write(`Parallax stops: ${why}.\n`)
      window?.kill()
      stop(1)()
    })
  })
}

function help(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length))
  return `Parallax: annotate how one event is reported across outlets and languages.

Usage: parallax <command> [options]   (parallax <command> --help for more)

Commands:
${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`)
  .join('\n')}

Data: ${userDataDir()} (settings, and the workspace of the bundled corpus)
`
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help())
    return 0
  }
  const command = commands[name]
  if (!command) {
    process.stderr.write(`parallax: there is no command "${name}" (parallax --help lists them)\n`)
    return 2
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`Usage: ${command.usage}\n`)
    return 0
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true })
    return await command.run(values, positionals)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`parallax ${name}: ${message.split('\n')[0]}\n`)
    return error instanceof AppError ? 1 : 2
  }
}
