/**
 * The export case: Parallax JSON and W3C for the whole workspace, with `collectExport` and
 * `runExport` as the 'interchange:export' handler and `parallax export` run them. Opening the
 * workspace and the first collection read every layer from disk (what `parallax export` pays before
 * it exports); the exports are then timed with the layers in the store, as in the app after opening.
 */
import { collectExport, runExport } from '../../src/main/interchange/index'
import type { ExportFile } from '../../src/main/interchange/model'
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
  peakRssMb: number
  /** The files themselves, when asked for (the tests parse them). */
  files?: { native: ExportFile[]; w3c: ExportFile[] }
}

export async function runExportCase(options: { root: string; dataDir: string; keepFiles?: boolean }): Promise<ExportCaseResult> {
  await writeSettings(options.dataDir, ANNOTATORS[0])
  const t = performance.now()
  const { workspace } = await openApp(options.root, options.dataDir)
  const first = await collectExport(workspace)
  const readMs = performance.now() - t
  const annotations = first.layers.reduce((n, layer) => n + layer.annotations.length, 0)

  const time = async (format: 'native' | 'w3c') => {
    const start = performance.now()
    const files = runExport(format, await collectExport(workspace))
    return { ms: performance.now() - start, bytes: files.reduce((n, f) => n + Buffer.byteLength(f.content), 0), files: options.keepFiles ? files : [] }
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
    peakRssMb: peakRssMb(),
    ...(options.keepFiles ? { files: { native: native.files, w3c: w3c.files } } : {}),
  }
}
