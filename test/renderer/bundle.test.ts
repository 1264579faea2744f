/**
 * What the page loads before its first call: no schema library. Validation is the main side's job
 * (every input is checked where it enters); the page takes its constants and rules from the shared
 * modules that build no zod schema (gold.ts, provenance.ts, reader.ts, attribute-rules.ts,
 * anchoring.ts, annotation-filter.ts), and only types from the others.
 */
import { build } from 'esbuild'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

describe('the renderer bundle', () => {
  it('holds no zod: every module the page runs is free of schemas', async () => {
    const result = await build({
      entryPoints: [path.join(import.meta.dirname, '../../src/renderer/src/main.tsx')],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      logLevel: 'silent',
      loader: { '.css': 'empty', '.woff2': 'empty', '.woff': 'empty', '.svg': 'empty' },
      outdir: 'out',
    })
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.some((input) => input.includes('src/renderer/src/App.tsx'))).toBe(true)
    expect(inputs.filter((input) => input.includes('node_modules/zod/'))).toEqual([])
  })
})
