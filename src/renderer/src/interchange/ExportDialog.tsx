import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { GOLD } from '../../../shared/gold'
import { call } from '../api/client'
import { Dialog } from '../Dialog'
import { useWorkbench } from '../state/store'
import { namesForReading } from '../state/names'
import { layerHasWork } from '../state/summary'
import { download } from './download'
import { EXPORT_FORMATS, type ExportFormatId } from './formats'

/** File → Export…: a format, the annotators' layers and the articles to write. */
export function ExportDialog({ onClose }: { onClose: () => void }) {
  const articles = useWorkbench((s) => s.articles)
  const openArticles = useWorkbench((s) => s.openArticles)
  // the layers there are: colleagues', and the user's own and gold once they hold anything (on any article, loaded or not)
  const annotators = useWorkbench(
    useShallow((s) => {
      const own = s.annotator && layerHasWork(s, s.annotator, true) ? [s.annotator] : []
      const gold = layerHasWork(s, GOLD, true) ? [GOLD] : []
      return namesForReading([...own, ...s.annotators]).concat(gold)
    }),
  )
  const [format, setFormat] = useState<ExportFormatId>('native')
  const [chosenAnnotators, setChosenAnnotators] = useState<string[]>(annotators)
  const [chosenArticles, setChosenArticles] = useState<string[]>(articles.map((a) => a.id))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<string | null>(null)

  const toggle = (list: string[], item: string, on: boolean) => (on ? [...list, item] : list.filter((x) => x !== item))
  const run = async () => {
    setBusy(true)
    setError(null)
    try {
      const { files, annotations } = await call('interchange:export', { format, annotators: chosenAnnotators, articleIds: chosenArticles })
      const name = download(files, `parallax-${format}.zip`)
      setDone(`Exported ${annotations} annotations as ${name}.`)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Dialog title="Export annotations" onClose={busy ? undefined : onClose}>
      <div className="interchange-form">
        <fieldset className="choice-list" aria-label="Format">
          {EXPORT_FORMATS.map((f) => (
            <label key={f.id} className={`choice radio${format === f.id ? ' is-chosen' : ''}`}>
              <input type="radio" name="format" value={f.id} checked={format === f.id} onChange={() => setFormat(f.id)} />
              <strong>{f.name}</strong>
              <span>{f.detail}</span>
            </label>
          ))}
        </fieldset>
        <fieldset className="checklist" aria-label="Annotators">
          <legend>Annotators</legend>
          {annotators.length === 0 && <p className="hint">Nobody has annotated yet.</p>}
          {annotators.map((name) => (
            <label key={name} className="check">
              <input type="checkbox" checked={chosenAnnotators.includes(name)} onChange={(e) => setChosenAnnotators(toggle(chosenAnnotators, name, e.target.checked))} />
              {name}
            </label>
          ))}
        </fieldset>
        <fieldset className="checklist" aria-label="Articles">
          <legend>
            Articles{' '}
            <button type="button" className="text-button small" onClick={() => setChosenArticles(articles.map((a) => a.id))}>
              All
            </button>{' '}
            <button type="button" className="text-button small" disabled={openArticles.length === 0} onClick={() => setChosenArticles(openArticles)}>
              Open ones
            </button>
          </legend>
          {articles.map((a) => (
            <label key={a.id} className="check">
              <input type="checkbox" checked={chosenArticles.includes(a.id)} onChange={(e) => setChosenArticles(toggle(chosenArticles, a.id, e.target.checked))} />
              {a.title}
            </label>
          ))}
        </fieldset>
        {busy && <progress className="progress" aria-label="Exporting" />}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        {done && (
          <p className="success" role="status">
            {done}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="text-button" disabled={busy} onClick={onClose}>
            {done ? 'Close' : 'Cancel'}
          </button>
          <button type="button" className="primary-button" disabled={busy || chosenAnnotators.length === 0 || chosenArticles.length === 0} onClick={() => void run()}>
            Export
          </button>
        </div>
      </div>
    </Dialog>
  )
}
