/**
 * What the store does with a damaged, older or newer file, how it keeps the last good copy, and
 * what a failed write leaves in memory: guarantees 2, 3 and 5 of docs/reliability.md, file by file.
 */
import { spawnSync } from 'node:child_process'
import { mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { expectAppError, makeTempDir } from '../test-helpers'
import { formatJson, removeStaleTempFiles, writeFileDurably, type WriteDurably } from './durable-json-file'
import { BACKUP_DIR, JsonStore } from './json-store'
import { formatOf, migrate, readAs, type Migration } from './versions'

const Notes = z.object({ schemaVersion: z.literal(2), notes: z.array(z.string()) }).strict()
type Notes = z.infer<typeof Notes>
/** Version 0 had no schemaVersion; version 1 called the list `items`. */
const migrations: Record<number, Migration> = {
  0: (data) => ({ schemaVersion: 1, ...data }),
  1: ({ items, ...rest }) => ({ ...rest, schemaVersion: 2, notes: items }),
}
const NotesFormat = formatOf(Notes, 2, migrations)
const notes = (...list: string[]): Notes => ({ schemaVersion: 2, notes: list })
const empty = (): Notes => notes()

/** A store whose `notes.json` was saved twice (first ["first"], then ["first", "second"]), as a session would leave it. */
async function savedTwice(): Promise<{ root: string; file: string }> {
  const root = await makeTempDir()
  const db = await new JsonStore(root).open('notes.json', NotesFormat, empty)
  db.data = notes('first')
  await db.write()
  db.data = notes('first', 'second')
  await db.write()
  return { root, file: path.join(root, 'notes.json') }
}

const asideOf = async (root: string, name: string): Promise<string[]> => (await readdir(root)).filter((n) => n.startsWith(`${name}.corrupt-`))

const damages: [string, (good: string) => string | Buffer][] = [
  ['truncated', (good) => good.slice(0, Math.floor(good.length / 2))],
  ['empty', () => ''],
  ['zero-filled', (good) => Buffer.alloc(good.length)],
  ['not an object', () => '[1, 2, 3]\n'],
  ['hand-mangled against its schema', () => '{ "schemaVersion": 2, "notes": [1] }\n'],
  ['left with git conflict markers', (good) => `<<<<<<< HEAD\n${good}=======\n${good}>>>>>>> theirs\n`],
  ['given a schemaVersion that is no number', () => '{ "schemaVersion": "2", "notes": [] }\n'],
]

describe('a damaged store file (guarantee 2)', () => {
  it.each(damages)('%s: is moved aside byte for byte, its last good copy is put back, and the user is told both', async (_what, damage) => {
    const { root, file } = await savedTwice()
    const good = await readFile(file, 'utf8')
    const damaged = damage(good)
    await writeFile(file, damaged)

    const store = new JsonStore(root)
    const db = await store.open('notes.json', NotesFormat, empty)
    // the last good copy is the version before the last save: ["first"]
    expect(db.data).toEqual(notes('first'))
    expect(await readFile(file, 'utf8')).toBe(formatJson(notes('first')))
    const [aside, ...more] = await asideOf(root, 'notes.json')
    expect(more).toEqual([])
    expect(await readFile(path.join(root, aside as string))).toEqual(Buffer.from(damaged))
    expect(store.notices).toEqual([
      {
        file: 'notes.json',
        kind: 'restored',
        reason: expect.any(String),
        kept: aside,
        message: expect.stringMatching(new RegExp(`^notes\\.json is damaged: .+\\. It was moved aside to ${aside}, and its last good copy, saved \\S+, was put back`)),
      },
    ])
  })

  it('starts empty when there is no good copy, and never writes over the damaged file', async () => {
    const root = await makeTempDir()
    await writeFile(path.join(root, 'notes.json'), '{ "schemaVersion": 2, "notes": ["half')
    const store = new JsonStore(root)
    const db = await store.open('notes.json', NotesFormat, empty)
    expect(db.data).toEqual(empty())
    expect(store.notices).toEqual([expect.objectContaining({ file: 'notes.json', kind: 'reset', message: expect.stringContaining('there is no earlier good copy to put back') })])
    // the next save writes a new file; the damaged one stays where it was put, untouched
    db.data = notes('new')
    await db.write()
    const [aside] = await asideOf(root, 'notes.json')
    expect(await readFile(path.join(root, aside as string), 'utf8')).toBe('{ "schemaVersion": 2, "notes": ["half')
    expect(await readFile(path.join(root, 'notes.json'), 'utf8')).toBe(formatJson(notes('new')))
  })

  it('does not put back a last good copy that is damaged too', async () => {
    const { root, file } = await savedTwice()
    await writeFile(file, '')
    await writeFile(path.join(root, BACKUP_DIR, 'notes.json'), '{')
    const store = new JsonStore(root)
    expect((await store.open('notes.json', NotesFormat, empty)).data).toEqual(empty())
    expect(store.notices[0]?.kind).toBe('reset')
    expect(await readFile(path.join(root, BACKUP_DIR, 'notes.json'), 'utf8')).toBe('{')
  })

  it('repairs nothing on disk while read-only (another Parallax writes here): the good copy is shown, the file left as it is', async () => {
    const { root, file } = await savedTwice()
    await writeFile(file, 'garbage')
    const store = new JsonStore(root)
    store.readOnly = true
    const db = await store.open('notes.json', NotesFormat, empty)
    expect(db.data).toEqual(notes('first'))
    expect(await readFile(file, 'utf8')).toBe('garbage')
    expect(await asideOf(root, 'notes.json')).toEqual([])
    expect(store.notices[0]).toMatchObject({ kind: 'left' })
    await expectAppError(db.write(), 'read-only', 'notes.json is damaged')
  })
})

describe('the last good copy', () => {
  it('is the version each save replaces, hard-linked into .parallax/backups (no bytes copied)', async () => {
    const root = await makeTempDir()
    const db = await new JsonStore(root).open('sub/notes.json', NotesFormat, empty)
    db.data = notes('one')
    await db.write()
    const first = await stat(path.join(root, 'sub', 'notes.json'))
    expect(await readdir(root)).toEqual(['sub']) // a file saved once has no earlier version to keep
    db.data = notes('one', 'two')
    await db.write()
    const backup = path.join(root, BACKUP_DIR, 'sub', 'notes.json')
    expect(await readFile(backup, 'utf8')).toBe(formatJson(notes('one')))
    expect((await stat(backup)).ino).toBe(first.ino)
    expect(await readdir(path.join(root, 'sub'))).toEqual(['notes.json'])
  })

  it('is not moved on by a save of what is on disk already, which writes nothing', async () => {
    const { root, file } = await savedTwice()
    const before = await stat(file)
    const db = await new JsonStore(root).open('notes.json', NotesFormat, empty)
    db.data = notes('first', 'second')
    await db.write()
    expect((await stat(file)).ino).toBe(before.ino)
    expect(await readFile(path.join(root, BACKUP_DIR, 'notes.json'), 'utf8')).toBe(formatJson(notes('first')))
  })
})

describe('schema versions (guarantee 3)', () => {
  it('never writes to a file of a newer version: it reads as absent, saves are refused with "update Parallax", and its bytes stay', async () => {
    const root = await makeTempDir()
    const newer = '{ "schemaVersion": 3, "notes": [], "shelves": {} }\n'
    await writeFile(path.join(root, 'notes.json'), newer)
    const store = new JsonStore(root)
    const db = await store.open('notes.json', NotesFormat, empty)
    expect(db.data).toEqual(empty())
    const message = 'notes.json was written by a newer Parallax (schema version 3; this one knows up to 2); update Parallax.'
    expect(store.notices).toEqual([expect.objectContaining({ file: 'notes.json', kind: 'newer', message: expect.stringContaining(message) })])
    expect(() => db.assertWritable()).toThrow(message)
    db.data = notes('would overwrite')
    await expectAppError(db.write(), 'read-only', message)
    expect(db.data).toEqual(empty()) // what was refused does not stay in memory either
    expect(await readFile(path.join(root, 'notes.json'), 'utf8')).toBe(newer)
    expect(await readdir(root)).toEqual(['notes.json'])
  })

  it.each([
    ['0 (no schemaVersion)', '{ "items": ["a", "b"] }\n', 0],
    ['1', '{ "schemaVersion": 1, "items": ["a", "b"] }\n', 1],
  ])('migrates a file of version %s, writes it in the current version, and keeps the original byte for byte', async (_version, original, from) => {
    const root = await makeTempDir()
    await writeFile(path.join(root, 'notes.json'), original)
    const store = new JsonStore(root)
    const db = await store.open('notes.json', NotesFormat, empty)
    expect(db.data).toEqual(notes('a', 'b'))
    expect(await readFile(path.join(root, 'notes.json'), 'utf8')).toBe(formatJson(notes('a', 'b')))
    const kept = path.join(root, BACKUP_DIR, `notes.json.schema-v${from}`)
    expect(await readFile(kept, 'utf8')).toBe(original)
    expect(store.notices).toEqual([
      expect.objectContaining({
        kind: 'migrated',
        message: `notes.json was in an older format (schema version ${from}) and is read as version 2; it was updated, and the original is kept as ${BACKUP_DIR}/notes.json.schema-v${from}.`,
      }),
    ])
  })

  it('treats an older file its migrations cannot make valid as damaged', async () => {
    const root = await makeTempDir()
    await writeFile(path.join(root, 'notes.json'), '{ "schemaVersion": 1, "items": "not a list" }')
    const store = new JsonStore(root)
    expect((await store.open('notes.json', NotesFormat, empty)).data).toEqual(empty())
    expect(store.notices[0]).toMatchObject({ kind: 'reset', reason: expect.stringContaining('notes: ') })
  })

  it('migrates in memory only while read-only, and refuses to save the file until it is updated', async () => {
    const root = await makeTempDir()
    await writeFile(path.join(root, 'notes.json'), '{ "items": ["a"] }')
    const store = new JsonStore(root)
    store.readOnly = true
    const db = await store.open('notes.json', NotesFormat, empty)
    expect(db.data).toEqual(notes('a'))
    expect(await readFile(path.join(root, 'notes.json'), 'utf8')).toBe('{ "items": ["a"] }')
    await expectAppError(db.write(), 'read-only')
  })

  it('reads through pure functions: migrate and readAs change nothing they are given', () => {
    const json = { items: ['a'] }
    const frozen = structuredClone(json)
    expect(migrate(NotesFormat, json, 0)).toEqual({ schemaVersion: 2, notes: ['a'] })
    expect(json).toEqual(frozen)
    expect(readAs(NotesFormat, '{"schemaVersion": 2, "notes": []}')).toEqual({ kind: 'current', data: notes() })
    expect(readAs(NotesFormat, '{"schemaVersion": 7}')).toEqual({ kind: 'newer', version: 7 })
    expect(readAs(NotesFormat, '\0\0\0')).toEqual({ kind: 'corrupt', reason: 'the file is empty' })
    expect(readAs(NotesFormat, '{"schemaVersion": -1}')).toMatchObject({ kind: 'corrupt' })
  })
})

/** A writer that fails as a full disk does, until `recover()`. */
function fullDisk(code = 'ENOSPC', message = 'no space left on device, write'): { write: WriteDurably; recover(): void; fail(): void; attempts: number } {
  const state = { failing: true, attempts: 0 }
  return {
    get attempts() {
      return state.attempts
    },
    write: async (file, data, options) => {
      state.attempts++
      if (state.failing) throw Object.assign(new Error(`${code}: ${message}`), { code })
      await writeFileDurably(file, data, options)
    },
    recover: () => (state.failing = false),
    fail: () => (state.failing = true),
  }
}

describe('a failed write (guarantee 5)', () => {
  it.each([
    ['ENOSPC', 'the disk is full'],
    ['EACCES', 'permission denied'],
    ['EROFS', 'the disk is read-only'],
  ])('%s: is reported with the file and the cause, leaves the file and the data in memory as they were, and a retry succeeds', async (code, cause) => {
    const { root, file } = await savedTwice()
    const disk = fullDisk(code)
    const db = await new JsonStore(root, { write: disk.write }).open('notes.json', NotesFormat, empty)
    await expectAppError(
      db.update((data) => {
        data.notes.push('third')
      }),
      'io-error',
      `Could not save notes.json: ${cause} (${code}: `,
    )
    // no phantom: memory holds what the disk holds
    expect(db.data).toEqual(notes('first', 'second'))
    expect(await readFile(file, 'utf8')).toBe(formatJson(notes('first', 'second')))
    disk.recover()
    await db.update((data) => {
      data.notes.push('third')
    })
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(notes('first', 'second', 'third'))
  })

  it('puts a new file back to its defaults when its first save fails', async () => {
    const root = await makeTempDir()
    const disk = fullDisk()
    const db = await new JsonStore(root, { write: disk.write }).open('notes.json', NotesFormat, empty)
    db.data = notes('x')
    await expectAppError(db.write(), 'io-error', 'Could not save notes.json')
    expect(db.data).toEqual(empty())
    expect(await readdir(root)).toEqual([])
  })

  it('keeps a change that a later save, already on its way, carries to disk', async () => {
    const { root } = await savedTwice()
    let calls = 0
    const failFirst: WriteDurably = async (file, data, options) => {
      if (++calls === 1) throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' })
      await writeFileDurably(file, data, options)
    }
    const db = await new JsonStore(root, { write: failFirst }).open('notes.json', NotesFormat, empty)
    const first = db.update((data) => {
      data.notes.push('a')
    })
    const second = db.update((data) => {
      data.notes.push('b')
    })
    await expect(first).rejects.toThrow('Could not save notes.json')
    await second
    expect(db.data).toEqual(notes('first', 'second', 'a', 'b'))
    expect(JSON.parse(await readFile(path.join(root, 'notes.json'), 'utf8'))).toEqual(db.data)
  })
})

describe('leftover temp files (guarantee 1)', () => {
  it('removes those of a writer that is gone, and of any writer when old, and leaves a live writer\'s and other files alone', async () => {
    const dir = await makeTempDir()
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number
    const names = {
      dead: `.notes.json.${dead}.7.tmp`,
      live: `.notes.json.${process.pid}.8.tmp`,
      old: `.notes.json.${process.pid}.9.tmp`,
      other: 'notes.json',
      lookalike: 'notes.json.1.2.tmp',
    }
    for (const name of Object.values(names)) await writeFile(path.join(dir, name), 'x')
    const hourAgo = new Date(Date.now() - 3600_000)
    await utimes(path.join(dir, names.old), hourAgo, hourAgo)
    await mkdir(path.join(dir, '.folder.1.1.tmp'))
    expect(await removeStaleTempFiles(dir)).toBe(2)
    expect((await readdir(dir)).sort()).toEqual([names.live, '.folder.1.1.tmp', names.other, names.lookalike].sort())
  })
})
