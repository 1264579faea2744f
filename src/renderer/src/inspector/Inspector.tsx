import { useEffect, useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Annotation, Link } from '../../../shared/annotations'
import { linksOf } from '../../../shared/layer-state'
import type { AttributeValue } from '../../../shared/tagset'
import { useWorkbench } from '../state/store'
import { jumpTo } from '../reader/jump'
import { AttributeField, TextAttribute } from './AttributeField'
import { EntityField } from './EntityField'

/** One formatter for every time shown (`toLocaleString` with options builds one per call: ~0.2 ms, on every tag's render). */
const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' })
const formatTime = (iso: string): string => timeFormat.format(new Date(iso))

/** The selected annotation: its label, attributes, note, links, annotator and times, all edited in place. */
export function Inspector() {
  const annotation = useWorkbench((s) => (s.selectedId ? s.layer.annotations[s.selectedId] : undefined))
  const tagset = useWorkbench((s) => s.tagset)
  const articles = useWorkbench((s) => s.articles)
  const links = useWorkbench((s) => s.layer.links)
  const own = useMemo(() => (annotation ? linksOf({ links }, annotation.id) : []), [links, annotation])
  // the other ends of its links, in articles whose layers are not held yet
  const peerArticles = useWorkbench(
    useShallow((s) => [...new Set(own.map((l) => (l.from.annotationId === annotation?.id ? l.to.articleId : l.from.articleId)))].filter((id) => !s.loadedArticles[id])),
  )
  useEffect(() => {
    if (peerArticles.length === 0) return
    const state = useWorkbench.getState()
    state.loadArticles(peerArticles).catch((error: Error) => state.notify('error', `The other ends of its links could not be read: ${error.message}`))
  }, [peerArticles])
  if (!annotation || !tagset) return null
  const state = useWorkbench.getState()
  const label = tagset.labels.find((l) => l.id === annotation.label)
  const article = articles.find((a) => a.id === annotation.articleId)

  const setAttribute = (id: string, value: AttributeValue) => {
    const attributes = { ...annotation.attributes, [id]: value }
    if (value === null) delete attributes[id]
    void state.updateAnnotation(annotation.id, { attributes })
  }

  return (
    <aside className="inspector" aria-label="Annotation" data-testid="inspector">
      <header className="inspector-header">
        <select aria-label="Label" className={`label-select label-chip-${annotation.label}`} value={annotation.label} onChange={(event) => void state.updateAnnotation(annotation.id, { label: event.target.value })}>
          {tagset.labels.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
        <button type="button" className="icon-button" aria-label="Close inspector" onClick={() => state.select(null)}>
          ×
        </button>
      </header>
      <blockquote className="inspector-quote" data-testid="inspector-quote">
        {annotation.quote.exact}
      </blockquote>
      <p className="inspector-where">{article?.title}</p>

      {/* made anew for each annotation: nothing typed or warned of in one field is shown for another */}
      <section className="inspector-section" key={annotation.id}>
        {label?.attributes.map((def) =>
          def.type === 'entity' ? (
            <EntityField key={def.id} annotation={annotation} attributeId={def.id} />
          ) : (
            <AttributeField key={def.id} def={def} value={annotation.attributes[def.id]} onChange={(value) => setAttribute(def.id, value)} />
          ),
        )}
        <TextAttribute id="annotation-note" name="Note" maxLength={20_000} multiline value={annotation.note} onCommit={(note) => void state.updateAnnotation(annotation.id, { note })} />
      </section>

      <section className="inspector-section">
        <h3>
          Links <span className="count">{own.length}</span>
        </h3>
        {own.length === 0 && <p className="hint">Press L, then click another annotation in any column.</p>}
        <ul className="link-list">
          {own.map((link) => (
            <LinkItem key={link.id} link={link} self={annotation} />
          ))}
        </ul>
        <button type="button" className="text-button" onClick={() => state.startLinking()}>
          Link to… <kbd>L</kbd>
        </button>
      </section>

      <footer className="inspector-meta">
        <span>{annotation.annotator}</span>
        <span title={annotation.created}>created {formatTime(annotation.created)}</span>
        {annotation.modified !== annotation.created && <span title={annotation.modified}>modified {formatTime(annotation.modified)}</span>}
        <button type="button" className="danger-button" onClick={() => void state.deleteAnnotation(annotation.id)}>
          Delete <kbd>Del</kbd>
        </button>
      </footer>
    </aside>
  )
}

function LinkItem({ link, self }: { link: Link; self: Annotation }) {
  const tagset = useWorkbench((s) => s.tagset)
  const articles = useWorkbench((s) => s.articles)
  const outgoing = link.from.annotationId === self.id
  const peerId = outgoing ? link.to.annotationId : link.from.annotationId
  const peer = useWorkbench((s) => s.layer.annotations[peerId])
  const type = tagset?.linkTypes.find((t) => t.id === link.type)
  const state = useWorkbench.getState()
  if (!peer) return null
  const peerLabel = tagset?.labels.find((l) => l.id === peer.label)
  const elsewhere = peer.articleId !== self.articleId ? articles.find((a) => a.id === peer.articleId)?.title : null
  return (
    <li className="link-item" data-testid="link-item" data-link-type={link.type} onMouseEnter={() => state.hover(peerId)} onMouseLeave={() => state.hover(null)}>
      <button type="button" className="link-target" title="Show the other end" onClick={() => void jumpTo(peer)}>
        <span className="link-type">
          {type?.symmetric ? '↔' : outgoing ? '→' : '←'} {type?.name ?? link.type}
        </span>
        <span className={`label-chip label-chip-${peer.label}`}>{peerLabel?.name}</span>
        <span className="link-quote">“{peer.quote.exact.slice(0, 80)}”</span>
        {elsewhere && <span className="link-article">in {elsewhere}</span>}
      </button>
      {type?.attributes.map((def) =>
        def.type === 'entity' ? null : (
          <AttributeField key={def.id} def={def} value={link.attributes[def.id]} onChange={(value) => void state.updateLink(link.id, { attributes: { ...link.attributes, [def.id]: value } })} />
        ),
      )}
      <button type="button" className="icon-button link-delete" aria-label="Delete link" onClick={() => void state.deleteLink(link.id)}>
        ×
      </button>
    </li>
  )
}
