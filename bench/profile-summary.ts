/**
 * `node --import tsx bench/profile-summary.ts FILE.cpuprofile [N] [--inclusive]`: the functions that
 * took the most time in a V8 CPU profile (from `npm run bench -- --profile DIR`, or Chromium's), by
 * their own time, or with --inclusive by the time of everything they called too.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

interface CpuProfile {
  nodes: { id: number; children?: number[]; callFrame: { functionName: string; url: string; lineNumber: number } }[]
  samples: number[]
  timeDeltas: number[]
}

const nameOf = (frame: CpuProfile['nodes'][number]['callFrame']): string =>
  `${frame.functionName || '(anonymous)'}${frame.url ? ` ${frame.url.replace(/^file:\/\//, '').split('/').slice(-2).join('/')}` : ''}`

/** Time per function (name and file), in ms, highest first: its own, or with `inclusive` that of its callees too. */
export function selfTimes(profile: CpuProfile, inclusive = false): { name: string; ms: number }[] {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
  const parents = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id)
  const byName = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    const names = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = inclusive ? parents.get(at) : undefined) {
      const node = nodes.get(at)
      if (node) names.add(nameOf(node.callFrame))
    }
    for (const name of names) byName.set(name, (byName.get(name) ?? 0) + ms)
  })
  return [...byName].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  const inclusive = args.includes('--inclusive')
  const [file, count] = args.filter((a) => a !== '--inclusive')
  if (!file) throw new Error('usage: bench/profile-summary.ts FILE.cpuprofile [N] [--inclusive]')
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const times = selfTimes(profile, inclusive)
  const total = profile.timeDeltas.reduce((n, t) => n + t, 0) / 1000
  process.stdout.write(`${total.toFixed(0)} ms sampled\n`)
  for (const { name, ms } of times.slice(0, Number(count ?? 25))) process.stdout.write(`${ms.toFixed(1).padStart(9)} ms  ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${name}\n`)
}
