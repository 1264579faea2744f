/**
 * The `parallax` command line: plain Node, no Electron. `start` opens the workbench (Electron when
 * its binary is there, browser mode otherwise); the other commands work on a workspace headless.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { AppError } from '../../shared/result'
import { createAppContext } from '../handlers'
import { appRoot, bundledCorpusDir, rendererDir, userDataDir } from '../paths'
import { startBrowserHost } from '../server/host'
import { prepareWorkspace } from '../workspace/prepare'
import { Workspace } from '../workspace/workspace'
import { openAppWindow } from './browser'
import { findElectronBinary } from './electron-binary'

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

function runElectron(binary: string, workspaceArg: string | undefined): Promise<number> {
  const args = [appRoot, ...(workspaceArg ? ['--workspace', path.resolve(workspaceArg)] : [])]
  const child = spawn(binary, args, { stdio: 'inherit' })
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)))
}

async function runBrowserMode(workspaceArg: string | undefined, open: boolean): Promise<number> {
  const dataDir = userDataDir()
  const context = createAppContext({ dataDir, workspace: await prepareWorkspace(dataDir, workspaceArg) })
  const host = await startBrowserHost({ handlers: () => context.handlers, staticDir: rendererDir })
  process.stdout.write(`Parallax ready: ${host.url}\n`)
  for (const warning of context.workspace().corpus.warnings) process.stderr.write(`warning: ${warning}\n`)
  return new Promise((resolve) => {
    const stop = (code: number) => () => void host.close().then(() => resolve(code))
    process.once('SIGINT', stop(0))
    process.once('SIGTERM', stop(0))
    if (!open) return
    const window = openAppWindow(host.url, dataDir)
    if (!window) {
      process.stderr.write('No Chromium or Chrome was found: open the address above in your browser (Ctrl+C stops Parallax).\n')
      return
    }
    window.on('error', (error) => process.stderr.write(`Could not open a browser window (${error.message}): open the address above yourself.\n`))
    window.on('exit', stop(0))
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
