import { describe, expect, it } from 'vitest'
import { onScrollBar } from './textFrame'

describe('onScrollBar', () => {
  const scroller = { clientWidth: 300, clientHeight: 200, scrollWidth: 300, scrollHeight: 900 }

  it('finds a press past the client box of an element that scrolls', () => {
    expect(onScrollBar({ target: scroller, offsetX: 305, offsetY: 50 })).toBe(true)
    expect(onScrollBar({ target: scroller, offsetX: 120, offsetY: 50 })).toBe(false)
  })

  it('takes a press on an inline element or an SVG shape (a client box of 0 × 0) for a press on content', () => {
    expect(onScrollBar({ target: { clientWidth: 0, clientHeight: 0, scrollWidth: 0, scrollHeight: 0 }, offsetX: 4, offsetY: 3 })).toBe(false)
  })

  it('takes a press past the box of an element that does not scroll (its border) for a press on content', () => {
    expect(onScrollBar({ target: { clientWidth: 100, clientHeight: 20, scrollWidth: 100, scrollHeight: 20 }, offsetX: 101, offsetY: 5 })).toBe(false)
  })

  it('takes a press on what has no box (a text node, nothing) for a press on content', () => {
    expect(onScrollBar({ target: null, offsetX: 0, offsetY: 0 })).toBe(false)
  })
})
