/**
 * Boundaries (guarantee 7): every API call is validated, unknown fields (at any depth) and
 * oversized inputs refused, whichever transport brings them; and no id or name from the renderer,
 * an import or a corpus reaches outside the workspace — `../`, absolute paths, NUL bytes, Windows
 * separators and very long names are refused, or turned into a safe name inside it.
 */
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { z } from 'zod'
import { ArticleId } from '../../shared/corpus'
import { channelNames, channels, MAX_INPUT_BYTES, type Channel } from '../../shared/api'
import { IPC_INVOKE } from '../../shared/ipc'
import { AnnotatorName } from '../../shared/workspace'
import { runCli } from '../cli/index'
import { bindIpc } from '../electron/ipc'
import { dispatch, type Handlers } from '../handlers/dispatch'
import { readImport, saveImport } from '../interchange'
import { MAX_BODY_BYTES } from '../server/host'
import { annotationOf, call, captureCliOutput, expectAppError, expectFailure, makeApp, makeTempDir, snapshotFiles, TEST_TIME, writeFiles } from '../test-helpers'
import { loadCorpus } from '../workspace/corpus'
import { annotatorSlug } from '../workspace/layers'
import { Workspace } from '../workspace/workspace'
import { applyMutation } from './mutations'

const SWORN_IN = 'rutte-sworn-in-translated'
const SECRET = 'THE SECRET OUTSIDE THE WORKSPACE'

afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
})

/** Names that try to leave a folder, in every spelling. */
const ESCAPES = [
  '../evil',
  '../../../../../../tmp/evil',
  '..',
  '.',
  '/etc/passwd',
  '/tmp/evil',
  '..\\..\\evil',
  '..\\',
  'C:\\Windows\\evil',
  '\\\\server\\share\\evil',
  'a/../../evil',
  'a/b',
  'evil\0.txt',
  '\0',
  'x'.repeat(121),
  'x'.repeat(300),
  '',
  ' ',
  '.hidden',
  '-dash',
]

describe('every API input', () => {
  /** Every object of a schema that lets unknown fields through, by where it is. */
  function looseObjects(schema: z.ZodType, at: string, out: string[]): string[] {
    const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def
    const walk = (inner: unknown, where: string) => looseObjects(inner as z.ZodType, where, out)
    switch (def.type) {
      case 'object': {
        const catchall = def.catchall as { _zod: { def: { type: string } } } | undefined
        if (catchall?._zod.def.type !== 'never') out.push(at)
        for (const [key, value] of Object.entries(def.shape as Record<string, unknown>)) walk(value, `${at}.${key}`)
        break
      }
      case 'optional':
      case 'nullable':
      case 'default':
      case 'readonly':
      case 'nonoptional':
      case 'prefault':
        walk(def.innerType, at)
        break
      case 'array':
        walk(def.element, `${at}[]`)
        break
      case 'union':
        ;(def.options as unknown[]).forEach((option, i) => walk(option, `${at}|${i}`))
        break
      case 'record':
        walk(def.keyType, `${at}{key}`)
        walk(def.valueType, `${at}{}`)
        break
      case 'pipe':
        walk(def.in, at)
        break
      case 'string':
      case 'number':
      case 'boolean':
      case 'literal':
      case 'enum':
      case 'null':
        break
      default:
        out.push(`${at} (a ${def.type} schema this check does not know: teach it)`)
    }
    return out
  }

  it.each(channelNames)('%s refuses unknown fields in every object of its input, however deep', (channel) => {
    expect(looseObjects(channels[channel].input, channel, [])).toEqual([])
  })

  it('refuses an unknown field at each depth of a real call, before any handler runs', async () => {
    const { context, workspace } = await makeApp()
    const annotation = annotationOf(workspace, SWORN_IN, 'Mark Rutte', { id: 'a1', label: 'speaker', annotator: 'Ada' })
    const valid = { edits: [{ op: 'put-annotation', annotation }], layer: 'own' }
    const apply = vi.spyOn(context.handlers, 'edits:apply')
    const places: string[][] = [[], ['edits', '0'], ['edits', '0', 'annotation'], ['edits', '0', 'annotation', 'quote']]
    for (const place of places) {
      const input = structuredClone(valid) as Record<string, unknown>
      let node: Record<string, unknown> = input
      for (const key of place) node = node[key] as Record<string, unknown>
      node.sneaky = true
      expectFailure(await dispatch(context.handlers, 'edits:apply', input), 'invalid-input', 'sneaky')
    }
    expect(apply).not.toHaveBeenCalled()
  })

  it('caps one call at the same size on every transport: browser mode’s body limit is the contract’s', () => {
    expect(MAX_INPUT_BYTES).toBe(16 * 1024 * 1024)
    expect(MAX_BODY_BYTES).toBe(MAX_INPUT_BYTES)
  })

  it('refuses an input over the limit on any channel, before validating it or running a handler', async () => {
    const handlers = Object.fromEntries(channelNames.map((name) => [name, vi.fn(() => ({}))])) as unknown as Handlers
    const big = 'x'.repeat(MAX_INPUT_BYTES + 1)
    for (const channel of channelNames) {
      const message = expectFailure(await dispatch(handlers, channel, { padding: big }), 'invalid-input', channel, '16 MiB')
      expect(message.length).toBeLessThan(200)
    }
    // the one channel whose schema takes large strings: its files are refused as a whole when they add up past the limit
    const files = Array.from({ length: 3 }, (_, i) => ({ name: `${i}.ann`, content: 'T'.repeat(6 * 1024 * 1024) }))
    expectFailure(await dispatch(handlers, 'interchange:import', { format: 'brat', annotator: 'Ada', files }), 'invalid-input', 'at most 16 MiB')
    // multi-byte text counts in bytes, as it goes over the wire
    expectFailure(await dispatch(handlers, 'corpus:search', { query: 'ž'.repeat(MAX_INPUT_BYTES / 2 + 10) }), 'invalid-input', 'at most 16 MiB')
    for (const channel of channelNames) expect((handlers as unknown as Record<string, ReturnType<typeof vi.fn>>)[channel]).not.toHaveBeenCalled()
  })

  it('takes an input just under the limit', async () => {
    const handlers = { 'interchange:import': vi.fn(() => ({})) } as unknown as Handlers
    const content = 'T'.repeat(MAX_INPUT_BYTES - 200)
    const result = await dispatch(handlers, 'interchange:import', { format: 'brat', annotator: 'Ada', files: [{ name: 'a.ann', content }] })
    expect(result.ok).toBe(true)
  })

  it('refuses input that is not plain data (a cycle, a BigInt, nesting too deep to write) as invalid, not as an internal error', async () => {
    const handlers = { 'ui:set': vi.fn(() => ({})) } as unknown as Handlers
    const cycle: Record<string, unknown> = { sidebarOpen: true }
    cycle.self = cycle
    let deep: unknown = true
    for (let i = 0; i < 200_000; i++) deep = [deep]
    for (const input of [cycle, { sidebarOpen: 10n }, { openArticles: deep }]) {
      expectFailure(await dispatch(handlers, 'ui:set', input), 'invalid-input', 'ui:set')
    }
    expect(handlers['ui:set']).not.toHaveBeenCalled()
  })

  it('applies the limit to Electron IPC too, which has no cap of its own', async () => {
    const registered = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>()
    const handlers = { 'interchange:import': vi.fn(() => ({})) } as unknown as Handlers
    bindIpc({ handle: (name: string, listener: never) => void registered.set(name, listener), removeHandler: () => undefined } as never, () => handlers, () => true)
    const input = { format: 'brat', annotator: 'Ada', files: [{ name: 'a.ann', content: 'T'.repeat(MAX_INPUT_BYTES + 1) }] }
    expect(await registered.get(IPC_INVOKE)!({ senderFrame: { url: 'file:///app/index.html' } }, 'interchange:import', input)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    })
    expect(handlers['interchange:import']).not.toHaveBeenCalled()
  })

  it('refuses a field of the right shape but an unknown extra at the root of every channel', async () => {
    const { context } = await makeApp()
    for (const channel of channelNames) {
      const input = applyMutation({}, { op: 'extra', at: 0 })
      expectFailure(await dispatch(context.handlers, channel as Channel, input), 'invalid-input', 'unexpected')
    }
  })
})

describe('article ids, which name files', () => {
  it.each(ESCAPES)('refuses %j as an article id, in the contract and in every channel that takes one', async (id) => {
    expect(ArticleId.safeParse(id).success).toBe(false)
    const { context, workspace } = await makeApp()
    const annotation = { ...annotationOf(workspace, SWORN_IN, 'Mark Rutte', { id: 'a1', label: 'speaker', annotator: 'Ada' }), articleId: id }
    await call(context.handlers, 'settings:setAnnotator', { name: 'Ada' })
    const before = await snapshotFiles(path.dirname(workspace.root))
    for (const [channel, input] of [
      ['article:get', { id }],
      ['ui:set', { openArticles: [id] }],
      ['annotations:list', { articleIds: [id] }],
      ['corpus:search', { query: 'x', articleId: id }],
      ['interchange:export', { format: 'brat', articleIds: [id] }],
      ['review:agreement', { articleIds: [id] }],
      ['edits:apply', { edits: [{ op: 'put-annotation', annotation }] }],
      ['edits:apply', { edits: [{ op: 'delete-annotation', articleId: id, id: 'a1' }] }],
      ['edits:apply', { edits: [{ op: 'put-article-note', articleNote: { articleId: id, note: 'x', provenance: null, annotator: 'Ada', modified: TEST_TIME } }] }],
    ] as const) {
      expectFailure(await dispatch(context.handlers, channel, input), 'invalid-input')
    }
    expect(await snapshotFiles(path.dirname(workspace.root))).toEqual(before)
  })

  it('never makes an id that is a path from a file name: a corpus of hostile file names gets slugs', async () => {
    const dir = await makeTempDir()
    for (const name of ['..txt', '...txt', '-x-.txt', 'a b c.txt', 'É é.md', '日本語.txt', `${'y'.repeat(250)}.txt`, 'CON.txt', 'x\\y.txt']) await writeFile(path.join(dir, name), 'text')
    const corpus = await loadCorpus(dir)
    for (const article of corpus.articles) expect(ArticleId.safeParse(article.meta.id).success, article.meta.id).toBe(true)
    expect(new Set(corpus.articles.map((a) => a.meta.id)).size).toBe(corpus.articles.length)
  })
})

describe('annotator names, which name folders', () => {
  const HOSTILE_NAMES = ['../../../evil', '..\\..\\evil', '/etc/passwd', 'C:\\Windows\\System32', '..', '....', '. .', '~root', '$HOME', '日本語', '😀', '<script>alert(1)</script>', 'x'.repeat(80), `${'.'.repeat(79)}x`]

  it.each(HOSTILE_NAMES)('writes %j’s layer in a slug folder inside annotations/, and nowhere else', async (name) => {
    expect(AnnotatorName.safeParse(name).success).toBe(true)
    const slug = annotatorSlug(name)
    expect(slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
    expect(slug.length).toBeLessThanOrEqual(60)
    const { context, workspace, dataDir } = await makeApp()
    const outside = path.dirname(workspace.root)
    expect(path.dirname(dataDir)).not.toBe(outside)
    const before = await snapshotFiles(outside)
    await call(context.handlers, 'settings:setAnnotator', { name })
    await call(context.handlers, 'edits:apply', { edits: [{ op: 'put-annotation', annotation: annotationOf(workspace, SWORN_IN, 'Mark Rutte', { id: 'a1', label: 'speaker', annotator: name }) }] })
    const added = Object.keys(await snapshotFiles(outside)).filter((file) => !(file in before))
    expect(added.sort()).toEqual([`ws/annotations/${slug}/_layer.json`, `ws/annotations/${slug}/${SWORN_IN}.json`])
    expect(JSON.parse(await readFile(path.join(workspace.root, 'annotations', slug, '_layer.json'), 'utf8'))).toMatchObject({ annotator: name })
  })

  it.each(['evil\0', 'a\nb', 'tab\there', '\u0085', '', '   ', 'x'.repeat(81)])('refuses %j as an annotator name', async (name) => {
    expect(AnnotatorName.safeParse(name).success).toBe(false)
    const { context } = await makeApp()
    expectFailure(await dispatch(context.handlers, 'settings:setAnnotator', { name }), 'invalid-input', 'name')
  })

  it('gives names that slug alike folders of their own', async () => {
    const { context, workspace } = await makeApp()
    for (const name of ['../x', '..\\x', 'X']) {
      await call(context.handlers, 'settings:setAnnotator', { name })
      await call(context.handlers, 'edits:apply', { edits: [{ op: 'put-annotation', annotation: annotationOf(workspace, SWORN_IN, 'Mark Rutte', { id: `a-${name.length}`, label: 'speaker', annotator: name }) }] })
    }
    const files = Object.keys(await snapshotFiles(path.join(workspace.root, 'annotations'))).filter((f) => f.endsWith('_layer.json'))
    expect(files.sort()).toEqual(['x-2/_layer.json', 'x-3/_layer.json', 'x/_layer.json'])
  })

  it('keeps an imported layer’s hostile annotator inside the workspace too', async () => {
    const { workspace } = await makeApp()
    const outside = path.dirname(workspace.root)
    const before = await snapshotFiles(outside)
    const text = workspace.article(SWORN_IN).text
    const at = text.indexOf('Mark Rutte')
    await saveImport(workspace, readImport(workspace, 'brat', [{ name: `${SWORN_IN}.ann`, content: `T1\tspeaker ${at} ${at + 10}\tMark Rutte\n` }], '../../../../escaped'), 'x.ann')
    const added = Object.keys(await snapshotFiles(outside)).filter((file) => !(file in before))
    expect(added.sort()).toEqual(['ws/annotations/escaped/_layer.json', `ws/annotations/escaped/${SWORN_IN}.json`])
  })
})

describe('a corpus', () => {
  async function corpusBesideASecret(): Promise<{ dir: string; corpus: string; secret: string }> {
    const dir = await makeTempDir()
    const corpus = path.join(dir, 'corpus')
    const secret = path.join(dir, 'secret.txt')
    await writeFiles(dir, { 'secret.txt': SECRET, 'corpus/one.txt': 'One article.', 'sub/secret.txt': SECRET })
    return { dir, corpus, secret }
  }

  it('never reads a file a manifest entry points outside the corpus folder at', async () => {
    const { corpus, secret } = await corpusBesideASecret()
    const files = ['../secret.txt', secret, '..\\secret.txt', 'one.txt/../../secret.txt', '../sub/secret.txt', 'secret.txt\0', 'x'.repeat(255), 'sub/../one.txt']
    const manifest = {
      schemaVersion: 1,
      articles: files.map((file, i) => ({ id: `entry-${i}`, file, title: `Entry ${i}` })),
    }
    await writeFile(path.join(corpus, 'manifest.json'), JSON.stringify(manifest))
    const loaded = await loadCorpus(corpus)
    expect(loaded.articles.map((a) => a.meta.id)).toEqual(['one'])
    expect(loaded.articles.every((a) => !a.text.includes(SECRET))).toBe(true)
    expect(loaded.warnings).toHaveLength(files.length)
    for (const file of files) expect(loaded.warnings.some((w) => w.includes(JSON.stringify(file)))).toBe(true)
  })

  it('does not follow a link in the corpus folder to a file outside it', async () => {
    const { corpus, secret } = await corpusBesideASecret()
    await symlink(secret, path.join(corpus, 'linked.txt'))
    await mkdir(path.join(corpus, 'folder.txt'))
    const loaded = await loadCorpus(corpus)
    expect(loaded.articles.map((a) => a.meta.id)).toEqual(['one'])
    // and `parallax init` does not copy it either
    const workspace = await Workspace.init(path.join(await makeTempDir(), 'ws'), corpus)
    expect(workspace.list().map((a) => a.id)).toEqual(['one'])
  })

  it.each(['../outside', '/etc', '..\\outside', 'corpus/../../outside', 'corpus\0'])('refuses a workspace file whose corpus folder is %j', async (corpusDir) => {
    const dir = await makeTempDir()
    await writeFiles(dir, { 'ws/corpus/one.txt': 'One', 'outside/secret.txt': SECRET })
    await writeFile(path.join(dir, 'ws', 'parallax-workspace.json'), JSON.stringify({ schemaVersion: 1, name: 'x', corpus: corpusDir }))
    const error = await Workspace.open(path.join(dir, 'ws')).then(
      (workspace) => workspace.list().map((a) => a.id),
      (e: unknown) => e,
    )
    // refused, or (a Windows separator being a plain character here) a folder that is not there
    expect(error).toBeInstanceOf(Error)
    expect(String((error as Error).message)).not.toContain(SECRET)
  })
})

describe('imported file names and ids', () => {
  it.each([
    ['../../../rutte-sworn-in-translated.ann', true],
    ['/abs/path/rutte-sworn-in-translated.ann', true],
    ['..\\..\\rutte-sworn-in-translated.ann', true],
    ['../../etc/passwd.ann', false],
    ['..\\..\\Windows\\evil.ann', false],
    ['rutte-sworn-in-translated\0.ann', false],
    [`${'x'.repeat(250)}.ann`, false],
    ['.ann', false],
    ['...ann', false],
  ] as const)('reads the brat file %j as an article of the workspace or refuses it; writes nowhere else', async (name, accepted) => {
    const { workspace } = await makeApp()
    const outside = path.dirname(workspace.root)
    const before = await snapshotFiles(outside)
    const text = workspace.article(SWORN_IN).text
    const at = text.indexOf('Mark Rutte')
    const importing = (async () => saveImport(workspace, readImport(workspace, 'brat', [{ name, content: `T1\tspeaker ${at} ${at + 10}\tMark Rutte\n` }], 'Bea'), name))()
    if (accepted) {
      // the folders in front of the name are dropped: it names an article of this workspace
      await importing
      const added = Object.keys(await snapshotFiles(outside)).filter((file) => !(file in before))
      expect(added.sort()).toEqual(['ws/annotations/bea/_layer.json', `ws/annotations/bea/${SWORN_IN}.json`])
    } else {
      await expectAppError(importing, 'invalid-input', 'no article')
      expect(await snapshotFiles(outside)).toEqual(before)
    }
  })

  it.each([
    ['w3c', () => JSON.stringify({ type: 'Annotation', id: 'x', creator: 'Bea', body: { purpose: 'tagging', value: 'speaker' }, target: { source: 'urn:parallax:article:../../etc/passwd', selector: { type: 'TextQuoteSelector', exact: 'root' } } })],
    ['labelstudio', () => JSON.stringify([{ data: { article_id: '../../etc/passwd', text: 'root' }, annotations: [] }])],
    [
      'native',
      (workspace: Workspace) =>
        JSON.stringify({
          format: 'parallax-annotations',
          schemaVersion: 1,
          workspace: 'x',
          unit: 'utf16',
          tagset: workspace.tagset,
          articles: [{ id: '../../x', title: 'x', sha256: '0'.repeat(64), length: 10 }],
          entities: [],
          layers: [{ annotator: 'Bea', annotations: [{ ...annotationOf(workspace, SWORN_IN, 'Mark Rutte', { id: 'a1', label: 'speaker', annotator: 'Bea' }), articleId: '../../x' }], links: [], articleNotes: [] }],
        }),
    ],
  ] as const)('refuses a %s file whose article is a path', async (format, make) => {
    const { workspace } = await makeApp()
    const content = make(workspace)
    const before = await snapshotFiles(path.dirname(workspace.root))
    await expectAppError((async () => saveImport(workspace, readImport(workspace, format, [{ name: 'f', content }], undefined), 'f'))(), 'invalid-input')
    expect(await snapshotFiles(path.dirname(workspace.root))).toEqual(before)
  })

  it('refuses record ids that are paths, and file names over 255 characters or empty, at the API', async () => {
    const { context, workspace } = await makeApp()
    await call(context.handlers, 'settings:setAnnotator', { name: 'Ada' })
    for (const id of ['../x', 'a/b', 'a\\b', 'x\0', '', 'x'.repeat(81)]) {
      const annotation = { ...annotationOf(workspace, SWORN_IN, 'Mark Rutte', { id: 'a1', label: 'speaker', annotator: 'Ada' }), id }
      expectFailure(await dispatch(context.handlers, 'edits:apply', { edits: [{ op: 'put-annotation', annotation }] }), 'invalid-input', 'id')
    }
    for (const name of ['', 'x'.repeat(256)]) {
      expectFailure(await dispatch(context.handlers, 'interchange:import', { format: 'brat', annotator: 'Bea', files: [{ name, content: '' }] }), 'invalid-input', 'name')
    }
  })
})

describe('workspace:open, whose path is the user’s choice', () => {
  it('opens a folder anywhere, but only a folder', async () => {
    const { context } = await makeApp()
    const elsewhere = await makeTempDir()
    await writeFiles(elsewhere, { 'deep/inside/one.txt': 'One', 'a-file.txt': 'Not a folder' })
    expect(await call(context.handlers, 'workspace:open', { path: path.join(elsewhere, 'deep', 'inside') })).toMatchObject({ articleCount: 1 })
    for (const target of [path.join(elsewhere, 'a-file.txt'), path.join(elsewhere, 'missing'), `${elsewhere}\0`, path.join(elsewhere, 'a-file.txt', '..', 'missing')]) {
      expectFailure(await dispatch(context.handlers, 'workspace:open', { path: target }), 'not-found')
    }
    expectFailure(await dispatch(context.handlers, 'workspace:open', { path: 'x'.repeat(4097) }), 'invalid-input', 'path')
    expect(context.workspace().root).toBe(path.join(elsewhere, 'deep', 'inside'))
  })
})

describe('parallax export --out', () => {
  captureCliOutput()

  it('writes every file of a format with several (brat) inside the folder given, whatever the annotators are called', async () => {
    const { context, workspace } = await makeApp()
    for (const name of ['../../../escape', '..\\..\\escape-too']) {
      await call(context.handlers, 'settings:setAnnotator', { name })
      await call(context.handlers, 'edits:apply', { edits: [{ op: 'put-annotation', annotation: annotationOf(workspace, SWORN_IN, 'Mark Rutte', { id: `a${name.length}`, label: 'speaker', annotator: name }) }] })
    }
    const parent = await makeTempDir()
    const out = path.join(parent, 'out')
    expect(await runCli(['export', '--workspace', workspace.root, '--format', 'brat', '--out', out])).toBe(0)
    const written = Object.keys(await snapshotFiles(parent))
    expect(written.length).toBeGreaterThan(10)
    for (const file of written) expect(file.startsWith('out/'), file).toBe(true)
    expect(written).toContain(`out/escape/${SWORN_IN}.ann`)
    expect(written).toContain(`out/escape-too/${SWORN_IN}.ann`)
  })
})
