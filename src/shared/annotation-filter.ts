/**
 * The annotation list's filters, once: the main side applies them to the layers the renderer has
 * not loaded ('annotations:query'), the renderer to those it holds, and both order what they find
 * the same way, so that the two halves merge into one list. (The filters' schema is in api.ts: this
 * module stays free of zod, for the renderer.)
 */
import type { Annotation } from './annotations'
import type { AnnotationFilter } from './api'


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
