import type { Span } from './anchoring'
import type { ChannelInput } from './api'

/** Most articles the reader shows side by side. */
export const MAX_COLUMNS = 5

/**
 * The offsets of each article the first screen's annotations cover (the preview): more than a
 * first screen of text holds, in one column on a large screen (about 100 lines of 80 characters),
 * and a small part of a long article. What lies beyond is painted once the layers arrive.
 */
export const FIRST_SCREEN: Readonly<Span> = { start: 0, end: 10_000 }

/**
 * What the opening asks for its preview: the annotations within FIRST_SCREEN of the open columns'
 * articles, in the layer the columns open with, the user's own (the review, which shows every
 * annotator's, is not restored at opening: `everyLayer` when it is open); every layer when there
 * is no user yet. The app asks with it what `ui:firstScreen` answered, and takes that answer.
 */
export const previewInput = (articleIds: readonly string[], annotator: string | null, everyLayer = false): ChannelInput<'annotations:list'> => ({
  ...(annotator !== null && !everyLayer ? { annotators: [annotator] } : {}),
  // each article once, as the app asks (a view state may name one twice)
  articleIds: [...new Set(articleIds)],
  within: FIRST_SCREEN,
})
