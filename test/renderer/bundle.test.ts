/**
 * What the page loads before its first call: no schema library. Validation is the main side's job
 * (every input is checked where it enters); the page takes its constants and rules from the shared
 * modules that build no zod schema (gold.ts, provenance.ts, reader.ts, attribute-rules.ts,
 * anchoring.ts, annotation-filter.ts), and only types from the others. And what it runs first: the
 * first screen's script, without the app's.
 */
import { build } from 'esbuild'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/** The page's script from its first one (boot.ts), as a bundler makes it: in one piece, or split where it loads a part later. */
const bundle = (splitting: boolean) =>
  build({
    entryPoints: [path.join(import.meta.dirname, '../../src/renderer/src/boot.ts')],
    bundle: true,
    splitting,
    write: false,
    metafile: true,
    format: 'esm',
    logLevel: 'silent',
    loader: { '.css': 'empty', '.woff2': 'empty', '.woff': 'empty', '.svg': 'empty' },
    outdir: 'out',
  })

describe('the renderer bundle', () => {
  it('holds no zod: every module the page runs is free of schemas', async () => {
    const inputs = Object.keys((await bundle(false)).metafile.inputs)
    expect(inputs.some((input) => input.includes('src/renderer/src/App.tsx'))).toBe(true)
    expect(inputs.filter((input) => input.includes('node_modules/zod/'))).toEqual([])
  })

  it('starts with the first screen, and leaves React and the app to a script loaded after it (firstScreen.ts)', async () => {
    const { outputs } = (await bundle(true)).metafile
    // what the page runs before the app: the entry's chunk and those it imports, not those it loads later (`import()`)
    const runFirst = new Set<string>()
    const follow = (name: string) => {
      if (runFirst.has(name)) return
      runFirst.add(name)
      for (const imported of outputs[name]?.imports ?? []) if (imported.kind === 'import-statement') follow(imported.path)
    }
    follow(Object.keys(outputs).find((name) => outputs[name]?.entryPoint?.endsWith('src/renderer/src/boot.ts')) ?? '')
    const inputs = [...runFirst].flatMap((name) => Object.keys(outputs[name]?.inputs ?? {}))
    expect(inputs.some((input) => input.endsWith('src/renderer/src/firstScreen.ts'))).toBe(true)
    expect(inputs.filter((input) => /node_modules\/(react|react-dom|zustand|zod)\//.test(input) || input.endsWith('App.tsx'))).toEqual([])
    // the app, React with it, is loaded later
    const later = Object.entries(outputs).filter(([name]) => !runFirst.has(name)).flatMap(([, output]) => Object.keys(output.inputs))
    expect(later.some((input) => input.endsWith('src/renderer/src/App.tsx'))).toBe(true)
    expect(later.some((input) => input.includes('node_modules/react-dom/'))).toBe(true)
  })
})
