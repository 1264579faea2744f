/** Runs one case in a child process (bench/child.ts) with a time limit, and reads its result. */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { RESULT_PREFIX, type ChildTask } from './child-task'

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'child.ts')

/** Where children write CPU profiles (`--profile DIR`), or null. */
let profileDir: string | null = null
export const profileChildrenInto = (dir: string | null): void => {
  profileDir = dir
}

export function runChild<T>(task: ChildTask, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    // one folder per case; its largest profile is the main thread's (the other is tsx's loader thread)
    const profiling = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, `${task.case}${'target' in task ? `-${task.target}` : ''}-${Date.now()}`)}`] : []
    const child = spawn(process.execPath, [...profiling, '--import', 'tsx', CHILD, JSON.stringify(task)], { stdio: ['ignore', 'pipe', 'pipe'] })
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
