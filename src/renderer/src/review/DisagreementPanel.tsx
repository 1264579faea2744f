import { useEffect, useState } from 'react'
import type { Annotation, Entity } from '../../../shared/annotations'
import { differenceLabels, type Choice, type Disagreement } from '../../../shared/review/disagreements'
import type { AttributeDef, AttributeValue } from '../../../shared/tagset'
import { AttributeField } from '../inspector/AttributeField'
import { useWorkbench } from '../state/store'
import { settle } from './settle'

/** A version's attributes as the inspector names them: "Severity: major · Entity: Mark Rutte". */
function summary(a: Annotation, defs: readonly AttributeDef[], entities: Readonly<Record<string, Entity>>): string {
  return Object.entries(a.attributes)
    .filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0))
    .map(([id, v]) => {
      const def = defs.find((d) => d.id === id)
      const value =
        def?.type === 'entity' && typeof v === 'string' ? (entities[v]?.name ?? `an entity not in the registry (${v})`) : typeof v === 'boolean' ? (v ? 'yes' : 'no') : Array.isArray(v) ? v.join(', ') : String(v)
      return `${def?.name ?? id}: ${value}`
    })
    .join(' · ')
}

/**
 * One disagreement and how to settle it: take one annotator's version, merge them, edit one in
 * gold, or reject, with an optional rationale. Keys: J/K next/previous, 1–9 take, M merge, E edit,
 * R reject.
 */
export function DisagreementPanel({ item, index, count, onMove }: { item: Disagreement | undefined; index: number; count: number; onMove: (delta: number) => void }) {
  const tagset = useWorkbench((s) => s.tagset)
  const decision = useWorkbench((s) => (item ? s.gold.decisions[item.key] : undefined))
  const goldAnnotations = useWorkbench((s) => s.gold.annotations)
  const entities = useWorkbench((s) => s.layer.entities)
  const attributeDefs = (label: string): readonly AttributeDef[] => tagset?.labels.find((l) => l.id === label)?.attributes ?? []
  const [rationale, setRationale] = useState('')
  const [shownKey, setShownKey] = useState<string | undefined>(undefined)
  if (shownKey !== item?.key) {
    setShownKey(item?.key)
    setRationale(decision?.rationale ?? '')
  }
  const annotators = item ? Object.keys(item.versions) : []

  const choose = async (choice: Choice) => {
    if (!item) return
    const ok = await settle([item], choice, rationale.trim())
    if (ok && choice.kind !== 'edit') onMove(1)
  }

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement
      if (event.ctrlKey || event.metaKey || event.altKey || target.closest('input, textarea, select') || document.querySelector('[role="dialog"]')) return
      const key = event.key.toLowerCase()
      const n = Number(key)
      if (key === 'j' || key === 'arrowdown') onMove(1)
      else if (key === 'k' || key === 'arrowup') onMove(-1)
      else if (n >= 1 && n <= annotators.length) void choose({ kind: 'take', annotator: annotators[n - 1] as string })
      else if (key === 'm') void choose({ kind: 'merge' })
      else if (key === 'r') void choose({ kind: 'reject' })
      else if (key === 'e' && annotators[0]) void choose({ kind: 'edit', annotator: annotators.find((a) => (item?.versions[a] ?? []).length > 0) ?? annotators[0] })
      else return
      event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })

  if (!item) {
    return (
      <aside className="disagreement-panel" aria-label="Disagreement">
        <p className="hint">No disagreements on this article: the annotators agree everywhere. Accept what they agree on into gold with the button above.</p>
      </aside>
    )
  }
  const labelName = (id: string) => tagset?.labels.find((l) => l.id === id)?.name ?? id
  const gold = (decision?.goldIds ?? []).map((id) => goldAnnotations[id]).filter((a): a is Annotation => Boolean(a))
  return (
    <aside className="disagreement-panel" aria-label="Disagreement" data-testid="disagreement">
      <header className="queue-header">
        <button type="button" className="icon-button" aria-label="Previous disagreement (K)" disabled={index <= 0} onClick={() => onMove(-1)}>
          ‹
        </button>
        <strong data-testid="queue-position">
          Disagreement {index + 1} of {count}
        </strong>
        <button type="button" className="icon-button" aria-label="Next disagreement (J)" disabled={index >= count - 1} onClick={() => onMove(1)}>
          ›
        </button>
      </header>
      <div className="kinds">
        {item.kinds.map((kind) => (
          <span key={kind} className={`badge kind-${kind}`}>
            {differenceLabels[kind]}
          </span>
        ))}
        {decision && (
          <span className="badge badge-original" data-testid="settled">
            settled: {decision.decision}
            {decision.from.length ? ` (${decision.from.join(', ')})` : ''}
          </span>
        )}
      </div>
      <ol className="versions">
        {annotators.map((name, i) => (
          <li key={name} className="version">
            <div className="version-head">
              <strong>{name}</strong>
              <button type="button" className="text-button small" onClick={() => void choose({ kind: 'take', annotator: name })}>
                Take <kbd>{i + 1}</kbd>
              </button>
            </div>
            {(item.versions[name] ?? []).length === 0 && <p className="hint">nothing here</p>}
            {(item.versions[name] ?? []).map((a) => {
              const attributes = summary(a, attributeDefs(a.label), entities)
              return (
                <div key={a.id} className="version-annotation">
                  <span className={`label-chip label-chip-${a.label}`}>{labelName(a.label)}</span> “{a.quote.exact.slice(0, 100)}”
                  {attributes && <div className="version-attributes">{attributes}</div>}
                </div>
              )
            })}
          </li>
        ))}
      </ol>
      <label className="attribute">
        <span className="attribute-name">Rationale (optional)</span>
        <textarea rows={2} value={rationale} onChange={(e) => setRationale(e.target.value)} placeholder="Why this decision" />
      </label>
      <div className="settle-actions">
        <button type="button" className="tool-button" onClick={() => void choose({ kind: 'merge' })}>
          Merge <kbd>M</kbd>
        </button>
        <button type="button" className="tool-button" onClick={() => void choose({ kind: 'edit', annotator: annotators.find((a) => (item.versions[a] ?? []).length > 0) ?? annotators[0]! })}>
          Edit in gold <kbd>E</kbd>
        </button>
        <button type="button" className="tool-button" onClick={() => void choose({ kind: 'reject' })}>
          Reject <kbd>R</kbd>
        </button>
      </div>
      {gold.length > 0 && (
        <section className="gold-versions" aria-label="In gold">
          <h3>In gold</h3>
          {gold.map((a) => (
            <GoldEditor key={a.id} annotation={a} />
          ))}
        </section>
      )}
    </aside>
  )
}

/** A gold annotation's label and attributes, edited in place (an "Edit in gold" decision). */
function GoldEditor({ annotation }: { annotation: Annotation }) {
  const tagset = useWorkbench((s) => s.tagset)
  const label = tagset?.labels.find((l) => l.id === annotation.label)
  const put = (patch: Partial<Annotation>) =>
    void useWorkbench.getState().perform('Edit gold', [{ op: 'put-annotation', annotation: { ...annotation, ...patch, modified: new Date().toISOString() } }], null, 'gold')
  return (
    <div className="gold-editor" data-testid="gold-annotation">
      <div className="version-annotation">
        “{annotation.quote.exact.slice(0, 100)}” <span className="hint">agreed by {annotation.adjudication?.agreed.join(', ') || 'nobody'}</span>
      </div>
      <select aria-label="Gold label" value={annotation.label} onChange={(e) => put({ label: e.target.value, attributes: {} })}>
        {tagset?.labels.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </select>
      {label?.attributes.map((def) =>
        def.type === 'entity' ? null : (
          <AttributeField
            key={def.id}
            def={def}
            value={annotation.attributes[def.id]}
            onChange={(value: AttributeValue) => {
              const attributes = { ...annotation.attributes, [def.id]: value }
              if (value === null) delete attributes[def.id]
              put({ attributes })
            }}
          />
        ),
      )}
    </div>
  )
}
