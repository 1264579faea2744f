import type { StateCreator } from 'zustand'
import { type Annotation, type ArticleNote, type Edit, type Entity, type Layer, type Link, type SearchHit } from '../../../shared/annotations'
import { GOLD } from '../../../shared/gold'
import { quoteAt, type Span } from '../../../shared/anchoring'
import { applyToLayer, emptyLayerState, inverseOf, linksOf, type LayerState } from '../../../shared/layer-state'
import type { ChannelInput, ChannelOutput } from '../../../shared/api'
import { type AttributeValues, type LinkTypeDef, type Tagset } from '../../../shared/tagset'
import { attributeProblem, defaultAttributes } from '../../../shared/attribute-rules'
import type { ErrorCode } from '../../../shared/result'
import { ApiError, call, forgetEarlyCalls } from '../api/client'
import { layerStateOf, withArticles, withLayerArticles, withLayerLinks, withLinks } from './loading'
import type { WorkbenchState } from './store'
import { afterPaint, paints } from '../afterPaint'
import { previewInput } from '../../../shared/reader'
import { textFirst } from './textFirst'

/** One user action as the undo history keeps it. */
/** Which layer an action edits: the user's own, or the gold layer the review settles. */
export type Target = 'own' | 'gold'
const stateKey = { own: 'layer', gold: 'gold' } as const

export interface Action {
  name: string
  target: Target
  edits: Edit[]
  inverse: Edit[]
  /** What to select after doing (or undoing) it. */
  select: string | null
  selectAfterUndo: string | null
}

export interface SaveStatus {
  /** Actions on their way to the main side. */
  pending: number
  /** Actions shown on screen that the main side could not write yet, kept for a retry. */
  unsaved: number
  savedAt: string | null
  error: string | null
}

/** What every layer holds, article by article, and what reading every file found wrong. */
export type LayerSummary = ChannelOutput<'annotations:summary'>

export interface LayerSlice {
  tagset: Tagset | null
  /** The user's own layer, editable: the articles of `loadedArticles`. */
  layer: LayerState
  /** The gold layer: what adjudication settled (the articles of `loadedArticles`). */
  gold: LayerState
  /** Other annotators' layers, read-only (the articles of `loadedArticles`). */
  others: Layer[]
  /** The articles whose layers (everyone's) are held: the open columns, the article under review, links' other ends. */
  loadedArticles: Readonly<Record<string, true>>
  /**
   * The annotations at the start of the articles `loadLayer` opens with, in the layers their
   * columns show (previewInput in src/shared/reader.ts), read before the layers themselves, which
   * are asked for once the first screen is painted: the highlight painter shows them on an article
   * whose layers are not held yet, and nothing else reads them.
   */
  preview: readonly Pick<Layer, 'annotator' | 'annotations'>[]
  /** How much every layer holds on every article, once the main side has read every file; null until then. */
  summary: LayerSummary | null
  /** Every annotator with a layer in the workspace, but gold. */
  annotators: string[]
  selectedId: string | null
  hoveredId: string | null
  /** The annotation a link is being drawn from, while the user picks its other end. */
  linkingFrom: string | null
  /** Both ends chosen; the link type is being picked. */
  pendingLink: { from: string; to: string } | null
  snapToWords: boolean
  undoStack: Action[]
  redoStack: Action[]
  save: SaveStatus
  searchHit: SearchHit | null

  /**
   * Reads the layers again from the start: the open columns' articles, then the summary. On opening
   * (`shown`: the columns' texts on their way), the annotations at the start of those articles first
   * (the preview), and their layers once `shown` has settled and the next frame is painted.
   */
  loadLayer(shown?: Promise<unknown>): Promise<void>
  /** Makes sure the layers of these articles are held; edits made meanwhile are kept. */
  loadArticles(articleIds: readonly string[]): Promise<void>
  /** Fetches the summary (counts per article, every layer's annotator, the warnings of reading every file). */
  loadSummary(): Promise<void>
  perform(name: string, edits: Edit[], select?: string | null, target?: Target): Promise<boolean>
  undo(): Promise<void>
  redo(): Promise<void>
  /** Sends again, in order, the edits the main side could not write; stops at the first that still fails. */
  retrySaving(): Promise<void>
  /** Drops, with a notice, the kept edits of a workspace that is no longer open (and stops retrying them). */
  forgetUnsaved(): void
  /** Gives up the edits that could not be written: undoes them on screen, newest first. */
  discardUnsaved(): Promise<void>
  createAnnotation(articleId: string, span: Span, labelId: string): Promise<string | null>
  updateAnnotation(id: string, patch: Partial<Pick<Annotation, 'label' | 'attributes' | 'note'>>): Promise<boolean>
  deleteAnnotation(id: string): Promise<void>
  linkTypesBetween(fromId: string, toId: string): { type: LinkTypeDef; reversed: boolean }[]
  createLink(fromId: string, toId: string, typeId: string, reversed: boolean): Promise<void>
  updateLink(id: string, patch: Partial<Pick<Link, 'attributes' | 'note'>>): Promise<boolean>
  deleteLink(id: string): Promise<void>
  createEntity(name: string, aliases: string[]): Promise<string | null>
  putEntity(entity: Entity, name?: string): Promise<boolean>
  putArticleNote(articleId: string, patch: Partial<Pick<ArticleNote, 'note' | 'provenance'>>): Promise<void>
  select(id: string | null): void
  hover(id: string | null): void
  startLinking(): void
  cancelLinking(): void
  setSnapToWords(on: boolean): void
  showSearchHit(hit: SearchHit | null): void
}

const now = (): string => new Date().toISOString()

export const newId = (): string => crypto.randomUUID()

const NO_PREVIEW: LayerSlice['preview'] = []

/** The preview's layers without the annotations that edits made while it was on its way put or deleted (the layer has them as edited). */
function previewOf(layers: LayerSlice['preview'], meanwhile: readonly Replayed[]): LayerSlice['preview'] {
  const edited = new Set(meanwhile.flatMap(({ edits }) => edits.flatMap((e) => (e.op === 'put-annotation' ? [e.annotation.id] : e.op === 'delete-annotation' ? [e.id] : []))))
  return edited.size === 0 ? layers : layers.map(({ annotator, annotations }) => ({ annotator, annotations: annotations.filter((a) => !edited.has(a.id)) }))
}

/**
 * Failures after which an edit is kept on screen and sent again: the disk or the transport let it
 * down, not the edit. Any other refusal (invalid, not found, read-only …) undoes it on screen.
 */
const KEPT_ON_FAILURE: ReadonlySet<ErrorCode> = new Set(['io-error', 'corrupt-file', 'internal', 'unauthorized'])
const isKept = (error: unknown): boolean => !(error instanceof ApiError) || KEPT_ON_FAILURE.has(error.code)
/** Seconds before the next automatic retry of unsaved edits: doubling, at most a minute. */
export const retryDelays = [5, 10, 20, 40, 60] as const

/** Edits applied on screen, to be applied again over layers fetched meanwhile. */
interface Replayed {
  target: Target
  edits: readonly Edit[]
}

/** One action's edits on their way to the main side, and what undoes them on screen if refused. */
interface Outgoing {
  action: Action
  edits: Edit[]
  rollback: Edit[]
}

export const createLayerSlice: StateCreator<WorkbenchState, [], [], LayerSlice> = (set, get) => {
  /** Edits reach the main side one action at a time, in order. */
  let queue: Promise<unknown> = Promise.resolve()
  /**
   * Edits the main side could not write (full disk, no permission, no connection): kept on screen
   * and in memory, in order, and sent again before any later edit, so that nothing reaches the disk
   * out of order. Guarantee 5 in docs/reliability.md.
   */
  const unsaved: Outgoing[] = []
  let retries = 0
  let retryTimer: ReturnType<typeof setTimeout> | undefined

  /**
   * Edits applied on screen while layers are on their way from the main side, one list per load:
   * replayed over what the load brings, so that it never undoes them.
   */
  const journals = new Set<Replayed[]>()
  const applyLocally = (state: LayerState, target: Target, edits: readonly Edit[]): LayerState => {
    for (const journal of journals) journal.push({ target, edits })
    return applyToLayer(state, edits)
  }
  /** Bumped by `loadLayer`: a load begun before it brings what is no longer wanted. */
  let generation = 0
  /** Loads on their way, by article. */
  let loading = new Map<string, Promise<void>>()
  /** By article held: the links into it kept in other articles' files, read (or failed to be). */
  let incoming = new Map<string, Promise<void>>()

  /**
   * Asks the main side for part of the layers, with every edit made on screen that the answer may
   * not hold: those the main side could not write yet, and those made while it was on its way.
   */
  const journaled = async <T>(ask: () => Promise<T>) => {
    // edits sent before reach the main side first
    if (get().save.pending > 0) await queue.catch(() => undefined)
    const waiting: Replayed[] = unsaved.map((o) => ({ target: o.action.target, edits: o.edits }))
    const meanwhile: Replayed[] = []
    journals.add(meanwhile)
    try {
      return { value: await ask(), waiting, meanwhile }
    } finally {
      journals.delete(meanwhile)
    }
  }
  const fetchArticles = (input: ChannelInput<'annotations:list'>) => journaled(() => call('annotations:list', input))

  /** The user's layer and gold with edits applied again over them. */
  const replaying = (layer: LayerState, gold: LayerState, replay: readonly Replayed[]) => {
    for (const { target, edits } of replay) {
      if (target === 'gold') gold = applyToLayer(gold, edits)
      else layer = applyToLayer(layer, edits)
    }
    return { layer, gold }
  }

  /**
   * Reads, in the background, the links kept in other articles' files that end in these articles:
   * the inspector lists them, and deleting an annotation deletes them (and undo puts them back).
   */
  const fetchIncoming = (articleIds: readonly string[], after: Promise<void> = Promise.resolve()): void => {
    if (articleIds.length === 0) return
    const mine = generation
    // known to be on its way at once (a delete waits for it), asked for once `after` resolves
    const read = after.then(async () => {
      if (mine !== generation) return
      try {
        const { value, waiting, meanwhile } = await journaled(() => call('annotations:linksInto', { articleIds: [...articleIds] }))
        if (mine !== generation) return
        set((s) => {
          const own = value.layers.find((l) => l.annotator === s.annotator)?.links ?? []
          const gold = value.layers.find((l) => l.annotator === GOLD)?.links ?? []
          return {
            ...replaying(withLinks(s.layer, own), withLinks(s.gold, gold), [...waiting, ...meanwhile]),
            others: withLayerLinks(s.others, value.layers),
          }
        })
      } catch (error) {
        if (mine === generation) get().notify('error', `The links into ${articleIds.length === 1 ? 'this article' : 'these articles'} from others could not be read: ${(error as Error).message}`)
      }
    })
    for (const id of articleIds) incoming.set(id, read)
  }

  /** The layers fetched for `articleIds` put in the state `s`, with the edits of `replay` applied over them. */
  const holding = (
    s: Pick<WorkbenchState, 'annotator' | 'layer' | 'gold' | 'others' | 'loadedArticles'>,
    articleIds: readonly string[],
    list: ChannelOutput<'annotations:list'>,
    replay: readonly Replayed[],
  ): Partial<WorkbenchState> => {
    const ids = new Set(articleIds)
    const me = s.annotator
    const layer = withArticles(s.layer, ids, layerStateOf(list.layers.find((l) => l.annotator === me), s.layer.entities))
    const gold = withArticles(s.gold, ids, layerStateOf(list.layers.find((l) => l.annotator === GOLD), s.gold.entities))
    return {
      ...replaying(layer, gold, replay),
      others: withLayerArticles(s.others, ids, list.layers.filter((l) => l.annotator !== me && l.annotator !== GOLD)),
      annotators: list.annotators.filter((name) => name !== GOLD),
      loadedArticles: { ...s.loadedArticles, ...Object.fromEntries(articleIds.map((id) => [id, true as const])) },
    }
  }

  const pending = (delta: number) => set((s) => ({ save: { ...s.save, pending: s.save.pending + delta } }))
  const showUnsaved = (error: string | null) => set((s) => ({ save: { ...s.save, unsaved: unsaved.length, error } }))

  /**
   * Sends one action's edits; says whether they were saved, kept for a retry, or refused. A refused
   * action is undone on screen, and with it the `later` kept actions made on top of it (newest
   * first: each one's undo is only right over the state it was made on).
   */
  const deliver = async (outgoing: Outgoing, later: readonly Outgoing[] = []): Promise<'saved' | 'kept' | 'refused'> => {
    const { action, edits } = outgoing
    try {
      const { savedAt } = await call('edits:apply', { edits, layer: action.target })
      set((s) => ({ save: { ...s.save, savedAt, error: null } }))
      return 'saved'
    } catch (error) {
      const message = (error as Error).message
      if (isKept(error)) {
        set((s) => ({ save: { ...s.save, error: message } }))
        return 'kept'
      }
      const undone = [...later].reverse().concat(outgoing)
      const actions = new Set(undone.map((o) => o.action))
      set((s) => {
        let { layer, gold } = s
        for (const o of undone) {
          if (o.action.target === 'gold') gold = applyLocally(gold, 'gold', o.rollback)
          else layer = applyLocally(layer, 'own', o.rollback)
        }
        return {
          layer,
          gold,
          undoStack: s.undoStack.filter((a) => !actions.has(a)),
          redoStack: s.redoStack.filter((a) => !actions.has(a)),
          save: { ...s.save, error: message },
        }
      })
      const after = later.length === 0 ? '' : ` ${later.length === 1 ? 'The change made after it, which waited for it, was' : `The ${later.length} changes made after it, which waited for it, were`} undone too.`
      get().notify('error', `“${action.name}” was not saved: ${message}${after}`)
      return 'refused'
    }
  }

  const scheduleRetry = () => {
    clearTimeout(retryTimer)
    const seconds = retryDelays[Math.min(retries, retryDelays.length - 1)] as number
    retries += 1
    retryTimer = setTimeout(() => void get().retrySaving(), seconds * 1000)
  }

  const send = (action: Action, edits: Edit[], rollback: Edit[]): Promise<boolean> => {
    // answers asked before the app started (the first screen's) do not hold this edit: asked for again, they are journaled
    forgetEarlyCalls()
    pending(1)
    const outgoing: Outgoing = { action, edits, rollback }
    // sent once the edit is painted: starting the request takes ~2 ms of the page's thread, which the frame that shows the edit would wait for
    // (another workspace opened within that frame would receive it; opening one takes a dialog, longer than a frame)
    const painted = paints() ? afterPaint() : null
    const sent = queue.then(async () => {
      try {
        if (painted) await painted
        if (unsaved.length > 0) {
          // an earlier edit is waiting for the disk: this one waits behind it, on screen
          unsaved.push(outgoing)
          showUnsaved(get().save.error)
          return true
        }
        const outcome = await deliver(outgoing)
        if (outcome === 'kept') {
          unsaved.push(outgoing)
          showUnsaved(get().save.error)
          get().notify('error', `“${action.name}” is not saved yet: ${sentence(get().save.error ?? 'the workspace could not be reached.')} It stays on screen and Parallax tries again; nothing is lost unless you close the window.`)
          scheduleRetry()
        }
        return outcome !== 'refused'
      } finally {
        pending(-1)
      }
    })
    queue = sent
    return sent
  }

  const annotation = (id: string): Annotation | undefined => get().layer.annotations[id]

  return {
    tagset: null,
    layer: emptyLayerState(),
    gold: emptyLayerState(),
    others: [],
    loadedArticles: {},
    preview: NO_PREVIEW,
    summary: null,
    annotators: [],
    selectedId: null,
    hoveredId: null,
    linkingFrom: null,
    pendingLink: null,
    snapToWords: true,
    undoStack: [],
    redoStack: [],
    save: { pending: 0, unsaved: 0, savedAt: null, error: null },
    searchHit: null,

    async loadLayer(shown) {
      generation += 1
      const mine = generation
      loading = new Map()
      incoming = new Map()
      const { openArticles, reviewArticle, annotator } = get()
      const articleIds = [...new Set([...openArticles, ...(reviewArticle ? [reviewArticle] : [])])]
      // opening: the first screen's annotations only, as the layers' megabytes would reach the page while it lays out the columns
      const opening = shown !== undefined
      const [tagset, entities, { value: list, meanwhile }] = await Promise.all([
        call('tagset:get', {}),
        call('entities:list', {}),
        fetchArticles(opening ? previewInput(articleIds, annotator, reviewArticle !== null) : { articleIds }),
      ])
      if (mine !== generation) return
      get().forgetUnsaved()
      const empty = { annotator: get().annotator, layer: layerStateOf(undefined, entities), gold: layerStateOf(undefined, entities), others: [], loadedArticles: {} }
      set({
        tagset,
        ...(opening
          ? {
              ...replaying(empty.layer, empty.gold, meanwhile),
              others: [],
              loadedArticles: {},
              preview: previewOf(list.layers, meanwhile),
              annotators: list.annotators.filter((name) => name !== GOLD),
            }
          : { ...holding(empty, articleIds, list, meanwhile), preview: NO_PREVIEW }),
        summary: null,
        selectedId: null,
        linkingFrom: null,
        undoStack: [],
        redoStack: [],
      })
      if (opening) {
        // the layers themselves once the first screen is painted: the columns open then (opened meanwhile too, not those closed);
        // the page's first screen (firstScreen.ts) has asked for them already, once it was painted: this takes its answer
        await shown.catch(() => undefined)
        await afterPaint()
        if (mine !== generation) return
        const { openArticles: open, reviewArticle: reviewed } = get()
        try {
          await get().loadArticles([...open, ...(reviewed ? [reviewed] : [])])
        } finally {
          // failed too: highlights that cannot be selected are not left on screen
          if (mine === generation) set({ preview: NO_PREVIEW })
        }
      } else {
        // a column opened while this was on its way had its article loaded into the state this replaced
        const missing = get().openArticles.filter((id) => !get().loadedArticles[id])
        if (missing.length > 0) void get().loadArticles(missing)
      }
      // what the screen can do without (both need every file read on the main side) is asked for once it is painted
      const painted = afterPaint()
      if (!opening) fetchIncoming(articleIds, painted)
      void painted.then(() => {
        if (mine === generation) void get().loadSummary()
      })
    },

    async loadArticles(articleIds) {
      const held = get().loadedArticles
      const wanted = [...new Set(articleIds)].filter((id) => !held[id] && !loading.has(id))
      const loads = articleIds.flatMap((id) => loading.get(id) ?? [])
      if (wanted.length > 0) {
        const mine = generation
        const load: Promise<void> = fetchArticles({ articleIds: wanted })
          .then(({ value, waiting, meanwhile }) => {
            if (mine !== generation) return
            set((s) => holding(s, wanted, value, [...waiting, ...meanwhile]))
            fetchIncoming(wanted)
          })
          .finally(() => {
            for (const id of wanted) if (loading.get(id) === load) loading.delete(id)
          })
        for (const id of wanted) loading.set(id, load)
        loads.push(load)
      }
      await Promise.all(loads)
    },

    async loadSummary() {
      const mine = generation
      try {
        const summary = await call('annotations:summary', {})
        if (mine !== generation) return
        set({ summary })
        get().warn(summary.warnings)
      } catch (error) {
        if (mine === generation) get().notify('error', `The annotation counts could not be read: ${(error as Error).message}`)
      }
    },

    async perform(name, edits, select = get().selectedId, target = 'own') {
      const { workspace } = get()
      if (workspace?.readOnly) {
        get().notify('error', `“${name}” was not saved: ${workspace.readOnlyReason ?? 'this workspace is read-only here.'}`)
        return false
      }
      const key = stateKey[target]
      const action: Action = { name, target, edits, inverse: inverseOf(get()[key], edits), select, selectAfterUndo: get().selectedId }
      set((s) => ({ [key]: applyLocally(s[key], target, edits), undoStack: [...s.undoStack, action].slice(-500), redoStack: [], selectedId: select }))
      return send(action, edits, action.inverse)
    },

    async undo() {
      const action = get().undoStack.at(-1)
      if (!action) return
      const key = stateKey[action.target]
      const layer = applyLocally(get()[key], action.target, action.inverse)
      const select = action.selectAfterUndo && get().layer.annotations[action.selectAfterUndo] ? action.selectAfterUndo : null
      // on the text first, as the edit it undoes was (textFirst)
      textFirst(() => set((s) => ({ [key]: layer, undoStack: s.undoStack.slice(0, -1), redoStack: [...s.redoStack, action], selectedId: select })))
      await send(action, action.inverse, action.edits)
    },

    async redo() {
      const action = get().redoStack.at(-1)
      if (!action) return
      const key = stateKey[action.target]
      textFirst(() =>
        set((s) => ({
          [key]: applyLocally(s[key], action.target, action.edits),
          redoStack: s.redoStack.slice(0, -1),
          undoStack: [...s.undoStack, action],
          selectedId: action.select,
        })),
      )
      await send(action, action.edits, action.inverse)
    },

    forgetUnsaved() {
      // another workspace was opened (from the desktop menu) while edits were still unsaved: they belong to the previous one
      clearTimeout(retryTimer)
      retries = 0
      const lost = unsaved.splice(0).length
      if (lost === 0) return
      get().notify('error', `${lost === 1 ? 'One change' : `${lost} changes`} made before opening this workspace could not be saved: ${get().save.error ?? 'the disk refused them.'}`)
      set((s) => ({ save: { ...s.save, unsaved: 0 } }))
    },

    retrySaving() {
      clearTimeout(retryTimer)
      const retried = queue.then(async () => {
        while (unsaved.length > 0) {
          pending(1)
          const outcome = await deliver(unsaved[0] as Outgoing, unsaved.slice(1)).finally(() => pending(-1))
          if (outcome === 'kept') {
            showUnsaved(get().save.error)
            scheduleRetry()
            return
          }
          // saved: the next one; refused: it was undone with every kept action after it
          if (outcome === 'refused') unsaved.splice(0)
          else unsaved.shift()
          showUnsaved(get().save.error)
        }
        retries = 0
      })
      queue = retried
      return retried
    },

    discardUnsaved() {
      clearTimeout(retryTimer)
      const discarded = queue.then(() => {
        const given = unsaved.splice(0).reverse()
        if (given.length === 0) return
        const actions = new Set(given.map((o) => o.action))
        set((s) => {
          let { layer, gold } = s
          for (const { action, rollback } of given) {
            if (action.target === 'gold') gold = applyLocally(gold, 'gold', rollback)
            else layer = applyLocally(layer, 'own', rollback)
          }
          return {
            layer,
            gold,
            undoStack: s.undoStack.filter((a) => !actions.has(a)),
            redoStack: s.redoStack.filter((a) => !actions.has(a)),
            save: { ...s.save, unsaved: 0, error: null },
          }
        })
        retries = 0
        get().notify('info', `Discarded ${given.length === 1 ? 'one unsaved change' : `${given.length} unsaved changes`}; the workspace is as it was last saved.`)
      })
      queue = discarded
      return discarded
    },

    async createAnnotation(articleId, span, labelId) {
      const { tagset, annotator, texts } = get()
      const label = tagset?.labels.find((l) => l.id === labelId)
      const text = texts[articleId]
      if (!label || !annotator || text === undefined) return null
      const time = now()
      const created: Annotation = {
        id: newId(),
        articleId,
        start: span.start,
        end: span.end,
        unit: 'utf16',
        quote: quoteAt(text, span.start, span.end),
        label: label.id,
        attributes: defaultAttributes(label.attributes),
        note: '',
        annotator,
        created: time,
        modified: time,
      }
      const ok = await get().perform(`Tag “${created.quote.exact.slice(0, 40)}” as ${label.name}`, [{ op: 'put-annotation', annotation: created }], created.id)
      return ok ? created.id : null
    },

    async updateAnnotation(id, patch) {
      const current = annotation(id)
      if (!current) return false
      const next: Annotation = { ...current, ...patch, modified: now() }
      if (patch.label && patch.label !== current.label) {
        // attributes belong to the label: keep those the new label also has, take its defaults for the rest
        const label = get().tagset?.labels.find((l) => l.id === patch.label)
        const kept: AttributeValues = defaultAttributes(label?.attributes ?? [])
        for (const def of label?.attributes ?? []) if (current.attributes[def.id] !== undefined) kept[def.id] = current.attributes[def.id] as AttributeValues[string]
        next.attributes = kept
      }
      const label = get().tagset?.labels.find((l) => l.id === next.label)
      const problem = label ? attributeProblem(label.attributes, next.attributes, next.note) : `there is no label "${next.label}"`
      if (problem) {
        get().notify('error', `Not changed: ${problem}.`)
        return false
      }
      return get().perform(describeChange(current, patch), [{ op: 'put-annotation', annotation: next }], id)
    },

    async deleteAnnotation(id) {
      const known = annotation(id)
      if (!known) return
      // the links into it from articles not held go with it (and come back with undo): wait until they are known
      const linksInto = incoming.get(known.articleId)
      if (linksInto) await linksInto
      const current = annotation(id)
      if (!current) return
      const links = linksOf(get().layer, id)
      await get().perform(
        `Delete “${current.quote.exact.slice(0, 40)}”`,
        [...links.map((l): Edit => ({ op: 'delete-link', articleId: l.from.articleId, id: l.id })), { op: 'delete-annotation', articleId: current.articleId, id }],
        null,
      )
    },

    linkTypesBetween(fromId, toId) {
      const from = annotation(fromId)
      const to = annotation(toId)
      if (!from || !to || fromId === toId) return []
      const options: { type: LinkTypeDef; reversed: boolean }[] = []
      for (const type of get().tagset?.linkTypes ?? []) {
        if (type.from.includes(from.label) && type.to.includes(to.label)) options.push({ type, reversed: false })
        else if (type.from.includes(to.label) && type.to.includes(from.label)) options.push({ type, reversed: true })
      }
      return options
    },

    async createLink(fromId, toId, typeId, reversed) {
      const type = get().tagset?.linkTypes.find((t) => t.id === typeId)
      const [a, b] = reversed ? [annotation(toId), annotation(fromId)] : [annotation(fromId), annotation(toId)]
      const annotator = get().annotator
      if (!type || !a || !b || !annotator) return
      const time = now()
      const link: Link = {
        id: newId(),
        type: type.id,
        from: { articleId: a.articleId, annotationId: a.id },
        to: { articleId: b.articleId, annotationId: b.id },
        attributes: defaultAttributes(type.attributes),
        note: '',
        annotator,
        created: time,
        modified: time,
      }
      set({ linkingFrom: null, pendingLink: null })
      await get().perform(`Link “${a.quote.exact.slice(0, 24)}” ${type.name} “${b.quote.exact.slice(0, 24)}”`, [{ op: 'put-link', link }], fromId)
    },

    async updateLink(id, patch) {
      const current = get().layer.links[id]
      if (!current) return false
      return get().perform('Edit link', [{ op: 'put-link', link: { ...current, ...patch, modified: now() } }])
    },

    async deleteLink(id) {
      const current = get().layer.links[id]
      if (!current) return
      await get().perform('Delete link', [{ op: 'delete-link', articleId: current.from.articleId, id }])
    },

    async createEntity(name, aliases) {
      const annotator = get().annotator
      if (!annotator) return null
      const time = now()
      const entity: Entity = { id: newId(), name: name.trim(), aliases, note: '', createdBy: annotator, created: time, modified: time }
      return (await get().perform(`Create entity “${entity.name}”`, [{ op: 'put-entity', entity }])) ? entity.id : null
    },

    async putEntity(entity, name = `Edit entity “${entity.name}”`) {
      return get().perform(name, [{ op: 'put-entity', entity: { ...entity, modified: now() } }])
    },

    async putArticleNote(articleId, patch) {
      const annotator = get().annotator
      if (!annotator) return
      const current = get().layer.articleNotes[articleId] ?? { articleId, note: '', provenance: null, annotator, modified: now() }
      await get().perform('Edit article note', [{ op: 'put-article-note', articleNote: { ...current, ...patch, annotator, modified: now() } }])
    },

    select(id) {
      set({ selectedId: id })
    },
    hover(id) {
      if (get().hoveredId !== id) set({ hoveredId: id })
    },
    startLinking() {
      const id = get().selectedId
      if (!id) {
        get().notify('info', 'Select an annotation first, then press L to link it.')
        return
      }
      set({ linkingFrom: id })
    },
    cancelLinking() {
      set({ linkingFrom: null, pendingLink: null })
    },
    setSnapToWords(on) {
      set({ snapToWords: on })
    },
    showSearchHit(hit) {
      set({ searchHit: hit })
    },
  }
}

/** A message as a sentence, ending with its full stop. */
const sentence = (text: string): string => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`)

function describeChange(current: Annotation, patch: Partial<Pick<Annotation, 'label' | 'attributes' | 'note'>>): string {
  if (patch.label && patch.label !== current.label) return `Relabel “${current.quote.exact.slice(0, 40)}”`
  if (patch.note !== undefined) return 'Edit note'
  return 'Edit attributes'
}
