/** `parallax start --browser --no-open` on a workspace, as a user starts browser mode; stopped by the benchmark. */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { readFile } from 'node:fs/promises'
import { appRoot, rendererDir } from '../../src/main/paths'
import { ANNOTATIONS_DIR, annotatorSlug, type LayerArticleFile } from '../../src/main/workspace/layers'
import { ANNOTATORS } from '../generate'

const CLI = path.join(appRoot, 'bin', 'parallax.js')

/**
 * The browser-mode requests that bring annotations when the app opens: the first screen's answer
 * (with the annotations at the start of the open articles), and the layers.
 */
export const ANNOTATIONS_URLS = ['ui:firstScreen', 'annotations:list'].map((channel) => `/api/${encodeURIComponent(channel)}`)

export interface ParallaxServer {
  url: string
  /** Epoch ms: when the process was started, and when it printed its address (the host listening; the workspace opens meanwhile). */
  spawnedAt: number
  readyAt: number
  process: ChildProcess
  stop(): Promise<void>
}

/** Whether the app is built (out/main/cli.js and the renderer), as `npm install` leaves it. */
export const isBuilt = (): boolean => existsSync(path.join(appRoot, 'out', 'main', 'cli.js')) && existsSync(path.join(rendererDir, 'index.html'))

export function startParallax(workspace: string, home: string, timeoutMs = 120_000): Promise<ParallaxServer> {
  const spawnedAt = Date.now()
  const child = spawn(process.execPath, [CLI, 'start', '--browser', '--no-open', '--workspace', workspace], {
    env: { ...process.env, PARALLAX_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const stop = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000)
      child.once('exit', () => {
        clearTimeout(kill)
        resolve()
      })
      child.kill('SIGTERM')
    })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  return new Promise<ParallaxServer>((resolve, reject) => {
    let stdout = ''
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`parallax did not start within ${timeoutMs} ms: ${stderr}`))
    }, timeoutMs)
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const match = /^Parallax ready: (\S+)$/m.exec(stdout)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve({ url: match[1], spawnedAt, readyAt: Date.now(), process: child, stop })
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`parallax exited with ${code}: ${stderr}`))
    })
  })
}

/** The articles open in the workspace's view state (`.parallax/ui.json`). */
async function openArticles(root: string): Promise<string[]> {
  return (JSON.parse(await readFile(path.join(root, '.parallax', 'ui.json'), 'utf8')) as { openArticles: string[] }).openArticles
}

/**
 * The user's annotations on the open articles, start and end by article, read from their layer
 * files: what the probe waits to see painted in each column's viewport.
 */
export async function userAnnotations(root: string): Promise<Record<string, [number, number][]>> {
  const spans: Record<string, [number, number][]> = {}
  for (const id of await openArticles(root)) {
    const file = path.join(root, ANNOTATIONS_DIR, annotatorSlug(ANNOTATORS[0]), `${id}.json`)
    spans[id] = (JSON.parse(await readFile(file, 'utf8')) as LayerArticleFile).annotations.map((a) => [a.start, a.end])
  }
  return spans
}
