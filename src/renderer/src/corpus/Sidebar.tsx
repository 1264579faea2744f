import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual'
import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { ArticleMeta } from '../../../shared/corpus'
import { useWorkbench } from '../state/store'
import { useAnnotationCounts } from '../state/summary'
import { AnnotationList } from './AnnotationList'
import { SearchPanel } from './SearchPanel'
import { ArticleBadges } from './ArticleBadges'

type Tab = 'corpus' | 'annotations' | 'search'
const TABS: { id: Tab; name: string }[] = [
  { id: 'corpus', name: 'Corpus' },
  { id: 'annotations', name: 'Annotations' },
  { id: 'search', name: 'Search' },
]

/** The left pane: the corpus, the annotation list, and search. */
export function Sidebar() {
  const [tab, setTab] = useState<Tab>('corpus')
  return (
    <div className="sidebar">
      <div className="tabs" role="tablist" aria-label="Sidebar">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} className="tab" onClick={() => setTab(t.id)}>
            {t.name}
          </button>
        ))}
      </div>
      {tab === 'corpus' && <CorpusList />}
      {tab === 'annotations' && <AnnotationList />}
      {tab === 'search' && <SearchPanel />}
    </div>
  )
}

/** The corpus: every article with its metadata and annotation count; a click opens it in a new column. */
function CorpusList() {
  const annotationCounts = useAnnotationCounts()
  const articles = useWorkbench((s) => s.articles)
  const openArticles = useWorkbench((s) => s.openArticles)
  const workspace = useWorkbench((s) => s.workspace)
  const panel = useRef<HTMLElement>(null)
  const list = useRef<HTMLUListElement>(null)
  // where the list starts in the panel that scrolls: below the heading and the corpus's name, measured
  // again whenever their height changes (the name arriving, the fonts loading)
  const header = useRef<HTMLDivElement>(null)
  const [listTop, setListTop] = useState(0)
  useLayoutEffect(() => {
    const measure = (): void => setListTop(list.current?.offsetTop ?? 0)
    measure()
    const observer = new ResizeObserver(measure)
    if (header.current) observer.observe(header.current)
    return () => observer.disconnect()
  }, [])
  // the card that has the keyboard's focus stays made when it scrolls away, or the focus would be lost;
  // kept by article, since another corpus (a workspace opened) puts other articles at each place
  const [focused, setFocused] = useState<string | null>(null)
  const focusedIndex = useMemo(() => (focused === null ? -1 : articles.findIndex((meta) => meta.id === focused)), [articles, focused])
  // Only the cards in view (and a few either side) are made: a corpus of a thousand articles made
  // every card before the first column could be painted (~200 ms of the page's first second).
  // eslint-disable-next-line react-hooks/incompatible-library -- about the React Compiler's memoising, which this app does not use
  const virtualizer = useVirtualizer({
    count: articles.length,
    getScrollElement: () => panel.current,
    estimateSize: () => CARD_HEIGHT,
    getItemKey: (index) => articles[index]?.id ?? index,
    gap: CARD_GAP,
    overscan: 8,
    scrollMargin: listTop,
    rangeExtractor: (range) => {
      const indexes = defaultRangeExtractor(range)
      return focusedIndex < 0 || indexes.includes(focusedIndex) ? indexes : [...indexes, focusedIndex].sort((a, b) => a - b)
    },
  })
  return (
    <nav className="corpus-panel" aria-label="Corpus" ref={panel}>
      <div ref={header}>
        <div className="sidebar-heading">
          <h2>Corpus</h2>
          <span className="count">{articles.length} articles</span>
        </div>
        {workspace?.corpusName && <p className="corpus-name">{workspace.corpusName}</p>}
      </div>
      <ul
        className="article-list"
        ref={list}
        style={{ height: virtualizer.getTotalSize() }}
        onFocus={(event) => setFocused(event.target.closest('[data-article-id]')?.getAttribute('data-article-id') ?? null)}
        onBlur={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget)) setFocused(null)
        }}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const meta = articles[item.index] as ArticleMeta
          return (
            <li
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              aria-setsize={articles.length}
              aria-posinset={item.index + 1}
              style={{ transform: `translateY(${item.start - listTop}px)` }}
            >
              <ArticleCard meta={meta} open={openArticles.includes(meta.id)} count={annotationCounts[meta.id] ?? 0} />
            </li>
          )
        })}
      </ul>
    </nav>
  )
}

/**
 * A card's height before it is measured (the median of a thousand: a title on two lines, the badges,
 * the count), so that the list's length and the scroll bar move little as cards are measured; and
 * the space between cards.
 */
const CARD_HEIGHT = 98
const CARD_GAP = 4

/** One article of the corpus list: rendered again only when it opens, closes or its count changes. */
const ArticleCard = memo(function ArticleCard({ meta, open, count }: { meta: ArticleMeta; open: boolean; count: number }) {
  return (
    <button
      type="button"
      className={`article-card${open ? ' is-open' : ''}`}
      data-article-id={meta.id}
      aria-pressed={open}
      title={open ? 'Open in a column' : 'Open in a new column'}
      onClick={() => void useWorkbench.getState().openArticle(meta.id)}
    >
      <span className="article-title">{meta.title}</span>
      <ArticleBadges meta={meta} />
      {count ? (
        <span className="annotation-count" data-field="annotations">
          {count} {count === 1 ? 'annotation' : 'annotations'}
        </span>
      ) : null}
    </button>
  )
})
