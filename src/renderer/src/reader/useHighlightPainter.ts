import { useEffect } from 'react'
import { useWorkbench } from '../state/store'
import { installHighlightStyles, paintHighlights } from './highlights'
import { onOpenTextsChange } from './textIndex'

/** Repaints the highlights, once per frame at most, whenever what they show changes. */
export function useHighlightPainter(): void {
  useEffect(() => {
    let frame = 0
    const schedule = () => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() => paintHighlights(useWorkbench.getState()))
    }
    let tagset = useWorkbench.getState().tagset
    if (tagset) installHighlightStyles(tagset)
    const unsubscribe = useWorkbench.subscribe((state, previous) => {
      if (state.tagset !== tagset && state.tagset) {
        tagset = state.tagset
        installHighlightStyles(state.tagset)
      }
      if (
        state.layer !== previous.layer ||
        state.gold !== previous.gold ||
        state.others !== previous.others ||
        state.reviewMarks !== previous.reviewMarks ||
        state.selectedId !== previous.selectedId ||
        state.hoveredId !== previous.hoveredId ||
        state.linkingFrom !== previous.linkingFrom ||
        state.searchHit !== previous.searchHit ||
        state.tagset !== previous.tagset
      ) {
        schedule()
      }
    })
    const stopWatching = onOpenTextsChange(schedule)
    schedule()
    return () => {
      cancelAnimationFrame(frame)
      unsubscribe()
      stopWatching()
    }
  }, [])
}
