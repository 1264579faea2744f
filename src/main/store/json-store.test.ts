import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { expectAppError, expectAppErrorSync, makeTempDir } from '../test-helpers'
import { formatJson } from './durable-json-file'
import { JsonStore } from './json-store'

const Counter = z.object({ schemaVersion: z.literal(1), count: z.number().int() }).strict()
const zero = () => ({ schemaVersion: 1 as const, count: 0 })

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
    const db = await new JsonStore(root).open('counter.json', Counter, zero)
    expect(db.data).toEqual(zero())
    expect(await readdir(root)).toEqual([])
  })

  it('reads what is on disk', async () => {
    const root = await makeTempDir()
    await writeFile(path.join(root, 'counter.json'), JSON.stringify({ schemaVersion: 1, count: 7 }))
    const db = await new JsonStore(root).open('counter.json', Counter, zero)
    expect(db.data.count).toBe(7)
  })

  it('writes durably into sub-folders it creates', async () => {
    const root = await makeTempDir()
    const db = await new JsonStore(root).open('a/b/counter.json', Counter, zero)
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
      store.open('counter.json', Counter, zero),
      store.open('./counter.json', Counter, zero),
      store.open(path.join(root, 'counter.json'), Counter, zero),
    ])
    expect(b).toBe(a)
    expect(c).toBe(a)
    expect(await store.open('sub/../counter.json', Counter, zero)).toBe(a)
  })

  it('gives different files different Lows', async () => {
    const root = await makeTempDir()
    const store = new JsonStore(root)
    expect(await store.open('a.json', Counter, zero)).not.toBe(await store.open('b.json', Counter, zero))
  })

  it('keeps every one of many concurrent updates through the shared Low', async () => {
    const root = await makeTempDir()
    const store = new JsonStore(root)
    await Promise.all(
      Array.from({ length: 25 }, async () => {
        const db = await store.open('counter.json', Counter, zero)
        await db.update((data) => {
          data.count++
        })
      }),
    )
    expect(JSON.parse(await readFile(path.join(root, 'counter.json'), 'utf8'))).toEqual({ schemaVersion: 1, count: 25 })
    expect(await readdir(root)).toEqual(['counter.json'])
  })

  it('reports a corrupt file by its relative name, and reads it again once it is repaired', async () => {
    const root = await makeTempDir()
    const store = new JsonStore(root)
    await writeFile(path.join(root, 'counter.json'), '{"schemaVersion": 1, "count": "many"}')
    await expectAppError(store.open('counter.json', Counter, zero), 'corrupt-file', 'counter.json', 'count')
    await writeFile(path.join(root, 'counter.json'), '{ not json')
    await expectAppError(store.open('counter.json', Counter, zero), 'corrupt-file', 'counter.json', 'not valid JSON')
    await writeFile(path.join(root, 'counter.json'), JSON.stringify({ schemaVersion: 1, count: 2 }))
    expect((await store.open('counter.json', Counter, zero)).data.count).toBe(2)
  })

  it.each(['../x.json', '/tmp/x.json', 'a\0b.json'])('refuses to open %j', async (relative) => {
    const root = await makeTempDir()
    await expectAppError(new JsonStore(root).open(relative, Counter, zero), 'invalid-input')
  })
})
