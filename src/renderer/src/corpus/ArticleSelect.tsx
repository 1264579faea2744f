import { useWorkbench } from '../state/store'

/** A choice of article, with "All articles" first when `all` is given. */
export function ArticleSelect({ label, value, onChange, all }: { label: string; value: string; onChange: (id: string) => void; all?: string }) {
  const articles = useWorkbench((s) => s.articles)
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      {all !== undefined && <option value="">{all}</option>}
      {articles.map((a) => (
        <option key={a.id} value={a.id}>
          {a.title}
        </option>
      ))}
    </select>
  )
}
