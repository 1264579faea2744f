/**
 * Files known to pass their checks are parsed, not checked again: only a text that passed them and
 * reads back as exactly what they gave is remembered, by its digest, so that trusting it gives the
 * same data; a changed file, a changed schema or a damaged cache means checking again, never trusting.
 */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { makeTempDir } from '../test-helpers'
import { CheckedTexts, checksOf } from './checked-texts'
import { digestOf, formatJson } from './durable-json-file'
import { JsonStore } from './json-store'
import { LayerArticleFormat } from '../workspace/layers'
import { formatOf, readAs, type FileFormat } from './versions'

const Notes = z
  .object({
    schemaVersion: z.literal(1),
    notes: z.array(z.object({ id: z.string(), text: z.string().max(20), at: z.number().int() }).strict()),
  })
  .strict()
type Notes = z.infer<typeof Notes>
const notesFile = (...texts: string[]): Notes => ({ schemaVersion: 1, notes: texts.map((text, at) => ({ id: `n${at}`, text, at })) })

/** A format that names its checks, and counts how often its schema is run. */
function checkedFormat(): { format: FileFormat<typeof Notes>; checksRun: () => number } {
  const schema = Notes.clone()
  const spy = vi.spyOn(schema, 'safeParse')
  return { format: { ...formatOf(schema, 1), checks: checksOf(Notes, 1) }, checksRun: () => spy.mock.calls.length }
}

/** Opens `notes.json` in a new store (as a new opening of the workspace does) with the texts loaded from `cacheFile`. */
async function openNotes(root: string, format: FileFormat<typeof Notes>, cacheFile: string) {
  const checked = await CheckedTexts.load(cacheFile, root)
  const store = new JsonStore(root, { checked })
  const db = await store.open('notes.json', format, () => notesFile())
  return { db, store, checked }
}

describe('CheckedTexts', () => {
  it('checks a file once: read again unchanged, it is parsed and not checked, and gives the same data', async () => {
    const root = await makeTempDir()
    const cache = path.join(root, 'checked.json')
    await writeFile(path.join(root, 'notes.json'), formatJson(notesFile('Rutte', '“Rute” 😀 Рюте é')))
    const { format, checksRun } = checkedFormat()

    const first = await openNotes(root, format, cache)
    expect(checksRun()).toBe(1)
    await first.checked.save()
    const second = await openNotes(root, format, cache)
    expect(checksRun()).toBe(1) // trusted
    expect(second.db.data).toStrictEqual(first.db.data)
    expect(JSON.stringify(second.db.data)).toBe(JSON.stringify(first.db.data))
  })

  it('checks a file again once it has changed, even to the same length, and tells a damaged one as before', async () => {
    const root = await makeTempDir()
    const cache = path.join(root, 'checked.json')
    const file = path.join(root, 'notes.json')
    await writeFile(file, formatJson(notesFile('Rutte')))
    const { format, checksRun } = checkedFormat()
    await (await openNotes(root, format, cache)).checked.save()

    // the same length, and no longer valid: "at" a string
    const changed = formatJson(notesFile('Rutte')).replace('"at": 0', '"at":""')
    expect(changed.length).toBe(formatJson(notesFile('Rutte')).length)
    await writeFile(file, changed)
    const { db, store } = await openNotes(root, format, cache)
    expect(checksRun()).toBe(2)
    expect(db.data).toEqual(notesFile()) // no good copy to put back: it starts again, and says so
    expect(store.notices.map((n) => n.kind)).toEqual(['reset'])
    expect(store.notices[0]?.message).toContain('does not match its schema')
  })

  it('does not remember a text other than the checked data as written (keys in another order), so that trusting never gives other data', async () => {
    const root = await makeTempDir()
    const cache = path.join(root, 'checked.json')
    const reordered = `{\n  "notes": [],\n  "schemaVersion": 1\n}\n`
    await writeFile(path.join(root, 'notes.json'), reordered)
    const { format, checksRun } = checkedFormat()
    const first = await openNotes(root, format, cache)
    await first.checked.save()
    expect(first.checked.size).toBe(0)
    const second = await openNotes(root, format, cache)
    expect(checksRun()).toBe(2)
    expect(JSON.stringify(second.db.data)).toBe(JSON.stringify({ schemaVersion: 1, notes: [] })) // the schema's order, as checking gives
  })

  it('checks again a text checked by other checks (the schema changed)', async () => {
    const root = await makeTempDir()
    const cache = path.join(root, 'checked.json')
    const text = formatJson(notesFile('Rutte'))
    await writeFile(path.join(root, 'notes.json'), text)
    const { format } = checkedFormat()
    await (await openNotes(root, format, cache)).checked.save()

    const stricter = Notes.extend({ notes: z.array(z.object({ id: z.string(), text: z.string().max(3), at: z.number().int() }).strict()) })
    expect(checksOf(stricter, 1)()).not.toBe(format.checks?.())
    expect(checksOf(Notes, 2)()).not.toBe(format.checks?.()) // a refinement changed: the revision is raised
    const strictFormat = { ...formatOf(stricter, 1), checks: checksOf(stricter, 1) }
    const checked = await CheckedTexts.load(cache, root)
    const store = new JsonStore(root, { checked })
    const db = await store.open('notes.json', strictFormat, () => notesFile())
    expect(db.data).toEqual(notesFile()) // "Rutte" is too long for the new schema: found, not trusted
    expect(store.notices[0]?.message).toContain('does not match its schema')
  })

  it.each([
    ['damaged', '{"schemaVersion": 1, "texts": ['],
    ['of another version', '{"schemaVersion": 2, "workspace": "ROOT", "texts": []}'],
    ['of the wrong shape', '{"schemaVersion": 1, "workspace": "ROOT", "texts": [1, 2]}'],
    ['of another workspace', '{"schemaVersion": 1, "workspace": "/elsewhere", "texts": ["DIGEST"]}'],
    ['empty', ''],
  ])('ignores a file of digests that is %s: every file is checked, and nothing is lost', async (_, content) => {
    const root = await makeTempDir()
    const cache = path.join(root, 'checked.json')
    const text = formatJson(notesFile('Rutte'))
    await writeFile(path.join(root, 'notes.json'), text)
    const { format, checksRun } = checkedFormat()
    await writeFile(cache, content.replace('ROOT', root).replace('DIGEST', `${format.checks?.()}:${digestOf(Buffer.from(text))}`))
    const { db, store } = await openNotes(root, format, cache)
    expect(checksRun()).toBe(1)
    expect(db.data).toEqual(notesFile('Rutte'))
    expect(store.notices).toEqual([])
  })

  it('keeps the texts met since it was loaded, and writes only when that changes what it holds', async () => {
    const root = await makeTempDir()
    const cache = path.join(root, 'checked.json')
    const texts = new CheckedTexts(cache, root)
    const a = formatJson(notesFile('a'))
    const b = formatJson(notesFile('b'))
    texts.remember('c1', digestOf(Buffer.from(a)), a, notesFile('a'))
    texts.remember('c1', digestOf(Buffer.from(b)), b, notesFile('b'))
    const write = vi.fn((file: string, data: string | readonly string[]) => writeFile(file, typeof data === 'string' ? data : data.join('')))
    await texts.save(write)
    expect(write).toHaveBeenCalledTimes(1)
    await texts.save(write)
    expect(write).toHaveBeenCalledTimes(1) // nothing new

    // the next opening meets only "a" ("b" was changed or deleted): "b" is dropped
    const next = await CheckedTexts.load(cache, root)
    expect(next.size).toBe(2)
    expect(next.has('c1', digestOf(Buffer.from(a)))).toBe(true)
    expect(next.has('c2', digestOf(Buffer.from(a)))).toBe(false)
    await next.save(write)
    expect(write).toHaveBeenCalledTimes(2)
    expect((await CheckedTexts.load(cache, root)).size).toBe(1)
    expect(JSON.parse(await readFile(cache, 'utf8'))).toEqual({ schemaVersion: 1, workspace: root, texts: [`c1:${digestOf(Buffer.from(a))}`] })
  })

  it('remembers the files Parallax writes, the texts they replaced forgotten, and saves them at once when the workspace closes', async () => {
    const root = await makeTempDir()
    const saved = async (file: string) => (JSON.parse(await readFile(file, 'utf8')) as { texts: string[] }).texts

    // every file read first (save was called): what is saved is the files as they are now
    const read = new CheckedTexts(path.join(root, 'read.json'), root, ['c1:old', 'c1:unchanged', 'c1:gone'])
    read.has('c1', 'old')
    read.has('c1', 'unchanged')
    await read.save()
    read.written('c1', 'old', 'new')
    read.written('c1', 'new', 'newer') // written twice in a session
    read.saveNow()
    expect(await saved(read.file)).toEqual(['c1:newer', 'c1:unchanged'])

    // closed before every file was read: the texts of files not read yet are kept
    const early = new CheckedTexts(path.join(root, 'early.json'), root, ['c1:old', 'c1:unread'])
    early.has('c1', 'old')
    early.written('c1', 'old', 'new')
    early.saveNow()
    expect(await saved(early.file)).toEqual(['c1:new', 'c1:unread'])

    // nothing written, or not the lock holder: nothing saved
    const untouched = new CheckedTexts(path.join(root, 'untouched.json'), root, ['c1:old'])
    untouched.saveNow()
    const other = new CheckedTexts(path.join(root, 'other.json'), root, ['c1:old'], false)
    other.written('c1', 'old', 'new')
    other.saveNow()
    await expect(readFile(untouched.file, 'utf8')).rejects.toThrow('ENOENT')
    await expect(readFile(other.file, 'utf8')).rejects.toThrow('ENOENT')
  })

  it('saves later what was written while it saved, and a save begun before the workspace closed does not write over what closing saved', async () => {
    const root = await makeTempDir()
    const saved = async (file: string) => (JSON.parse(await readFile(file, 'utf8')) as { texts: string[] }).texts
    const write = (file: string, data: string | readonly string[]) => writeFile(file, typeof data === 'string' ? data : data.join(''))

    /** A list saved with a write held until `release`, a file written (old → new) while it is held. */
    const writtenWhileSaving = async (name: string) => {
      const texts = new CheckedTexts(path.join(root, name), root, ['c1:old', 'c1:gone'])
      texts.has('c1', 'old')
      let release = (): void => undefined
      const until = new Promise<void>((resolve) => (release = resolve))
      const slow = vi.fn(async (file: string, data: string | readonly string[]) => {
        await until
        await write(file, data)
      })
      const saving = texts.save(slow)
      await vi.waitFor(() => expect(slow).toHaveBeenCalled())
      texts.written('c1', 'old', 'new')
      return { texts, release, saving }
    }

    // the write ends, then the workspace closes
    const during = await writtenWhileSaving('during.json')
    during.release()
    await during.saving
    expect(await saved(during.texts.file)).toEqual(['c1:old'])
    during.texts.saveNow()
    expect(await saved(during.texts.file)).toEqual(['c1:new'])

    // the workspace closes while the list is on its way to disk: the older list does not stay
    const closing = await writtenWhileSaving('closing.json')
    closing.texts.saveNow()
    expect(await saved(closing.texts.file)).toEqual(['c1:new'])
    closing.release()
    await closing.saving
    expect(await saved(closing.texts.file)).toEqual(['c1:new'])
  })

  it('learns nothing when it will not be saved (not the lock holder): the checks are run, nothing is remembered', () => {
    const texts = new CheckedTexts('checked.json', '/workspace', [], false)
    const a = formatJson(notesFile('a'))
    texts.remember('c1', digestOf(Buffer.from(a)), a, notesFile('a'))
    expect(texts.size).toBe(0)
  })

  it('saves nothing when the write fails (a full disk), and tries again at the next save: it is only a shortcut', async () => {
    const root = await makeTempDir()
    const cache = path.join(root, 'checked.json')
    const texts = new CheckedTexts(cache, root)
    const a = formatJson(notesFile('a'))
    texts.remember('c1', digestOf(Buffer.from(a)), a, notesFile('a'))
    await expect(texts.save(() => Promise.reject(new Error('ENOSPC')))).resolves.toBeUndefined()
    await texts.save()
    expect((await CheckedTexts.load(cache, root)).size).toBe(1)
  })

  it('checks a text listed as checked by mistake that does not hold what its format needs, rather than fail to read it', () => {
    // an annotation without its article: sharing its strings would throw on it
    const file = { schemaVersion: 1, annotator: 'Ada', articleId: 'a', textSha256: '0'.repeat(64), annotations: [{ id: 'x' }], links: [], articleNote: null }
    const reading = readAs(LayerArticleFormat, formatJson(file), { trusted: true })
    expect(reading).toMatchObject({ kind: 'corrupt', reason: expect.stringContaining('does not match its schema') })
  })
})
