import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { AppError } from '../../shared/result'
import { Tagset, TAGSET_SCHEMA_VERSION } from '../../shared/tagset'
import { describeZodError } from '../../shared/zod-errors'
import { bundledCorpusDir } from '../paths'
import type { JsonStore } from '../store/json-store'
import { formatOf, migrate, newerMessage, versionOf, type JsonObject } from '../store/versions'
import { migrations } from './migrations'

export const TAGSET_FILE = 'tagset.json'
/** The tagset a workspace without its own uses: claims, speakers, quotes, translation errors. */
export const DEFAULT_TAGSET_FILE = path.join(bundledCorpusDir, TAGSET_FILE)
export const TagsetFormat = formatOf(Tagset, TAGSET_SCHEMA_VERSION, migrations.tagset)

/**
 * Reads and validates a tagset file outside a workspace (a corpus to copy, the bundled default); a
 * bad one is refused with the field that is wrong, a newer one with a message to update Parallax,
 * and an older one is migrated in memory (the file is not touched).
 */
export async function readTagset(file: string, displayName = path.basename(file)): Promise<Tagset> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new AppError('corrupt-file', `${displayName} cannot be read as JSON: ${(error as Error).message}`)
  }
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const version = versionOf(json as JsonObject)
    if (version !== null && version > TAGSET_SCHEMA_VERSION) throw new AppError('read-only', newerMessage(displayName, version, TAGSET_SCHEMA_VERSION))
    if (version !== null && version < TAGSET_SCHEMA_VERSION) json = migrate(TagsetFormat, json as JsonObject, version)
  }
  const parsed = Tagset.safeParse(json)
  if (!parsed.success) throw new AppError('invalid-input', `${displayName} is not a valid tagset: ${describeZodError(parsed.error)}`)
  return parsed.data
}

/**
 * The workspace's own tagset, or the bundled default when it has none. Parallax never writes
 * `tagset.json`, so a good one is kept as its last good copy each time it is read; a damaged one is
 * moved aside and that copy put back (or, without one, the default is used and the user told). A
 * tagset of a newer Parallax cannot be read: the workspace cannot be opened until Parallax is updated.
 */
export async function openWorkspaceTagset(store: JsonStore): Promise<Tagset> {
  const db = await store.open(TAGSET_FILE, TagsetFormat, () => null)
  const newer = store.notices.find((notice) => notice.file === TAGSET_FILE && notice.kind === 'newer')
  if (newer) throw new AppError('read-only', `${newer.message} The workspace cannot be opened without its tagset.`)
  if (db.data) {
    store.keepBackupOf(TAGSET_FILE)
    return db.data
  }
  const reset = store.notices.find((notice) => notice.file === TAGSET_FILE && notice.kind === 'reset')
  if (reset) {
    reset.message = `${TAGSET_FILE} is damaged: ${reset.reason}. It was moved aside to ${reset.kept}, and there is no earlier good copy to put back: Parallax uses its default tagset until a ${TAGSET_FILE} is back in the workspace (mend ${reset.kept} and rename it).`
  }
  return readTagset(DEFAULT_TAGSET_FILE)
}
