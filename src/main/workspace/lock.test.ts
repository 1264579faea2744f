/**
 * Two instances, one workspace: whoever opens a workspace for writing takes `.parallax/lock`; a
 * second process finds it held and opens the workspace read-only, writing nothing; a lock whose
 * process is gone is taken over. Other processes are real ones (test-lock-holder.ts).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { runCli } from '../cli/index'
import { createAppContext } from '../handlers'
import { dispatch } from '../handlers/dispatch'
import { appRoot } from '../paths'
import { annotationOf, BUNDLED_CORPUS, call, captureCliOutput, expectFailure, makeTempDir, snapshotFiles, writeFiles } from '../test-helpers'
import { LOCK_FILE, type LockMode } from './lock'
import { Workspace } from './workspace'

const HOLDER = path.join(import.meta.dirname, 'test-lock-holder.ts')
const SWORN_IN = 'rutte-sworn-in-translated'

interface Holder {
  pid: number
  readOnly: boolean
  reason: string | null
  send(command: 'close' | 'exit' | 'crash'): void
  /** Resolves with the next line the process prints. */
  nextLine(): Promise<string>
  exited: Promise<void>
}

const children: ChildProcessWithoutNullStreams[] = []

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
})

/** Opens `dir` for writing in another process, and keeps it open until told otherwise. */
async function holdInChild(dir: string, mode: LockMode = 'browser'): Promise<Holder> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dir, mode], { cwd: appRoot, stdio: ['pipe', 'pipe', 'pipe'] })
  children.push(child)
  let buffer = ''
  const waiting: ((line: string) => void)[] = []
  const lines: string[] = []
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => {
    buffer += chunk
    for (let at = buffer.indexOf('\n'); at !== -1; at = buffer.indexOf('\n')) {
      const line = buffer.slice(0, at)
      buffer = buffer.slice(at + 1)
      const next = waiting.shift()
      if (next) next(line)
      else lines.push(line)
    }
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const nextLine = () =>
    new Promise<string>((resolve, reject) => {
      const early = lines.shift()
      if (early !== undefined) return resolve(early)
      waiting.push(resolve)
      void exited.then(() => reject(new Error(`the holder exited: ${stderr}`)))
    })
  const first = JSON.parse(await nextLine()) as { pid: number; readOnly: boolean; reason: string | null }
  return { ...first, send: (command) => child.stdin.write(`${command}\n`), nextLine, exited }
}

/** A workspace of the bundled corpus, made without taking its lock. */
async function workspaceDir(): Promise<string> {
  const dir = path.join(await makeTempDir(), 'ws')
  await Workspace.init(dir, BUNDLED_CORPUS)
  return dir
}

const lockOf = async (dir: string) => JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8')) as { pid: number; hostname: string; mode: string; startedAt: string; id: string }

/** The pid of a process that has run and ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await new Promise((resolve) => child.once('exit', resolve))
  return child.pid as number
}

describe('the workspace lock', () => {
  it('is taken when a workspace is opened for writing, names its holder, and is removed on close', async () => {
    const dir = await workspaceDir()
    const workspace = await Workspace.open(dir, { write: 'electron' })
    expect(workspace.readOnly).toBe(false)
    expect(workspace.info()).not.toHaveProperty('readOnly')
    expect(await lockOf(dir)).toMatchObject({ pid: process.pid, hostname: os.hostname(), mode: 'electron', schemaVersion: 1 })
    expect(Date.parse((await lockOf(dir)).startedAt)).not.toBeNaN()
    // it stays out of git with the rest of .parallax/
    expect(await readFile(path.join(dir, '.parallax', '.gitignore'), 'utf8')).toBe('*\n')
    workspace.close()
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false)
    workspace.close() // twice is harmless
  })

  it('lets a second window read the layer files, and remember none of them as checked: only the holder does', async () => {
    const dir = await workspaceDir()
    const dataDir = await makeTempDir()
    const app = await Workspace.open(dir, { write: 'electron', dataDir })
    const context = createAppContext({ dataDir, workspace: app })
    await call(context.handlers, 'settings:setAnnotator', { name: 'Ada' })
    const annotation = annotationOf(app, SWORN_IN, 'Mark Rutte', { id: 'a1', label: 'speaker', annotator: 'Ada' })
    await call(context.handlers, 'edits:apply', { edits: [{ op: 'put-annotation', annotation }] })
    app.close()
    await holdInChild(dir, 'browser')
    const before = await snapshotFiles(dataDir)

    const second = await Workspace.open(dir, { write: 'electron', dataDir })
    expect(second.readOnly).toBe(true)
    expect((await second.layers.files('Ada', second.articleIds)).flatMap((f) => f.data.annotations.map((a) => a.id))).toEqual(['a1'])
    await second.loaded()
    second.close()
    expect(await snapshotFiles(dataDir)).toEqual(before)
  })

  it('is not taken by an open that only reads (export, validate, agreement), which is never read-only', async () => {
    const dir = await workspaceDir()
    const holder = await holdInChild(dir)
    const reader = await Workspace.open(dir)
    expect(reader.readOnly).toBe(false)
    expect((await lockOf(dir)).pid).toBe(holder.pid)
    reader.close()
    expect((await lockOf(dir)).pid).toBe(holder.pid)
  })

  it('opens a workspace another live process holds read-only, says who holds it, and writes nothing', async () => {
    const dir = await workspaceDir()
    const holder = await holdInChild(dir, 'browser')
    expect(holder.readOnly).toBe(false)
    const before = await snapshotFiles(dir)

    const second = await Workspace.open(dir, { write: 'electron' })
    expect(second.readOnly).toBe(true)
    const info = second.info()
    expect(info.readOnly).toBe(true)
    expect(info.readOnlyReason).toContain('read-only')
    expect(info.readOnlyReason).toContain('browser mode')
    expect(info.readOnlyReason).toContain(`process ${holder.pid}`)
    expect(info.readOnlyReason).toContain(path.join(dir, LOCK_FILE))
    // it still reads: the corpus, the tagset
    expect(second.list()).toHaveLength(5)

    const dataDir = await makeTempDir()
    const context = createAppContext({ dataDir, workspace: second })
    await call(context.handlers, 'settings:setAnnotator', { name: 'Ada' }) // the user's settings, not the workspace
    const annotation = annotationOf(second, SWORN_IN, 'Mark Rutte', { id: 'a1', label: 'speaker', annotator: 'Ada' })
    expectFailure(await dispatch(context.handlers, 'edits:apply', { edits: [{ op: 'put-annotation', annotation }] }), 'read-only', 'read-only', `process ${holder.pid}`)
    expectFailure(
      await dispatch(context.handlers, 'interchange:import', {
        format: 'brat',
        annotator: 'Bea',
        files: [{ name: `${SWORN_IN}.ann`, content: 'T1\tspeaker 0 4\tMark\n' }],
      }),
      'read-only',
    )
    // the view state of this window is kept in memory, not written over the other's
    const ui = await call(context.handlers, 'ui:set', { openArticles: [SWORN_IN], sidebarOpen: false })
    expect(ui).toMatchObject({ openArticles: [SWORN_IN], sidebarOpen: false })
    expect(await call(context.handlers, 'ui:get', {})).toMatchObject({ openArticles: [SWORN_IN], sidebarOpen: false })
    expect(await call(context.handlers, 'workspace:info', {})).toMatchObject({ readOnly: true })

    expect(await snapshotFiles(dir)).toEqual(before)
    second.close() // does not give up a lock it does not hold
    expect((await lockOf(dir)).pid).toBe(holder.pid)
  })

  it('lets a read-only open repair nothing: a damaged file and a dead writer’s temp file are left to the one that writes', async () => {
    const dir = await workspaceDir()
    await holdInChild(dir)
    const dead = await deadPid()
    await writeFiles(dir, { 'entities.json': '{"schemaVersion":1,"entities":[', [`.entities.json.${dead}.1.tmp`]: '{}', '.parallax/ui.json': '\0\0\0' })
    const before = await snapshotFiles(dir)
    const second = await Workspace.open(dir, { write: 'electron' })
    expect(second.readOnly).toBe(true)
    expect(await snapshotFiles(dir)).toEqual(before)
    second.close()
  })

  it('is given up by a process that exits without closing the workspace', async () => {
    const dir = await workspaceDir()
    const holder = await holdInChild(dir)
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(true)
    holder.send('exit')
    await holder.exited
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false)
  })

  it('is given up on close, after which the other process opens the workspace for writing again', async () => {
    const dir = await workspaceDir()
    const holder = await holdInChild(dir)
    expect((await Workspace.open(dir, { write: 'electron' })).readOnly).toBe(true)
    holder.send('close')
    expect(await holder.nextLine()).toBe('closed')
    const again = await Workspace.open(dir, { write: 'electron' })
    expect(again.readOnly).toBe(false)
    expect((await lockOf(dir)).pid).toBe(process.pid)
    again.close()
  })

  it('is taken over from a process that was killed (SIGKILL), and the workspace opens for writing', async () => {
    const dir = await workspaceDir()
    const holder = await holdInChild(dir)
    holder.send('crash')
    await holder.exited
    const stale = await lockOf(dir) // a kill leaves the lock behind
    expect(stale.pid).toBe(holder.pid)

    const workspace = await Workspace.open(dir, { write: 'browser' })
    expect(workspace.readOnly).toBe(false)
    expect(await lockOf(dir)).toMatchObject({ pid: process.pid, mode: 'browser' })
    expect((await lockOf(dir)).id).not.toBe(stale.id)
    const context = createAppContext({ dataDir: await makeTempDir(), workspace })
    await call(context.handlers, 'settings:setAnnotator', { name: 'Ada' })
    await call(context.handlers, 'edits:apply', { edits: [{ op: 'put-annotation', annotation: annotationOf(workspace, SWORN_IN, 'Mark Rutte', { id: 'a1', label: 'speaker', annotator: 'Ada' }) }] })
    workspace.close()
  })

  it('takes over a lock whose pid is not running on this machine, and one that is not a lock at all', async () => {
    const dir = await workspaceDir()
    const lock = path.join(dir, LOCK_FILE)
    for (const content of [
      JSON.stringify({ schemaVersion: 1, id: 'old', pid: await deadPid(), hostname: os.hostname(), mode: 'electron', startedAt: '2024-01-01T00:00:00.000Z' }),
      '',
      '{"pid":',
      '\0\0\0\0',
    ]) {
      await writeFile(lock, content)
      const workspace = await Workspace.open(dir, { write: 'electron' })
      expect(workspace.readOnly, JSON.stringify(content)).toBe(false)
      expect((await lockOf(dir)).pid).toBe(process.pid)
      workspace.close()
      expect(existsSync(lock)).toBe(false)
    }
  })

  it('respects a lock held on another machine (a shared folder), whose process cannot be checked', async () => {
    const dir = await workspaceDir()
    const other = { schemaVersion: 1, id: 'x', pid: await deadPid(), hostname: `not-${os.hostname()}`, mode: 'browser', startedAt: '2024-01-01T00:00:00.000Z' }
    await writeFile(path.join(dir, LOCK_FILE), JSON.stringify(other))
    const workspace = await Workspace.open(dir, { write: 'electron' })
    expect(workspace.readOnly).toBe(true)
    expect(workspace.readOnlyReason).toContain(`on not-${os.hostname()}`)
    workspace.close()
    expect(JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8'))).toEqual(other)
  })

  it.each([
    ['free', false],
    ['left behind by a killed process', true],
  ])('lets exactly one of several processes that open the workspace at once write, its lock %s', async (_what, stale) => {
    const dir = await workspaceDir()
    if (stale) {
      const old = { schemaVersion: 1, id: 'old', pid: await deadPid(), hostname: os.hostname(), mode: 'electron', startedAt: '2024-01-01T00:00:00.000Z' }
      await writeFile(path.join(dir, LOCK_FILE), JSON.stringify(old))
    }
    const holders = await Promise.all([1, 2, 3, 4].map(() => holdInChild(dir)))
    expect(holders.filter((h) => !h.readOnly)).toHaveLength(1)
    const writer = holders.find((h) => !h.readOnly)!
    expect((await lockOf(dir)).pid).toBe(writer.pid)
    for (const h of holders.filter((h) => h.readOnly)) expect(h.reason).toContain(`process ${writer.pid}`)
  })

  it('is shared by two opens in one process (reopening the same workspace) and removed when the last closes', async () => {
    const dir = await workspaceDir()
    const first = await Workspace.open(dir, { write: 'electron' })
    const second = await Workspace.open(dir, { write: 'electron' })
    expect(second.readOnly).toBe(false)
    first.close()
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(true)
    second.close()
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false)
  })

  it('is the same lock for a workspace reached through a link', async () => {
    const dir = await workspaceDir()
    const link = path.join(await makeTempDir(), 'linked')
    await symlink(dir, link)
    const first = await Workspace.open(dir, { write: 'electron' })
    const second = await Workspace.open(link, { write: 'electron' })
    expect(second.readOnly).toBe(false)
    second.close()
    expect((await lockOf(dir)).pid).toBe(process.pid) // still held, by the first
    first.close()
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false)
  })

  it('moves with workspace:open: the new workspace is locked and the old one given up', async () => {
    const dir = await workspaceDir()
    const other = await makeTempDir()
    await writeFiles(other, { 'one.txt': 'One' })
    const context = createAppContext({ dataDir: await makeTempDir(), workspace: await Workspace.open(dir, { write: 'browser' }) })
    await call(context.handlers, 'workspace:open', { path: other })
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false)
    expect(await lockOf(other)).toMatchObject({ pid: process.pid, mode: 'browser' })
    // and back to the same one it has open: still locked, once
    await call(context.handlers, 'workspace:open', { path: other })
    expect(existsSync(path.join(other, LOCK_FILE))).toBe(true)
    context.workspace().close()
    expect(existsSync(path.join(other, LOCK_FILE))).toBe(false)
  })

  it('opens a workspace held elsewhere read-only through workspace:open too, and keeps the old one on a failed open', async () => {
    const dir = await workspaceDir()
    const held = await workspaceDir()
    const holder = await holdInChild(held)
    const context = createAppContext({ dataDir: await makeTempDir(), workspace: await Workspace.open(dir, { write: 'electron' }) })
    expect(await call(context.handlers, 'workspace:open', { path: held })).toMatchObject({ readOnly: true, readOnlyReason: expect.stringContaining(`process ${holder.pid}`) })
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false)
    expect(await call(context.handlers, 'workspace:open', { path: dir })).not.toHaveProperty('readOnly')
    const empty = await makeTempDir()
    expectFailure(await dispatch(context.handlers, 'workspace:open', { path: empty }), 'not-found')
    expect((await lockOf(dir)).pid).toBe(process.pid) // the open workspace keeps its lock
    expect(existsSync(path.join(empty, '.parallax'))).toBe(false) // and a folder that is no workspace gets nothing
    context.workspace().close()
  })
})

describe('parallax import and the lock', () => {
  const output = captureCliOutput()

  it('refuses to import into a workspace a Parallax has open, and writes nothing', async () => {
    const dir = await workspaceDir()
    const bratDir = await makeTempDir()
    const text = await readFile(path.join(dir, 'corpus', `${SWORN_IN}.txt`), 'utf8')
    await writeFiles(bratDir, { [`${SWORN_IN}.ann`]: `T1\tspeaker ${text.indexOf('Mark Rutte')} ${text.indexOf('Mark Rutte') + 10}\tMark Rutte\n` })
    const holder = await holdInChild(dir, 'electron')
    const before = await snapshotFiles(dir)
    expect(await runCli(['import', '--workspace', dir, '--format', 'brat', bratDir, '--annotator', 'Bea'])).toBe(1)
    expect(output.stderr).toContain('nothing was imported')
    expect(output.stderr).toContain('the Parallax app is writing to it')
    expect(output.stderr).toContain(`process ${holder.pid}`)
    expect(await snapshotFiles(dir)).toEqual(before)
    // a dry run only reads: it goes ahead
    expect(await runCli(['import', '--workspace', dir, '--format', 'brat', bratDir, '--annotator', 'Bea', '--dry-run'])).toBe(0)

    holder.send('close')
    await holder.nextLine()
    expect(await runCli(['import', '--workspace', dir, '--format', 'brat', bratDir, '--annotator', 'Bea'])).toBe(0)
    expect(Object.keys(await snapshotFiles(dir))).toContain('annotations/bea/rutte-sworn-in-translated.json')
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false) // given up when it is done
  })
})
