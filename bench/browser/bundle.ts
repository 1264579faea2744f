/** The page scripts, bundled for Chromium with esbuild when the benchmark starts. */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import type { ProbeConfig } from '../page/dom'

const pageDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'page')

async function bundle(entry: string): Promise<{ js: string; css: string }> {
  const result = await build({
    entryPoints: [path.join(pageDir, entry)],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'chrome120',
    outdir: 'out', // names the outputs; nothing is written
    logLevel: 'silent',
  })
  const text = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? ''
  return { js: text('.js'), css: text('.css') }
}

/** The probe as an init script, told what to wait for. */
export async function probeScript(config: ProbeConfig): Promise<string> {
  return `window.__benchConfig = ${JSON.stringify(config)};\n${(await bundle('probe.ts')).js}`
}

/** The baseline page's script and style sheet. */
export const baselinePageBundle = (): Promise<{ js: string; css: string }> => bundle('recogito-page.ts')
