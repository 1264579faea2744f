/**
 * The renderer holds the layers of the articles it shows, not the workspace's: what it asks the
 * main side for on opening and later, and that a load never undoes an edit made while it was on its
 * way, nor one still waiting for the disk. The API is replaced by a stand-in; no browser.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Annotation, Layer, Link } from '../../../shared/annotations'
import type { LayerState } from '../../../shared/layer-state'
import type { Tagset } from '../../../shared/tagset'
import { ApiError, call, forgetEarlyCalls } from '../api/client'
import { layerStateOf, withArticles, withLayerArticles } from './loading'
import { annotationCounts, layerHasWork } from './summary'
import { useWorkbench } from './store'
import { CLAIM_ONLY } from './test-api'
import { FIRST_SCREEN } from '../../../shared/reader'

vi.mock('../api/client', () => import('./test-api'))

const TEXT = 'Mark Rutte was sworn in as NATO secretary-general.'
const tagset: Tagset = CLAIM_ONLY
const TIME = '2026-01-01T00:00:00.000Z'

const annotation = (id: string, articleId: string, annotator = 'Ana', start = 0): Annotation => ({
  id,
  articleId,
  start,
  end: start + 4,
  unit: 'utf16',
  quote: { exact: TEXT.slice(start, start + 4), prefix: '', suffix: '' },
  label: 'claim',
  attributes: {},
  note: '',
  annotator,
  created: TIME,
  modified: TIME,
})
const link = (id: string, from: Annotation, to: Annotation): Link => ({
  id,
  type: 'same-claim',
  from: { articleId: from.articleId, annotationId: from.id },
  to: { articleId: to.articleId, annotationId: to.id },
  attributes: {},
  note: '',
  annotator: from.annotator,
  created: TIME,
  modified: TIME,
})

/** The workspace as the main side holds it: every annotator's annotations, on articles a, b and c. */
const onDisk: Annotation[] = [annotation('a1', 'a'), annotation('a2', 'a', 'Ana', 5), annotation('b1', 'b'), annotation('c1', 'c'), annotation('ba1', 'a', 'Bea'), annotation('bb1', 'b', 'Bea')]
/** Ana's link from b1 to a1: kept in article b's file. */
const linksOnDisk: Link[] = [link('l-ba', onDisk[2] as Annotation, onDisk[0] as Annotation)]
const layersOn = (articleIds: readonly string[]): Layer[] =>
  ['Ana', 'Bea'].map((name) => ({
    annotator: name,
    annotations: onDisk.filter((a) => a.annotator === name && articleIds.includes(a.articleId)),
    links: linksOnDisk.filter((l) => l.annotator === name && articleIds.includes(l.from.articleId)),
    articleNotes: [],
  }))

const mockedCall = vi.mocked(call)
/** Every `annotations:list` of whole layers asked for, with a hand to answer it (or fail it). */
let lists: { articleIds: string[]; answer(): void; fail(error: Error): void }[] = []
/** Every preview asked for (`annotations:list` within offsets), answered at once, or when `answer` is called if `holdPreviews`. */
let previews: { annotators?: string[]; articleIds: string[]; within: { start: number; end: number }; answer(): void }[] = []
let holdPreviews = false
let edits: { resolve(value: { savedAt: string }): void; reject(error: Error): void }[] = []
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

beforeEach(async () => {
  await useWorkbench.getState().discardUnsaved()
  lists = []
  previews = []
  holdPreviews = false
  edits = []
  mockedCall.mockReset()
  mockedCall.mockImplementation(((channel: string, input: { annotators?: string[]; articleIds?: string[]; within?: { start: number; end: number } }) => {
    switch (channel) {
      case 'tagset:get':
        return Promise.resolve(tagset)
      case 'entities:list':
        return Promise.resolve([])
      case 'annotations:summary':
        return new Promise(() => undefined)
      case 'annotations:linksInto': {
        const into = input.articleIds ?? []
        const layers = ['Ana', 'Bea'].map((name) => ({
          annotator: name,
          links: linksOnDisk.filter((l) => l.annotator === name && into.includes(l.to.articleId) && !into.includes(l.from.articleId)),
        }))
        return Promise.resolve({ layers })
      }
      case 'annotations:list':
        if (input.within) {
          const { annotators, within } = input
          const layers = layersOn(input.articleIds ?? [])
            .filter((l) => !annotators || annotators.includes(l.annotator))
            .map((l) => ({ ...l, annotations: l.annotations.filter((a) => a.start < within.end && a.end > within.start), links: [] }))
          return new Promise((resolve) => {
            const answer = () => resolve({ annotators: ['Ana', 'Bea'], layers })
            previews.push({ ...(annotators ? { annotators } : {}), articleIds: input.articleIds ?? [], within, answer })
            if (!holdPreviews) answer()
          })
        }
        return new Promise((resolve, reject) => {
          const articleIds = input.articleIds ?? []
          lists.push({ articleIds, answer: () => resolve({ annotators: ['Ana', 'Bea'], layers: layersOn(articleIds) }), fail: reject })
        })
      case 'ui:set':
        return Promise.resolve({ openArticles: [], sidebarOpen: true })
      case 'edits:apply':
        return new Promise((resolve, reject) => edits.push({ resolve, reject }))
      default:
        throw new Error(`unexpected call of ${channel}`)
    }
  }) as unknown as typeof call)
  useWorkbench.setState({
    tagset,
    annotator: 'Ana',
    texts: { a: TEXT, b: TEXT, c: TEXT },
    articles: [],
    openArticles: ['a'],
    reviewArticle: null,
    loadedArticles: {},
    preview: [],
    layer: layerStateOf(undefined, []),
    gold: layerStateOf(undefined, []),
    others: [],
    undoStack: [],
    redoStack: [],
    notices: [],
    save: { pending: 0, unsaved: 0, savedAt: null, error: null },
  })
})

// an edit left waiting would hold up the next test's queue
afterEach(() => {
  for (const edit of edits) edit.resolve({ savedAt: TIME })
})

const held = () => Object.keys(useWorkbench.getState().layer.annotations).sort()
/** Opens the workspace: the open columns' layers answered at once. */
async function open(): Promise<void> {
  const loaded = useWorkbench.getState().loadLayer()
  await settle()
  lists[0]?.answer()
  await loaded
}

describe('loading layers per article', () => {
  it('asks only for the open columns’ articles on opening, and holds everyone’s layers of them', async () => {
    useWorkbench.setState({ openArticles: ['a', 'b'] })
    await open()
    expect(lists.map((l) => l.articleIds)).toEqual([['a', 'b']])
    expect(held()).toEqual(['a1', 'a2', 'b1'])
    expect(useWorkbench.getState().others.map((l) => [l.annotator, l.annotations.map((a) => a.id)])).toEqual([['Bea', ['ba1', 'bb1']]])
    expect(useWorkbench.getState().loadedArticles).toEqual({ a: true, b: true })
    expect(useWorkbench.getState().annotators).toEqual(['Ana', 'Bea'])
    // the counts and the links from other articles (the main side reads every file for them) once the first screen is painted
    expect(mockedCall).not.toHaveBeenCalledWith('annotations:summary', {})
    expect(mockedCall).not.toHaveBeenCalledWith('annotations:linksInto', expect.anything())
    await settle()
    expect(mockedCall).toHaveBeenCalledWith('annotations:summary', {})
    expect(mockedCall).toHaveBeenCalledWith('annotations:linksInto', { articleIds: ['a', 'b'] })
  })

  it('asks for an article once, however many ask for it at the same time, and never for one it holds', async () => {
    await open()
    const first = useWorkbench.getState().loadArticles(['b'])
    const second = useWorkbench.getState().loadArticles(['a', 'b'])
    await settle()
    expect(lists.map((l) => l.articleIds)).toEqual([['a'], ['b']])
    lists[1]?.answer()
    await Promise.all([first, second])
    expect(held()).toEqual(['a1', 'a2', 'b1'])
    expect(useWorkbench.getState().others[0]?.annotations.map((a) => a.id)).toEqual(['ba1', 'bb1'])
    await useWorkbench.getState().loadArticles(['b'])
    expect(lists).toHaveLength(2)
  })

  it('opening a column loads its article before the column shows', async () => {
    await open()
    const opened = useWorkbench.getState().openArticle('c')
    await settle()
    expect(useWorkbench.getState().openArticles).toEqual(['a'])
    expect(lists.at(-1)?.articleIds).toEqual(['c'])
    lists.at(-1)?.answer()
    await opened
    expect(useWorkbench.getState().openArticles).toEqual(['a', 'c'])
    expect(held()).toEqual(['a1', 'a2', 'c1'])
  })

  it('keeps an annotation made and one deleted while the article’s layers were on their way', async () => {
    await open()
    const loading = useWorkbench.getState().loadArticles(['b'])
    await settle()
    const created = useWorkbench.getState().createAnnotation('b', { start: 11, end: 14 }, 'claim')
    // b1 is not held yet: the user deletes one they see in another column meanwhile
    const deleted = useWorkbench.getState().deleteAnnotation('a2')
    await settle()
    edits[0]?.resolve({ savedAt: TIME })
    lists[1]?.answer() // the answer was made before the new annotation reached the disk
    await loading
    const id = (await created) as string
    expect(held()).toEqual(['a1', 'b1', id].sort())
    await settle()
    edits[1]?.resolve({ savedAt: TIME })
    await deleted
    // and undo still works over the loaded state
    void useWorkbench.getState().undo()
    expect(held()).toEqual(['a1', 'a2', 'b1', id].sort())
  })

  it('drops the answers asked before the app started once an edit is made: they do not hold it', async () => {
    await open()
    vi.mocked(forgetEarlyCalls).mockClear()
    const created = useWorkbench.getState().createAnnotation('a', { start: 11, end: 14 }, 'claim')
    expect(forgetEarlyCalls).toHaveBeenCalled()
    await settle()
    edits[0]?.resolve({ savedAt: TIME })
    await created
  })

  it('keeps an edit the disk could not take when its article’s layers arrive', async () => {
    await open()
    const created = useWorkbench.getState().createAnnotation('b', { start: 11, end: 14 }, 'claim')
    await settle()
    edits[0]?.reject(new ApiError('io-error', 'the disk is full'))
    const id = (await created) as string
    const loading = useWorkbench.getState().loadArticles(['b'])
    await settle()
    lists[1]?.answer()
    await loading
    expect(held()).toEqual(['a1', 'a2', 'b1', id].sort())
    expect(useWorkbench.getState().save.unsaved).toBe(1)
  })

  /** The delete of a1 as sent: with the link into it kept in b's file. */
  const expectA1DeletedWithTheLinkFromB = () =>
    expect(mockedCall).toHaveBeenLastCalledWith('edits:apply', {
      edits: [
        { op: 'delete-link', articleId: 'b', id: 'l-ba' },
        { op: 'delete-annotation', articleId: 'a', id: 'a1' },
      ],
      layer: 'own',
    })

  it('holds the links into a held article from one not held: deleting the annotation deletes them, undo brings them back', async () => {
    await open()
    await settle()
    expect(Object.keys(useWorkbench.getState().layer.links)).toEqual(['l-ba'])
    const deleted = useWorkbench.getState().deleteAnnotation('a1')
    await settle()
    expectA1DeletedWithTheLinkFromB()
    expect(Object.keys(useWorkbench.getState().layer.links)).toEqual([])
    edits[0]?.resolve({ savedAt: TIME })
    await deleted
    void useWorkbench.getState().undo()
    expect(Object.keys(useWorkbench.getState().layer.links)).toEqual(['l-ba'])
    await settle()
    edits[1]?.resolve({ savedAt: TIME })
    // loading article b later keeps one copy of the link
    const loading = useWorkbench.getState().loadArticles(['b'])
    await settle()
    lists[1]?.answer()
    await loading
    expect(Object.keys(useWorkbench.getState().layer.links)).toEqual(['l-ba'])
  })

  it('a delete right after opening, before the links into the article are asked for, waits for them and deletes them too', async () => {
    await open()
    // the links into the open columns are asked for once the first screen is painted: not yet
    expect(mockedCall).not.toHaveBeenCalledWith('annotations:linksInto', expect.anything())
    const deleted = useWorkbench.getState().deleteAnnotation('a1')
    await settle()
    await settle()
    expectA1DeletedWithTheLinkFromB()
    edits[0]?.resolve({ savedAt: TIME })
    await deleted
    void useWorkbench.getState().undo()
    expect(Object.keys(useWorkbench.getState().layer.links)).toEqual(['l-ba'])
  })

  it('drops what a load begun before the workspace was read again brings', async () => {
    await open()
    const stale = useWorkbench.getState().loadArticles(['b'])
    await settle()
    const again = useWorkbench.getState().loadLayer()
    await settle()
    lists[1]?.answer()
    await stale
    expect(useWorkbench.getState().loadedArticles).toEqual({ a: true })
    lists[2]?.answer()
    await again
    expect(held()).toEqual(['a1', 'a2'])
    expect(useWorkbench.getState().loadedArticles).toEqual({ a: true })
  })

  describe('opening: the first screen painted before the layers are held', () => {
    /** Opens the workspace as the app does: `loadLayer` told the columns' texts are on their way, shown when `textsShown` is called. */
    function opening() {
      let textsShown!: () => void
      const loaded = useWorkbench.getState().loadLayer(new Promise<void>((resolve) => (textsShown = resolve)))
      return { loaded, textsShown }
    }
    const previewed = () => useWorkbench.getState().preview.map((l) => [l.annotator, l.annotations.map((a) => a.id)])

    it('shows the user’s annotations at the start of the open articles first, and asks for the layers once their texts are shown', async () => {
      useWorkbench.setState({ openArticles: ['a', 'b'] })
      const { loaded, textsShown } = opening()
      await vi.waitFor(() => expect(useWorkbench.getState().preview).not.toEqual([]))
      // the columns open with the user's own layer: the preview is theirs only
      expect(previews).toEqual([{ annotators: ['Ana'], articleIds: ['a', 'b'], within: FIRST_SCREEN, answer: expect.any(Function) }])
      expect(previewed()).toEqual([['Ana', ['a1', 'a2', 'b1']]])
      // painted only: nothing held, nothing to select or edit
      expect(held()).toEqual([])
      expect(useWorkbench.getState().loadedArticles).toEqual({})
      await settle()
      await settle()
      expect(lists).toEqual([])
      textsShown()
      await vi.waitFor(() => expect(lists).toHaveLength(1))
      lists[0]?.answer()
      await loaded
      expect(held()).toEqual(['a1', 'a2', 'b1'])
      expect(useWorkbench.getState().preview).toEqual([])
    })

    it('shows every layer’s annotations first while the review, which shows them all, is open, or no user is named', async () => {
      for (const state of [{ reviewArticle: 'b' }, { annotator: null }]) {
        useWorkbench.setState({ annotator: 'Ana', reviewArticle: null, openArticles: ['a'], ...state })
        previews = []
        void opening().loaded.catch(() => undefined)
        await vi.waitFor(() => expect(previews).toHaveLength(1))
        expect(previews[0]).not.toHaveProperty('annotators')
        await vi.waitFor(() => expect(previewed().map(([name]) => name)).toEqual(['Ana', 'Bea']))
      }
    })

    it('asks for the layers of the columns open by then: one opened meanwhile, not one closed', async () => {
      useWorkbench.setState({ openArticles: ['a', 'b'] })
      const { loaded, textsShown } = opening()
      await vi.waitFor(() => expect(useWorkbench.getState().preview).not.toEqual([]))
      useWorkbench.setState({ openArticles: ['b', 'c'] })
      textsShown()
      await vi.waitFor(() => expect(lists).toHaveLength(1))
      expect(lists[0]?.articleIds).toEqual(['b', 'c'])
      lists[0]?.answer()
      await loaded
      expect(useWorkbench.getState().loadedArticles).toEqual({ b: true, c: true })
    })

    it('a failed read of the layers leaves no preview on screen, and says so', async () => {
      const { loaded, textsShown } = opening()
      await vi.waitFor(() => expect(useWorkbench.getState().preview).not.toEqual([]))
      textsShown()
      await vi.waitFor(() => expect(lists).toHaveLength(1))
      lists[0]?.fail(new ApiError('io-error', 'The disk is gone.'))
      await expect(loaded).rejects.toThrow('The disk is gone.')
      expect(useWorkbench.getState().preview).toEqual([])
      expect(useWorkbench.getState().loadedArticles).toEqual({})
    })

    it('an annotation edited while the preview was on its way is shown as edited, not twice', async () => {
      await open()
      // the user's second annotation deleted while the preview of the workspace read again is on its way
      holdPreviews = true
      const { loaded, textsShown } = opening()
      await vi.waitFor(() => expect(previews).toHaveLength(1))
      const deleting = useWorkbench.getState().deleteAnnotation('a2')
      await vi.waitFor(() => expect(edits).toHaveLength(1))
      edits[0]?.resolve({ savedAt: TIME })
      await deleting
      previews[0]?.answer()
      await vi.waitFor(() => expect(useWorkbench.getState().preview).not.toEqual([]))
      expect(previewed()).toEqual([['Ana', ['a1']]])
      textsShown()
      await vi.waitFor(() => expect(lists.length).toBeGreaterThan(1))
      lists.at(-1)?.answer()
      await loaded
    })
  })
})

describe('opening a workspace while another is opening', () => {
  /** The main side's answers for opening a workspace named `name` with article `articleId` open, each given when the test says. */
  function workspaceAnswers(name: string, articleId: string) {
    const held: Record<string, { resolve(): void; reject(error: Error): void }> = {}
    const answer = (channel: string, value: unknown) => new Promise((resolve, reject) => (held[channel] = { resolve: () => resolve(value), reject }))
    const calls = {
      'workspace:info': () => answer('workspace:info', { path: `/studies/${name}`, name, corpusName: null, articleCount: 1, warnings: [`${name} warns`] }),
      'corpus:list': () => answer('corpus:list', []),
      'ui:get': () => answer('ui:get', { openArticles: [articleId], sidebarOpen: true }),
      'settings:get': () => answer('settings:get', { annotator: 'Ana' }),
      'article:get': () => answer('article:get', { text: `${name}’s article` }),
    }
    return {
      calls,
      give: (...channels: (keyof typeof calls)[]) => channels.forEach((channel) => held[channel]?.resolve()),
      refuse: (channel: keyof typeof calls, error: Error) => held[channel]?.reject(error),
    }
  }
  /** Answers the calls of opening from `answering()`, the rest as the tests above do. */
  function answerFrom(answering: () => ReturnType<typeof workspaceAnswers>) {
    const layers = mockedCall.getMockImplementation()!
    mockedCall.mockImplementation(((channel: string, input: unknown) => {
      const calls = answering().calls
      const answer = calls[channel as keyof typeof calls]
      return answer ? answer() : layers(channel as never, input as never)
    }) as unknown as typeof call)
  }
  /** Opens the workspace of `answers` to the end, while the older opening waits. */
  async function openToTheEnd(answers: ReturnType<typeof workspaceAnswers>, articleId: string): Promise<void> {
    const reopening = useWorkbench.getState().load()
    answers.give('workspace:info', 'corpus:list', 'ui:get', 'settings:get')
    await vi.waitFor(() => expect(mockedCall).toHaveBeenCalledWith('article:get', { id: articleId }))
    answers.give('article:get')
    const its = () => lists.filter((list) => list.articleIds.includes(articleId))
    await vi.waitFor(() => expect(its()).not.toEqual([]))
    for (const list of its()) list.answer()
    await reopening
  }

  it('shows only the last one: the first one’s workspace, texts, status and warnings land nowhere', async () => {
    const first = workspaceAnswers('first', 'a')
    const last = workspaceAnswers('last', 'b')
    let answering = first
    answerFrom(() => answering)
    useWorkbench.setState({ texts: {}, openArticles: [] })

    // the first opening has its workspace and asks for its column's text
    const opening = useWorkbench.getState().load()
    first.give('workspace:info', 'corpus:list', 'ui:get', 'settings:get')
    await vi.waitFor(() => expect(mockedCall).toHaveBeenCalledWith('article:get', { id: 'a' }))
    // another workspace is opened, to the end; then the first one's text arrives
    answering = last
    await openToTheEnd(last, 'b')
    first.give('article:get')
    await opening
    for (const list of lists) list.answer()
    await settle()

    const state = useWorkbench.getState()
    expect(state.workspace?.name).toBe('last')
    expect(state.openArticles).toEqual(['b'])
    expect(state.texts).toEqual({ b: 'last’s article' })
    expect(state.status).toBe('ready')
    expect(state.notices.map((n) => n.message)).toEqual(['last warns'])
  })

  it.each(['workspace:info', 'article:get'] as const)('a failure of the first opening (%s), once another has begun, says nothing', async (failing) => {
    const first = workspaceAnswers('first', 'a')
    const last = workspaceAnswers('last', 'b')
    let answering = first
    answerFrom(() => answering)
    const opening = useWorkbench.getState().load()
    if (failing === 'article:get') {
      first.give('workspace:info', 'corpus:list', 'ui:get', 'settings:get')
      await vi.waitFor(() => expect(mockedCall).toHaveBeenCalledWith('article:get', { id: 'a' }))
    }
    answering = last
    const reopening = openToTheEnd(last, 'b')
    first.refuse(failing, new ApiError('not-found', 'The first workspace is gone.'))
    await reopening
    await opening
    await settle()
    expect(useWorkbench.getState().status).toBe('ready')
    expect(useWorkbench.getState().unreadable).toEqual({})
    expect(useWorkbench.getState().notices.map((n) => n.message)).toEqual(['last warns'])
  })

  it.each(['arrives', 'cannot be read'])('a column asked for in the workspace being left is not opened in the next one, and says nothing: its text %s', async (how) => {
    const last = workspaceAnswers('last', 'b')
    const before = workspaceAnswers('before', 'x')
    let answering = before
    answerFrom(() => answering)
    useWorkbench.setState({ texts: {}, openArticles: [] })
    const opening = useWorkbench.getState().openArticle('x')
    await vi.waitFor(() => expect(mockedCall).toHaveBeenCalledWith('article:get', { id: 'x' }))
    answering = last
    await openToTheEnd(last, 'b')
    if (how === 'arrives') before.give('article:get')
    else before.refuse('article:get', new ApiError('not-found', 'There is no article x.'))
    for (const list of lists) list.answer()
    await opening
    expect(useWorkbench.getState().openArticles).toEqual(['b'])
    expect(useWorkbench.getState().notices.map((n) => n.message)).toEqual(['last warns'])
    expect(mockedCall).not.toHaveBeenCalledWith('ui:set', expect.anything())
  })
})

describe('putting one load’s articles in', () => {
  const ana = (ids: string[]): LayerState => layerStateOf({ annotator: 'Ana', annotations: onDisk.filter((a) => ids.includes(a.id)), links: [], articleNotes: [] }, [])

  it('replaces the records of the loaded articles only; a link goes with the article of its from end', () => {
    const [a1, , b1] = onDisk as [Annotation, Annotation, Annotation]
    const current = { ...ana(['a1', 'a2']), links: { l1: link('l1', a1, b1) } }
    const fetched = { ...ana(['b1']), links: { l2: link('l2', b1, a1) } }
    const next = withArticles(current, new Set(['b']), fetched)
    expect(Object.keys(next.annotations).sort()).toEqual(['a1', 'a2', 'b1'])
    expect(Object.keys(next.links).sort()).toEqual(['l1', 'l2'])
    expect(Object.keys(withArticles(next, new Set(['a']), ana([])).links)).toEqual(['l2'])
  })

  it('adds colleagues’ layers article by article, annotator by annotator', () => {
    const first = withLayerArticles([], new Set(['a']), layersOn(['a']))
    const second = withLayerArticles(first, new Set(['b']), layersOn(['b']).filter((l) => l.annotator === 'Bea'))
    expect(second.map((l) => [l.annotator, l.annotations.map((a) => a.id)])).toEqual([
      ['Bea', ['ba1', 'bb1']],
      ['Ana', ['a1', 'a2']],
    ])
  })
})

describe('what the workspace holds beyond the loaded articles', () => {
  const summary = {
    annotators: ['Ana', 'Bea', 'gold'],
    articles: [
      { articleId: 'a', annotator: 'Ana', annotations: 2, links: 0, decisions: 0, articleNote: false },
      { articleId: 'c', annotator: 'Ana', annotations: 7, links: 0, decisions: 0, articleNote: false },
      { articleId: 'c', annotator: 'Bea', annotations: 3, links: 0, decisions: 0, articleNote: false },
      { articleId: 'c', annotator: 'gold', annotations: 0, links: 0, decisions: 1, articleNote: false },
    ],
    warnings: [],
  }

  it('counts the user’s annotations from the summary, and live on the articles held', () => {
    expect(annotationCounts(summary, 'Ana', { a: 3 })).toEqual({ a: 3, c: 7 })
    expect(annotationCounts(summary, 'Bea', {})).toEqual({ c: 3 })
    expect(annotationCounts(null, 'Ana', { a: 0 })).toEqual({ a: 0 })
  })

  it('says a layer holds work when the summary says so of an article not loaded, or the held layer does', () => {
    const state = { ...useWorkbench.getState(), summary, annotator: 'Cleo', loadedArticles: { c: true as const } }
    expect(layerHasWork(state, 'gold', true)).toBe(false) // c is held, and its gold decisions are not (any more)
    expect(layerHasWork({ ...state, loadedArticles: {} }, 'gold', true)).toBe(true)
    expect(layerHasWork({ ...state, loadedArticles: {} }, 'gold', false)).toBe(false)
    expect(layerHasWork(state, 'Cleo', false)).toBe(false)
    expect(layerHasWork({ ...state, layer: { ...state.layer, annotations: { a1: onDisk[0] as Annotation } } }, 'Cleo', false)).toBe(true)
  })
})
