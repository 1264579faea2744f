import { useMemo, useState } from 'react'
import type { Annotation } from '../../../shared/annotations'
import { useWorkbench } from '../state/store'
import { jumpTo } from '../reader/jump'
import { ArticleSelect } from './ArticleSelect'

const ALL = ''

/** Every annotation, own and colleagues', filtered by label, article, annotator and attribute; a click jumps to it. */
export function AnnotationList() {
  const layer = useWorkbench((s) => s.layer)
  const others = useWorkbench((s) => s.others)
  const me = useWorkbench((s) => s.annotator)
  const tagset = useWorkbench((s) => s.tagset)
  const articles = useWorkbench((s) => s.articles)
  const selectedId = useWorkbench((s) => s.selectedId)
  const [label, setLabel] = useState(ALL)
  const [article, setArticle] = useState(ALL)
  const [annotator, setAnnotator] = useState(me ?? ALL)
  const [attribute, setAttribute] = useState(ALL)
  const [text, setText] = useState('')

  const all = useMemo(() => [...Object.values(layer.annotations), ...others.flatMap((l) => l.annotations)], [layer, others])
  const annotators = useMemo(() => [...new Set([me ?? '', ...others.map((l) => l.annotator)].filter(Boolean))], [me, others])
  /** "labelId|attributeId|value" for every choice of every label. */
  const attributeChoices = useMemo(
    () =>
      (tagset?.labels ?? []).flatMap((l) =>
        l.attributes.flatMap((def) =>
          def.type === 'one-of' || def.type === 'many-of'
            ? def.values.map((v) => ({ key: `${l.id}|${def.id}|${v}`, text: `${l.name} · ${def.name}: ${v}` }))
            : def.type === 'boolean'
              ? [{ key: `${l.id}|${def.id}|true`, text: `${l.name} · ${def.name}: yes` }]
              : [],
        ),
      ),
    [tagset],
  )
  const order = new Map(articles.map((a, i) => [a.id, i]))
  const shown = all
    .filter((a) => (label === ALL || a.label === label) && (article === ALL || a.articleId === article) && (annotator === ALL || a.annotator === annotator))
    .filter((a) => attribute === ALL || matchesAttribute(a, attribute))
    .filter((a) => text === '' || a.quote.exact.toLocaleLowerCase().includes(text.toLocaleLowerCase()) || a.note.toLocaleLowerCase().includes(text.toLocaleLowerCase()))
    .sort((a, b) => (order.get(a.articleId) ?? 0) - (order.get(b.articleId) ?? 0) || a.start - b.start)

  return (
    <div className="annotation-list-panel">
      <div className="filters">
        <input aria-label="Filter by text" placeholder="Filter by text or note…" value={text} onChange={(e) => setText(e.target.value)} />
        <select aria-label="Filter by label" value={label} onChange={(e) => setLabel(e.target.value)}>
          <option value={ALL}>All labels</option>
          {tagset?.labels.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
        <ArticleSelect label="Filter by article" value={article} onChange={setArticle} all="All articles" />
        <select aria-label="Filter by annotator" value={annotator} onChange={(e) => setAnnotator(e.target.value)}>
          <option value={ALL}>All annotators</option>
          {annotators.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <select aria-label="Filter by attribute" value={attribute} onChange={(e) => setAttribute(e.target.value)}>
          <option value={ALL}>Any attribute</option>
          {attributeChoices.map((c) => (
            <option key={c.key} value={c.key}>
              {c.text}
            </option>
          ))}
        </select>
      </div>
      <p className="count list-count" data-testid="annotation-count">
        {shown.length} of {all.length} annotations
      </p>
      <ul className="annotation-list">
        {shown.map((a) => (
          <li key={`${a.annotator}/${a.id}`}>
            <button type="button" className={`annotation-item${a.id === selectedId ? ' is-selected' : ''}`} data-annotation-id={a.id} onClick={() => void jumpTo(a)}>
              <span className={`label-chip label-chip-${a.label}`}>{tagset?.labels.find((l) => l.id === a.label)?.name ?? a.label}</span>
              <span className="annotation-quote">“{a.quote.exact.slice(0, 120)}”</span>
              <span className="annotation-where">
                {articles.find((x) => x.id === a.articleId)?.title}
                {a.annotator !== me && ` · ${a.annotator}`}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}

function matchesAttribute(annotation: Annotation, key: string): boolean {
  const [label, attribute, value] = key.split('|') as [string, string, string]
  if (annotation.label !== label) return false
  const actual = annotation.attributes[attribute]
  if (Array.isArray(actual)) return actual.includes(value)
  return String(actual) === value
}
