import { useEffect, useRef, useState } from 'react'
import type { AttributeDef, AttributeValue } from '../../../shared/tagset'
import { useLengthLimit } from '../LengthLimit'

/** One attribute, edited in place: a choice, several, free text, or yes/no. */
export function AttributeField({ def, value, onChange }: { def: Exclude<AttributeDef, { type: 'entity' }>; value: AttributeValue | undefined; onChange: (value: AttributeValue) => void }) {
  const id = `attribute-${def.id}`
  switch (def.type) {
    case 'one-of':
      return (
        <div className="attribute" title={def.help || undefined}>
          <label className="attribute-name" htmlFor={id}>
            {def.name}
          </label>
          <select id={id} value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.target.value === '' ? null : event.target.value)}>
            <option value="">—</option>
            {def.values.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </div>
      )
    case 'many-of': {
      const chosen = Array.isArray(value) ? value : []
      return (
        <fieldset className="attribute" title={def.help || undefined}>
          <legend className="attribute-name">{def.name}</legend>
          <div className="checks">
            {def.values.map((v) => (
              <label key={v} className="check">
                <input
                  type="checkbox"
                  checked={chosen.includes(v)}
                  onChange={(event) => onChange(event.target.checked ? def.values.filter((x) => x === v || chosen.includes(x)) : chosen.filter((x) => x !== v))}
                />
                {v}
              </label>
            ))}
          </div>
        </fieldset>
      )
    }
    case 'text':
      return <TextAttribute id={id} name={def.name} help={def.help} maxLength={def.maxLength} value={typeof value === 'string' ? value : ''} onCommit={(text) => onChange(text === '' ? null : text)} />
    case 'boolean':
      return (
        <label className="attribute attribute-inline" title={def.help || undefined}>
          <input type="checkbox" checked={value === true} onChange={(event) => onChange(event.target.checked)} />
          <span className="attribute-name">{def.name}</span>
        </label>
      )
  }
}

/** How long typing may pause before what was typed is saved. */
const SAVE_AFTER_MS = 800

/**
 * Free text, saved as it is typed (once the typing pauses), when the field is left or Enter is
 * pressed, and when the field goes away (Escape, another annotation): nothing typed waits for a blur
 * that may never come.
 */
export function TextAttribute({ id, name, help, maxLength, value, multiline, onCommit }: { id: string; name: string; help?: string; maxLength: number; value: string; multiline?: boolean; onCommit: (text: string) => void }) {
  const [draft, setDraft] = useState(value)
  const [shown, setShown] = useState(value)
  // the text this field last saved: when it comes back as the value, the user may have typed on
  const [saved, setSaved] = useState<string | null>(null)
  const limit = useLengthLimit(maxLength)
  if (shown !== value) {
    setShown(value)
    if (value === saved) setSaved(null) // this field's own save come back: what was typed since stays
    else {
      // the value changed outside the field (undo, another selection): show it
      setDraft(value)
      limit.reset()
    }
  }
  const latest = useRef({ draft, value, saved, onCommit })
  useEffect(() => {
    latest.current = { draft, value, saved, onCommit }
  })
  const commit = () => {
    if (draft === value || draft === saved) return
    setSaved(draft)
    onCommit(draft)
  }
  // saved once the typing pauses, and when the field goes away with text not yet saved
  useEffect(() => {
    if (draft === value) return
    const timer = setTimeout(() => {
      if (draft === latest.current.saved) return
      setSaved(draft)
      latest.current.onCommit(draft)
    }, SAVE_AFTER_MS)
    return () => clearTimeout(timer)
  }, [draft, value])
  useEffect(
    () => () => {
      const { draft: unsaved, value: current, saved: done, onCommit: save } = latest.current
      if (unsaved !== current && unsaved !== done) save(unsaved)
    },
    [],
  )
  const edit = (text: string) => {
    setDraft(text)
    limit.changed(text)
  }
  return (
    <div className="attribute" title={help || undefined}>
      <label className="attribute-name" htmlFor={id}>
        {name}
      </label>
      {multiline ? (
        <textarea id={id} value={draft} maxLength={maxLength} rows={3} onChange={(event) => edit(event.target.value)} onPaste={limit.onPaste} onBlur={commit} />
      ) : (
        <input
          id={id}
          value={draft}
          maxLength={maxLength}
          onChange={(event) => edit(event.target.value)}
          onPaste={limit.onPaste}
          onBlur={commit}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault()
              commit()
            }
            if (event.key === 'Escape') setDraft(value)
          }}
        />
      )}
      {limit.hint(draft.length)}
    </div>
  )
}
