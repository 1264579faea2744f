import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultWorkspaceDir } from '../paths'
import { expectAppError, makeTempDir, writeFiles } from '../test-helpers'
import { prepareWorkspace } from './prepare'
import { WORKSPACE_FILE } from './workspace'

describe('prepareWorkspace', () => {
  it('creates the default workspace of the bundled corpus under the data folder on first launch', async () => {
    const dataDir = await makeTempDir()
    const workspace = await prepareWorkspace(dataDir, undefined)
    expect(workspace.root).toBe(defaultWorkspaceDir(dataDir))
    expect(workspace.root).toBe(path.join(dataDir, 'workspace'))
    expect(workspace.info().articleCount).toBe(5)
    expect(await readdir(dataDir)).toEqual(['workspace'])
    expect(await readdir(path.join(dataDir, 'workspace', 'corpus'))).toEqual(expect.arrayContaining(['manifest.json', 'rutte-sworn-in-translated.txt']))
  })

  it('reuses the default workspace, with what was written in it, on later launches', async () => {
    const dataDir = await makeTempDir()
    const first = await prepareWorkspace(dataDir, undefined)
    await first.updateUiState({ openArticles: ['rutte-sworn-in-translated'] })
    const workspaceFile = path.join(first.root, WORKSPACE_FILE)
    await writeFile(workspaceFile, (await readFile(workspaceFile, 'utf8')).replace(/"name": "[^"]*"/, '"name": "Renamed by the user"'))

    const second = await prepareWorkspace(dataDir, undefined)
    expect(second.root).toBe(first.root)
    expect(second.info().name).toBe('Renamed by the user')
    expect((await second.uiState()).openArticles).toEqual(['rutte-sworn-in-translated'])
  })

  it('opens the workspace named instead, and creates nothing in the data folder', async () => {
    const dataDir = await makeTempDir()
    const dir = await makeTempDir()
    await writeFiles(dir, { 'one.txt': 'One' })
    const workspace = await prepareWorkspace(dataDir, dir)
    expect(workspace.root).toBe(dir)
    expect(workspace.list().map((a) => a.id)).toEqual(['one'])
    expect(await readdir(dataDir)).toEqual([])
  })

  it('reports a named workspace that does not exist', async () => {
    const dataDir = await makeTempDir()
    await expectAppError(prepareWorkspace(dataDir, path.join(dataDir, 'missing')), 'not-found')
  })
})
