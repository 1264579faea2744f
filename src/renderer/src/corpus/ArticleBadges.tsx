import { memo } from 'react'
import { type ArticleMeta } from '../../../shared/corpus'
import { provenanceLabels } from '../../../shared/provenance'

/**
 * Outlet, date, language and provenance: what tells a researcher how far to trust a text. Memoised:
 * the corpus list re-renders on every count change, and each of a thousand cards needs none.
 */
export const ArticleBadges = memo(function ArticleBadges({ meta }: { meta: ArticleMeta }) {
  const language = meta.sourceLanguage ? `${meta.language.toUpperCase()} ← ${meta.sourceLanguage.toUpperCase()}` : meta.language.toUpperCase()
  return (
    <div className="article-badges">
      <span className="outlet" data-field="outlet">
        {meta.outlet ?? 'Outlet unknown'}
      </span>
      <span className="date" data-field="date">
        {meta.date ? formatDate(meta.date) : 'Undated'}
      </span>
      <span className="badge badge-language" data-field="language" title="Language of the text">
        {language}
      </span>
      <span className={`badge badge-${meta.provenance}`} data-field="provenance" title={meta.provenanceNote || undefined}>
        {provenanceLabels[meta.provenance]}
      </span>
    </div>
  )
})

/** One formatter for every date (`toLocaleDateString` builds one per call: a thousand articles' cards took most of a second). */
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })

export function formatDate(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`)
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date)
}
