import { useState } from 'react'
import type { Annotation, Edit, Entity } from '../../../shared/annotations'
import { useWorkbench } from '../state/store'
import { newId } from '../state/layerSlice'

const same = (a: string, b: string): boolean => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase()
const names = (entity: Entity): string[] => [entity.name, ...entity.aliases]

/** Which person or body a Speaker is: pick one of the registry, or create one; manage its aliases. */
export function EntityField({ annotation, attributeId }: { annotation: Annotation; attributeId: string }) {
  const entities = useWorkbench((s) => s.layer.entities)
  const [query, setQuery] = useState('')
  const [alias, setAlias] = useState('')
  const state = useWorkbench.getState()
  const entityId = annotation.attributes[attributeId]
  const entity = typeof entityId === 'string' ? entities[entityId] : undefined
  const mention = annotation.quote.exact

  const link = (id: string | null) => state.updateAnnotation(annotation.id, { attributes: { ...annotation.attributes, [attributeId]: id } })

  if (entity) {
    const known = names(entity).some((n) => same(n, mention))
    const addAlias = (name: string) => {
      const trimmed = name.trim()
      if (!trimmed || names(entity).some((n) => same(n, trimmed))) return
      void state.putEntity({ ...entity, aliases: [...entity.aliases, trimmed] }, `Add alias “${trimmed}” to ${entity.name}`)
      setAlias('')
    }
    return (
      <div className="attribute entity-field" data-testid="entity-field">
        <span className="attribute-name">Entity</span>
        <div className="entity-card">
          <div className="entity-name">
            <strong data-testid="entity-name">{entity.name}</strong>
            <button type="button" className="text-button small" onClick={() => void link(null)}>
              Unlink
            </button>
          </div>
          <ul className="aliases" aria-label="Aliases">
            {entity.aliases.map((a) => (
              <li key={a} className="alias">
                {a}
                <button
                  type="button"
                  aria-label={`Remove alias ${a}`}
                  onClick={() => void state.putEntity({ ...entity, aliases: entity.aliases.filter((x) => x !== a) }, `Remove alias “${a}”`)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
          {!known && (
            <button type="button" className="text-button small" onClick={() => addAlias(mention)}>
              Add “{mention}” as an alias
            </button>
          )}
          <form
            className="inline-form"
            onSubmit={(event) => {
              event.preventDefault()
              addAlias(alias)
            }}
          >
            <input aria-label="New alias" placeholder="Add an alias…" value={alias} onChange={(event) => setAlias(event.target.value)} maxLength={200} />
          </form>
        </div>
      </div>
    )
  }

  const term = query.trim() || mention
  const matches = Object.values(entities)
    .filter((e) => names(e).some((n) => n.toLocaleLowerCase().includes(term.toLocaleLowerCase()) || term.toLocaleLowerCase().includes(n.toLocaleLowerCase())))
    .slice(0, 8)
  const create = async () => {
    const name = term.trim()
    if (!name) return
    const annotator = state.annotator
    if (!annotator) return
    const time = new Date().toISOString()
    const created: Entity = { id: newId(), name, aliases: same(name, mention) ? [] : [mention], note: '', createdBy: annotator, created: time, modified: time }
    const edits: Edit[] = [
      { op: 'put-entity', entity: created },
      { op: 'put-annotation', annotation: { ...annotation, attributes: { ...annotation.attributes, [attributeId]: created.id }, modified: time } },
    ]
    await state.perform(`Create entity “${name}”`, edits, annotation.id)
    setQuery('')
  }
  return (
    <div className="attribute entity-field" data-testid="entity-field">
      <span className="attribute-name">Entity</span>
      <input aria-label="Find or create an entity" placeholder={`Who is “${mention}”?`} value={query} onChange={(event) => setQuery(event.target.value)} maxLength={200} />
      <ul className="entity-options">
        {matches.map((e) => (
          <li key={e.id}>
            <button type="button" className="choice small" onClick={() => void link(e.id)}>
              <strong>{e.name}</strong>
              {e.aliases.length > 0 && <span>{e.aliases.join(', ')}</span>}
            </button>
          </li>
        ))}
        {!Object.values(entities).some((e) => same(e.name, term)) && (
          <li>
            <button type="button" className="choice small create" onClick={() => void create()}>
              Create entity “{term}”
            </button>
          </li>
        )}
      </ul>
    </div>
  )
}
