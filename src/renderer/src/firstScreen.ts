/**
 * The first screen: the open columns' texts with the user's highlights, painted by the page's first
 * script (boot.ts) before the app itself (React and the rest, most of the page's script) is loaded
 * and run. It asks for all it shows in one call (`ui:firstScreen`), whose parts answer the app's own
 * first calls once it starts (as what it asks early with callEarly does), so that nothing is asked
 * again; it makes the texts and paints the highlights with the reader's own code (articleDom.ts,
 * textFrame.ts, highlights.ts), over the layout the app will have (the top bar, the corpus's width,
 * the columns). It is read-only: the app takes over once it has painted its
 * own columns (useHighlightPainter dismisses it), and where it cannot be made (no annotator yet, no
 * column open, a call refused, answers later than FIRST_SCREEN_WAIT_MS) the app starts without it.
 */
import { emptyLayerState } from '../../shared/layer-state'
import { FIRST_SCREEN, MAX_COLUMNS, previewInput } from '../../shared/reader'
import { afterPaint, paints } from './afterPaint'
import { answeredEarly, call, callEarly } from './api/client'
import { buildArticle, buildRest } from './reader/articleDom'
import { HighlightPainter, installHighlightStyles, supportsHighlights, type PaintedState } from './reader/highlights'
import { prepareFrame } from './reader/textFrame'
import { openTexts, TextIndex, type OpenText } from './reader/textIndex'
import type { WorkbenchState } from './state/store'

/** A column of the first screen, made as the reader's own (ArticleText) makes it: the reader takes it as it is. */
export interface FirstScreenText {
  frame: HTMLIFrameElement
  text: string
  root: HTMLElement
  index: TextIndex
  /** What prepareFrame set up in its document, undone by `release`. */
  release: () => void
}

/** The first screen on screen: its element, and each column's frame (prepared, and its text once made) by article. */
let shown: { element: HTMLElement; frames: Map<string, { frame: HTMLIFrameElement; title: HTMLElement; release: () => void; text?: FirstScreenText }> } | null = null

/** Whether the first screen is on screen (the app has not taken over yet). */
export const firstScreenShown = (): boolean => shown !== null

/** Whether this browser can move a frame without its document being made anew (`moveBefore`). */
const movesFrames = (): boolean => typeof (Element.prototype as Partial<{ moveBefore: unknown }>).moveBefore === 'function'

/** Moves a frame to the end of `into` (in the page, as the frame is), its document kept (`moveBefore`; see movesFrames). */
const moveFrame = (frame: HTMLIFrameElement, into: HTMLElement): void =>
  (into as HTMLElement & { moveBefore(node: Node, child: Node | null): void }).moveBefore(frame, null)

/** Whether the first screen has a column of this article, made or on its way, for the app's column to take. */
export const firstScreenHas = (articleId: string): boolean => shown?.frames.has(articleId) === true

/**
 * The first screen's frame of an article, moved into `into` (its document, text, scroll and
 * highlights kept), for the reader's column of that article to go on with; null when there is
 * none for this text, or the browser would give the moved frame a new document.
 */
export function takeFirstScreenText(articleId: string, text: string, into: HTMLElement): FirstScreenText | null {
  const taken = shown?.frames.get(articleId)?.text
  if (!taken || taken.text !== text || !movesFrames()) return null
  shown?.frames.delete(articleId)
  moveFrame(taken.frame, into)
  return taken
}

/**
 * Whether the app's own columns are there to take the first screen's place: the
 * corpus and the highlights' labels known, and every open article's text made (or told unreadable,
 * or not in the corpus, which the reader shows no column for); or the opening over.
 */
export const caughtUp = (state: Pick<WorkbenchState, 'status' | 'workspace' | 'articles' | 'tagset' | 'openArticles' | 'unreadable'>): boolean =>
  state.status !== 'loading' ||
  (state.workspace !== null &&
    state.tagset !== null &&
    state.openArticles.every((id) => openTexts.has(id) || state.unreadable[id] || !state.articles.some((a) => a.id === id)))

/** Takes the first screen away: the app's own columns are painted (or the app has failed to open). */
export function dismissFirstScreen(): void {
  if (!shown) return
  for (const { release } of shown.frames.values()) release()
  shown.element.remove()
  shown = null
}

const element = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] => {
  const made = document.createElement(tag)
  made.className = className
  if (text !== undefined) made.textContent = text
  return made
}

/**
 * How long the app waits for the first screen's answers before it starts without it: a screen that
 * late is no longer first, and the app shows what is still on its way (each column says so).
 */
export const FIRST_SCREEN_WAIT_MS = 1_000

/**
 * The first screen's answer (`ui:firstScreen`), asked with what else the app asks first; null when
 * it shows nothing (no column open, no annotator yet), or came late. Each of its parts is the
 * answer to the app's own call for it, even when it comes too late for the first screen (the app
 * then waits for it rather than asking again): the view state and the settings at once, the rest
 * as it arrives, before those two resolve (the app asks for the rest once they have).
 */
async function askFirstScreen(inTime: <T>(asked: Promise<T>) => Promise<T | null>) {
  // asked first: the browser sends it on the connection it has open
  const whole = call('ui:firstScreen', {}).then((answer) => {
    const { ui, settings, columns } = answer
    if (columns && settings.annotator !== null) {
      answeredEarly('tagset:get', {}, columns.tagset)
      for (const article of columns.articles) answeredEarly('article:get', { id: article.meta.id }, article)
      answeredEarly('annotations:list', previewInput(ui.openArticles, settings.annotator), columns.preview)
    }
    return answer
  })
  answeredEarly('ui:get', {}, whole.then((answer) => answer.ui))
  answeredEarly('settings:get', {}, whole.then((answer) => answer.settings))
  for (const channel of ['workspace:info', 'corpus:list'] as const) void callEarly(channel, {}).catch(() => undefined)
  const answer = await inTime(whole)
  // no column or no user: the host sends no columns (the user is checked again for its type)
  if (!answer?.columns || answer.settings.annotator === null) return null
  const { ui, settings, columns } = answer
  return { ...columns, articleIds: ui.openArticles, sidebarOpen: ui.sidebarOpen, annotator: settings.annotator }
}

/** The browser's task scheduler (Chromium's `scheduler.postTask`), where there is one. */
const scheduler = (globalThis as { scheduler?: { postTask(task: () => void, options: { priority: 'background' }): Promise<void> } }).scheduler

/**
 * Resolves in a task of its own of the lowest priority: after whatever else the page has to do,
 * such as the answers it waits for (`scheduler.postTask`); else after a message to itself.
 */
const idleTask = (): Promise<void> =>
  scheduler
    ? scheduler.postTask(() => undefined, { priority: 'background' })
    : new Promise((resolve) => {
        const channel = new MessageChannel()
        channel.port1.onmessage = () => {
          channel.port1.close()
          resolve()
        }
        channel.port2.postMessage(null)
      })

/**
 * The columns' frames, made while the first screen's answer is on its way, when the page has
 * nothing else to do: making a frame's document takes the page's thread 10–20 ms
 * (docs/performance.md, render), and the layout waits for that answer to know how many columns
 * there are. As many as the reader shows, one a task (`idleTask`: of the lowest priority where the
 * browser has one, so that the answers go first), in a hidden place; each moved into its column
 * once the layout is known (`moveBefore`: its document kept), and those not needed removed. Where
 * frames cannot be moved so, none is made ahead.
 */
class FramesAhead {
  readonly #place = element('div', 'first-screen-frames')
  readonly #made: HTMLIFrameElement[] = []
  #done = false

  constructor() {
    this.#place.hidden = true
    if (!movesFrames()) return
    document.body.append(this.#place)
    void this.#make()
  }

  async #make(): Promise<void> {
    while (this.#made.length < MAX_COLUMNS) {
      await idleTask()
      if (this.#done) return
      const frame = textFrame()
      this.#place.append(frame)
      this.#made.push(frame)
    }
  }

  /** A frame made already, moved to the end of `into` (which is in the page); null when none is left. */
  moveInto(into: HTMLElement): HTMLIFrameElement | null {
    const frame = this.#made.shift()
    if (frame) moveFrame(frame, into)
    return frame ?? null
  }

  /** Makes no more, and removes those not moved. */
  end(): void {
    this.#done = true
    this.#place.remove()
  }
}

const textFrame = (): HTMLIFrameElement => {
  const frame = element('iframe', 'text-frame')
  frame.dataset.testid = 'text-frame'
  return frame
}

/**
 * The app's layout, as it will have it (the top bar, the corpus's width, the palette, a column per
 * open article), with each column's frame (made ahead, or now) in place and prepared, for the texts.
 */
function showLayout(articleIds: readonly string[], sidebarOpen: boolean, ahead: FramesAhead): NonNullable<typeof shown> {
  const screen = element('div', 'app first-screen')
  screen.dataset.testid = 'first-screen'
  screen.setAttribute('aria-busy', 'true')
  const topbar = element('header', 'topbar')
  // where the corpus's button will be (App.tsx), so that the name does not move
  const toggle = element('button', 'icon-button')
  toggle.disabled = true
  topbar.append(toggle, element('span', 'wordmark', 'Parallax'))
  const workbench = element('div', 'workbench')
  // the corpus's width (its list comes with the app)
  if (sidebarOpen) workbench.append(element('aside', 'sidebar'))
  const pane = element('div', 'reader-pane')
  const reader = element('main', 'reader')
  pane.append(element('div', 'palette'), reader)
  workbench.append(pane)
  screen.append(topbar, workbench)
  const bodies = articleIds.map((id) => {
    const column = element('section', 'column')
    const header = element('header', 'column-header')
    const titleRow = element('div', 'column-title-row')
    // the column's buttons (Column.tsx) take their width from the title, which wraps as it will in the app
    const actions = element('div', 'column-actions')
    for (const glyph of ['‹', '›', '×']) {
      const button = element('button', 'icon-button', glyph)
      button.disabled = true
      actions.append(button)
    }
    const title = element('h2', 'column-title')
    titleRow.append(title, actions)
    // the article's badges and note come with the app: the row is there, as high as its note's button
    const metaRow = element('div', 'column-meta-row')
    const note = element('button', 'text-button small', 'Add note')
    note.disabled = true
    metaRow.append(element('div', 'article-badges'), note)
    header.append(titleRow, metaRow)
    const body = element('div', 'column-body')
    column.append(header, body)
    reader.append(column)
    return [id, body, title] as const
  })
  document.body.append(screen)
  const columns = bodies.map(([id, body, title]) => {
    let frame = ahead.moveInto(body)
    if (!frame) body.append((frame = textFrame()))
    return [id, { frame, title, release: prepareFrame(frame, undefined).release }] as const
  })
  ahead.end()
  return { element: screen, frames: new Map(columns) }
}

/**
 * Asks for the first screen and paints it; resolves once it is painted, or at once when there is
 * nothing to paint, or when its answer has not come within `waitMs` (its parts go to the app when
 * it comes: askFirstScreen), or was refused (the app asks for each part itself, and says why).
 */
export async function showFirstScreen(waitMs = FIRST_SCREEN_WAIT_MS): Promise<void> {
  if (!paints() || !supportsHighlights) return
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)))
  // refused, or late: the app is answered the same
  const inTime = <T>(asked: Promise<T>): Promise<T | null> => {
    asked.catch(() => undefined)
    return Promise.race([asked, late])
  }
  const ahead = new FramesAhead()
  try {
    const opening = await askFirstScreen(inTime)
    if (!opening) return
    const layout = (shown = showLayout(opening.articleIds, opening.sidebarOpen, ahead))
    const { tagset, preview } = opening
    installHighlightStyles(tagset)
    const texts = new Map<string, OpenText>()
    for (const { meta, text } of opening.articles) {
      const column = layout.frames.get(meta.id)
      if (!column) continue
      const { frame, title } = column
      const doc = frame.contentDocument as Document
      if (meta.language !== 'und') doc.documentElement.lang = meta.language
      frame.title = `${meta.title}: text`
      title.textContent = meta.title
      // as the reader makes its own columns' (ArticleText): it takes this one as it is, once whole (below)
      const root = buildArticle(doc, { articleId: meta.id, layer: 'own', editable: true, text }, FIRST_SCREEN.end)
      doc.body.replaceChildren(root)
      const index = new TextIndex(root, text)
      column.text = { frame, text, root, index, release: column.release }
      texts.set(meta.id, { articleId: meta.id, layer: 'own', index, frame })
    }
    const state: PaintedState = {
      tagset,
      annotator: opening.annotator,
      layer: emptyLayerState(),
      gold: emptyLayerState(),
      others: [],
      preview: preview.layers,
      loadedArticles: {},
      reviewMarks: null,
      selectedId: null,
      hoveredId: null,
      linkingFrom: null,
      searchHit: null,
    }
    new HighlightPainter(texts).paint(state, 'all')
    await afterPaint()
    // what the app asks for once the first screen is painted (the columns' layers), or with its
    // preview (the entities, which the first screen does without): asked now, while the app starts
    for (const asked of [callEarly('entities:list', {}), callEarly('annotations:list', { articleIds: [...opening.articleIds] })]) asked.catch(() => undefined)
    // each text was made up to the preview's span only (a few blocks of a long article's many, made
    // on the first paint's path): the rest now, before the app takes the columns
    for (const column of layout.frames.values()) {
      if (!column.text) continue
      buildRest(column.text.root, column.text.text, FIRST_SCREEN.end)
      column.text = { ...column.text, index: new TextIndex(column.text.root, column.text.text) }
    }
  } finally {
    ahead.end()
    clearTimeout(timer)
  }
}
