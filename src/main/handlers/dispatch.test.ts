import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { channelNames, channels, type Channel } from '../../shared/api'
import { AppError } from '../../shared/result'
import { formatJson } from '../store/durable-json-file'
import { annotationOf, call, expectFailure, expectOutput, linkBetween, makeApp, makeTempDir, TEST_TIME, writeFiles } from '../test-helpers'
import { Workspace } from '../workspace/workspace'
import { describeZodError, dispatch, type Handlers } from './dispatch'
import { createAppContext } from './index'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('dispatch', () => {
  it('refuses a channel that is not in the contract', async () => {
    const { context } = await makeApp()
    expectFailure(await dispatch(context.handlers, 'corpus:delete', {}), 'unknown-channel', 'corpus:delete')
    for (const name of ['__proto__', 'constructor', 'toString', '', 42, null, undefined]) {
      expectFailure(await dispatch(context.handlers, name, {}), 'unknown-channel')
    }
  })

  it('keeps an unknown channel name short in its message', async () => {
    const { context } = await makeApp()
    const message = expectFailure(await dispatch(context.handlers, 'x'.repeat(10_000), {}), 'unknown-channel')
    expect(message.length).toBeLessThan(200)
  })

  it('refuses extra fields, naming them', async () => {
    const { context } = await makeApp()
    expectFailure(await dispatch(context.handlers, 'corpus:list', { all: true }), 'invalid-input', 'corpus:list', '"all"')
    expectFailure(
      await dispatch(context.handlers, 'article:get', { id: 'rutte-sworn-in-translated', withText: true }),
      'invalid-input',
      'article:get',
      '"withText"',
    )
  })

  it('refuses a field of the wrong type, naming it', async () => {
    const { context } = await makeApp()
    expectFailure(await dispatch(context.handlers, 'article:get', { id: 7 }), 'invalid-input', 'article:get', 'id:')
    expectFailure(await dispatch(context.handlers, 'ui:set', { sidebarOpen: 'yes' }), 'invalid-input', 'sidebarOpen:')
    expectFailure(await dispatch(context.handlers, 'ui:set', { openArticles: ['a', 'b', 'c', 'd', 'e', 'f'] }), 'invalid-input', 'openArticles')
    expectFailure(await dispatch(context.handlers, 'article:get', {}), 'invalid-input', 'id:')
    expectFailure(await dispatch(context.handlers, 'article:get', 'rutte-sworn-in-translated'), 'invalid-input')
  })

  it('refuses an article id that is a path, before any handler runs', async () => {
    const handlers = { 'article:get': vi.fn() } as unknown as Handlers
    expectFailure(await dispatch(handlers, 'article:get', { id: '../../etc/passwd' }), 'invalid-input', 'id:')
    expect(handlers['article:get']).not.toHaveBeenCalled()
  })

  it('takes a missing input for an empty one', async () => {
    const { context } = await makeApp()
    for (const input of [undefined, null]) {
      const result = await dispatch(context.handlers, 'corpus:list', input)
      expect(result.ok && expectOutput('corpus:list', result.value)).toHaveLength(5)
    }
  })

  it('passes the validated input to the handler, with zod transforms applied', async () => {
    const setAnnotator = vi.fn((input: { name: string }) => ({ schemaVersion: 1 as const, annotator: input.name }))
    const handlers = { 'settings:setAnnotator': setAnnotator } as unknown as Handlers
    const result = await dispatch(handlers, 'settings:setAnnotator', { name: '  Ada  ' })
    expect(setAnnotator).toHaveBeenCalledWith({ name: 'Ada' })
    expect(result).toEqual({ ok: true, value: { schemaVersion: 1, annotator: 'Ada' } })
  })

  it('turns an AppError into its error result, and anything else into an internal error', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const handlers = {
      'corpus:list': () => {
        throw new AppError('read-only', 'This workspace is read-only.')
      },
      'workspace:info': () => Promise.reject(new Error('disk on fire')),
    } as unknown as Handlers
    expect(await dispatch(handlers, 'corpus:list', {})).toEqual({ ok: false, error: { code: 'read-only', message: 'This workspace is read-only.' } })
    expectFailure(await dispatch(handlers, 'workspace:info', {}), 'internal', 'workspace:info', 'disk on fire')
    expect(console.error).toHaveBeenCalledOnce()
  })
})

describe('describeZodError', () => {
  it('names the path of each of at most three issues', () => {
    const schema = z.object({ a: z.string(), b: z.object({ c: z.number() }), d: z.boolean(), e: z.boolean() })
    const error = schema.safeParse({ a: 1, b: { c: 'x' }, d: 1, e: 1 }).error!
    const message = describeZodError(error)
    expect(message.split('; ')).toHaveLength(3)
    expect(message).toMatch(/^a: .+; b\.c: .+; d: .+$/)
  })
})

describe('the handler table of createAppContext', () => {
  it('has a handler for every channel of the contract', async () => {
    const { context } = await makeApp()
    expect(Object.keys(context.handlers).sort()).toEqual([...channelNames].sort())
  })

  it('answers workspace:info and corpus:list with the open workspace', async () => {
    const { context, workspace } = await makeApp()
    const info = await call(context.handlers, 'workspace:info', {})
    expect(info).toEqual(workspace.info())
    expect(info.articleCount).toBe(5)
    const list = await call(context.handlers, 'corpus:list', {})
    expect(list.map((a) => a.id)).toEqual(workspace.list().map((a) => a.id))
    expect(list).toHaveLength(5)
  })

  it('answers article:get with the verbatim text, and not-found for an unknown id', async () => {
    const { context, workspace } = await makeApp()
    const article = await call(context.handlers, 'article:get', { id: 'rutte-sworn-in-translated' })
    const bytes = await readFile(path.join(workspace.root, 'corpus', 'rutte-sworn-in-translated.txt'))
    expect(Buffer.from(article.text, 'utf8').equals(bytes)).toBe(true)
    expect(article.meta.provenance).toBe('machine-translated')
    expectFailure(await dispatch(context.handlers, 'article:get', { id: 'no-such-article' }), 'not-found', '"no-such-article"')
  })

  it('gives no annotator before one is set, and writes nothing for that', async () => {
    const { context, dataDir } = await makeApp()
    expect(await call(context.handlers, 'settings:get', {})).toEqual({ schemaVersion: 1, annotator: null })
    await expect(readFile(path.join(dataDir, 'settings.json'))).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('keeps the annotator, trimmed, in settings.json of the data folder, for the next launch', async () => {
    const { context, dataDir, workspace } = await makeApp()
    expect(await call(context.handlers, 'settings:setAnnotator', { name: '  Ana Müller ' })).toEqual({ schemaVersion: 1, annotator: 'Ana Müller' })
    expect(await readFile(path.join(dataDir, 'settings.json'), 'utf8')).toBe(formatJson({ schemaVersion: 1, annotator: 'Ana Müller' }))
    const next = createAppContext({ dataDir, workspace })
    expect(await call(next.handlers, 'settings:get', {})).toEqual({ schemaVersion: 1, annotator: 'Ana Müller' })
    // Settings belong to the user, not to the workspace.
    await expect(readFile(path.join(workspace.root, 'settings.json'))).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it.each([
    ['empty', ''],
    ['blank', '   \t '],
    ['with a newline', 'Ana\nMüller'],
    ['with a NUL', 'Ana\0'],
    ['with a C1 control', 'Ana\u0085'],
    ['too long', 'x'.repeat(81)],
  ])('refuses an annotator name that is %s, and keeps the one before', async (_what, name) => {
    const { context, dataDir } = await makeApp()
    await call(context.handlers, 'settings:setAnnotator', { name: 'Ada' })
    expectFailure(await dispatch(context.handlers, 'settings:setAnnotator', { name }), 'invalid-input', 'name')
    expect(await call(context.handlers, 'settings:get', {})).toMatchObject({ annotator: 'Ada' })
    expect(JSON.parse(await readFile(path.join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({ annotator: 'Ada' })
  })

  it('moves a damaged settings.json aside instead of overwriting it, and says so with the workspace warnings', async () => {
    const { context, dataDir } = await makeApp()
    await writeFiles(dataDir, { 'settings.json': '{"schemaVersion":1,"annotator":' })
    expect(await call(context.handlers, 'settings:get', {})).toEqual({ schemaVersion: 1, annotator: null })
    const { warnings } = await call(context.handlers, 'workspace:info', {})
    expect(warnings).toEqual([expect.stringMatching(/^settings\.json is damaged: it is not valid JSON .+ moved aside to settings\.json\.corrupt-/)])
    expect(await call(context.handlers, 'settings:setAnnotator', { name: 'Ada' })).toEqual({ schemaVersion: 1, annotator: 'Ada' })
    const [aside] = (await readdir(dataDir)).filter((name) => name.startsWith('settings.json.corrupt-'))
    expect(await readFile(path.join(dataDir, aside as string), 'utf8')).toBe('{"schemaVersion":1,"annotator":')
  })

  it('keeps ui:set in the workspace and gives it back with ui:get', async () => {
    const { context, workspace } = await makeApp()
    expect(await call(context.handlers, 'ui:get', {})).toEqual({ schemaVersion: 1, openArticles: [], sidebarOpen: true })
    const ids = ['rutte-sworn-in-translated', 'semafor-rutte-trump-whisperer']
    expect(await call(context.handlers, 'ui:set', { openArticles: ids })).toEqual({ schemaVersion: 1, openArticles: ids, sidebarOpen: true })
    expect(await call(context.handlers, 'ui:set', { sidebarOpen: false })).toEqual({ schemaVersion: 1, openArticles: ids, sidebarOpen: false })
    expect(await (await Workspace.open(workspace.root)).uiState()).toEqual({ schemaVersion: 1, openArticles: ids, sidebarOpen: false })
    expectFailure(await dispatch(context.handlers, 'ui:set', { openArticles: ['not-here'] }), 'not-found', '"not-here"')
  })

  it('switches to the workspace workspace:open names, and refuses a folder without articles', async () => {
    const { context } = await makeApp()
    const other = await makeTempDir()
    await writeFiles(other, { 'one.txt': 'One', 'two.md': 'Two' })
    const info = await call(context.handlers, 'workspace:open', { path: other })
    expect(info).toMatchObject({ path: other, articleCount: 2 })
    expect(context.workspace().root).toBe(other)
    expect((await call(context.handlers, 'corpus:list', {})).map((a) => a.id)).toEqual(['one', 'two'])
    expect(await call(context.handlers, 'workspace:info', {})).toEqual(info)
    expectFailure(await dispatch(context.handlers, 'article:get', { id: 'rutte-sworn-in-translated' }), 'not-found')

    const empty = await makeTempDir()
    expectFailure(await dispatch(context.handlers, 'workspace:open', { path: empty }), 'not-found', 'holds no articles')
    expect(context.workspace().root).toBe(other)
    expectFailure(await dispatch(context.handlers, 'workspace:open', { path: '' }), 'invalid-input', 'path')
  })

  it('answers every channel of the contract with a value that matches its output schema', async () => {
    const { context, workspace } = await makeApp()
    const other = await makeTempDir()
    await writeFiles(other, { 'one.txt': 'One' })
    const quote = annotationOf(workspace, 'rutte-sworn-in-translated', '“There is no free alternative,”', { id: 'q1', label: 'quote', annotator: 'Ada' })
    const speaker = annotationOf(workspace, 'rutte-sworn-in-translated', 'Rutte', { id: 's1', label: 'speaker', annotator: 'Ada', attributes: { entity: 'e1' } })
    const entity = { id: 'e1', name: 'Mark Rutte', aliases: ['Rutte'], note: '', createdBy: 'Ada', created: TEST_TIME, modified: TEST_TIME }
    const inputs: Record<Channel, unknown> = {
      'workspace:info': {},
      'corpus:list': {},
      'article:get': { id: 'montenegrin-keep-the-west-together' },
      'settings:get': {},
      'settings:setAnnotator': { name: 'Ada' },
      'ui:get': {},
      'ui:firstScreen': {},
      'ui:set': { openArticles: ['montenegrin-keep-the-west-together'], sidebarOpen: false },
      'tagset:get': {},
      'annotations:summary': {},
      'edits:apply': {
        edits: [
          { op: 'put-entity', entity },
          { op: 'put-annotation', annotation: quote },
          { op: 'put-annotation', annotation: speaker },
          { op: 'put-link', link: linkBetween('l1', 'attributed-to', quote, speaker, 'Ada') },
        ],
      },
      'annotations:list': {},
      'annotations:query': { filter: { label: 'quote' }, limit: 10 },
      'annotations:linksInto': { articleIds: ['montenegrin-keep-the-west-together'] },
      'entities:list': {},
      'corpus:search': { query: 'rutte', caseSensitive: false },
      'interchange:export': { format: 'native', annotators: ['Ada'] },
      'interchange:import': {
        format: 'brat',
        annotator: 'Bea',
        files: [{ name: 'montenegrin-keep-the-west-together.ann', content: 'T1\tspeaker 137 141\tRute\n' }],
      },
      'review:agreement': { annotators: ['Ada', 'Bea'] },
      'review:progress': { annotators: ['Ada', 'Bea'] },
      'workspace:open': { path: other }, // last: it switches the workspace
    }
    expect(Object.keys(inputs).sort()).toEqual([...channelNames].sort())
    const values: Partial<Record<Channel, unknown>> = {}
    for (const [channel, input] of Object.entries(inputs) as [Channel, unknown][]) {
      const result = await dispatch(context.handlers, channel, input)
      expect(result.ok, `${channel}: ${JSON.stringify(result)}`).toBe(true)
      if (result.ok) {
        const parsed = channels[channel].output.safeParse(result.value)
        expect(parsed.success, `${channel}: ${parsed.error?.message}`).toBe(true)
        values[channel] = result.value
      }
    }
    // and the answers are not empty ones that would pass any schema
    expect(values['annotations:query']).toMatchObject({ annotations: [{ id: 'q1' }], matched: 1, total: 2 })
    expect(values['annotations:list']).toMatchObject({ annotators: ['Ada'], layers: [{ annotator: 'Ada', links: [{ id: 'l1' }] }] })
    expect(values['entities:list']).toEqual([entity])
    expect((values['corpus:search'] as { hits: unknown[] }).hits.length).toBeGreaterThan(10)
    expect(values['tagset:get']).toEqual(workspace.tagset)
    expect(values['interchange:export']).toMatchObject({ annotations: 2, files: [{ path: 'annotations.parallax.json' }] })
    expect(values['interchange:import']).toMatchObject({ annotators: ['Bea'], annotations: 1 })
    expect(values['review:agreement']).toMatchObject({ annotators: ['Ada', 'Bea'], kappaCoefficient: 'cohen' })
    expect(values['review:progress']).toMatchObject({ articles: 5, left: (values['review:progress'] as { disagreements: number }).disagreements })
  })

  it('refuses malformed input on the annotating channels, before any handler runs', async () => {
    const { context } = await makeApp()
    expectFailure(await dispatch(context.handlers, 'tagset:get', { name: 'x' }), 'invalid-input', '"name"')
    expectFailure(await dispatch(context.handlers, 'entities:list', { all: true }), 'invalid-input', '"all"')
    expectFailure(await dispatch(context.handlers, 'edits:apply', { edits: [] }), 'invalid-input', 'edits')
    expectFailure(await dispatch(context.handlers, 'edits:apply', { edits: [{ op: 'rename-article', id: 'x' }] }), 'invalid-input', 'edits.0')
    expectFailure(await dispatch(context.handlers, 'edits:apply', { edits: [{ op: 'delete-annotation', articleId: '../x', id: 'a' }] }), 'invalid-input', 'edits.0.articleId')
    expectFailure(await dispatch(context.handlers, 'annotations:list', { articleIds: ['../../etc'] }), 'invalid-input', 'articleIds.0')
    expectFailure(await dispatch(context.handlers, 'corpus:search', { query: 'x'.repeat(501) }), 'invalid-input', 'query')
    expectFailure(await dispatch(context.handlers, 'corpus:search', { query: 'x', caseSensitive: 'yes' }), 'invalid-input', 'caseSensitive')
  })
})
