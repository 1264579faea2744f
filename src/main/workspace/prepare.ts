import { stat } from 'node:fs/promises'
import { bundledCorpusDir, defaultWorkspaceDir } from '../paths'
import { Workspace, WORKSPACE_FILE } from './workspace'

/**
 * The workspace a launch opens: the one named, or else the user's own copy of the bundled corpus
 * in their data folder, created on first launch.
 */
export async function prepareWorkspace(dataDir: string, workspaceArg: string | undefined): Promise<Workspace> {
  if (workspaceArg) return Workspace.open(workspaceArg)
  const dir = defaultWorkspaceDir(dataDir)
  const exists = await stat(`${dir}/${WORKSPACE_FILE}`).catch(() => null)
  return exists ? Workspace.open(dir) : Workspace.init(dir, bundledCorpusDir)
}
