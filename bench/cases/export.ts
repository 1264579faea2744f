/**
 * The export case: Parallax JSON and W3C for the whole workspace, as `parallax export` writes them:
 * `collectExport`, then `streamExport`'s chunks written to a file as they are made
 * (`writeChunksDurably`: temp file, fsync, rename). Opening the workspace and the first collection
 * read every layer from disk (what `parallax export` pays before it exports); the exports are then
 * timed with the layers in the store, as in the app after opening, up to the file being on disk.
 *
 * Each file is then read back as a stream (never as one string: the W3C file passes 480 MB at
 * 100,000 annotations per annotator) and every record id in it collected: every annotation and
 * link of the workspace must be there, once.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { collectExport, streamExport } from '../../src/main/interchange/index'
import type { ExportInput } from '../../src/main/interchange/model'
import { writeChunksDurably } from '../../src/main/store/durable-json-file'
import { openApp, peakRssMb, writeSettings } from '../app'
import { ANNOTATORS } from '../generate'

export interface ExportCaseResult {
  /** Opening the workspace and the first collectExport: every layer read from disk. */
  readMs: number
  nativeMs: number
  w3cMs: number
  nativeBytes: number
  w3cBytes: number
  /** Annotations the exporters were given. */
  annotations: number
  /** Annotations and links of the workspace missing from each file, or there more than once (both 0 when the check passes). */
  missing: { native: number; w3c: number }
  peakRssMb: number
  /** Where the files were written (the tests read them). */
  files: { native: string; w3c: string }
}

export async function runExportCase(options: { root: string; dataDir: string }): Promise<ExportCaseResult> {
  await writeSettings(options.dataDir, ANNOTATORS[0])
  const t = performance.now()
  const { workspace } = await openApp(options.root, options.dataDir)
  const first = await collectExport(workspace)
  const readMs = performance.now() - t
  const annotations = first.layers.reduce((n, layer) => n + layer.annotations.length, 0)

  const time = async (format: 'native' | 'w3c') => {
    const start = performance.now()
    const [file] = streamExport(format, await collectExport(workspace))
    const target = path.join(options.dataDir, 'export', file!.path)
    await writeChunksDurably(target, file!.chunks)
    const ms = performance.now() - start
    return { ms, bytes: (await stat(target)).size, target, missing: await missingRecords(target, format, first) }
  }
  const native = await time('native')
  const w3c = await time('w3c')
  return {
    readMs,
    nativeMs: native.ms,
    w3cMs: w3c.ms,
    nativeBytes: native.bytes,
    w3cBytes: w3c.bytes,
    annotations,
    missing: { native: native.missing, w3c: w3c.missing },
    peakRssMb: peakRssMb(),
    files: { native: native.target, w3c: w3c.target },
  }
}

/**
 * How many of the workspace's annotations and links are not in the file exactly once, read line by
 * line. Parallax JSON: a record's id is the first key of its object, on a line of its own at the
 * records' depth (layers[].annotations[] and layers[].links[]); W3C: each item of first.items[] is
 * a line of its own, its id (an IRI) the key after its context. A string's quotes are escaped inside
 * JSON text, so no note or quote can forge such a line.
 */
export async function missingRecords(file: string, format: 'native' | 'w3c', input: ExportInput): Promise<number> {
  const line = format === 'native' ? /^ {10}"id": "(.*)",$/ : /^\{"@context":"[^"]*","id":"urn:(?:uuid|parallax:annotation):([^"]*)"/
  const expected = new Map<string, number>()
  for (const layer of input.layers) for (const record of [...layer.annotations, ...layer.links]) expected.set(record.id, (expected.get(record.id) ?? 0) + 1)
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })
  for await (const text of lines) {
    const found = line.exec(text)?.[1]
    const id = found === undefined || format === 'native' ? found : decodeURIComponent(found)
    if (id !== undefined && expected.has(id)) expected.set(id, expected.get(id)! - 1)
  }
  let missing = 0
  for (const left of expected.values()) missing += Math.abs(left)
  return missing
}
