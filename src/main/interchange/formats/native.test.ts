/**
 * Parallax JSON: deterministic output, the published JSON Schema (kept current, and the export
 * valid against it), and what `validateNative` finds that the schema cannot say.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Edit } from '../../../shared/annotations'
import { appRoot } from '../../paths'
import { makeApp } from '../../test-helpers'
import { collectExport, runExport } from '../index'
import { NATIVE_SCHEMA_FILE, nativeJsonSchema } from '../schema'
import { ANA, BO, EMOJI, enter, richApp, richCorpus, richWork, type Work } from '../test-workspace'
import { ParallaxDocument, validateNative } from './native'

async function nativeExport(workspace: Parameters<typeof collectExport>[0]): Promise<string> {
  const files = runExport('native', await collectExport(workspace))
  expect(files.map((f) => f.path)).toEqual(['annotations.parallax.json'])
  return files[0]!.content
}

/** The same work, entered the other way round: entities first (the registry is shared), then Bo, one edit per action, newest first, attributes set in reverse order. */
function reordered(work: readonly Work[]): Work[] {
  const reverseKeys = <T extends object>(values: T): T => Object.fromEntries(Object.entries(values).reverse()) as T
  const all = work.flatMap((w) => w.actions.flat())
  const entities: Work = { annotator: BO, actions: all.filter((e) => e.op === 'put-entity').reverse().map((edit) => [edit]) }
  return [
    entities,
    ...[...work].reverse().map(({ annotator, actions }) => {
      const edits = actions.flat()
      const of = (op: Edit['op']) => edits.filter((e) => e.op === op).reverse()
      const flipped = [...of('put-annotation'), ...of('put-link'), ...of('put-article-note')].map((edit): Edit => {
        if (edit.op === 'put-annotation') return { ...edit, annotation: { ...edit.annotation, attributes: reverseKeys(edit.annotation.attributes) } }
        if (edit.op === 'put-link') return { ...edit, link: { ...edit.link, attributes: reverseKeys(edit.link.attributes) } }
        return edit
      })
      return { annotator, actions: flipped.map((edit) => [edit]) }
    }),
  ]
}

describe('Parallax JSON export', () => {
  it('gives the same bytes for the same work entered in another order', async () => {
    const corpus = await richCorpus()
    const first = await richApp(corpus)
    const second = await makeApp(corpus)
    await enter(second.context.handlers, reordered(richWork(second.workspace)))
    const bytes = await nativeExport(first.workspace)
    expect(await nativeExport(second.workspace)).toBe(bytes)
    expect(await nativeExport(first.workspace)).toBe(bytes)
  })

  it('writes keys in schema order, two-space indent and one trailing newline; layers by annotator, attribute values in tagset order', async () => {
    const app = await richApp()
    const text = await nativeExport(app.workspace)
    expect(text.endsWith('}\n')).toBe(true)
    expect(text.endsWith('\n\n')).toBe(false)
    expect(text.split('\n')[1]).toBe('  "format": "parallax-annotations",')
    const json = JSON.parse(text) as ParallaxDocument
    expect(`${JSON.stringify(json, null, 2)}\n`).toBe(text)
    expect(Object.keys(json)).toEqual(['format', 'schemaVersion', 'workspace', 'unit', 'tagset', 'articles', 'entities', 'layers'])
    expect(json.layers.map((l) => l.annotator)).toEqual([ANA, BO])
    const annotation = json.layers[0]!.annotations[0]!
    expect(Object.keys(annotation)).toEqual(['id', 'articleId', 'start', 'end', 'unit', 'quote', 'label', 'attributes', 'note', 'annotator', 'created', 'modified'])
    expect(Object.keys(annotation.quote)).toEqual(['exact', 'prefix', 'suffix'])
    const claim = json.layers[0]!.annotations.find((a) => a.id === 'ana-m1')!
    expect(Object.keys(claim.attributes)).toEqual(['check-worthiness', 'type', 'verdict'])
    expect(json.articles.map((a) => a.id)).toEqual(app.workspace.articleIds)
    expect(json.articles.find((a) => a.id === EMOJI)).toEqual({ id: EMOJI, title: 'Emoji and CRLF', sha256: app.workspace.article(EMOJI).meta.sha256, length: app.workspace.article(EMOJI).text.length })
    expect(json.entities.map((e) => e.name)).toEqual(['Kamala Harris', 'Mark Rutte', 'NATO'])
  })

  it('leaves out the work on articles outside the export, and links that reach them', async () => {
    const app = await richApp()
    const json = JSON.parse(runExport('native', await collectExport(app.workspace, { articleIds: [EMOJI] }))[0]!.content) as ParallaxDocument
    expect(json.articles.map((a) => a.id)).toEqual([EMOJI])
    for (const layer of json.layers) {
      expect(layer.annotations.every((a) => a.articleId === EMOJI)).toBe(true)
      expect(layer.links.every((l) => l.from.articleId === EMOJI && l.to.articleId === EMOJI)).toBe(true)
      expect(layer.articleNotes.every((n) => n.articleId === EMOJI)).toBe(true)
    }
    expect(json.layers[0]!.links.map((l) => l.id)).toEqual(['ana-l1', 'ana-l2'])
  })
})

describe('schemas/parallax-annotations.schema.json', () => {
  const committed = () => readFile(path.join(appRoot, NATIVE_SCHEMA_FILE), 'utf8')

  it('is the JSON Schema of the zod schema, pretty-printed: run `npm run schemas` when this fails', async () => {
    const expected = `${JSON.stringify(z.toJSONSchema(ParallaxDocument, { io: 'input' }), null, 2)}\n`
    expect(nativeJsonSchema()).toBe(expected)
    expect(await committed(), 'schemas/parallax-annotations.schema.json is stale: run `npm run schemas`').toBe(expected)
  })

  it('is draft 2020-12 and accepts the native export (checked with Ajv), and refuses a broken one', async () => {
    const schema = JSON.parse(await committed()) as Record<string, unknown>
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(schema.title).toBe('Parallax annotations')
    // date-time is also given as a pattern; Ajv's own formats are a separate package
    const ajv = new Ajv2020({ allErrors: true, strict: true, formats: { 'date-time': true } })
    const validate = ajv.compile(schema)
    const app = await richApp()
    const document = JSON.parse(await nativeExport(app.workspace)) as ParallaxDocument
    expect(validate(document), ajv.errorsText(validate.errors)).toBe(true)

    const broken = structuredClone(document)
    broken.layers[0]!.annotations[0]!.unit = 'codepoint' as 'utf16'
    ;(broken.layers[0]!.annotations[1] as Record<string, unknown>).colour = 'red'
    broken.layers[0]!.annotations[2]!.created = 'yesterday'
    expect(validate(broken)).toBe(false)
    const paths = (validate.errors ?? []).map((e) => e.instancePath)
    expect(paths).toContain('/layers/0/annotations/0/unit')
    expect(paths).toContain('/layers/0/annotations/1')
    expect(paths).toContain('/layers/0/annotations/2/created')
  })
})

describe('validateNative', () => {
  async function exported() {
    const app = await richApp()
    return JSON.parse(await nativeExport(app.workspace)) as ParallaxDocument
  }
  const check = (document: unknown) => validateNative({ name: 'x.parallax.json', content: JSON.stringify(document) })

  it('finds nothing wrong with an export', async () => {
    const document = await exported()
    const { document: read, problems } = check(document)
    expect(problems).toEqual([])
    expect(read?.layers).toHaveLength(2)
  })

  it('finds a label that is not in the file’s tagset', async () => {
    const document = await exported()
    document.tagset.labels = document.tagset.labels.filter((l) => l.id !== 'quote')
    document.tagset.linkTypes = document.tagset.linkTypes.map((t) => ({ ...t, from: t.from.filter((x) => x !== 'quote'), to: t.to.filter((x) => x !== 'quote') })).filter((t) => t.from.length && t.to.length)
    const at = document.layers[0]!.annotations.findIndex((a) => a.label === 'quote')
    const { problems } = check(document)
    expect(problems).toContain(`layers[0].annotations[${at}].label: "quote" is not in the file's tagset`)
  })

  it('finds a span that ends past its article, and a quote whose length is not end − start', async () => {
    const document = await exported()
    const length = document.articles.find((a) => a.id === EMOJI)!.length
    const annotations = document.layers[0]!.annotations
    const first = annotations.findIndex((a) => a.articleId === EMOJI)
    annotations[first]!.end = length + 5
    const second = first + 1
    annotations[second]!.quote.exact += 'x'
    const { problems } = check(document)
    expect(problems).toContain(`layers[0].annotations[${first}].end: ${length + 5} is past the end of the article (${length})`)
    expect(problems.some((p) => p.startsWith(`layers[0].annotations[${second}].quote.exact: its length`))).toBe(true)
  })

  it('finds a link to an annotation that is not there', async () => {
    const document = await exported()
    const link = document.layers[1]!.links.findIndex((l) => l.id === 'bo-l1')
    document.layers[1]!.links[link]!.to.annotationId = 'gone'
    const { problems } = check(document)
    expect(problems).toEqual([`layers[1].links[${link}].to: there is no annotation "gone" in rutte-sworn-in-translated`])
  })

  it('finds a value not in the tagset, an annotator outside its layer and an id used twice', async () => {
    const document = await exported()
    const annotations = document.layers[1]!.annotations
    const error = annotations.findIndex((a) => a.label === 'translation-error')
    annotations[error]!.attributes.severity = 'catastrophic'
    annotations[1]!.annotator = ANA
    annotations[2]!.id = annotations[3]!.id
    const { problems } = check(document)
    expect(problems).toContain(`layers[1].annotations[${error}].attributes: Severity must be one of: neutral, minor, major, critical`)
    expect(problems).toContain(`layers[1].annotations[1].annotator: "${ANA}" in ${BO}'s layer`)
    expect(problems).toContain(`layers[1].annotations[3].id: "${annotations[3]!.id}" is used twice`)
  })

  it('reports schema problems with their place', async () => {
    const document = (await exported()) as unknown as { layers: { annotations: Record<string, unknown>[] }[] }
    document.layers[0]!.annotations[2]!.start = -1
    const { document: read, problems } = check(document)
    expect(read).toBeNull()
    expect(problems[0]).toMatch(/^layers\[0\]\.annotations\[2\]\.start: /)
  })
})
