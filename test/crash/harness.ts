/**
 * The crash harness (guarantee 1 of docs/reliability.md): runs `writer.ts` in a child process on a
 * temp workspace, kills it with SIGKILL at a random moment, and checks the workspace it left: every
 * store file parses and validates, and every edit the writer was told was saved is there. Then it
 * starts the next writer on the same workspace, which finds what the killed one left behind
 * (temp files of an unfinished write among it), and so on, `kills` times.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Channel, ChannelInput, ChannelOutput } from '../../src/shared/api'
import { dispatch } from '../../src/main/handlers/dispatch'
import { createAppContext } from '../../src/main/handlers/index'
import { appRoot } from '../../src/main/paths'
import { CheckedFormat } from '../../src/main/store/checked-texts'
import type { FileFormat } from '../../src/main/store/versions'
import { readAs } from '../../src/main/store/versions'
import { EntitiesFormat } from '../../src/main/workspace/entities'
import { LayerArticleFormat, LayerInfoFormat } from '../../src/main/workspace/layers'
import { SettingsFormat, UserSettings } from '../../src/main/workspace/settings'
import { TagsetFormat } from '../../src/main/workspace/tagset-file'
import { UiFormat, Workspace, WorkspaceFormat } from '../../src/main/workspace/workspace'

const WRITER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'writer.ts')
const ANNOTATOR = 'Crash Tester'
const TEMP_FILE = /^\..+\.\d+\.\d+\.tmp$/

export interface CrashRun {
  /** Kills in all. */
  kills: number
  /** Kills that came while the writer was saving (after it said it was ready). */
  killsWhileWriting: number
  /** Kills that came while a save was in flight: announced, not yet acknowledged. */
  killsMidSave: number
  /** Edits acknowledged to the writer over all runs. */
  acknowledged: number
  /** Temp files of an unfinished write that kills left, all removed when the workspace was opened again. */
  leftoverTempFiles: number
  /** Kills that came after an edit reached the disk but before it was acknowledged (allowed: that edit was in flight). */
  unacknowledgedOnDisk: number
  milliseconds: number
}

export interface CrashOptions {
  kills: number
  /** Random kill moment, in milliseconds after the writer is ready. */
  maxDelayMs?: number
  seed?: number
  log?: (line: string) => void
}

/** The format every store file of the workspace must read as, by its path. */
function formatOf(relative: string): FileFormat | null {
  if (relative === 'parallax-workspace.json') return WorkspaceFormat
  if (relative === 'tagset.json') return TagsetFormat
  if (relative === 'entities.json') return EntitiesFormat
  if (relative === '.parallax/ui.json') return UiFormat
  if (/^annotations\/[^/]+\/_layer\.json$/.test(relative)) return LayerInfoFormat
  if (/^annotations\/[^/]+\/[^/]+\.json$/.test(relative)) return LayerArticleFormat
  return null
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
}

/** Every JSON file of the workspace (and its backups) parses and validates as the current version; no file was moved aside as damaged. */
async function checkFiles(root: string, dataDir: string): Promise<void> {
  for (const relative of await filesUnder(root)) {
    if (relative.includes('.corrupt-')) throw new Error(`a file was found damaged and moved aside: ${relative}`)
    const name = path.basename(relative)
    if (!name.endsWith('.json') || relative.startsWith('corpus/')) continue
    const backup = relative.startsWith('.parallax/backups/')
    const format = formatOf(backup ? relative.slice('.parallax/backups/'.length) : relative)
    if (!format) throw new Error(`an unexpected file: ${relative}`)
    const reading = readAs(format, await readFile(path.join(root, relative), 'utf8'))
    if (reading.kind !== 'current') throw new Error(`${relative} does not read as a good file: ${JSON.stringify(reading)}`)
  }
  const settings = readAs(SettingsFormat, await readFile(path.join(dataDir, 'settings.json'), 'utf8'))
  if (settings.kind !== 'current') throw new Error('settings.json does not read as a good file')
  // the digests of the checked layer files: written whole or not at all, like every store file
  for (const name of await readdir(path.join(dataDir, 'checked')).catch(() => [])) {
    if (!name.endsWith('.json')) continue
    const reading = readAs(CheckedFormat, await readFile(path.join(dataDir, 'checked', name), 'utf8'))
    if (reading.kind !== 'current') throw new Error(`checked/${name} does not read as a good file: ${JSON.stringify(reading)}`)
  }
}

/** Runs one writer until it is killed; gives its acknowledged lines and whether the kill came while it was writing. */
function runWriter(root: string, dataDir: string, seed: number, delayMs: number): Promise<{ lines: string[]; whileWriting: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, root, dataDir, String(seed)], { cwd: appRoot, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let stderr = ''
    let ready = false
    let killed = false
    const kill = (): void => {
      if (killed) return
      killed = true
      child.kill('SIGKILL')
    }
    // a kill before `ready` lands while the workspace opens (and cleans up after the last kill)
    const early = delayMs < 0 ? setTimeout(kill, -delayMs) : null
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      out += chunk
      if (!ready && out.includes('ready\n')) {
        ready = true
        if (!early) setTimeout(kill, delayMs)
      }
    })
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => (stderr += chunk))
    const guard = setTimeout(() => {
      kill()
      reject(new Error(`the writer did not get going within 30 s: ${stderr}`))
    }, 30_000)
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      clearTimeout(guard)
      if (early) clearTimeout(early)
      if (signal !== 'SIGKILL') {
        reject(new Error(`the writer stopped by itself (exit ${code}): ${out.split('\n').find((l) => l.startsWith('!')) ?? stderr}`))
        return
      }
      // a line cut off by the kill (no newline yet) does not count: it may not have been acknowledged in full
      const lines = out.split('\n').slice(0, -1)
      resolve({ lines, whileWriting: ready, stderr })
    })
  })
}

export async function runCrashHarness(options: CrashOptions): Promise<CrashRun> {
  const started = performance.now()
  const log = options.log ?? (() => undefined)
  const base = await mkdtemp(path.join(os.tmpdir(), 'parallax-crash-'))
  const firstSeed = options.seed ?? Date.now() % 1_000_000
  let seed = firstSeed
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed / 2147483648
  }
  try {
    const root = path.join(base, 'ws')
    const dataDir = path.join(base, 'data')
    await Workspace.init(root, path.join(appRoot, 'corpus'))
    await new UserSettings(dataDir).setAnnotator(ANNOTATOR)
    /** What the disk must hold: annotation ids and entity ids, as acknowledged (or found on disk after a kill). */
    let annotations = new Set<string>()
    let entities = new Set<string>()
    const run: CrashRun = { kills: 0, killsWhileWriting: 0, killsMidSave: 0, acknowledged: 0, leftoverTempFiles: 0, unacknowledgedOnDisk: 0, milliseconds: 0 }
    for (let kill = 1; kill <= options.kills; kill++) {
      // one kill in eight lands while the writer opens the workspace; the others while it saves
      const delay = random() < 0.125 ? -(50 + Math.floor(random() * 600)) : Math.floor(random() * (options.maxDelayMs ?? 250))
      const { lines, whileWriting } = await runWriter(root, dataDir, Math.floor(random() * 1e9), delay)
      run.kills++
      if (whileWriting) run.killsWhileWriting++
      let inFlight: string | null = null
      const acknowledgedBefore = run.acknowledged
      for (const line of lines) {
        if (line.startsWith('? ')) {
          inFlight = line.slice(2)
          continue
        }
        const [kind, id] = line.split(' ') as [string, string]
        if (kind === '+') annotations.add(id)
        else if (kind === '-') annotations.delete(id)
        else if (kind === 'e') entities.add(id)
        else continue
        if (line === inFlight) inFlight = null
        run.acknowledged++
      }
      if (inFlight !== null) run.killsMidSave++
      run.leftoverTempFiles += (await filesUnder(root)).filter((f) => TEMP_FILE.test(path.basename(f))).length

      await checkFiles(root, dataDir)
      // reads the layer files as the next opening of the app does: those remembered as checked, unchecked
      const workspace = await Workspace.open(root, { dataDir })
      const { handlers } = createAppContext({ dataDir, workspace })
      const call = async <C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
        const result = await dispatch(handlers, channel, input)
        if (!result.ok) throw new Error(`kill ${kill}: ${channel} failed: ${result.error.message}`)
        return result.value as ChannelOutput<C>
      }
      const { warnings } = await call('workspace:info', {})
      if (warnings.length > 0) throw new Error(`kill ${kill}: the workspace opened with warnings: ${warnings.join(' / ')}`)
      const listed = await call('annotations:list', { annotators: [ANNOTATOR] })
      const onDisk = new Set((listed.layers[0]?.annotations ?? []).map((a) => a.id))
      const entitiesOnDisk = new Set((await workspace.entities()).data.entities.map((e) => e.id))
      // the edit in flight when the kill came (announced, not acknowledged) may or may not be on disk: it is the only leeway
      const [pending, pendingId] = (inFlight ?? ' ').split(' ') as [string, string]
      const mayDiffer = (kind: string, id: string): boolean => pending === kind && pendingId === id
      const lost = [...annotations].filter((id) => !onDisk.has(id) && !mayDiffer('-', id))
      const unacknowledged = [...onDisk].filter((id) => !annotations.has(id) && !mayDiffer('+', id))
      const lostEntities = [...entities].filter((id) => !entitiesOnDisk.has(id))
      const extraEntities = [...entitiesOnDisk].filter((id) => !entities.has(id) && !mayDiffer('e', id))
      const problems = [
        lost.length ? `acknowledged annotations missing: ${lost.join(', ')}` : '',
        unacknowledged.length ? `annotations on disk that were deleted or never saved: ${unacknowledged.join(', ')}` : '',
        lostEntities.length ? `acknowledged entities missing: ${lostEntities.join(', ')}` : '',
        extraEntities.length ? `entities on disk that were never saved: ${extraEntities.join(', ')}` : '',
      ].filter(Boolean)
      if (problems.length > 0) throw new Error(`kill ${kill} (harness seed ${firstSeed}): ${problems.join('; ')}`)
      const landed = pending === '+' ? onDisk.has(pendingId) : pending === '-' ? !onDisk.has(pendingId) : pending === 'e' ? entitiesOnDisk.has(pendingId) : false
      if (landed) run.unacknowledgedOnDisk++
      const tempsLeft = (await filesUnder(root)).filter((f) => TEMP_FILE.test(path.basename(f)))
      if (tempsLeft.length > 0) throw new Error(`kill ${kill}: opening the workspace left temp files: ${tempsLeft.join(', ')}`)
      annotations = onDisk
      entities = entitiesOnDisk
      log(`kill ${kill}${whileWriting ? '' : ' (while opening)'}: ${run.acknowledged - acknowledgedBefore} acknowledged, ${onDisk.size} annotations and ${entitiesOnDisk.size} entities on disk, all there`)
    }
    run.milliseconds = Math.round(performance.now() - started)
    return run
  } finally {
    await rm(base, { recursive: true, force: true })
  }
}
