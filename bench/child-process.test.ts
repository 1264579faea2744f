/** The cases measured in Node run from a bundle, in plain Node: a case's process holds what the app's would. */
import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { makeTempDir } from '../src/main/test-helpers'
import { CHILD_BUNDLE, childBundle, runChild } from './child-process'
import { RESULT_PREFIX } from './child-task'
import type { GeneratedWorkspace } from './generate'

const OPTIONS = { seed: 5, articles: 2, annotators: 2, annotationsPerArticle: 10, wordsPerArticle: 200, linksPerArticle: 2 }

describe('the child process of a case', () => {
  it('is bench/child.ts bundled into one file that plain Node runs, without a TypeScript loader', async () => {
    expect(await childBundle()).toBe(CHILD_BUNDLE)
    const root = await makeTempDir()
    const child = spawn(process.execPath, [CHILD_BUNDLE, JSON.stringify({ case: 'generate', root, options: OPTIONS })], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve))
    expect(code).toBe(0)
    const line = stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX)) ?? ''
    const generated = JSON.parse(line.slice(RESULT_PREFIX.length)) as GeneratedWorkspace
    expect(generated.annotations).toBe(2 * 2 * 10)
    // the app's modules found the app's own files from the bundle's place (the default tagset, for one)
    expect(JSON.parse(await readFile(`${root}/tagset.json`, 'utf8'))).toHaveProperty('labels')
  })

  it('answers through runChild as the benchmark calls it', async () => {
    const root = await makeTempDir()
    const generated = await runChild<GeneratedWorkspace>({ case: 'generate', root, options: OPTIONS }, 60_000)
    expect(generated.articleIds).toHaveLength(2)
  })
})
