/**
 * One writer per workspace. The app (Electron or browser mode) and `parallax import` take
 * `.parallax/lock` before they write; whoever finds it held by a live process opens the workspace
 * read-only. The lock is made complete in a temp file and hard-linked into place, so that it is
 * created exclusively and never seen half written; it is removed when the workspace is closed or
 * the process exits, and a lock whose process is gone (crashed, killed) is taken over.
 */
import { randomUUID } from 'node:crypto'
import { linkSync, mkdirSync, readFileSync, realpathSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { z } from 'zod'

/** The lock file, relative to the workspace (in its git-ignored `.parallax/`). */
export const LOCK_FILE = '.parallax/lock'
export const LOCK_SCHEMA_VERSION = 1

/** Who writes: the desktop app, browser mode, or the command line's import. */
export const lockModes = ['electron', 'browser', 'import'] as const
export type LockMode = (typeof lockModes)[number]

const modeNames: Record<LockMode, string> = { electron: 'the Parallax app', browser: 'Parallax in browser mode', import: 'a `parallax import`' }

/** What the lock file says about its holder. Read leniently: only pid and hostname decide. */
export const LockHolder = z.object({
  schemaVersion: z.number().int(),
  id: z.string().min(1).max(100),
  pid: z.number().int().positive(),
  hostname: z.string().max(300),
  mode: z.string().max(40),
  startedAt: z.string().max(40),
})
export type LockHolder = z.infer<typeof LockHolder>

export interface WorkspaceLock {
  readonly file: string
  readonly holder: LockHolder
  /** Gives the lock up (when no other workspace of this process shares it). Idempotent. */
  release(): void
}

export type LockAttempt = { ok: true; lock: WorkspaceLock } | { ok: false; holder: LockHolder | null; file: string }

/** Locks this process holds, by file, with how many open workspaces share each. */
const held = new Map<string, { content: string; holder: LockHolder; refs: number }>()

let exitHookInstalled = false
function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.once('exit', () => {
    for (const file of [...held.keys()]) removeIfOurs(file)
  })
}

function removeIfOurs(file: string): void {
  const entry = held.get(file)
  held.delete(file)
  if (!entry) return
  try {
    if (readFileSync(file, 'utf8') === entry.content) unlinkSync(file)
  } catch {
    // gone already, or the folder is: nothing to give up
  }
}

/** The holder the file names; null when there is no file, 'unreadable' when it is not a lock. */
function readHolder(file: string): { content: string; holder: LockHolder | null } | null {
  let content: string
  try {
    content = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  let json: unknown = null
  try {
    json = JSON.parse(content)
  } catch {
    // not JSON: not a lock any live process of ours wrote (they are written whole)
  }
  const parsed = LockHolder.safeParse(json)
  return { content, holder: parsed.success ? parsed.data : null }
}

/** Whether the holder's process is still running. A holder on another machine is assumed to be: its process cannot be checked from here. */
export function holderIsAlive(holder: LockHolder): boolean {
  if (holder.hostname !== os.hostname()) return true
  // our own pid in a lock this process does not hold: a leftover of an earlier process that had the same pid
  if (holder.pid === process.pid) return false
  try {
    process.kill(holder.pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' // alive, owned by someone else
  }
}

/** Creates `file` with `content` only if it does not exist, and never half written. */
function createExclusive(file: string, content: string): boolean {
  const temp = `${file}.${randomUUID()}.tmp`
  writeFileSync(temp, content, { flag: 'wx' })
  try {
    linkSync(temp, file)
    return true
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    // a file system without hard links: exclusive create, written at once (the content is tiny)
    try {
      writeFileSync(file, content, { flag: 'wx' })
      return true
    } catch (fallback) {
      if ((fallback as NodeJS.ErrnoException).code === 'EEXIST') return false
      throw fallback
    }
  } finally {
    try {
      unlinkSync(temp)
    } catch {
      // already gone
    }
  }
}

/**
 * Moves a stale lock out of the way. It is renamed aside first and checked to be the one judged
 * stale: if another process replaced it meanwhile, that process's lock is put back.
 */
function removeStale(file: string, staleContent: string): void {
  const aside = `${file}.stale-${randomUUID()}`
  try {
    renameSync(file, aside)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  try {
    if (readFileSync(aside, 'utf8') !== staleContent) {
      try {
        linkSync(aside, file)
      } catch {
        // a third process locked it meanwhile: its lock stands
      }
    }
  } finally {
    unlinkSync(aside)
  }
}

/**
 * Takes the lock of the workspace at `root` for writing, or says who holds it. A process that
 * holds it already shares it (reopening the workspace it has open).
 */
export function acquireLock(root: string, mode: LockMode): LockAttempt {
  // by its real path: the same workspace reached through a link is the same lock
  const file = path.join(realpathSync(path.resolve(root)), LOCK_FILE)
  const mine = held.get(file)
  if (mine) {
    mine.refs++
    return { ok: true, lock: handle(file, mine.holder) }
  }
  mkdirSync(path.dirname(file), { recursive: true })
  for (let attempt = 0; attempt < 5; attempt++) {
    const holder: LockHolder = {
      schemaVersion: LOCK_SCHEMA_VERSION,
      id: randomUUID(),
      pid: process.pid,
      hostname: os.hostname(),
      mode,
      startedAt: new Date().toISOString(),
    }
    const content = `${JSON.stringify(holder, null, 2)}\n`
    if (createExclusive(file, content)) {
      held.set(file, { content, holder, refs: 1 })
      installExitHook()
      return { ok: true, lock: handle(file, holder) }
    }
    const current = readHolder(file)
    if (!current) continue // released meanwhile: try again
    if (current.holder && holderIsAlive(current.holder)) return { ok: false, holder: current.holder, file }
    removeStale(file, current.content)
  }
  // another process keeps taking and giving up the lock: treat it as held
  return { ok: false, holder: readHolder(file)?.holder ?? null, file }
}

function handle(file: string, holder: LockHolder): WorkspaceLock {
  let released = false
  return {
    file,
    holder,
    release() {
      if (released) return
      released = true
      const entry = held.get(file)
      if (!entry) return
      if (--entry.refs > 0) return
      removeIfOurs(file)
    },
  }
}

/** Says, for the user, who holds a lock this process could not take. */
export function describeHolder(holder: LockHolder | null, file: string): string {
  if (!holder) return `another Parallax is writing to it (lock file ${file})`
  const who = modeNames[holder.mode as LockMode] ?? 'another Parallax'
  const where = holder.hostname === os.hostname() ? `process ${holder.pid}` : `process ${holder.pid} on ${holder.hostname}`
  return `${who} is writing to it (${where}, since ${holder.startedAt}; lock file ${file})`
}
