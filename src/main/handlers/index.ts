import { type Annotation } from '../../shared/annotations'
import { GOLD, isGold } from '../../shared/gold'
import { listOrder, matchesFilter } from '../../shared/annotation-filter'
import { AppError } from '../../shared/result'
import { collectExport, readImport, runExport, saveImport } from '../interchange'
import { workspaceAgreement, workspaceReviewProgress } from '../review/agreement'
import { applyEdits } from '../workspace/edits'
import type { LockMode } from '../workspace/lock'
import { prepareWorkspace } from '../workspace/prepare'
import { Workspace } from '../workspace/workspace'
import { UserSettings } from '../workspace/settings'
import { channels, type Channel, type ChannelInput, type ChannelOutput } from '../../shared/api'
import { previewInput } from '../../shared/reader'
import type { Handlers } from './dispatch'

export interface AppContext {
  readonly handlers: Handlers
  /**
   * The first screen made as the app launched (`prepareFirstScreen`), while it waits for the first
   * `ui:firstScreen` to take it (see `prepared` in createAppContext); null once taken or dropped, or
   * when none was made. For a transport to make that answer's text ahead too (browser mode's host).
   */
  firstScreen(): Promise<ChannelOutput<'ui:firstScreen'>> | null
  /** The workspace open now; `workspace:open` replaces it. */
  workspace(): Workspace
}

/** `annotations:list` of one workspace: the layers asked for, or (`within`) the annotations only of the offsets asked for. */
async function listAnnotations(asked: Workspace, { annotators, articleIds, within }: ChannelInput<'annotations:list'>): Promise<ChannelOutput<'annotations:list'>> {
  const known = await asked.layers.annotators()
  const ids = articleIds ?? asked.articleIds
  const names = annotators ?? known
  if (!within) return { annotators: known, layers: await Promise.all(names.map((name) => asked.layers.layer(name, ids))) }
  const near = await Promise.all(names.map(async (annotator) => ({ annotator, annotations: await asked.layers.annotationsWithin(annotator, ids, within), links: [], articleNotes: [] })))
  return { annotators: known, layers: near }
}

/** The `ui:firstScreen` answer of one workspace (see the channel in src/shared/api.ts). */
async function firstScreenOf(asked: Workspace, settings: UserSettings): Promise<ChannelOutput<'ui:firstScreen'>> {
  const [ui, userSettings] = await Promise.all([asked.uiState(), settings.get()])
  if (ui.openArticles.length === 0 || userSettings.annotator === null) return { ui, settings: userSettings, columns: null }
  const articles = ui.openArticles.map((id) => asked.article(id))
  const preview = await listAnnotations(asked, previewInput(ui.openArticles, userSettings.annotator))
  return { ui, settings: userSettings, columns: { tagset: asked.tagset, articles, preview } }
}

/**
 * Whether a channel changes what the app holds (a file written, the user's settings, the workspace
 * open): a first screen made before such a call may no longer be what the page would be shown. A
 * record over every channel: the type check refuses a new channel left unclassed.
 */
const CHANGES: Record<Channel, boolean> = {
  'workspace:info': false,
  'workspace:open': true,
  'corpus:list': false,
  'article:get': false,
  'settings:get': false,
  'settings:setAnnotator': true,
  'ui:get': false,
  'ui:firstScreen': false,
  'ui:set': true,
  'tagset:get': false,
  'annotations:list': false,
  'annotations:summary': false,
  'annotations:linksInto': false,
  'annotations:query': false,
  'edits:apply': true,
  'entities:list': false,
  'corpus:search': false,
  'interchange:export': false,
  'interchange:import': true,
  'review:agreement': false,
  'review:progress': false,
}

/**
 * The handler table over one user's settings and one open workspace, shared by every transport.
 * With `prepareFirstScreen` (an app's launch), the first screen is made at once, for the page's
 * first call (see `prepared`).
 */
export function createAppContext(options: { dataDir: string; workspace: Workspace; prepareFirstScreen?: boolean }): AppContext {
  const settings = new UserSettings(options.dataDir)
  let workspace = options.workspace
  /** The workspace's info, with what was wrong with the user's settings file among its warnings. */
  const info = async () => {
    const own = workspace.info()
    return { ...own, warnings: [...(await settings.notices()), ...own.warnings] }
  }

  /**
   * The first screen made as the workspace opened, while the window or the browser starts: the
   * page's first call is answered without waiting for its reads (docs/performance.md, render).
   * Taken by the first `ui:firstScreen`, unless a call that changes what it shows came before it
   * (CHANGES); every later one is made when asked. One that failed is made again when asked, so
   * that the call reports its own failure.
   */
  let prepared = options.prepareFirstScreen ? workspace.serve(() => firstScreenOf(workspace, settings)) : null
  prepared?.catch(() => undefined) // not unhandled meanwhile
  const handlers: Handlers = {
    'workspace:info': info,
    // the new workspace is locked as the one open now was (the app's own), and that one's lock given up
    'workspace:open': async ({ path }) => {
      const previous = workspace
      workspace = await Workspace.open(path, { ...(previous.writeMode ? { write: previous.writeMode } : {}), readFiles: 'in-background', dataDir: options.dataDir })
      if (workspace !== previous) previous.close()
      return info()
    },
    'corpus:list': () => workspace.list(),
    'article:get': ({ id }) => workspace.article(id),
    'settings:get': () => settings.get(),
    'settings:setAnnotator': ({ name }) => settings.setAnnotator(name),
    'ui:get': () => workspace.uiState(),
    'ui:firstScreen': () => {
      // every part from the workspace open when asked, whatever workspace:open does meanwhile
      const asked = workspace
      const made = prepared
      prepared = null
      const now = () => firstScreenOf(asked, settings)
      return made ? made.catch(now) : now()
    },
    // this machine's view state: kept in memory, not written, while the workspace is read-only
    'ui:set': (patch) => workspace.updateUiState(patch),
    'tagset:get': () => workspace.tagset,
    // the workspace open when asked, whatever workspace:open does meanwhile
    'annotations:list': (input) => listAnnotations(workspace, input),
    'annotations:summary': async () => {
      await workspace.loaded()
      const annotators = await workspace.layers.annotators()
      const articles = []
      for (const annotator of annotators) {
        for (const { data } of await workspace.layers.files(annotator, workspace.articleIds)) {
          articles.push({
            articleId: data.articleId,
            annotator,
            annotations: data.annotations.length,
            links: data.links.length,
            decisions: data.decisions?.length ?? 0,
            articleNote: data.articleNote !== null,
          })
        }
      }
      return { annotators, articles, warnings: (await info()).warnings }
    },
    'annotations:linksInto': async ({ articleIds }) => {
      await workspace.loaded()
      const into = new Set(articleIds)
      const elsewhere = workspace.articleIds.filter((id) => !into.has(id))
      const layers = []
      for (const annotator of await workspace.layers.annotators()) {
        // only the links: the other articles' files as they are held, not their records gathered into a layer
        const files = await workspace.layers.files(annotator, elsewhere)
        layers.push({ annotator, links: files.flatMap(({ data }) => data.links.filter((link) => into.has(link.to.articleId))) })
      }
      return { layers }
    },
    'annotations:query': async ({ filter, annotators, excludeArticleIds, limit }) => {
      await workspace.loaded()
      const names = annotators ?? (await workspace.layers.annotators()).filter((name) => !isGold(name))
      const excluded = new Set(excludeArticleIds)
      const ids = workspace.articleIds.filter((id) => !excluded.has(id))
      const passed: Annotation[] = []
      let total = 0
      for (const name of names) {
        for (const { data } of await workspace.layers.files(name, ids)) {
          total += data.annotations.length
          for (const annotation of data.annotations) if (matchesFilter(annotation, filter)) passed.push(annotation)
        }
      }
      passed.sort(listOrder(workspace.articleIds))
      return { annotations: passed.slice(0, limit), matched: passed.length, total }
    },
    'edits:apply': async ({ edits, layer }) => {
      workspace.assertWritable()
      const { annotator } = await settings.get()
      if (!annotator) throw new AppError('invalid-input', 'Set your annotator name before annotating.')
      await applyEdits(
        {
          annotator: layer === 'gold' ? GOLD : annotator,
          tagset: workspace.tagset,
          layers: workspace.layers,
          entities: await workspace.entities(),
          articleIds: workspace.articleIds,
          text: (id) => workspace.article(id).text,
        },
        edits,
      )
      return { savedAt: new Date().toISOString() }
    },
    'entities:list': async () => (await workspace.entities()).data.entities,
    'interchange:export': async ({ format, annotators, articleIds }) => {
      const input = await collectExport(workspace, { annotators, articleIds })
      return { files: runExport(format, input), annotations: input.layers.reduce((n, l) => n + l.annotations.length, 0) }
    },
    'interchange:import': async ({ format, files, annotator }) => {
      workspace.assertWritable()
      const source = files.length === 1 ? (files[0] as { name: string }).name : `${files.length} files`
      return saveImport(workspace, readImport(workspace, format, files, annotator), source)
    },
    'review:agreement': ({ annotators, articleIds }) => workspaceAgreement(workspace, { annotators, articleIds }),
    'review:progress': ({ annotators }) => workspaceReviewProgress(workspace, annotators),
    'corpus:search': ({ query, articleId, caseSensitive }) => workspace.search(query, { articleId, caseSensitive }),
  }
  const changing = everyChannel((channel) => (input) => {
    if (CHANGES[channel]) prepared = null
    return (handlers[channel] as AnyHandler)(input)
  })
  return { handlers: servedBy(() => workspace, changing), workspace: () => workspace, firstScreen: () => prepared }
}

type AnyHandler = (input: never) => unknown

/** A handler table whose handler for each channel is `make(channel)`. */
function everyChannel(make: (channel: Channel) => AnyHandler): Handlers {
  return Object.fromEntries(Object.keys(channels).map((channel) => [channel, make(channel as Channel)])) as unknown as Handlers
}

/** Each handler run as a request the workspace open at the time serves (its background read waits meanwhile). */
const servedBy = (workspace: () => Workspace, handlers: Handlers): Handlers =>
  everyChannel((channel) => (input) => workspace().serve(() => (handlers[channel] as AnyHandler)(input)))

/**
 * The handlers of a context still being made (its workspace opening): each call waits for it, so
 * that the window loads while the workspace opens. Once the opening has failed, every call gets its error.
 */
export const handlersOnceOpen = (context: Promise<AppContext>): Handlers =>
  everyChannel((channel) => async (input) => ((await context).handlers[channel] as AnyHandler)(input))

/**
 * A launch of the app: the workspace it opens (see `prepareWorkspace`) made an app context, and
 * handlers that can be bound at once. The caller says why, if the opening fails.
 */
export function launchApp(dataDir: string, workspaceArg: string | undefined, write: LockMode): { opening: Promise<AppContext>; handlers: Handlers } {
  const opening = prepareWorkspace(dataDir, workspaceArg, write).then((workspace) => createAppContext({ dataDir, workspace, prepareFirstScreen: true }))
  opening.catch(() => undefined) // not unhandled meanwhile
  return { opening, handlers: handlersOnceOpen(opening) }
}
