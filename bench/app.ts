/** The main side as the app runs it, for the cases measured in Node: the real handler table over a workspace. */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Channel, ChannelInput, ChannelOutput } from '../src/shared/api'
import { dispatch, type Handlers } from '../src/main/handlers/dispatch'
import { createAppContext } from '../src/main/handlers/index'
import { formatJson } from '../src/main/store/durable-json-file'
import { Workspace, type OpenOptions } from '../src/main/workspace/workspace'

/** Writes the user's settings (their annotator name) into a data folder, as the first launch does. */
export async function writeSettings(dataDir: string, annotator: string): Promise<void> {
  await mkdir(dataDir, { recursive: true })
  await writeFile(path.join(dataDir, 'settings.json'), formatJson({ schemaVersion: 1, annotator }))
}

/**
 * Opens a workspace and builds the handler table over it, for the user whose data folder is
 * `dataDir` (their settings, and the digests of the layer files they have checked); `readFiles:
 * 'in-background'` and `write` as the app opens it (see `OpenOptions`).
 */
export async function openApp(root: string, dataDir: string, options: Pick<OpenOptions, 'readFiles' | 'write'> = {}): Promise<{ workspace: Workspace; handlers: Handlers }> {
  const workspace = await Workspace.open(root, { ...options, dataDir })
  return { workspace, handlers: createAppContext({ dataDir, workspace }).handlers }
}

/** Calls a channel through `dispatch`, as every transport does; an error result is thrown. */
export async function invoke<C extends Channel>(handlers: Handlers, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await dispatch(handlers, channel, input)
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`)
  return result.value as ChannelOutput<C>
}

/** Peak resident memory of this process so far, in MB. */
export const peakRssMb = (): number => process.resourceUsage().maxRSS / 1024
