import { useEffect, useMemo, useState } from 'react'
import type { Annotation } from '../../../shared/annotations'
import type { AnnotationFilter, ChannelOutput } from '../../../shared/api'
import { listOrder, matchesFilter } from '../../../shared/annotation-filter'
import { call } from '../api/client'
import { namesForReading } from '../state/names'
import { useWorkbench } from '../state/store'
import { jumpTo } from '../reader/jump'
import { ArticleSelect } from './ArticleSelect'

const ALL = ''
/** The list shows this many annotations at most: the first ones in corpus order. */
export const LIST_LIMIT = 500

/**
 * Every annotation, own and colleagues', filtered by label, article, annotator and attribute; a
 * click jumps to it. The articles whose layers the renderer holds are listed from them (edits show
 * at once); the rest of the corpus is asked of the main side, with the same filter.
 */
export function AnnotationList() {
  const layer = useWorkbench((s) => s.layer)
  const others = useWorkbench((s) => s.others)
  const loadedArticles = useWorkbench((s) => s.loadedArticles)
  const known = useWorkbench((s) => s.annotators)
  const me = useWorkbench((s) => s.annotator)
  const tagset = useWorkbench((s) => s.tagset)
  const articles = useWorkbench((s) => s.articles)
  const selectedId = useWorkbench((s) => s.selectedId)
  const [label, setLabel] = useState(ALL)
  const [article, setArticle] = useState(ALL)
  const [annotator, setAnnotator] = useState(me ?? ALL)
  const [attribute, setAttribute] = useState(ALL)
  const [text, setText] = useState('')

  const filter = useMemo((): AnnotationFilter => {
    const [attributeLabel, attributeId, value] = attribute.split('|') as [string, string, string]
    return {
      ...(label !== ALL ? { label } : {}),
      ...(article !== ALL ? { articleId: article } : {}),
      ...(annotator !== ALL ? { annotator } : {}),
      ...(attribute !== ALL ? { attribute: { label: attributeLabel, attribute: attributeId, value } } : {}),
      ...(text !== '' ? { text } : {}),
    }
  }, [label, article, annotator, attribute, text])
  const rest = useRestOfCorpus(filter, loadedArticles)

  const held = useMemo(() => [...Object.values(layer.annotations), ...others.flatMap((l) => l.annotations)], [layer, others])
  const annotators = useMemo(() => [...new Set([me ?? '', ...namesForReading(known)].filter(Boolean))], [me, known])
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
  const order = useMemo(() => listOrder(articles.map((a) => a.id)), [articles])
  const passed = useMemo(() => held.filter((a) => matchesFilter(a, filter)), [held, filter])
  const shown: Annotation[] = useMemo(() => [...passed, ...(rest.value?.annotations ?? [])].sort(order).slice(0, LIST_LIMIT), [passed, rest.value, order])
  const titles = useMemo(() => new Map(articles.map((a) => [a.id, a.title])), [articles])

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
      {rest.error ? (
        <p className="field-error" role="alert">
          The rest of the corpus could not be listed: {rest.error}
        </p>
      ) : rest.value ? (
        <p className="count list-count" data-testid="annotation-count">
          {passed.length + rest.value.matched} of {held.length + rest.value.total} annotations
          {passed.length + rest.value.matched > shown.length && ` (the first ${shown.length} shown)`}
        </p>
      ) : (
        <p className="count list-count" data-testid="annotation-count">
          Listing the whole corpus…
        </p>
      )}
      <ul className="annotation-list">
        {shown.map((a) => (
          <li key={`${a.annotator}/${a.id}`}>
            <button type="button" className={`annotation-item${a.id === selectedId ? ' is-selected' : ''}`} data-annotation-id={a.id} onClick={() => void jumpTo(a)}>
              <span className={`label-chip label-chip-${a.label}`}>{tagset?.labels.find((l) => l.id === a.label)?.name ?? a.label}</span>
              <span className="annotation-quote">“{a.quote.exact.slice(0, 120)}”</span>
              <span className="annotation-where">
                {titles.get(a.articleId)}
                {a.annotator !== me && ` · ${a.annotator}`}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}

/** What the main side finds, with the same filter, on the articles whose layers the renderer does not hold. */
function useRestOfCorpus(filter: AnnotationFilter, loadedArticles: Readonly<Record<string, true>>): { value: ChannelOutput<'annotations:query'> | null; error: string | null } {
  const [answer, setAnswer] = useState<{ value: ChannelOutput<'annotations:query'> | null; error: string | null; for: unknown[] }>({ value: null, error: null, for: [] })
  useEffect(() => {
    const asked = [filter, loadedArticles]
    let live = true
    // typing in the text filter asks once it pauses
    const timer = setTimeout(() => {
      call('annotations:query', { filter, excludeArticleIds: Object.keys(loadedArticles), limit: LIST_LIMIT })
        .then((value) => live && setAnswer({ value, error: null, for: asked }))
        .catch((error: Error) => live && setAnswer({ value: null, error: error.message, for: asked }))
    }, 150)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [filter, loadedArticles])
  // an answer to an earlier question is not shown with the filter of this one
  return answer.for[0] === filter && answer.for[1] === loadedArticles ? answer : { value: null, error: null }
}
