import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { captureCliOutput, makeTempDir, writeFiles } from '../test-helpers'
import { WORKSPACE_FILE } from '../workspace/workspace'
import { runCli } from './index'

const output = captureCliOutput()

describe('parallax --help', () => {
  it.each([[['--help']], [['-h']], [['help']], [[]]])('%j lists the commands and where the data lives', async (argv) => {
    expect(await runCli(argv)).toBe(0)
    expect(output.stdout).toMatch(/^Usage: parallax <command>/m)
    expect(output.stdout).toMatch(/^ {2}start +Open the workbench/m)
    expect(output.stdout).toMatch(/^ {2}init +Create a workspace/m)
    expect(output.stdout).toContain(`Data: ${output.dataDir}`)
    expect(output.stderr).toBe('')
  })
})

describe('parallax init', () => {
  it('creates a workspace of the bundled corpus and says so on stdout', async () => {
    const dir = path.join(await makeTempDir(), 'study')
    expect(await runCli(['init', dir])).toBe(0)
    expect(output.stdout).toBe(`Created workspace ${dir} with 5 articles.\n`)
    expect(output.stderr).toBe('')
    expect(JSON.parse(await readFile(path.join(dir, WORKSPACE_FILE), 'utf8'))).toMatchObject({ schemaVersion: 1, corpus: 'corpus' })
    expect((await readdir(path.join(dir, 'corpus'))).filter((f) => f.endsWith('.txt'))).toHaveLength(5)
    expect(await readdir(output.dataDir)).toEqual([])
  })

  it('copies the corpus named with --corpus, and prints its warnings on stderr', async () => {
    const source = await makeTempDir()
    await writeFiles(source, { 'manifest.json': '{ broken', 'a.txt': 'A', 'b.md': 'B' })
    const dir = path.join(await makeTempDir(), 'study')
    expect(await runCli(['init', dir, '--corpus', source])).toBe(0)
    expect(output.stdout).toBe(`Created workspace ${dir} with 2 articles.\n`)
    expect(output.stderr).toMatch(/^warning: manifest\.json is not valid JSON.*\n$/)
    expect((await readdir(path.join(dir, 'corpus'))).sort()).toEqual(['a.txt', 'b.md', 'manifest.json'])
  })

  it.each([[['init']], [['init', 'one', 'two']]])('%j fails with a one-line reason on stderr', async (argv) => {
    expect(await runCli(argv)).toBe(1)
    expect(output.stdout).toBe('')
    expect(output.stderr).toBe('parallax init: init takes one folder: parallax init DIR [--corpus SRC]\n')
  })

  it('refuses a folder that is not empty, saying why in one line', async () => {
    const dir = await makeTempDir()
    await writeFiles(dir, { 'keep.txt': 'mine' })
    expect(await runCli(['init', dir])).toBe(1)
    expect(output.stderr).toMatch(/^parallax init: .*is not empty.*\n$/)
    expect(output.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(await readdir(dir)).toEqual(['keep.txt'])
  })

  it('fails with exit code 2 on an unknown option', async () => {
    const dir = path.join(await makeTempDir(), 'study')
    expect(await runCli(['init', dir, '--colour'])).toBe(2)
    expect(output.stderr).toMatch(/^parallax init: .*--colour.*\n$/)
    await expect(readdir(dir)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('prints its usage for --help and creates nothing', async () => {
    const dir = path.join(await makeTempDir(), 'study')
    expect(await runCli(['init', dir, '--help'])).toBe(0)
    expect(output.stdout).toMatch(/^Usage: parallax init DIR \[--corpus SRC\]/)
    await expect(readdir(dir)).rejects.toMatchObject({ code: 'ENOENT' })
  })
})

describe('other commands', () => {
  it('exits 2 on an unknown command, pointing to --help', async () => {
    expect(await runCli(['serve'])).toBe(2)
    expect(output.stdout).toBe('')
    expect(output.stderr).toBe('parallax: there is no command "serve" (parallax --help lists them)\n')
  })

  it.each([[['start', '--help']], [['start', '-h']], [['start', '--workspace', '/x', '--help']]])('%j prints the usage of start and starts nothing', async (argv) => {
    expect(await runCli(argv)).toBe(0)
    expect(output.stdout).toMatch(/^Usage: parallax start \[--workspace DIR\] \[--browser\] \[--no-open\]/)
    for (const option of ['--workspace DIR', '--browser', '--no-open']) expect(output.stdout).toContain(`  ${option}`)
    expect(output.stdout).toContain('your data folder')
    expect(output.stderr).toBe('')
  })
})
