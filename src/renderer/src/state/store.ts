import { useStore, type StateCreator } from 'zustand'
import { createStore } from 'zustand/vanilla'
import { createLayerSlice, type LayerSlice } from './layerSlice'
import { createReviewSlice, type ReviewSlice } from './reviewSlice'
import type { ArticleMeta } from '../../../shared/corpus'
import { type WorkspaceInfo } from '../../../shared/workspace'
import { MAX_COLUMNS } from '../../../shared/reader'
import { call, forgetEarlyCalls } from '../api/client'
import { toldAfterTextFirst } from './textFirst'

export interface Notice {
  id: number
  /** Errors and warnings stay until dismissed; information fades. */
  kind: 'error' | 'warning' | 'info'
  message: string
}

interface BaseState {
  status: 'loading' | 'ready' | 'failed'
  workspace: WorkspaceInfo | null
  articles: ArticleMeta[]
  /** Article texts, fetched once each. */
  texts: Record<string, string>
  /** The articles whose text could not be read (the user was told why). */
  unreadable: Readonly<Record<string, true>>
  openArticles: string[]
  sidebarOpen: boolean
  annotator: string | null
  notices: Notice[]

  load(): Promise<void>
  openArticle(id: string): Promise<void>
  /** Fetches an article's text once (the review shows articles that are not open). */
  loadText(id: string): Promise<void>
  closeArticle(id: string): void
  moveArticle(id: string, toIndex: number): void
  toggleSidebar(): void
  setAnnotator(name: string): Promise<void>
  notify(kind: Notice['kind'], message: string): void
  /** Shows the workspace's warnings that have not been shown since it was opened. */
  warn(warnings: readonly string[]): void
  dismiss(id: number): void
}

let noticeCounter = 0
const message = (error: unknown): string => (error instanceof Error ? error.message : String(error))

export type WorkbenchState = BaseState & LayerSlice & ReviewSlice

const store = createStore<WorkbenchState>()((...args) => ({
  ...createBaseSlice(...args),
  ...createLayerSlice(...args),
  ...createReviewSlice(...args),
}))

/**
 * The store as React's components subscribe to it: told of every change at once, but of a change
 * made by `textFirst` only once the next frame is painted. The highlight painter subscribes to the
 * store itself (`useWorkbench.subscribe`), and is told at once.
 */
const forComponents = toldAfterTextFirst(store)

/** The workbench's state for a component (`useWorkbench(selector)`), and the store itself (`useWorkbench.getState()`, `.setState`, `.subscribe`). */
export const useWorkbench = Object.assign(<T>(selector: (state: WorkbenchState) => T): T => useStore(forComponents, selector), store)

function createBaseSlice(...[set, get]: Parameters<StateCreator<WorkbenchState, [], [], BaseState>>): BaseState {
  /** Saves the reader's layout for the next launch; a failure is shown, the layout kept. */
  const saveLayout = (): void => {
    const { openArticles, sidebarOpen } = get()
    call('ui:set', { openArticles, sidebarOpen }).catch((error: unknown) => get().notify('error', `The open columns were not saved: ${message(error)}`))
  }

  /** The warnings shown since the workspace was opened: the summary repeats those of opening. */
  let warned = new Set<string>()

  /** Bumped by `load`: what an opening begun before the last one brings (a text, its status, the workspace) is dropped. */
  let opening = 0

  const fetchText = async (id: string): Promise<void> => {
    if (get().texts[id] !== undefined) return
    const mine = opening
    try {
      const article = await call('article:get', { id })
      if (mine === opening) set((state) => ({ texts: { ...state.texts, [id]: article.text } }))
    } catch (error) {
      if (mine === opening) set((state) => ({ unreadable: { ...state.unreadable, [id]: true } }))
      throw error
    }
  }

  return {
    status: 'loading',
    workspace: null,
    articles: [],
    texts: {},
    unreadable: {},
    openArticles: [],
    sidebarOpen: true,
    annotator: null,
    notices: [],

    async load() {
      // another workspace opened while this one was opening (the main side has switched already): only the last opening's answers are shown
      const mine = ++opening
      const superseded = () => mine !== opening
      set({ status: 'loading', texts: {}, unreadable: {} })
      warned = new Set()
      try {
        const [workspace, articles, ui, settings] = await Promise.all([
          call('workspace:info', {}),
          call('corpus:list', {}),
          call('ui:get', {}),
          call('settings:get', {}),
        ])
        if (superseded()) return
        // the open columns' texts and layers (only theirs) asked for at once, before the corpus list is drawn; the rest of the workspace is summed up later
        set({ openArticles: ui.openArticles, annotator: settings.annotator })
        // an article whose text cannot be read is told, and its column says so; the rest opens
        const texts = Promise.all(ui.openArticles.map((id) => fetchText(id).catch((error: unknown) => superseded() || get().notify('error', message(error)))))
        const columns = Promise.all([texts, get().loadLayer(texts)])
        columns.catch(() => undefined) // an opening superseded meanwhile no longer waits for them
        // let those requests leave before the thousand cards of the corpus list are laid out (a task later, not a microtask)
        await new Promise((resolve) => setTimeout(resolve, 0))
        if (superseded()) return
        set({ workspace, articles, sidebarOpen: ui.sidebarOpen })
        await columns
        if (superseded()) return
        set({ status: 'ready' })
        // a damaged file moved aside, an older one updated, a newer one left alone, a bad manifest entry: kept in view until dismissed
        get().warn(workspace.warnings)
      } catch (error) {
        if (superseded()) return
        set({ status: 'failed' })
        get().notify('error', message(error))
      } finally {
        forgetEarlyCalls()
      }
    },

    async loadText(id) {
      try {
        await fetchText(id)
      } catch (error) {
        get().notify('error', message(error))
      }
    },

    async openArticle(id) {
      const { openArticles } = get()
      if (openArticles.includes(id)) return
      if (openArticles.length >= MAX_COLUMNS) {
        get().notify('info', `At most ${MAX_COLUMNS} articles are open side by side: close a column first.`)
        return
      }
      // a column asked for in the workspace being left is not opened in the next one
      const mine = opening
      const layers = get()
        .loadArticles([id])
        .catch((error: unknown) => get().notify('error', `The annotations of this article could not be read: ${message(error)}`))
      try {
        await fetchText(id)
      } catch (error) {
        if (mine === opening) get().notify('error', message(error))
        return
      }
      // the column opens with its highlights
      await layers
      if (mine !== opening || get().openArticles.includes(id)) return
      set((state) => ({ openArticles: [...state.openArticles, id] }))
      saveLayout()
    },

    closeArticle(id) {
      set((state) => ({ openArticles: state.openArticles.filter((open) => open !== id) }))
      saveLayout()
    },

    moveArticle(id, toIndex) {
      const without = get().openArticles.filter((open) => open !== id)
      const index = Math.max(0, Math.min(toIndex, without.length))
      set({ openArticles: [...without.slice(0, index), id, ...without.slice(index)] })
      saveLayout()
    },

    toggleSidebar() {
      set((state) => ({ sidebarOpen: !state.sidebarOpen }))
      saveLayout()
    },

    async setAnnotator(name) {
      const settings = await call('settings:setAnnotator', { name })
      set({ annotator: settings.annotator })
      await get().loadLayer()
    },

    notify(kind, text) {
      const id = ++noticeCounter
      set((state) => ({ notices: [...state.notices, { id, kind, message: text }] }))
      if (kind === 'info') setTimeout(() => get().dismiss(id), 8000)
    },

    warn(warnings) {
      for (const warning of warnings) {
        if (warned.has(warning)) continue
        warned.add(warning)
        get().notify('warning', warning)
      }
    },

    dismiss(id) {
      set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) }))
    },
  }
}
