/** What the machine itself allows: its CPUs, how busy it is, and how long a durable write of nothing takes on its disk. */
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { writeFileDurably } from '../src/main/store/durable-json-file'
import { latencyRows, row, type ResultRow } from './results'

export function describeMachine(): string {
  const cpus = os.cpus()
  return `${cpus.length} × ${cpus[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, ${os.type()} ${os.release()}, Node ${process.version}`
}

/** The floor under every store latency: writeFileDurably (temp file, fsync, rename, fsync of the folder) of 100 bytes. */
export async function durableWriteFloor(samples: number): Promise<number[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parallax-bench-disk-'))
  try {
    const times: number[] = []
    for (let i = 0; i < samples; i++) {
      const start = performance.now()
      await writeFileDurably(path.join(dir, `f${i % 4}.json`), `${JSON.stringify({ i, pad: 'x'.repeat(80) })}\n`)
      times.push(performance.now() - start)
    }
    return times
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * Flushes what earlier steps wrote (`sync`), so that its writeback does not run during the next
 * one: at 100k the generator writes 240 MB and the baseline rewrites its 240 MB file on every edit
 * without fsync, gigabytes the kernel would otherwise still be writing while the next case is timed.
 */
export function settleDisk(): void {
  if (process.platform !== 'win32') spawnSync('sync', { stdio: 'ignore', timeout: 5 * 60_000 })
}

export async function machineRows(samples: number): Promise<ResultRow[]> {
  return [
    row({ case: 'machine', size: 0, metric: 'CPUs', value: os.cpus().length, unit: 'count' }),
    row({ case: 'machine', size: 0, metric: 'load average (1 min) at start', value: os.loadavg()[0] ?? 0, unit: 'runnable' }),
    ...latencyRows({ case: 'machine', size: 0, metric: 'durable write of 100 B' }, await durableWriteFloor(samples)).filter((r) => !r.metric.endsWith('p99')),
  ]
}
