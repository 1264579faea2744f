import type { JsonObject, Migration } from '../store/versions'

/**
 * Every migration of every kind of file Parallax writes, by kind and by the version it starts from:
 * `migrations.<kind>[n]` turns a version-n file into version n + 1. Each is a pure function over the
 * file's parsed JSON, tested in `migrations.test.ts`; the store runs them when it reads an older file
 * and keeps the original (see `docs/reliability.md`).
 *
 * Version 0 is a file written before files carried `schemaVersion`, by the early prototype: the same
 * fields without it. A prototype layer file also had no `links` (links came with version 1) and may
 * lack `articleNote`.
 */

/** Version 0 → 1 of a kind whose fields did not change: the version is written into the file. */
const stampVersion1: Migration = (data) => ({ schemaVersion: 1, ...data })

/** Version 0 → 1 of an annotator's layer file: versioned, with no links and no article note yet. */
const layerArticleToVersion1: Migration = (data: JsonObject) => ({
  schemaVersion: 1,
  ...data,
  links: data.links ?? [],
  articleNote: data.articleNote ?? null,
})

export const migrations = {
  workspace: { 0: stampVersion1 },
  tagset: { 0: stampVersion1 },
  entities: { 0: stampVersion1 },
  layerInfo: { 0: stampVersion1 },
  layerArticle: { 0: layerArticleToVersion1 },
  ui: { 0: stampVersion1 },
  settings: { 0: stampVersion1 },
} as const satisfies Record<string, Readonly<Record<number, Migration>>>

export type FileKind = keyof typeof migrations
