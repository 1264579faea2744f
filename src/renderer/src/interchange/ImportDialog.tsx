import { useState } from 'react'
import type { ImportReport } from '../../../shared/annotations'
import { importedCounts } from '../../../shared/wording'
import { NAME_LENGTH, personNameProblem } from '../../../shared/names'
import { LimitedInput } from '../LengthLimit'
import { call } from '../api/client'
import { Dialog } from '../Dialog'
import { useWorkbench } from '../state/store'
import { IMPORT_FORMATS, type ImportFormatId } from './formats'

/** File → Import…: a colleague's export becomes their layer; a report says what came in and what moved. */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const [format, setFormat] = useState<ImportFormatId>('native')
  const [files, setFiles] = useState<File[]>([])
  const [annotator, setAnnotator] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [report, setReport] = useState<ImportReport | null>(null)
  const chosen = IMPORT_FORMATS.find((f) => f.id === format)!

  const run = async () => {
    const nameProblem = annotator.trim() ? personNameProblem(annotator) : null
    if (nameProblem) return setError(`The annotator name won't do: ${nameProblem}.`)
    setBusy(true)
    setError(null)
    try {
      const contents = await Promise.all(files.map(async (file) => ({ name: file.name, content: await file.text() })))
      const result = await call('interchange:import', { format, files: contents, ...(annotator.trim() ? { annotator: annotator.trim() } : {}) })
      setReport(result)
      await useWorkbench.getState().loadLayer()
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Dialog title="Import annotations" onClose={busy ? undefined : onClose}>
      {report ? (
        <div className="import-report" data-testid="import-report">
          <p>
            Imported {importedCounts(report)} of{' '}
            {report.annotators.join(', ') || 'nobody'}.
          </p>
          {report.reanchored.length > 0 && (
            <>
              <h3>Re-anchored by their quote ({report.reanchored.length})</h3>
              <ul>
                {report.reanchored.map((r, i) => (
                  <li key={i}>
                    “{r.quote.slice(0, 60)}” in {r.articleId}: {r.from.join('–')} → {r.to.join('–')}
                  </li>
                ))}
              </ul>
            </>
          )}
          {report.notes.length > 0 && (
            <>
              <h3>Notes</h3>
              <ul>
                {report.notes.map((note, i) => (
                  <li key={i}>{note}</li>
                ))}
              </ul>
            </>
          )}
          <div className="dialog-actions">
            <button type="button" className="primary-button" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <div className="interchange-form">
          <div className="field">
            <label htmlFor="import-format">Format</label>
            <select id="import-format" value={format} onChange={(e) => setFormat(e.target.value as ImportFormatId)}>
              {IMPORT_FORMATS.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="import-files">{chosen.multiple ? 'Files' : 'File'}</label>
            <input id="import-files" type="file" accept={chosen.accept} multiple={chosen.multiple} onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
          </div>
          <div className="field">
            <label htmlFor="import-annotator">Annotator {format === 'brat' ? '(brat files do not say who annotated)' : '(optional: renames a single layer)'}</label>
            <LimitedInput id="import-annotator" value={annotator} maxLength={NAME_LENGTH} onValue={setAnnotator} placeholder="e.g. Marko Ilić" />
          </div>
          <p className="hint">All or nothing: if anything in the files is wrong, nothing is imported and the message says where.</p>
          {busy && <progress className="progress" aria-label="Importing" />}
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" className="text-button" disabled={busy} onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="primary-button" disabled={busy || files.length === 0 || (format === 'brat' && !annotator.trim())} onClick={() => void run()}>
              Import
            </button>
          </div>
        </div>
      )}
    </Dialog>
  )
}
