/**
 * The annotation list's filters, once: the main side applies them to the layers the renderer has
 * not loaded ('annotations:query'), the renderer to those it holds, and both order what they find
 * the same way, so that the two halves merge into one list.
 */
import { z } from 'zod'
import { ArticleId } from './corpus'
import type { Annotation } from './annotations'

export const AnnotationFilter = z
  .object({
    label: z.string().min(1).max(200).optional(),
    articleId: ArticleId.optional(),
    annotator: z.string().min(1).max(200).optional(),
    /** One value of one attribute of one label. */
    attribute: z.object({ label: z.string().max(200), attribute: z.string().max(200), value: z.string().max(1000) }).strict().optional(),
    /** In the quote or the note, ignoring case. */
    text: z.string().max(500).optional(),
  })
  .strict()
export type AnnotationFilter = z.infer<typeof AnnotationFilter>

/** Whether an annotation passes every filter given. */
export function matchesFilter(annotation: Annotation, filter: AnnotationFilter): boolean {
  if (filter.label !== undefined && annotation.label !== filter.label) return false
  if (filter.articleId !== undefined && annotation.articleId !== filter.articleId) return false
  if (filter.annotator !== undefined && annotation.annotator !== filter.annotator) return false
  if (filter.attribute) {
    const { label, attribute, value } = filter.attribute
    if (annotation.label !== label) return false
    const actual = annotation.attributes[attribute]
    if (Array.isArray(actual) ? !actual.includes(value) : String(actual) !== value) return false
  }
  if (filter.text) {
    const text = filter.text.toLocaleLowerCase()
    if (!annotation.quote.exact.toLocaleLowerCase().includes(text) && !annotation.note.toLocaleLowerCase().includes(text)) return false
  }
  return true
}

/** The list's order: by article in corpus order, then by where the annotation starts. */
export function listOrder(articleIds: readonly string[]): (a: Annotation, b: Annotation) => number {
  const order = new Map(articleIds.map((id, i) => [id, i]))
  return (a, b) => (order.get(a.articleId) ?? 0) - (order.get(b.articleId) ?? 0) || a.start - b.start
}
