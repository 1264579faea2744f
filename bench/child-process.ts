/** Runs one case in a child process (bench/child.ts) with a time limit, and reads its result. */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { appRoot } from '../src/main/paths'
import { RESULT_PREFIX, type ChildTask } from './child-task'

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'child.ts')
/** Inside the app's folder (its modules find the app's files from where they are), with the build's output. */
export const CHILD_BUNDLE = path.join(appRoot, 'out', 'bench', 'child.mjs')

let bundling: Promise<string> | null = null

/**
 * bench/child.ts and the app's modules it runs, bundled into one file as the app's main process is
 * (its packages loaded from node_modules), once a run: a case's process then holds what the app's
 * would, and not tsx's TypeScript loader, whose thread and compiled sources added 30–55 MB to every
 * peak RSS measured.
 */
export function childBundle(): Promise<string> {
  bundling ??= build({
    entryPoints: [CHILD],
    outfile: CHILD_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'silent',
  }).then(() => CHILD_BUNDLE)
  return bundling
}

/** Where children write CPU profiles (`--profile DIR`), or null. */
let profileDir: string | null = null
export const profileChildrenInto = (dir: string | null): void => {
  profileDir = dir
}

export async function runChild<T>(task: ChildTask, timeoutMs: number): Promise<T> {
  const bundle = await childBundle()
  return new Promise((resolve, reject) => {
    // one folder per case
    const profiling = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, `${task.case}${'target' in task ? `-${task.target}` : ''}-${Date.now()}`)}`] : []
    const child = spawn(process.execPath, [...profiling, bundle, JSON.stringify(task)], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${task.case} took more than ${Math.round(timeoutMs / 1000)} s and was stopped`))
    }, timeoutMs)
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX))
      if (code === 0 && line) resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as T)
      else reject(new Error(`${task.case} failed (${signal ?? `exit ${code}`}): ${stderr.trim().split('\n').slice(-3).join(' ').slice(0, 400)}`))
    })
  })
}
