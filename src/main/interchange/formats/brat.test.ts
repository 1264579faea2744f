/**
 * brat standoff: the export (T lines split at line breaks, code points, annotation.conf) and the
 * import of .ann files as brat writes them, with and without their .txt.
 */
import { describe, expect, it } from 'vitest'
import { OffsetConverter } from '../../../shared/anchoring'
import { makeApp } from '../../test-helpers'
import { annotatorSlug } from '../../workspace/layers'
import { collectExport, readImport, runExport, saveImport } from '../index'
import { ANA, BO, EMOJI, EMOJI_TEXT, richApp, richCorpus, seedEntities, SWORN_IN } from '../test-workspace'

describe('brat export', () => {
  it('writes annotation.conf, and per annotator a folder of <article>.txt (verbatim) and <article>.ann', async () => {
    const app = await richApp()
    const files = runExport('brat', await collectExport(app.workspace))
    const paths = files.map((f) => f.path)
    expect(paths[0]).toBe('annotation.conf')
    for (const annotator of [ANA, BO]) {
      for (const id of app.workspace.articleIds) {
        expect(paths).toContain(`${annotatorSlug(annotator)}/${id}.ann`)
        expect(files.find((f) => f.path === `${annotatorSlug(annotator)}/${id}.txt`)!.content).toBe(app.workspace.article(id).text)
      }
    }
    expect(files).toHaveLength(1 + 2 * 2 * app.workspace.articleIds.length)
  })

  it('writes one annotator’s layer without sub-folders', async () => {
    const app = await richApp()
    const files = runExport('brat', await collectExport(app.workspace, { annotators: [BO], articleIds: [EMOJI] }))
    expect(files.map((f) => f.path)).toEqual(['annotation.conf', `${EMOJI}.txt`, `${EMOJI}.ann`])
  })

  it('writes spans in code points, split into fragments at the CRLF, with A, #, N and R lines', async () => {
    const app = await richApp()
    const files = runExport('brat', await collectExport(app.workspace, { annotators: [ANA], articleIds: [EMOJI] }))
    const ann = files.find((f) => f.path === `${EMOJI}.ann`)!.content
    const cp = new OffsetConverter(EMOJI_TEXT)
    const at = (needle: string) => cp.toCodePoints(EMOJI_TEXT.indexOf(needle))
    const harry = at('Kamala Harry')
    const said = at('said')
    const mark = at('Mark Rute')
    expect(ann.endsWith('\n')).toBe(true)
    expect(ann.split('\n').filter((l) => l.startsWith('T'))).toEqual([
      `T1\tquote ${harry - 1} ${harry + 20}\t"Kamala Harry" 𝕏 said`,
      `T2\ttranslation-error ${harry} ${harry + 12}\tKamala Harry`,
      `T3\tspeaker ${harry} ${harry + 12}\tKamala Harry`,
      `T4\tclaim ${said} ${said + 4};${mark} ${mark + 17}\tsaid Mark Rute 👍🏽 went`,
      `T5\tspeaker ${mark} ${mark + 9}\tMark Rute`,
      `T6\ttranslation-error ${at('𝔘')} ${at('𝔘') + 1}\t𝔘`,
    ])
    expect([...EMOJI_TEXT].slice(mark, mark + 17).join('')).toBe('Mark Rute 👍🏽 went')
    const lines = ann.split('\n')
    expect(lines).toContain('A1\tkind T1 direct')
    expect(lines).toContain('A2\tcategory T2 accuracy_named_entity')
    expect(lines).toContain('A3\tseverity T2 major')
    expect(lines).toContain('#1\tAnnotatorNotes T2\tcorrection: Kamala Harris')
    expect(lines).toContain('#2\tAnnotatorNotes T2\tThe name is mangled.\\nSee the second line.')
    expect(lines).toContain('N1\tReference T3 Parallax:ent-harris\tent-harris')
    for (const line of ['check-worthiness T4 check_worthy', 'type-numerical T4', 'type-causal T4', 'voice T4 attributed_to_someone', 'verdict T4 refuted', 'hedged T4']) {
      expect(lines.some((l) => l.endsWith(`\t${line}`)), line).toBe(true)
    }
    expect(lines.some((l) => /^#\d+\tAnnotatorNotes T4\tnormalized-claim: Rutte went, Harris said\.$/.test(l))).toBe(true)
    // links within the article; the one across articles (Mark Rute → Sworn-in's Mark Rutte) cannot be written
    const relations = lines.filter((l) => l.startsWith('R'))
    expect(relations).toEqual(['R1\tattributed-to Arg1:T1 Arg2:T3', 'R2\taffects Arg1:T2 Arg2:T3'])
    expect(lines.some((l) => /^#\d+\tAnnotatorNotes R1\tHarris said it\.$/.test(l))).toBe(true)
  })

  it('writes an annotation.conf naming every label, link type and attribute', async () => {
    const app = await richApp()
    const conf = runExport('brat', await collectExport(app.workspace))[0]!.content
    const sections = new Map<string, string[]>()
    let current = ''
    for (const line of conf.split('\n')) {
      if (line.startsWith('#') || line.trim() === '') continue
      const header = /^\[(\w+)\]$/.exec(line)
      if (header) sections.set((current = header[1]!), [])
      else sections.get(current)!.push(line)
    }
    expect([...sections.keys()]).toEqual(['entities', 'relations', 'events', 'attributes'])
    const tagset = app.workspace.tagset
    expect(sections.get('entities')).toEqual(tagset.labels.map((l) => l.id))
    expect(sections.get('relations')!.map((l) => l.split('\t')[0])).toEqual(tagset.linkTypes.map((t) => t.id))
    expect(sections.get('relations')).toContain('attributed-to\tArg1:quote|claim, Arg2:speaker')
    expect(sections.get('relations')).toContain('same-entity\tArg1:speaker, Arg2:speaker, <REL-TYPE>:symmetric')
    const attributes = new Map(sections.get('attributes')!.map((l) => [l.split('\t')[0]!, l.split('\t')[1]!]))
    for (const label of tagset.labels) {
      for (const def of label.attributes) {
        if (def.type === 'one-of') {
          expect(attributes.get(def.id), def.id).toContain(label.id)
          for (const value of def.values) expect(attributes.get(def.id)!.split('Value:')[1]!.split('|')).toContain(value.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, ''))
        } else if (def.type === 'boolean') expect(attributes.get(def.id)).toBe(`Arg:${label.id}`)
        else if (def.type === 'many-of') for (const value of def.values) expect(attributes.get(`${def.id}-${value.replace(/[^A-Za-z0-9]+/g, '_')}`)).toBe(`Arg:${label.id}`)
      }
    }
    expect(attributes.get('severity')).toBe('Arg:translation-error, Value:neutral|minor|major|critical')
    expect(attributes.get('hedged')).toBe('Arg:claim')
    expect(attributes.get('type-event_or_property')).toBe('Arg:claim')
  })
})

/** A fresh workspace of the rich corpus (with the entities), and brat import into it. */
async function importing() {
  const app = await makeApp(await richCorpus())
  await seedEntities(app.context.handlers)
  const read = (files: Record<string, string>, annotator = 'Brat User') =>
    readImport(app.workspace, 'brat', Object.entries(files).map(([name, content]) => ({ name, content })), annotator, '2030-01-01T00:00:00.000Z')
  const run = async (files: Record<string, string>, annotator = 'Brat User') => saveImport(app.workspace, read(files, annotator), 'brat folder')
  const layer = (annotator = 'Brat User') => app.workspace.layers.layer(annotator, app.workspace.articleIds)
  return { app, read, run, layer }
}

describe('brat import of .ann files as brat writes them', () => {
  it('reads T, A, M, #, R and N lines against the workspace text when there is no .txt', async () => {
    const { app, run, layer } = await importing()
    const text = app.workspace.article(SWORN_IN).text
    const cp = new OffsetConverter(text)
    const span = (needle: string) => `${cp.toCodePoints(text.indexOf(needle))} ${cp.toCodePoints(text.indexOf(needle) + needle.length)}`
    const ann = [
      `T1\ttranslation-error ${span('Kamala Harry')}\tKamala Harry`,
      `T2\tspeaker ${span('Mark Rutte')}\tMark Rutte`,
      `T3\tquote ${span('he would be happy to work with Trump')}\the would be happy to work with Trump`,
      `T4\tclaim ${span('Rutte has been a figurehead')}\tRutte has been a figurehead`,
      'A1\tcategory T1 accuracy_named_entity',
      'A2\tseverity T1 critical',
      'M3\tkind T3 indirect',
      'A4\thedged T4',
      'A5\ttype-event_or_property T4',
      'A6\ttype-numerical T4',
      '#1\tAnnotatorNotes T1\tcorrection: Kamala Harris',
      '#2\tAnnotatorNotes T1\tHarris, not Harry.\\nTwice.',
      'R1\tattributed-to Arg1:T3 Arg2:T2',
      '#3\tAnnotatorNotes R1\tSaid on Monday.',
      'N1\tReference T2 Parallax:ent-rutte\tMark Rutte',
      '',
    ].join('\n')
    const report = await run({ [`${SWORN_IN}.ann`]: ann })
    expect(report).toMatchObject({ annotators: ['Brat User'], annotations: 4, links: 1, reanchored: [], notes: [] })
    const { annotations, links } = await layer()
    const byLabel = (label: string) => annotations.find((a) => a.label === label)!
    expect(byLabel('translation-error')).toMatchObject({
      quote: { exact: 'Kamala Harry' },
      attributes: { category: 'accuracy/named entity', severity: 'critical', correction: 'Kamala Harris' },
      note: 'Harris, not Harry.\nTwice.',
      created: '2030-01-01T00:00:00.000Z',
    })
    expect(text.slice(byLabel('translation-error').start, byLabel('translation-error').end)).toBe('Kamala Harry')
    expect(byLabel('speaker').attributes).toEqual({ entity: 'ent-rutte' })
    expect(byLabel('quote').attributes).toEqual({ kind: 'indirect' })
    expect(byLabel('claim').attributes).toEqual({ hedged: true, type: ['event or property', 'numerical'] })
    expect(links).toEqual([expect.objectContaining({ type: 'attributed-to', from: { articleId: SWORN_IN, annotationId: byLabel('quote').id }, to: { articleId: SWORN_IN, annotationId: byLabel('speaker').id }, note: 'Said on Monday.' })])
  })

  it('reads a T line with fragments across a CRLF, against its CRLF .txt, with the .ann in CRLF too', async () => {
    const { run, layer } = await importing()
    const cp = new OffsetConverter(EMOJI_TEXT)
    const said = cp.toCodePoints(EMOJI_TEXT.indexOf('said'))
    const mark = cp.toCodePoints(EMOJI_TEXT.indexOf('Mark Rute'))
    const u = cp.toCodePoints(EMOJI_TEXT.indexOf('𝔘'))
    const ann = [`T1\tclaim ${said} ${said + 4};${mark} ${mark + 17}\tsaid Mark Rute 👍🏽 went`, `T2\ttranslation-error ${u} ${u + 1}\t𝔘`, 'A1\tcategory T2 other', '#1\tAnnotatorNotes T2\tStray.', ''].join('\r\n')
    const report = await run({ [`${EMOJI}.ann`]: ann, [`${EMOJI}.txt`]: EMOJI_TEXT })
    expect(report.reanchored).toEqual([])
    const { annotations } = await layer()
    expect(annotations.map((a) => EMOJI_TEXT.slice(a.start, a.end))).toEqual(['said\r\nMark Rute 👍🏽 went', '𝔘'])
    expect(annotations.map((a) => a.quote.exact)).toEqual(['said\r\nMark Rute 👍🏽 went', '𝔘'])
    expect(annotations[1]).toMatchObject({ attributes: { category: 'other' }, note: 'Stray.' })
  })

  it('re-anchors by quote, and says so, when its .txt has other line ends than the workspace’s', async () => {
    const { run, layer } = await importing()
    const lf = EMOJI_TEXT.replace(/\r\n/g, '\n')
    const cp = new OffsetConverter(lf)
    const mark = cp.toCodePoints(lf.indexOf('Mark Rute'))
    const report = await run({ [`${EMOJI}.ann`]: `T1\tspeaker ${mark} ${mark + 9}\tMark Rute\n`, [`${EMOJI}.txt`]: lf })
    const start = EMOJI_TEXT.indexOf('Mark Rute')
    // two line breaks before it are one character shorter each in the .txt
    expect(report.reanchored).toEqual([{ annotator: 'Brat User', articleId: EMOJI, quote: 'Mark Rute', from: [start - 2, start + 7], to: [start, start + 9] }])
    expect((await layer()).annotations.map((a) => [a.start, a.end])).toEqual([[start, start + 9]])
  })

  it('makes the same ids from the same files, so a second import changes nothing', async () => {
    const { read } = await importing()
    const files = { [`${SWORN_IN}.ann`]: 'T1\tspeaker 0 8\tIncoming\nT7\tspeaker 9 14\tNorth\nR3\tsame-entity Arg1:T1 Arg2:T7\n' }
    const first = read(files)
    expect(read(files)).toEqual(first)
    expect(first.layers[0]!.annotations.map((a) => a.id)).toEqual([expect.stringMatching(/^brat-[0-9a-f]{20}$/), expect.stringMatching(/^brat-[0-9a-f]{20}$/)])
    expect(first.layers[0]!.links[0]!.id).toMatch(/^brat-[0-9a-f]{20}$/)
  })

  it('leaves an entity the workspace does not know off the Speaker, and says so', async () => {
    const { run, layer } = await importing()
    const report = await run({ [`${SWORN_IN}.ann`]: 'T1\tspeaker 0 8\tIncoming\nN1\tReference T1 Parallax:ent-unknown\tSomeone\n' })
    expect(report.notes).toEqual([`Brat User's "Incoming" in ${SWORN_IN}: its entity "ent-unknown" is not in this workspace's registry, so the Speaker was imported without it.`])
    expect((await layer()).annotations[0]!.attributes).toEqual({})
  })

  it('needs the annotator: brat files do not say who annotated them', async () => {
    const { app } = await importing()
    expect(() => readImport(app.workspace, 'brat', [{ name: `${SWORN_IN}.ann`, content: 'T1\tspeaker 0 8\tIncoming\n' }], undefined)).toThrow(
      `${SWORN_IN}.ann: brat files do not say who annotated them: give the annotator (--annotator NAME)`,
    )
  })
})
