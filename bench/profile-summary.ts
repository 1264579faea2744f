/**
 * `node --import tsx bench/profile-summary.ts FILE.cpuprofile [N]`: the functions that took the
 * most time of their own in a V8 CPU profile (from `npm run bench -- --profile DIR`, or Chromium's).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
  samples: number[]
  timeDeltas: number[]
}

/** Self time per function (name, file and line), in ms, highest first. */
export function selfTimes(profile: CpuProfile): { name: string; ms: number }[] {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
  const byName = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)?.callFrame
    if (!frame) return
    const where = frame.url ? ` ${frame.url.replace(/^file:\/\//, '').split('/').slice(-2).join('/')}:${frame.lineNumber + 1}` : ''
    const name = `${frame.functionName || '(anonymous)'}${where}`
    byName.set(name, (byName.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
  })
  return [...byName].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [file, count] = process.argv.slice(2)
  if (!file) throw new Error('usage: bench/profile-summary.ts FILE.cpuprofile [N]')
  const times = selfTimes(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile)
  const total = times.reduce((n, t) => n + t.ms, 0)
  process.stdout.write(`${total.toFixed(0)} ms sampled\n`)
  for (const { name, ms } of times.slice(0, Number(count ?? 25))) process.stdout.write(`${ms.toFixed(1).padStart(9)} ms  ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${name}\n`)
}
