/**
 * Runs in the page before its own scripts (Playwright's init script): notices when highlights are
 * set (CSS.highlights for Parallax, the span layer's DOM for recogito's default renderer) and times
 * them until the frame that shows them is painted. "Painted" is the task after the rendering task
 * of that frame: a message posted from within the frame's requestAnimationFrame callbacks, or from a
 * callback of the next frame when the change came outside one.
 */
import { nthWord, pageWindow, type Probe, type ProbeConfig } from './dom'

const w = pageWindow()
const config: ProbeConfig = w.__benchConfig ?? { mode: 'parallax', expected: 1, dataUrl: 'annotations%3Alist' }

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
const registry = w.CSS.highlights
const prototype = Object.getPrototypeOf(registry) as { set: (this: unknown, name: string, highlight: unknown) => unknown }
const set = prototype.set
prototype.set = function (this: unknown, name: string, highlight: unknown) {
  const result = set.call(this, name, highlight)
  poke()
  return result
}
if (config.mode === 'recogito') new w.MutationObserver(poke).observe(w.document, { childList: true, subtree: true })

function ranges(prefix: string): number {
  let n = 0
  for (const [name, highlight] of registry.entries()) if (name.startsWith(prefix)) n += highlight.size
  return n
}

const probe: Probe = {
  firstPaint: null,
  firstPaintEpoch: null,
  dataAt: null,
  waitFor: (check) =>
    new Promise((resolve) => {
      waiters.push({ check, resolve })
      poke()
    }),
  ranges,
}
w.__bench = probe

// when the annotations arrive: the end of their response's json()
const responses = Response.prototype as { json: (this: Response) => Promise<unknown> }
const json = responses.json
responses.json = async function (this: Response) {
  const value = await json.call(this)
  if (this.url.includes(config.dataUrl) && probe.dataAt === null) probe.dataAt = performance.now()
  return value
}

const painted =
  config.mode === 'parallax'
    ? () => ranges('px-label-') >= config.expected
    : () => {
        const layers = w.document.querySelectorAll('.r6o-span-highlight-layer')
        return layers.length >= config.expected && Array.from(layers).every((layer) => layer.childElementCount > 0)
      }
void probe.waitFor(painted).then((time) => {
  probe.firstPaint = time
  probe.firstPaintEpoch = w.performance.timeOrigin + time
})

if (config.mode === 'parallax') {
  /** Tags a word of the first paragraph of the first column with the hotkey 1 (Claim), as a user does. */
  probe.createOne = async (index) => {
    const column = w.document.querySelector('[data-testid="article-text"]')
    const paragraph = column?.querySelectorAll('p:not(.blank)')[1]
    const node = paragraph?.firstChild
    if (!node?.textContent) throw new Error('the first column has no paragraph below its title')
    const [start, end] = nthWord(node.textContent, index)
    const range = w.document.createRange()
    range.setStart(node, start)
    range.setEnd(node, end)
    const selection = w.getSelection()
    selection?.removeAllRanges()
    selection?.addRange(range)
    const before = ranges('px-label-claim')
    const began = performance.now()
    w.dispatchEvent(new w.KeyboardEvent('keydown', { key: '1', bubbles: true, cancelable: true }))
    const painted = await probe.waitFor(() => ranges('px-label-claim') > before)
    return painted - began
  }
}
