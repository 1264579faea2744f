import { useEffect } from 'react'
import { annotationsByArticle } from '../../../shared/layer-state'
import { caughtUp, dismissFirstScreen, firstScreenShown } from '../firstScreen'
import { useWorkbench } from '../state/store'
import { HighlightPainter, installHighlightStyles } from './highlights'
import { onOpenTextsChange, onTextScroll } from './textIndex'

/**
 * Repaints the highlights, once per frame at most, whenever what they show changes, and whenever a
 * column's text scrolls or its frame is resized (each column registers only the ranges near its viewport).
 */
export function useHighlightPainter(): void {
  useEffect(() => {
    const painter = new HighlightPainter()
    let frame = 0
    /** What scrolled or was resized since the last paint; 'all' when the columns themselves changed. */
    let scrolled: Set<EventTarget> | 'all' = 'all'
    const resizes = new ResizeObserver((entries) => schedule(entries.map((e) => e.target)))
    const schedule = (targets?: EventTarget[] | 'all') => {
      if (targets === 'all') scrolled = 'all'
      else if (targets && scrolled !== 'all') for (const target of targets) scrolled.add(target)
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() => {
        const measured = scrolled
        scrolled = new Set()
        const state = useWorkbench.getState()
        painter.paint(state, measured)
        // in the frame that shows the app's highlights
        if (firstScreenShown() && caughtUp(state)) dismissFirstScreen()
        if (measured === 'all') {
          resizes.disconnect()
          for (const frame of painter.frames()) resizes.observe(frame)
        }
      })
    }
    let tagset = useWorkbench.getState().tagset
    if (tagset) installHighlightStyles(tagset)
    const unsubscribe = useWorkbench.subscribe((state, previous) => {
      if (state.tagset !== tagset && state.tagset) {
        tagset = state.tagset
        installHighlightStyles(state.tagset)
      }
      // grouped by article now, while each version of the layer still leads to the one before (cheap: its changes only)
      if (state.layer.annotations !== previous.layer.annotations) annotationsByArticle(state.layer.annotations)
      if (state.gold.annotations !== previous.gold.annotations) annotationsByArticle(state.gold.annotations)
      if (
        state.layer !== previous.layer ||
        state.gold !== previous.gold ||
        state.others !== previous.others ||
        state.preview !== previous.preview ||
        state.loadedArticles !== previous.loadedArticles ||
        state.reviewMarks !== previous.reviewMarks ||
        state.selectedId !== previous.selectedId ||
        state.hoveredId !== previous.hoveredId ||
        state.linkingFrom !== previous.linkingFrom ||
        state.searchHit !== previous.searchHit ||
        state.tagset !== previous.tagset ||
        (state.status !== previous.status && firstScreenShown())
      ) {
        schedule()
      }
    })
    const onResize = () => schedule('all')
    window.addEventListener('resize', onResize)
    const stopWatching = onOpenTextsChange(() => schedule('all'))
    const stopFollowing = onTextScroll((frame) => schedule([frame]))
    schedule('all')
    return () => {
      cancelAnimationFrame(frame)
      unsubscribe()
      stopWatching()
      stopFollowing()
      resizes.disconnect()
      window.removeEventListener('resize', onResize)
    }
  }, [])
}
