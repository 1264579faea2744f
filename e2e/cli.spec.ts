import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { runParallax } from './fixtures'

test('the parallax command line: init, import, export, validate, headless', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'parallax-cli-'))
  try {
    const workspace = path.join(root, 'workspace')
    expect((await runParallax(['init', workspace])).code).toBe(0)
    const text = await readFile(path.join(workspace, 'corpus', 'montenegrin-keep-the-west-together.txt'), 'utf8')
    const start = text.indexOf('her new job')
    await mkdir(path.join(root, 'brat'))
    await writeFile(
      path.join(root, 'brat', 'montenegrin-keep-the-west-together.ann'),
      `T1\ttranslation-error ${start} ${start + 11}\ther new job\nA1\tcategory T1 accuracy_gender_or_pronoun\nA2\tseverity T1 major\n`,
    )
    const withoutAnnotator = await runParallax(['import', '--workspace', workspace, '--format', 'brat', path.join(root, 'brat')])
    expect(withoutAnnotator.code).not.toBe(0)
    expect(withoutAnnotator.stderr.trim().split('\n').at(-1)).toMatch(/^parallax import: .*--annotator NAME/)

    const imported = await runParallax(['import', '--workspace', workspace, '--format', 'brat', path.join(root, 'brat'), '--annotator', 'Bea'])
    expect(imported.code, imported.stderr).toBe(0)
    expect(imported.stdout).toContain('Imported 1 annotation,')

    const out = path.join(root, 'export.json')
    const exported = await runParallax(['export', '--workspace', workspace, '--format', 'native', '--out', out])
    expect(exported.code, exported.stderr).toBe(0)
    expect(exported.stderr).toContain('Exporting 1 annotation of 1 annotator as Parallax JSON')
    const document = JSON.parse(await readFile(out, 'utf8')) as { layers: { annotator: string; annotations: { quote: { exact: string }; attributes: unknown }[] }[] }
    expect(document.layers[0]?.annotator).toBe('Bea')
    expect(document.layers[0]?.annotations[0]).toMatchObject({ quote: { exact: 'her new job' }, attributes: { category: 'accuracy/gender or pronoun', severity: 'major' } })

    const valid = await runParallax(['validate', out])
    expect(valid.code).toBe(0)
    expect(valid.stdout).toMatch(/is valid Parallax JSON: 1 layer\(s\), 1 annotations/)
    await writeFile(out, (await readFile(out, 'utf8')).replace('"label": "translation-error"', '"label": "no-such-label"'))
    const invalid = await runParallax(['validate', out])
    expect(invalid.code).not.toBe(0)
    expect(invalid.stderr).toMatch(/no-such-label/)

    for (const command of ['export', 'import', 'validate', 'init', 'start']) {
      const help = await runParallax([command, '--help'])
      expect(help.code).toBe(0)
      expect(help.stdout).toMatch(new RegExp(`^Usage: parallax ${command}`))
    }
  } finally {
    await rm(root, { recursive: true, force: true })
  }
})

test('parallax start on a folder that is not there: the host it started is stopped, and the reason said', async () => {
  const missing = path.join(os.tmpdir(), `parallax-missing-${process.pid}`)
  const home = await mkdtemp(path.join(os.tmpdir(), 'parallax-home-'))
  try {
    // the host listens while the workspace opens (the window loads meanwhile); an opening that fails ends the process
    const started = await runParallax(['start', '--browser', '--no-open', '--workspace', missing], { PARALLAX_HOME: home })
    expect(started.stdout).toMatch(/^Parallax ready: http:\/\/127\.0\.0\.1:\d+\//)
    expect(started.code).toBe(1)
    expect(started.stderr).toContain(`There is no folder at ${missing}.`)
  } finally {
    await rm(home, { recursive: true, force: true })
  }
})
