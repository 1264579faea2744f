import { useState } from 'react'
import type { ArticleMeta } from '../../../shared/corpus'
import { provenanceLabels, provenances, type Provenance } from '../../../shared/provenance'
import { useWorkbench } from '../state/store'
import { TextAttribute } from '../inspector/AttributeField'

/** The annotator's note on a whole article, and their view of its provenance. */
export function ArticleNote({ meta }: { meta: ArticleMeta }) {
  const note = useWorkbench((s) => s.layer.articleNotes[meta.id])
  const [open, setOpen] = useState(false)
  const state = useWorkbench.getState()
  const has = Boolean(note?.note || note?.provenance)
  return (
    <div className="article-note">
      <button type="button" className={`text-button small${has ? ' has-note' : ''}`} aria-expanded={open} onClick={() => setOpen(!open)}>
        {has ? 'Note ✎' : 'Add note'}
      </button>
      {open && (
        <div className="article-note-form" role="group" aria-label="Article note">
          <label className="attribute">
            <span className="attribute-name">Provenance</span>
            <select
              aria-label="Provenance"
              value={note?.provenance ?? ''}
              onChange={(event) => void state.putArticleNote(meta.id, { provenance: event.target.value === '' ? null : (event.target.value as Provenance) })}
            >
              <option value="">As in the corpus ({provenanceLabels[meta.provenance]})</option>
              {provenances.map((p) => (
                <option key={p} value={p}>
                  {provenanceLabels[p]}
                </option>
              ))}
            </select>
          </label>
          <TextAttribute id={`article-note-${meta.id}`} name="Note on this article" maxLength={20_000} multiline value={note?.note ?? ''} onCommit={(text) => void state.putArticleNote(meta.id, { note: text })} />
          {meta.provenanceNote && <p className="hint">{meta.provenanceNote}</p>}
        </div>
      )}
    </div>
  )
}
