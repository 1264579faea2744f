import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { expectAppError, expectAppErrorSync, makeTempDir } from '../test-helpers'
import { formatJson } from './durable-json-file'
import { BACKUP_DIR, JsonStore } from './json-store'
import { formatOf } from './versions'

const Counter = z.object({ schemaVersion: z.literal(1), count: z.number().int() }).strict()
const zero = () => ({ schemaVersion: 1 as const, count: 0 })
const CounterFormat = formatOf(Counter, 1)

describe('JsonStore.resolve', () => {
  it('resolves a relative path inside the root', async () => {
    const root = await makeTempDir()
    const store = new JsonStore(root)
    expect(store.resolve('a.json')).toBe(path.join(root, 'a.json'))
    expect(store.resolve('sub/dir/a.json')).toBe(path.join(root, 'sub', 'dir', 'a.json'))
    expect(store.resolve('sub/../a.json')).toBe(path.join(root, 'a.json'))
  })

  it('accepts names that merely start with two dots', async () => {
    const root = await makeTempDir()
    expect(new JsonStore(root).resolve('..notes.json')).toBe(path.join(root, '..notes.json'))
  })

  it.each(['../x.json', '../../etc/passwd', 'sub/../../x.json', '..', '/etc/passwd'])('refuses %j, which leaves the root', async (relative) => {
    const root = await makeTempDir()
    expectAppErrorSync(() => new JsonStore(root).resolve(relative), 'invalid-input', 'outside the workspace')
  })

  it('refuses an absolute path outside the root', async () => {
    const root = await makeTempDir()
    const outside = path.join(path.dirname(root), 'elsewhere.json')
    expectAppErrorSync(() => new JsonStore(root).resolve(outside), 'invalid-input', 'outside the workspace')
  })

  it('refuses a sibling folder whose name starts with the root', async () => {
    const root = await makeTempDir()
    expectAppErrorSync(() => new JsonStore(root).resolve(`../${path.basename(root)}-evil/x.json`), 'invalid-input')
  })

  it('refuses a NUL byte', async () => {
    const root = await makeTempDir()
    expectAppErrorSync(() => new JsonStore(root).resolve('a.json\0.txt'), 'invalid-input', 'NUL')
  })

  it.runIf(process.platform !== 'win32')('treats a backslash as part of a file name on POSIX, inside the root', async () => {
    const root = await makeTempDir()
    expect(new JsonStore(root).resolve('..\\x.json')).toBe(path.join(root, '..\\x.json'))
  })

  it.runIf(process.platform === 'win32')('refuses ..\\x on Windows', async () => {
    const root = await makeTempDir()
    expectAppErrorSync(() => new JsonStore(root).resolve('..\\x.json'), 'invalid-input')
  })

  it.each(['', '.', 'sub/..'])('refuses %j, which names the root itself, as a file', async (relative) => {
    const root = await makeTempDir()
    expectAppErrorSync(() => new JsonStore(root).resolve(relative), 'invalid-input', 'empty')
  })

  it('refuses the root as a file also when the root is given with a trailing separator or relatively', async () => {
    const root = await makeTempDir()
    expectAppErrorSync(() => new JsonStore(`${root}${path.sep}`).resolve('.'), 'invalid-input', 'empty')
    expectAppErrorSync(() => new JsonStore(path.relative(process.cwd(), root)).resolve('.'), 'invalid-input', 'empty')
  })

  it('resolveInside accepts the root itself', async () => {
    const root = await makeTempDir()
    expect(new JsonStore(root).resolveInside('.')).toBe(root)
  })
})

describe('JsonStore.open', () => {
  it('gives the defaults for a file that does not exist, and writes nothing', async () => {
    const root = await makeTempDir()
    const db = await new JsonStore(root).open('counter.json', CounterFormat, zero)
    expect(db.data).toEqual(zero())
    expect(await readdir(root)).toEqual([])
  })

  it('reads what is on disk', async () => {
    const root = await makeTempDir()
    await writeFile(path.join(root, 'counter.json'), JSON.stringify({ schemaVersion: 1, count: 7 }))
    const db = await new JsonStore(root).open('counter.json', CounterFormat, zero)
    expect(db.data.count).toBe(7)
  })

  it('writes durably into sub-folders it creates', async () => {
    const root = await makeTempDir()
    const db = await new JsonStore(root).open('a/b/counter.json', CounterFormat, zero)
    await db.update((data) => {
      data.count = 3
    })
    expect(await readFile(path.join(root, 'a', 'b', 'counter.json'), 'utf8')).toBe(formatJson({ schemaVersion: 1, count: 3 }))
    expect(await readdir(path.join(root, 'a', 'b'))).toEqual(['counter.json'])
  })

  it('returns the same Low for concurrent opens of one file, however it is spelt', async () => {
    const root = await makeTempDir()
    const store = new JsonStore(root)
    const [a, b, c] = await Promise.all([
      store.open('counter.json', CounterFormat, zero),
      store.open('./counter.json', CounterFormat, zero),
      store.open(path.join(root, 'counter.json'), CounterFormat, zero),
    ])
    expect(b).toBe(a)
    expect(c).toBe(a)
    expect(await store.open('sub/../counter.json', CounterFormat, zero)).toBe(a)
  })

  it('gives different files different Lows', async () => {
    const root = await makeTempDir()
    const store = new JsonStore(root)
    expect(await store.open('a.json', CounterFormat, zero)).not.toBe(await store.open('b.json', CounterFormat, zero))
  })

  it('keeps every one of many concurrent updates through the shared Low', async () => {
    const root = await makeTempDir()
    const store = new JsonStore(root)
    await Promise.all(
      Array.from({ length: 25 }, async () => {
        const db = await store.open('counter.json', CounterFormat, zero)
        await db.update((data) => {
          data.count++
        })
      }),
    )
    expect(JSON.parse(await readFile(path.join(root, 'counter.json'), 'utf8'))).toEqual({ schemaVersion: 1, count: 25 })
    // the version before the last write is kept as the last good copy; no temp file is left anywhere
    expect(await readdir(root)).toEqual(['.parallax', 'counter.json'])
    expect(await readdir(path.join(root, BACKUP_DIR))).toEqual(['counter.json'])
    expect(JSON.parse(await readFile(path.join(root, BACKUP_DIR, 'counter.json'), 'utf8'))).toEqual({ schemaVersion: 1, count: 24 })
  })

  it('reports a damaged file by its relative name, moves it aside and opens it with its defaults', async () => {
    const root = await makeTempDir()
    const store = new JsonStore(root)
    await mkdir(path.join(root, 'sub'))
    await writeFile(path.join(root, 'sub', 'counter.json'), '{"schemaVersion": 1, "count": "many"}')
    const db = await store.open('sub/counter.json', CounterFormat, zero)
    expect(db.data).toEqual(zero())
    expect(store.notices).toHaveLength(1)
    expect(store.notices[0]).toMatchObject({ file: 'sub/counter.json', kind: 'reset' })
    expect(store.notices[0]?.message).toMatch(/^sub\/counter\.json is damaged: it does not match its schema: count: .+\. It was moved aside to sub\/counter\.json\.corrupt-[-0-9TZ]+, /)
    const [aside] = (await readdir(path.join(root, 'sub'))).filter((name) => name.startsWith('counter.json.corrupt-'))
    expect(await readFile(path.join(root, 'sub', aside as string), 'utf8')).toBe('{"schemaVersion": 1, "count": "many"}')
  })

  it('tries a file that could not be read again on the next open', async () => {
    const root = await makeTempDir()
    const store = new JsonStore(root)
    await mkdir(path.join(root, 'counter.json')) // a folder cannot be read as a file
    await expectAppError(store.open('counter.json', CounterFormat, zero), 'io-error', 'Cannot read counter.json')
    await rm(path.join(root, 'counter.json'), { recursive: true })
    await writeFile(path.join(root, 'counter.json'), JSON.stringify({ schemaVersion: 1, count: 2 }))
    expect((await store.open('counter.json', CounterFormat, zero)).data.count).toBe(2)
  })

  it.each(['../x.json', '/tmp/x.json', 'a\0b.json'])('refuses to open %j', async (relative) => {
    const root = await makeTempDir()
    await expectAppError(new JsonStore(root).open(relative, CounterFormat, zero), 'invalid-input')
  })
})
