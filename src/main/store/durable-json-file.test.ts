import { execFileSync } from 'node:child_process'
import type * as FsPromises from 'node:fs/promises'
import { chmod, mkdir, open, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { expectAppError, makeTempDir, readOnlyFoldersRefuseWrites } from '../test-helpers'
import { DurableJsonFile, formatJson, formatJsonPieces, writeChunksDurably, writeFileDurably } from './durable-json-file'
import { formatOf } from './versions'

const Doc = z.object({ schemaVersion: z.literal(1), notes: z.array(z.string()) }).strict()
type Doc = z.infer<typeof Doc>
const doc = (...notes: string[]): Doc => ({ schemaVersion: 1, notes })
const DocFormat = formatOf(Doc, 1)

const canMakeReadOnlyFolder = await readOnlyFoldersRefuseWrites()

// readFile spied on (it still reads): the tests count whether a write reads its file back first; open, to count a file's writes
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>()
  return { ...actual, readFile: vi.fn(actual.readFile), open: vi.fn(actual.open) }
})

/**
 * Watches the writes made through the next file handle opened: how many, how many at once at most,
 * how many were under way when it was synced; each can be slowed (a slow disk), or the nth fail.
 */
async function watchNextFile(options: { slowMs?: number; failAt?: number } = {}): Promise<{ writes: number; mostAtOnce: number; underWayAtSync: number | null }> {
  const actual = await vi.importActual<typeof FsPromises>('node:fs/promises')
  const seen = { writes: 0, mostAtOnce: 0, underWayAtSync: null as number | null }
  let underWay = 0
  vi.mocked(open).mockImplementationOnce(async (...args: Parameters<typeof actual.open>) => {
    const handle = await actual.open(...args)
    const write = handle.write.bind(handle) as (...a: unknown[]) => Promise<unknown>
    handle.write = (async (...a: unknown[]) => {
      const n = ++seen.writes
      seen.mostAtOnce = Math.max(seen.mostAtOnce, ++underWay)
      try {
        if (options.slowMs) await new Promise((resolve) => setTimeout(resolve, options.slowMs))
        if (n === options.failAt) throw Object.assign(new Error('no space left on device, write'), { code: 'ENOSPC' })
        return await write(...a)
      } finally {
        underWay--
      }
    }) as typeof handle.write
    const sync = handle.sync.bind(handle)
    handle.sync = () => {
      seen.underWayAtSync = underWay
      return sync()
    }
    return handle
  })
  return seen
}

describe('writeFileDurably', () => {
  it('writes the exact content and leaves no temp file behind', async () => {
    const dir = await makeTempDir()
    const file = path.join(dir, 'data.json')
    await writeFileDurably(file, 'first ✓\n')
    expect(await readFile(file, 'utf8')).toBe('first ✓\n')
    await writeFileDurably(file, 'second')
    expect(await readFile(file, 'utf8')).toBe('second')
    expect(await readdir(dir)).toEqual(['data.json'])
  })

  it('chunks: written in order, each made while the one before is written; a chunk that cannot be made leaves the file as it was and no temp file', async () => {
    const dir = await makeTempDir()
    const file = path.join(dir, 'export.json')
    const pieces = Array.from({ length: 200 }, (_, i) => `${i}:${'x'.repeat(i * 37)}\n`)
    await writeChunksDurably(file, pieces)
    expect(await readFile(file, 'utf8')).toBe(pieces.join(''))

    function* failing(): Generator<string> {
      yield* pieces.slice(0, 50)
      throw new Error('this record cannot be written')
    }
    await expect(writeChunksDurably(file, failing())).rejects.toThrow('this record cannot be written')
    expect(await readFile(file, 'utf8')).toBe(pieces.join(''))
    expect(await readdir(dir)).toEqual(['export.json'])
  })

  it('chunks: a small file in many chunks is one write (a save waits once, not once a chunk), a large one several, the same bytes', async () => {
    const dir = await makeTempDir()
    const file = path.join(dir, 'layer.json')
    const small = Array.from({ length: 40 }, (_, i) => `{ "n": ${i}, "quote": "“Mark Rute”" },\n`)
    const once = await watchNextFile()
    await writeChunksDurably(file, small)
    expect(once.writes).toBe(1)
    expect(await readFile(file, 'utf8')).toBe(small.join(''))

    // 6 MB in chunks of 1 to 40,000 characters: gathered a megabyte a write, in two buffers in turn
    const large = Array.from({ length: 400 }, (_, i) => (i % 3 ? '“Rutte” 😀 ' : 'x').repeat(1 + ((i * 7919) % 4000)))
    const several = await watchNextFile()
    await writeChunksDurably(file, large)
    expect(several.writes).toBeGreaterThan(3)
    expect((await readFile(file)).equals(Buffer.from(large.join(''), 'utf8'))).toBe(true)
  })

  it('chunks: one write at a time, in order, every one ended before the file is synced, however slow the disk', async () => {
    const dir = await makeTempDir()
    const file = path.join(dir, 'export.json')
    const chunks = Array.from({ length: 300 }, (_, i) => `${i}: ${'“Rutte” 😀 '.repeat(1 + ((i * 7919) % 2000))}\n`)
    const seen = await watchNextFile({ slowMs: 5 })
    await writeChunksDurably(file, chunks)
    expect(seen.writes).toBeGreaterThan(3)
    expect(seen.mostAtOnce).toBe(1)
    expect(seen.underWayAtSync).toBe(0)
    expect((await readFile(file)).equals(Buffer.from(chunks.join(''), 'utf8'))).toBe(true)
  })

  it('chunks: a write that fails midway fails the save; the file keeps its last version, and no temp file is left', async () => {
    const dir = await makeTempDir()
    const file = path.join(dir, 'export.json')
    await writeFileDurably(file, 'the last version\n')
    const chunks = Array.from({ length: 300 }, (_, i) => `${i}: ${'“Rutte” 😀 '.repeat(1 + ((i * 7919) % 2000))}\n`)
    const seen = await watchNextFile({ slowMs: 2, failAt: 3 })
    await expect(writeChunksDurably(file, chunks)).rejects.toThrow('no space left on device')
    expect(seen.writes).toBe(3)
    expect(await readFile(file, 'utf8')).toBe('the last version\n')
    expect(await readdir(dir)).toEqual(['export.json'])
  })

  it('chunks: every character in UTF-8, whatever the chunks hold and however their lengths go', async () => {
    const dir = await makeTempDir()
    const file = path.join(dir, 'export.json')
    // ASCII, Latin-1, curly quotes and dashes, astral letters and emoji (4 bytes each); long and short chunks in turn
    const alphabet = ['a', 'é', '“', '—', 'Ž', '𝔸', '😀', '\n']
    const pieces = Array.from({ length: 60 }, (_, i) => alphabet[i % alphabet.length]!.repeat(i % 2 ? 1 : 20_000 + i * 500))
    await writeChunksDurably(file, pieces)
    expect((await readFile(file)).equals(Buffer.from(pieces.join(''), 'utf8'))).toBe(true)
  })

  it('keeps the version it replaces as the last good copy; a save that fails leaves that copy as it was', async () => {
    const dir = await makeTempDir()
    const file = path.join(dir, 'layer.json')
    const backup = path.join(dir, 'backups', 'layer.json')
    await writeFileDurably(file, 'one\n', { backup })
    expect(await readdir(dir)).toEqual(['layer.json']) // nothing to keep before the first version
    await writeFileDurably(file, 'two\n', { backup })
    expect(await readFile(backup, 'utf8')).toBe('one\n')

    function* failing(): Generator<string> {
      yield 'three, half'
      throw new Error('the disk went away')
    }
    await expect(writeChunksDurably(file, failing(), { backup })).rejects.toThrow('the disk went away')
    expect(await readFile(file, 'utf8')).toBe('two\n')
    expect(await readFile(backup, 'utf8')).toBe('one\n')
    expect([...(await readdir(dir)), ...(await readdir(path.dirname(backup)))].sort()).toEqual(['backups', 'layer.json', 'layer.json'])

    await writeFileDurably(file, 'three\n', { backup })
    expect([await readFile(file, 'utf8'), await readFile(backup, 'utf8')]).toEqual(['three\n', 'two\n'])
  })

  it('creates missing parent folders', async () => {
    const dir = await makeTempDir()
    const file = path.join(dir, 'a', 'b', 'data.json')
    await writeFileDurably(file, '{}')
    expect(await readFile(file, 'utf8')).toBe('{}')
  })

  it('rejects, and removes its temp file, when the target cannot be replaced', async () => {
    const dir = await makeTempDir()
    const target = path.join(dir, 'taken')
    await mkdir(target)
    await writeFile(path.join(target, 'inside'), 'x') // a non-empty folder where the file should go
    await expect(writeFileDurably(target, 'data')).rejects.toThrow()
    expect((await readdir(dir)).sort()).toEqual(['taken'])
  })
})

describe('formatJson', () => {
  it('indents by two spaces and ends with a newline', () => {
    expect(formatJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}\n')
  })
})

describe('formatJsonPieces', () => {
  it('is formatJson in pieces, for any JSON value', () => {
    const same = (value: unknown): void => {
      expect(formatJsonPieces(value).join('')).toBe(formatJson(value))
    }
    fc.assert(fc.property(fc.jsonValue({ stringUnit: 'binary' }), same))
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.array(fc.jsonValue(), { maxLength: 80 })), same))
  })

  it('leaves out what formatJson leaves out, and writes a value with toJSON as formatJson does', () => {
    const odd = { a: [1, undefined, () => 1], f: () => 1, s: Symbol('s'), u: undefined, d: new Date(0), list: [{ at: new Date(0), no: undefined }] }
    expect(formatJsonPieces(odd).join('')).toBe(formatJson(odd))
    expect(formatJsonPieces(new Date(0)).join('')).toBe(formatJson(new Date(0)))
  })

  it('writes a layer file of 100 annotations in pieces short enough for the young generation of V8', () => {
    const annotation = (i: number) => ({ id: `a${i}`, quote: { exact: '“Mark Rute”', prefix: 'said that ', suffix: ' would lead' }, note: 'Kamala Harry 😀 '.repeat(40) })
    const file = { schemaVersion: 1, annotator: 'Ana', annotations: Array.from({ length: 100 }, (_, i) => annotation(i)), links: [], articleNote: null, decisions: undefined }
    const pieces = formatJsonPieces(file)
    expect(pieces.join('')).toBe(formatJson(file))
    expect(formatJson(file).length).toBeGreaterThan(64_000) // whole, over the young generation's limit for a two-byte string (128 KB)
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(32_000)
  })
})

describe('DurableJsonFile', () => {
  it('reads null when the file does not exist', async () => {
    const dir = await makeTempDir()
    expect(await new DurableJsonFile(path.join(dir, 'missing.json'), DocFormat).read()).toBeNull()
  })

  it('writes formatted JSON that reads back equal', async () => {
    const dir = await makeTempDir()
    const file = path.join(dir, 'doc.json')
    const adapter = new DurableJsonFile(file, DocFormat)
    await adapter.write(doc('ä', 'b'))
    expect(await readFile(file, 'utf8')).toBe(formatJson(doc('ä', 'b')))
    expect(await adapter.read()).toEqual(doc('ä', 'b'))
    expect(await readdir(dir)).toEqual(['doc.json'])
  })

  it('writes a file it read only when the text changes, reading the file back only when the sizes cannot tell', async () => {
    const dir = await makeTempDir()
    const file = path.join(dir, 'doc.json')
    await writeFile(file, formatJson(doc('a', 'b')))
    const written: string[] = []
    const opened = async () => {
      const adapter = new DurableJsonFile(file, DocFormat, { write: (to, text, options) => (written.push(typeof text === 'string' ? text : text.join('')), writeFileDurably(to, text, options)) })
      await adapter.read()
      vi.mocked(readFile).mockClear()
      return adapter
    }
    // another length: written, the file not read back
    await (await opened()).write(doc('a', 'b', 'c'))
    expect(readFile).not.toHaveBeenCalled()
    expect(written).toEqual([formatJson(doc('a', 'b', 'c'))])
    // the same text: read back, and not written
    await (await opened()).write(doc('a', 'b', 'c'))
    expect(readFile).toHaveBeenCalledTimes(1)
    expect(written).toHaveLength(1)
    // the same length, another text: read back, and written
    await (await opened()).write(doc('a', 'b', 'd'))
    expect(readFile).toHaveBeenCalledTimes(1)
    expect(written).toHaveLength(2)
    expect(await readFile(file, 'utf8')).toBe(formatJson(doc('a', 'b', 'd')))
    // as many characters, and another size in bytes: written, the file not read back
    await (await opened()).write(doc('a', 'b', '“'))
    expect(readFile).not.toHaveBeenCalled()
    expect(written).toHaveLength(3)
    // the same text, beyond ASCII: read back, and not written
    await (await opened()).write(doc('a', 'b', '“'))
    expect(readFile).toHaveBeenCalledTimes(1)
    expect(written).toHaveLength(3)
  })

  it('writes the same data again over a file whose bytes are not UTF-8 where its text reads the same', async () => {
    const dir = await makeTempDir()
    const file = path.join(dir, 'doc.json')
    // a 4-byte sequence cut to 3 bytes inside a string: decoded, one replacement character, 3 bytes long too
    const [before, after] = formatJson(doc('Rutte \uFFFD')).split('\uFFFD') as [string, string]
    await writeFile(file, Buffer.concat([Buffer.from(before), Buffer.from([0xf0, 0x9f, 0x98]), Buffer.from(after)]))
    const adapter = new DurableJsonFile(file, DocFormat)
    const data = await adapter.read()
    expect(data).toEqual(doc('Rutte \uFFFD'))
    await adapter.write(data as Doc)
    expect(await readFile(file)).toEqual(Buffer.from(formatJson(doc('Rutte \uFFFD'))))
  })

  it('keeps the last of several writes started together, and leaves no temp files', async () => {
    const dir = await makeTempDir()
    const file = path.join(dir, 'doc.json')
    const adapter = new DurableJsonFile(file, DocFormat)
    await Promise.all(Array.from({ length: 20 }, (_, i) => adapter.write(doc(`write ${i}`))))
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(doc('write 19'))
    expect(await readdir(dir)).toEqual(['doc.json'])
  })

  it('reports an unreadable path as an I/O error', async () => {
    const dir = await makeTempDir()
    await mkdir(path.join(dir, 'doc.json')) // a folder cannot be read as a file
    await expectAppError(new DurableJsonFile(path.join(dir, 'doc.json'), DocFormat, { name: 'doc.json' }).read(), 'io-error', 'Cannot read doc.json: it is a folder')
  })

  it.runIf(process.platform !== 'win32')('reports a named pipe as an I/O error, without waiting for a writer that never comes', async () => {
    const dir = await makeTempDir()
    execFileSync('mkfifo', [path.join(dir, 'doc.json')])
    await expectAppError(new DurableJsonFile(path.join(dir, 'doc.json'), DocFormat, { name: 'doc.json' }).read(), 'io-error', 'Cannot read doc.json: it is not a regular file')
  })

  it.runIf(canMakeReadOnlyFolder)('rejects a write into a read-only folder with an I/O error, and the old content stays', async () => {
    const dir = await makeTempDir()
    const file = path.join(dir, 'doc.json')
    const adapter = new DurableJsonFile(file, DocFormat, { name: 'doc.json' })
    await adapter.write(doc('kept'))
    await chmod(dir, 0o555)
    try {
      await expectAppError(adapter.write(doc('lost')), 'io-error', 'Could not save doc.json')
      expect(await adapter.read()).toEqual(doc('kept'))
      expect(await readdir(dir)).toEqual(['doc.json'])
    } finally {
      await chmod(dir, 0o755)
    }
  })

  // Root ignores permission bits, so this one fails the write in a way that holds for every user.
  it('rejects a write whose folder cannot exist with an I/O error', async () => {
    const dir = await makeTempDir()
    await writeFile(path.join(dir, 'plain-file'), 'x')
    const adapter = new DurableJsonFile(path.join(dir, 'plain-file', 'doc.json'), DocFormat, { name: 'doc.json' })
    await expectAppError(adapter.write(doc('x')), 'io-error', 'Could not save doc.json')
  })

  it('goes on writing after a failed write', async () => {
    const dir = await makeTempDir()
    const file = path.join(dir, 'doc.json')
    await mkdir(file)
    await writeFile(path.join(file, 'blocker'), 'x')
    const adapter = new DurableJsonFile(file, DocFormat, { name: 'doc.json' })
    await expectAppError(adapter.write(doc('first')), 'io-error')
    await rm(file, { recursive: true })
    await adapter.write(doc('second'))
    expect(await adapter.read()).toEqual(doc('second'))
  })
})
