import { z } from 'zod'
import { Article, ArticleId, ArticleMeta } from './corpus'
import type { Result } from './result'
import { AnnotatorName, PersonName, Settings, UiState, WorkspaceInfo } from './workspace'
import { MAX_COLUMNS } from './reader'
import { Annotation, Edit, Entity, ImportReport, Layer, Link, SearchHit } from './annotations'
import { Tagset } from './tagset'
import type { AgreementReport } from './agreement/report'
import type { ReviewProgress } from './review/disagreements'

const NoInput = z.object({}).strict()

/** Layers, or part of them (`annotations:list`). */
const AnnotationList = z.object({ annotators: z.array(z.string()), layers: z.array(Layer) })

/** The annotation list's filters (applied by `annotation-filter.ts`, on both sides). */
export const AnnotationFilter = z
  .object({
    label: z.string().min(1).max(200).optional(),
    articleId: ArticleId.optional(),
    annotator: z.string().min(1).max(200).optional(),
    /** One value of one attribute of one label. */
    attribute: z.object({ label: z.string().max(200), attribute: z.string().max(200), value: z.string().max(1000) }).strict().optional(),
    /** In the quote or the note, ignoring case. */
    text: z.string().max(500).optional(),
  })
  .strict()
export type AnnotationFilter = z.infer<typeof AnnotationFilter>

/** How much one annotator did on one article. */
export const LayerArticleSummary = z.object({
  articleId: ArticleId,
  annotator: z.string(),
  annotations: z.number().int().nonnegative(),
  links: z.number().int().nonnegative(),
  /** Settled disagreements (the gold layer's). */
  decisions: z.number().int().nonnegative(),
  articleNote: z.boolean(),
})
export type LayerArticleSummary = z.infer<typeof LayerArticleSummary>

/**
 * The largest input one call may carry, as JSON in UTF-8: the browser-mode host caps request
 * bodies at this, and `dispatch` refuses a larger input from any transport (Electron IPC has no cap).
 */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024

const Metric = z.number().nullable()
const Metrics = z.looseObject({ f1Exact: Metric, f1Overlap: Metric, kappa: Metric, alphaU: Metric })
/** The agreement report's outline; its details are typed in src/shared/agreement/report.ts. */
const AgreementReportShape = z.looseObject({
  annotators: z.array(z.string()),
  articles: z.array(z.string()),
  labels: z.array(z.string()),
  kappaCoefficient: z.enum(['cohen', 'fleiss']),
  overall: Metrics,
  byLabel: z.record(z.string(), Metrics),
  byArticle: z.record(z.string(), Metrics),
  pairs: z.array(z.looseObject({ annotators: z.tuple([z.string(), z.string()]) })),
  attributes: z.record(z.string(), z.looseObject({ kappa: Metric, n: z.number() })),
  links: z.looseObject({ f1: Metric }),
  confusion: z.object({ labels: z.array(z.string()), matrix: z.array(z.array(z.number())) }),
})
const AgreementReportOutput = z.custom<AgreementReport>((value) => AgreementReportShape.safeParse(value).success, 'not an agreement report')

/**
 * The whole API, once: each channel's input and output schema. Electron IPC, the browser-mode
 * host, the command line and the tests all go through this table; the types below are inferred
 * from it.
 */
export const channels = {
  'workspace:info': { input: NoInput, output: WorkspaceInfo },
  'workspace:open': {
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    output: WorkspaceInfo,
  },
  'corpus:list': { input: NoInput, output: z.array(ArticleMeta) },
  'article:get': { input: z.object({ id: ArticleId }).strict(), output: Article },
  'settings:get': { input: NoInput, output: Settings },
  'settings:setAnnotator': {
    input: z.object({ name: PersonName }).strict(),
    output: Settings,
  },
  'ui:get': { input: NoInput, output: UiState },
  /**
   * What the page paints first, in one answer rather than two rounds of calls (the view state, then
   * what it shows): the view state and the settings, and when a column is open and the user is
   * named, the labels, the open columns' articles and the preview (`previewInput`'s answer). The
   * app's own calls for each are answered by it (firstScreen.ts).
   */
  'ui:firstScreen': {
    input: NoInput,
    output: z.object({
      ui: UiState,
      settings: Settings,
      columns: z.object({ tagset: Tagset, articles: z.array(Article), preview: AnnotationList }).nullable(),
    }),
  },
  'ui:set': {
    input: z
      .object({
        openArticles: z.array(ArticleId).max(MAX_COLUMNS).optional(),
        sidebarOpen: z.boolean().optional(),
      })
      .strict(),
    output: UiState,
  },
  'tagset:get': { input: NoInput, output: Tagset },
  'annotations:list': {
    input: z
      .object({
        /** Whose layers; all of them when absent. */
        annotators: z.array(AnnotatorName).max(100).optional(),
        articleIds: z.array(ArticleId).max(10_000).optional(),
        /**
         * Only the annotations that overlap these offsets of each article, and none of the links,
         * notes or decisions: what a first screen paints before the layers themselves arrive.
         */
        within: z
          .object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() })
          .strict()
          .refine((w) => w.start <= w.end, 'start must not be after end')
          .optional(),
      })
      .strict(),
    output: AnnotationList,
  },
  /**
   * What every layer holds, article by article, once every annotation file has been read (the app
   * opens a workspace without waiting for that), and what reading them found wrong: the sidebar's
   * counts and the warnings about damaged files come from here.
   */
  'annotations:summary': {
    input: NoInput,
    output: z.object({
      /** Every annotator with a layer here, the gold layer included. */
      annotators: z.array(z.string()),
      /** One row per annotator per article they worked on. */
      articles: z.array(LayerArticleSummary),
      /** The workspace's warnings, those found by reading every file included. */
      warnings: z.array(z.string()),
    }),
  },
  /**
   * The links whose `to` end is in one of these articles, kept in other articles' files (a link is
   * kept in its `from` article's file, so `annotations:list` of these articles does not bring them),
   * by layer. Waits until every annotation file has been read.
   */
  'annotations:linksInto': {
    input: z.object({ articleIds: z.array(ArticleId).min(1).max(10_000) }).strict(),
    output: z.object({ layers: z.array(z.object({ annotator: z.string(), links: z.array(Link) })) }),
  },
  /**
   * The annotation list over the articles the renderer has not loaded: the annotations that pass the
   * filter, in list order (article in corpus order, then start), the first `limit` of them, with how
   * many passed and how many there are in all. Waits until every annotation file has been read.
   */
  'annotations:query': {
    input: z
      .object({
        filter: AnnotationFilter,
        /** Whose layers are listed; every annotator's but gold's when absent. */
        annotators: z.array(AnnotatorName).max(100).optional(),
        /** Articles left out: those whose layers the renderer holds and lists itself. */
        excludeArticleIds: z.array(ArticleId).max(10_000).optional(),
        limit: z.number().int().min(1).max(5000),
      })
      .strict(),
    output: z.object({
      annotations: z.array(Annotation),
      /** How many passed the filter (`annotations` holds the first `limit` of them). */
      matched: z.number().int().nonnegative(),
      /** How many annotations these layers hold on these articles, filter or not. */
      total: z.number().int().nonnegative(),
    }),
  },
  /** One user action on the user's own layer and the entity registry: all of it is saved, or none. */
  'edits:apply': {
    input: z
      .object({
        edits: z.array(Edit).min(1).max(10_000),
        /** The user's own layer (the default), or the gold layer, which the review settles. */
        layer: z.enum(['own', 'gold']).optional(),
      })
      .strict(),
    output: z.object({ savedAt: z.string() }),
  },
  'entities:list': { input: NoInput, output: z.array(Entity) },
  'corpus:search': {
    input: z
      .object({
        query: z.string().min(1).max(500),
        articleId: ArticleId.optional(),
        caseSensitive: z.boolean().optional(),
      })
      .strict(),
    output: z.object({ hits: z.array(SearchHit), truncated: z.boolean() }),
  },
  'interchange:export': {
    input: z
      .object({
        format: z.enum(['native', 'w3c', 'brat', 'labelstudio', 'mqm', 'csv']),
        annotators: z.array(AnnotatorName).max(100).optional(),
        articleIds: z.array(ArticleId).max(10_000).optional(),
      })
      .strict(),
    output: z.object({ files: z.array(z.object({ path: z.string(), content: z.string() })), annotations: z.number().int() }),
  },
  /** Another annotator's work comes in as their layer; all of it, or nothing. */
  'interchange:import': {
    input: z
      .object({
        format: z.enum(['native', 'w3c', 'brat', 'labelstudio']),
        files: z
          .array(z.object({ name: z.string().min(1).max(255), content: z.string().max(64 * 1024 * 1024) }).strict())
          .min(1)
          .max(10_000),
        annotator: PersonName.optional(),
      })
      .strict(),
    output: ImportReport,
  },
  /** Agreement between annotators (all but gold by default), overall, per label, per article. */
  'review:agreement': {
    input: z
      .object({
        annotators: z.array(AnnotatorName).min(2).max(100).optional(),
        articleIds: z.array(ArticleId).max(10_000).optional(),
      })
      .strict(),
    output: AgreementReportOutput,
  },
  /** The agreement dashboard's "N of M articles reviewed": counted where every layer is, not in the page. */
  'review:progress': {
    input: z.object({ annotators: z.array(AnnotatorName).min(2).max(100) }).strict(),
    output: z.object({ articles: z.number().int(), reviewed: z.number().int(), disagreements: z.number().int(), left: z.number().int() }) satisfies z.ZodType<ReviewProgress>,
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>

export type Channels = typeof channels
export type Channel = keyof Channels
export const channelNames = Object.keys(channels) as Channel[]
export const isChannel = (name: unknown): name is Channel =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name)

/** What a caller passes (before defaults are applied). */
export type ChannelInput<C extends Channel> = z.input<Channels[C]['input']>
/** What a handler receives (after validation). */
export type HandlerInput<C extends Channel> = z.output<Channels[C]['input']>
export type ChannelOutput<C extends Channel> = z.output<Channels[C]['output']>

/** Commands the native menu sends to the renderer; the renderer offers the same ones itself. */
export const menuCommands = ['add-column', 'close-column', 'toggle-sidebar', 'workspace-changed', 'undo', 'redo', 'import', 'export'] as const
export type MenuCommand = (typeof menuCommands)[number]

/** What the renderer sees as `window.parallax`, whichever transport is behind it. */
export interface ParallaxApi {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>>
  /** Listen for menu commands; returns a function that stops listening. */
  onCommand(listener: (command: MenuCommand) => void): () => void
}
