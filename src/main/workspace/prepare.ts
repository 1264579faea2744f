import { stat } from 'node:fs/promises'
import { bundledCorpusDir, defaultWorkspaceDir } from '../paths'
import type { LockMode } from './lock'
import { Workspace, WORKSPACE_FILE } from './workspace'

/**
 * The workspace a launch opens: the one named, or else the user's own copy of the bundled corpus
 * in their data folder, created on first launch. `write` takes its lock for the app that writes to
 * it; another Parallax holding it, it opens read-only. Its annotation files are read in the
 * background, after the first article can be shown.
 */
export async function prepareWorkspace(dataDir: string, workspaceArg: string | undefined, write?: LockMode): Promise<Workspace> {
  const options = { ...(write ? { write } : {}), readFiles: 'in-background' as const, dataDir }
  if (workspaceArg) return Workspace.open(workspaceArg, options)
  const dir = defaultWorkspaceDir(dataDir)
  const exists = await stat(`${dir}/${WORKSPACE_FILE}`).catch(() => null)
  return exists ? Workspace.open(dir, options) : Workspace.init(dir, bundledCorpusDir, options)
}
