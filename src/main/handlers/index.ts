import { Workspace } from '../workspace/workspace'
import { UserSettings } from '../workspace/settings'
import type { Handlers } from './dispatch'

export interface AppContext {
  readonly handlers: Handlers
  /** The workspace open now; `workspace:open` replaces it. */
  workspace(): Workspace
}

/** The handler table over one user's settings and one open workspace, shared by every transport. */
export function createAppContext(options: { dataDir: string; workspace: Workspace }): AppContext {
  const settings = new UserSettings(options.dataDir)
  let workspace = options.workspace

  const handlers: Handlers = {
    'workspace:info': () => workspace.info(),
    'workspace:open': async ({ path }) => {
      workspace = await Workspace.open(path)
      return workspace.info()
    },
    'corpus:list': () => workspace.list(),
    'article:get': ({ id }) => workspace.article(id),
    'settings:get': () => settings.get(),
    'settings:setAnnotator': ({ name }) => settings.setAnnotator(name),
    'ui:get': () => workspace.uiState(),
    'ui:set': (patch) => workspace.updateUiState(patch),
  }
  return { handlers, workspace: () => workspace }
}
