import { describe, expect, it } from 'vitest'
import { readAs, type FileFormat } from '../store/versions'
import { formatJson } from '../store/durable-json-file'
import { EntitiesFormat } from './entities'
import { LayerArticleFormat, LayerInfoFormat } from './layers'
import { migrations } from './migrations'
import { SettingsFormat } from './settings'
import { TagsetFormat } from './tagset-file'
import { UiFormat, WorkspaceFormat } from './workspace'

const TIME = '2024-10-01T12:00:00.000Z'

/** Every kind of file, with a file of version 0 (the early prototype: no schemaVersion) and what it becomes. */
const cases: [string, FileFormat, Record<string, unknown>, Record<string, unknown>][] = [
  ['workspace', WorkspaceFormat, { name: 'Study', corpus: 'corpus' }, { schemaVersion: 1, name: 'Study', corpus: 'corpus' }],
  [
    'tagset',
    TagsetFormat,
    { name: 'T', labels: [{ id: 'claim', name: 'Claim', color: '#123456' }] },
    { schemaVersion: 1, name: 'T', labels: [{ id: 'claim', name: 'Claim', color: '#123456', guideline: '', attributes: [] }], linkTypes: [] },
  ],
  ['entities', EntitiesFormat, { entities: [] }, { schemaVersion: 1, entities: [] }],
  ['layerInfo', LayerInfoFormat, { annotator: 'Ana' }, { schemaVersion: 1, annotator: 'Ana' }],
  ['ui', UiFormat, { openArticles: ['a'], sidebarOpen: false }, { schemaVersion: 1, openArticles: ['a'], sidebarOpen: false }],
  ['settings', SettingsFormat, { annotator: null }, { schemaVersion: 1, annotator: null }],
  [
    'layerArticle',
    LayerArticleFormat,
    {
      annotator: 'Ana',
      articleId: 'a',
      textSha256: 'abc',
      annotations: [
        {
          id: 'x',
          articleId: 'a',
          start: 0,
          end: 5,
          unit: 'utf16',
          quote: { exact: 'Alpha', prefix: '', suffix: '' },
          label: 'claim',
          attributes: {},
          note: '',
          annotator: 'Ana',
          created: TIME,
          modified: TIME,
        },
      ],
    },
    { schemaVersion: 1, annotator: 'Ana', articleId: 'a', textSha256: 'abc', links: [], articleNote: null },
  ],
]

describe('migrations', () => {
  it('has a migration from every version up to the current one, for every kind of file', () => {
    for (const [kind, format] of cases) {
      for (let version = 0; version < format.version; version++) expect(format.migrations[version], `${kind} ${version}`).toBeTypeOf('function')
    }
    expect(Object.keys(migrations).sort()).toEqual(cases.map(([kind]) => kind).sort())
  })

  it.each(cases)('%s: brings a version-0 file up to the current version, as a pure function', (_kind, format, v0, expected) => {
    const before = structuredClone(v0)
    const reading = readAs(format, formatJson(v0))
    expect(reading).toMatchObject({ kind: 'migrated', from: 0, data: expected })
    expect(v0).toEqual(before) // the input is not changed
    // what it becomes reads back as a current file, unchanged
    if (reading.kind !== 'migrated') throw new Error('unreachable')
    expect(readAs(format, formatJson(reading.data))).toEqual({ kind: 'current', data: reading.data })
  })

  it('keeps an article note and links a version-0 layer file already has', () => {
    const note = { articleId: 'a', note: 'n', provenance: null, annotator: 'Ana', modified: TIME }
    const migrated = migrations.layerArticle[0]({ annotator: 'Ana', articleId: 'a', textSha256: '', annotations: [], links: [], articleNote: note })
    expect(migrated).toEqual({ schemaVersion: 1, annotator: 'Ana', articleId: 'a', textSha256: '', annotations: [], links: [], articleNote: note })
  })
})
