import { useWorkbench } from '../state/store'
import { textFirst } from '../state/textFirst'
import { scrollToOffset } from './interaction'

/** Shows an annotation: opens its article if it is not open, selects it and scrolls it into view. */
export async function jumpTo(target: { id?: string; articleId: string; start: number }): Promise<void> {
  const state = useWorkbench.getState()
  if (!state.openArticles.includes(target.articleId)) await state.openArticle(target.articleId)
  // opening it brought its layers in: look in the state as it is now
  if (target.id && useWorkbench.getState().layer.annotations[target.id]) textFirst(() => state.select(target.id!))
  requestAnimationFrame(() => scrollToOffset(target.articleId, target.start))
}
