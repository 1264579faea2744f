/**
 * Runs in the page before its own scripts (Playwright's init script): notices when highlights
 * change (for Parallax, the CSS.highlights and Highlights of each column's document, an iframe; the
 * span layer's DOM for recogito's default renderer) and times them until the frame that shows them
 * is painted. "Painted" is the task after the rendering task
 * of that frame: a message posted from within the frame's requestAnimationFrame callbacks, or from a
 * callback of the next frame when the change came outside one.
 */
import { firstWhere } from '../../src/shared/lists'
import { nthWord, pageWindow, type ElementLike, type FrameLike, type MutationRecordLike, type PageWindow, type Probe, type ProbeConfig, type RangeLike } from './dom'

const w = pageWindow()
// Playwright runs init scripts in child frames too: the probe is the top page's
if (w.top === w) installProbe()

function installProbe(): void {
  const config: ProbeConfig = w.__benchConfig ?? { mode: 'parallax', expected: 1, dataUrls: ['ui%3AfirstScreen', 'annotations%3Alist'] }

  // --- after the next paint
  let inRendering = false
  const afterPaint: ((time: number) => void)[] = []
  const channel = new MessageChannel()
  // the browser's MessagePort (Node's type for it has no onmessage)
  ;(channel.port1 as unknown as { onmessage: () => void }).onmessage = () => {
    inRendering = false
    const now = performance.now()
    for (const resolve of afterPaint.splice(0)) resolve(now)
  }
  const requestFrame = w.requestAnimationFrame.bind(w)
  w.requestAnimationFrame = (callback) =>
    requestFrame((time) => {
      if (!inRendering) {
        inRendering = true
        channel.port2.postMessage(0)
      }
      callback(time)
    })
  const nextPaint = (): Promise<number> =>
    new Promise((resolve) => {
      if (inRendering) afterPaint.push(resolve)
      else w.requestAnimationFrame(() => afterPaint.push(resolve))
    })

  // --- waiting for a state of the highlights
  const waiters: { check: () => boolean; resolve: (time: number) => void }[] = []
  function poke(): void {
    for (const waiter of [...waiters]) {
      if (!waiter.check()) continue
      waiters.splice(waiters.indexOf(waiter), 1)
      void nextPaint().then(waiter.resolve)
    }
  }
  // checked once per task that changed the highlights, after all of its changes
  let poking = false
  const pokeSoon = (): void => {
    if (poking) return
    poking = true
    w.queueMicrotask(() => {
      poking = false
      poke()
    })
  }
  /** Watches a window's highlight registry and Highlights (each window has its own prototypes), once. */
  const watched = new WeakSet<object>()
  const watchHighlights = (view: PageWindow): void => {
    const prototype = Object.getPrototypeOf(view.CSS.highlights) as { set: (this: unknown, name: string, highlight: unknown) => unknown }
    if (watched.has(prototype)) return
    watched.add(prototype)
    const set = prototype.set
    prototype.set = function (this: unknown, name: string, highlight: unknown) {
      const result = set.call(this, name, highlight)
      pokeSoon()
      return result
    }
    for (const method of ['add', 'delete', 'clear'] as const) {
      const original = view.Highlight.prototype[method]
      view.Highlight.prototype[method] = function (this: unknown, ...args: unknown[]) {
        const result = original.apply(this, args)
        pokeSoon()
        return result
      }
    }
  }
  /** Parallax's columns: each an iframe whose document holds the text and its highlights. */
  const textFrames = (): FrameLike[] => Array.from(w.document.querySelectorAll('iframe[data-testid="text-frame"]')) as FrameLike[]
  const frameWindows = (): PageWindow[] => textFrames().flatMap((frame) => (frame.contentWindow ? [frame.contentWindow] : []))
  if (config.mode === 'parallax') {
    // a frame is watched as it is added, and again when moved (a move gives it a new document, and a new window's prototypes)
    const seen = new WeakSet<FrameLike>()
    const watchFrames = () => {
      for (const frame of textFrames()) {
        if (frame.contentWindow) watchHighlights(frame.contentWindow)
        if (seen.has(frame)) continue
        seen.add(frame)
        frame.addEventListener('load', () => {
          if (frame.contentWindow) watchHighlights(frame.contentWindow)
        })
      }
    }
    // only when an iframe came in: the observer sees every change of the page, a tag's too
    const framesAdded = (records: readonly MutationRecordLike[]) =>
      records.some((record) => Array.from(record.addedNodes).some((node) => node.nodeName === 'IFRAME' || node.querySelector?.('iframe')))
    // the save indicator appears once the workspace has loaded: the layers are held
    let held = false
    new w.MutationObserver((records) => {
      if (framesAdded(records)) {
        watchFrames()
        // frames may come with their highlights registered in the task that added them (the first screen's)
        poke()
      }
      if (!held && w.document.querySelector('[data-testid="save-indicator"]')) {
        held = true
        void nextPaint().then((time) => (probe.heldAt = time))
      }
    }).observe(w.document, { childList: true, subtree: true })
  } else new w.MutationObserver(() => poke()).observe(w.document, { childList: true, subtree: true })

  function ranges(prefix: string): number {
    let n = 0
    for (const view of frameWindows()) {
      for (const [name, highlight] of view.CSS.highlights.entries()) if (name.startsWith(prefix)) n += highlight.size
    }
    return n
  }

  /** Parallax: the annotations the first paint must show (Probe.expect). */
  let expected: Record<string, [number, number][]> | null = null
  const probe: Probe = {
    firstPaint: null,
    firstPaintEpoch: null,
    dataAt: null,
    heldAt: null,
    expect: (annotations) => {
      expected = annotations
      poke()
    },
    waitFor: (check) =>
      new Promise((resolve) => {
        waiters.push({ check, resolve })
        poke()
      }),
    ranges,
  }
  w.__bench = probe

  // when the first annotations arrive: the end of their response's json()
  const responses = Response.prototype as { json: (this: Response) => Promise<unknown> }
  const json = responses.json
  responses.json = async function (this: Response) {
    const value = await json.call(this)
    if (probe.dataAt === null && config.dataUrls.some((url) => this.url.includes(url))) probe.dataAt = performance.now()
    return value
  }

  /** The article offset of a range's end (a text node inside a paragraph carrying its start offset). */
  const offsetOf = (node: RangeLike['startContainer'], offset: number): number => Number(node.parentElement?.dataset.start) + offset

  /**
   * Parallax's first paint: `expected` columns open, the first annotations received, and every one
   * of the user's annotations in the workspace's files (`expected`, not what the page was
   * sent) that lies in a column's viewport painted (matched by its start or its end: an end on a line
   * break is painted at the end of its line).
   */
  function inViewPainted(): boolean {
    if (probe.dataAt === null || !expected) return false
    // a column counts once its text is there and its frame has a height: with none, nothing would be in view
    const columns = frameWindows().flatMap((view) => {
      const column = view.document.querySelector('[data-testid="article-text"]')
      return column && view.innerHeight > 0 ? [{ column, view }] : []
    })
    if (columns.length < config.expected) return false
    const painted = new Set<string>()
    for (const { view } of columns) {
      for (const [name, highlight] of view.CSS.highlights.entries()) {
        if (!name.startsWith('px-label-')) continue
        for (const range of highlight) {
          const article = range.startContainer.parentElement?.closest('[data-testid="article-text"]')?.dataset.articleId
          painted.add(`${article}:start:${offsetOf(range.startContainer, range.startOffset)}`)
          painted.add(`${article}:end:${offsetOf(range.endContainer, range.endOffset)}`)
        }
      }
    }
    return columns.every(({ column, view }) => {
      const article = column.dataset.articleId
      const wanted = inView(column, view)
      // a viewport with none would pass without any highlight painted
      return wanted.length > 0 && wanted.every((a) => painted.has(`${article}:start:${a.start}`) || painted.has(`${article}:end:${a.end}`))
    })
  }

  /** The user's annotations within a column's viewport (its blocks of paragraphs that intersect its frame's viewport). */
  function inView(column: ElementLike, view: PageWindow): { start: number; end: number }[] {
    const paragraphs = column.children
    if (paragraphs.length === 0) return []
    const first = firstWhere(paragraphs.length, (i) => (paragraphs[i] as ElementLike).getBoundingClientRect().bottom > 0)
    const after = firstWhere(paragraphs.length, (i) => (paragraphs[i] as ElementLike).getBoundingClientRect().top >= view.innerHeight)
    if (first >= after) return []
    const start = Number((paragraphs[first] as ElementLike).dataset.start)
    const end = after < paragraphs.length ? Number((paragraphs[after] as ElementLike).dataset.start) : Infinity
    return (expected?.[column.dataset.articleId ?? ''] ?? []).filter(([a, b]) => a < end && b > start).map(([a, b]) => ({ start: a, end: b }))
  }

  const painted =
    config.mode === 'parallax'
      ? inViewPainted
      : () => {
          const layers = w.document.querySelectorAll('.r6o-span-highlight-layer')
          return layers.length >= config.expected && Array.from(layers).every((layer) => layer.childElementCount > 0)
        }
  void probe.waitFor(painted).then((time) => {
    probe.firstPaint = time
    probe.firstPaintEpoch = w.performance.timeOrigin + time
    if (config.mode === 'recogito') probe.heldAt = time
  })

  if (config.mode === 'parallax') {
    /** Tags a word of the first paragraph of the first column with the hotkey 1 (Claim), as a user does. */
    probe.createOne = async (index) => {
      const view = frameWindows()[0]
      const column = view?.document.querySelector('[data-testid="article-text"]')
      const paragraph = column?.querySelectorAll('p:not(.blank)')[1]
      const node = paragraph?.firstChild
      if (!node?.textContent) throw new Error('the first column has no paragraph below its title')
      const [start, end] = nthWord(node.textContent, index)
      if (!view || !column) throw new Error('no column is open')
      const range = view.document.createRange()
      range.setStart(node, start)
      range.setEnd(node, end)
      const selection = view.getSelection()
      selection?.removeAllRanges()
      selection?.addRange(range)
      const before = ranges('px-label-claim')
      const began = performance.now()
      // pressed where the selection is: in the column's document, whose keys the app takes
      column.dispatchEvent(new view.KeyboardEvent('keydown', { key: '1', bubbles: true, cancelable: true }))
      const painted = await probe.waitFor(() => ranges('px-label-claim') > before)
      return painted - began
    }
  }
}
