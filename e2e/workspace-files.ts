import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

interface LayerFile {
  articleId: string
  annotations: unknown[]
  links: unknown[]
  articleNote: unknown
}

/**
 * What a workspace holds on disk, read from its files: every annotator's layer per article (empty
 * files left out) and the entity registry. Two snapshots are equal when the saved work is equal.
 */
export async function readWorkspace(workspace: string): Promise<{ layers: Record<string, Omit<LayerFile, 'articleId'>>; entities: unknown[] }> {
  const layers: Record<string, Omit<LayerFile, 'articleId'>> = {}
  const annotators = await readdir(path.join(workspace, 'annotations')).catch(() => [] as string[])
  for (const folder of annotators.sort()) {
    for (const name of (await readdir(path.join(workspace, 'annotations', folder))).sort()) {
      if (name === '_layer.json' || !name.endsWith('.json')) continue
      const file = JSON.parse(await readFile(path.join(workspace, 'annotations', folder, name), 'utf8')) as LayerFile
      if (file.annotations.length === 0 && file.links.length === 0 && file.articleNote === null) continue
      layers[`${folder}/${file.articleId}`] = { annotations: file.annotations, links: file.links, articleNote: file.articleNote }
    }
  }
  const entities = await readFile(path.join(workspace, 'entities.json'), 'utf8')
    .then((text) => (JSON.parse(text) as { entities: unknown[] }).entities)
    .catch(() => [])
  return { layers, entities }
}

export interface StoredAnnotation {
  id: string
  articleId: string
  start: number
  end: number
  label: string
  quote: { exact: string }
  attributes: Record<string, unknown>
  annotator: string
  note: string
}

export interface StoredLink {
  id: string
  type: string
  from: { articleId: string; annotationId: string }
  to: { articleId: string; annotationId: string }
  attributes: Record<string, unknown>
}

export async function storedAnnotations(workspace: string): Promise<StoredAnnotation[]> {
  const { layers } = await readWorkspace(workspace)
  return Object.values(layers).flatMap((l) => l.annotations as StoredAnnotation[])
}

export async function storedLinks(workspace: string): Promise<StoredLink[]> {
  const { layers } = await readWorkspace(workspace)
  return Object.values(layers).flatMap((l) => l.links as StoredLink[])
}

export async function storedEntities(workspace: string): Promise<{ id: string; name: string; aliases: string[] }[]> {
  return (await readWorkspace(workspace)).entities as { id: string; name: string; aliases: string[] }[]
}
