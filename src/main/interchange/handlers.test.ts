/** 'interchange:export' and 'interchange:import' through the handler table, as the app calls them. */
import { describe, expect, it } from 'vitest'
import { dispatch } from '../handlers/dispatch'
import { call, expectFailure, snapshotFiles } from '../test-helpers'
import { ANA, BO, EMOJI, freshApp, richApp, richCorpus } from './test-workspace'

describe("'interchange:export'", () => {
  it('gives the files of a format and the number of annotations, filtered by annotator and article', async () => {
    const app = await richApp()
    const all = await call(app.context.handlers, 'interchange:export', { format: 'brat' })
    expect(all.annotations).toBe(21)
    expect(all.files.map((f) => f.path)).toContain(`bo-chen/${EMOJI}.ann`)
    const some = await call(app.context.handlers, 'interchange:export', { format: 'native', annotators: [BO], articleIds: [EMOJI] })
    expect(some).toEqual({ files: [{ path: 'annotations.parallax.json', content: expect.stringContaining(`"annotator": "${BO}"`) }], annotations: 2 })
  })

  it('fails with the reason for an annotator without a layer', async () => {
    const app = await richApp()
    expectFailure(await dispatch(app.context.handlers, 'interchange:export', { format: 'csv', annotators: ['Nobody'] }), 'not-found', 'There is no layer by "Nobody"')
  })
})

describe("'interchange:import'", () => {
  it('saves the files as layers and gives the report', async () => {
    const corpus = await richCorpus()
    const source = await richApp(corpus)
    const { files } = await call(source.context.handlers, 'interchange:export', { format: 'labelstudio', annotators: [ANA] })
    const fresh = await freshApp(corpus)
    const tasks = files.filter((f) => f.path === 'tasks.json').map((f) => ({ name: f.path, content: f.content }))
    const report = await call(fresh.context.handlers, 'interchange:import', { format: 'labelstudio', files: tasks })
    expect(report).toMatchObject({ source: 'tasks.json', annotators: [ANA], annotations: 15, links: 5, reanchored: [] })
    expect((await call(fresh.context.handlers, 'annotations:list', {})).annotators).toEqual([ANA])
  })

  it('refuses a broken file as an error result, and writes nothing', async () => {
    const fresh = await freshApp(await richCorpus())
    const before = await snapshotFiles(fresh.workspace.root)
    const result = await dispatch(fresh.context.handlers, 'interchange:import', { format: 'w3c', files: [{ name: 'cut.jsonld', content: '{"type": "AnnotationPage", "items": [' }] })
    expectFailure(result, 'invalid-input', 'cut.jsonld, ', 'not valid JSON')
    expectFailure(await dispatch(fresh.context.handlers, 'interchange:import', { format: 'native', files: [{ name: 'a.json', content: '{}' }, { name: 'b.json', content: '{}' }] }), 'invalid-input', 'reads one file at a time')
    expect(await snapshotFiles(fresh.workspace.root)).toEqual(before)
  })
})
