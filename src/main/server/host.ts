import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { MAX_INPUT_BYTES } from '../../shared/api'
import { fail, ok, type Result } from '../../shared/result'
import { dispatch, type Handlers } from '../handlers/dispatch'
import { appRoot } from '../paths'
import type { FromHost, HostWorkerData, ToHost } from './host-protocol'
import { latin1Json } from './latin1-json'

/** Largest API request body accepted, in bytes: the contract's limit on one call's input. */
export const MAX_BODY_BYTES = MAX_INPUT_BYTES

export interface BrowserHost {
  /** The address to open: carries the per-launch token in its fragment, which is never sent over the wire. */
  url: string
  origin: string
  token: string
  port: number
  /** Resolves with what happened if the host's thread stops without being closed (the page can no longer reach Parallax). */
  failed: Promise<string>
  close(): Promise<void>
}

/**
 * The host's thread: the built one (`out/main/host-worker.js`, an entry of the main build) when
 * this module runs built; its source, through tsx, when it runs from source (the unit tests).
 */
function startHostThread(workerData: HostWorkerData): Worker {
  const here = fileURLToPath(import.meta.url)
  if (!here.endsWith('.ts')) return new Worker(path.join(appRoot, 'out', 'main', 'host-worker.js'), { workerData })
  const source = new URL('./host-worker.ts', import.meta.url).href
  return new Worker(`import('tsx/esm/api').then((tsx) => tsx.tsImport(${JSON.stringify(source)}, ${JSON.stringify(import.meta.url)}))`, { eval: true, workerData })
}

/** How long `close` waits for the host's thread to end by itself (its connections closed) before it ends it. */
const CLOSE_WAIT_MS = 5_000

/** An API call's answer: its handler's result as JSON (the text made ahead for its value, if it was: `ahead`), or a refusal of its body. */
async function answer(handlers: () => Handlers, channel: string, body: Uint8Array, madeAhead: WeakMap<object, string>): Promise<{ status: number; body: string }> {
  let input: unknown = {}
  if (body.length > 0) {
    try {
      input = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8'))
    } catch {
      return { status: 400, body: JSON.stringify(fail('invalid-input', 'The request body is not valid JSON.')) }
    }
  }
  const result = await dispatch(handlers(), channel, input)
  const value = result.ok ? result.value : null
  const ahead = typeof value === 'object' && value !== null ? madeAhead.get(value) : undefined
  if (ahead === undefined) return { status: 200, body: answerText(result) }
  madeAhead.delete(value as object) // taken once, as the value is
  return { status: 200, body: ahead }
}

/** An answer's text: its few characters beyond Latin-1 escaped, so that the page decodes and parses it sooner (latin1-json.ts). */
const answerText = (result: Result<unknown>): string => latin1Json(JSON.stringify(result))

/**
 * Browser mode: the same handlers as Electron's IPC, behind an HTTP host on 127.0.0.1 only, in a
 * thread of its own (host-worker.ts: the checks, the app's files); the calls that pass its checks
 * come here, to the main thread, which holds the workspace. Every API call needs the per-launch
 * token (401 otherwise); requests whose Host or Origin is not this host are refused (DNS
 * rebinding, other sites); no CORS headers are ever sent; files are served only from the built
 * renderer.
 */
export async function startBrowserHost(options: {
  handlers: () => Handlers
  staticDir: string
  port?: number
  token?: string
  /**
   * A value a handler will answer with, whose answer's text is made as soon as it is made, before
   * it is asked for: the app's first screen (`AppContext.firstScreen()`), which the page's first call
   * takes. The first call answered with this very value (not a copy) is answered that text. The
   * value does not change meanwhile: none of its parts is changed in place (the store changes a
   * copy of a file's data: json-store.ts; the view state and the preview are made for it; a
   * workspace's tagset and articles never change), and a call that would change what it shows
   * drops it first (CHANGES in handlers/index.ts).
   */
  ahead?: Promise<unknown>
}): Promise<BrowserHost> {
  const { handlers } = options
  const madeAhead = new WeakMap<object, string>()
  options.ahead?.then(
    (value) => {
      try {
        if (typeof value === 'object' && value !== null) madeAhead.set(value, answerText(ok(value)))
      } catch {
        // too large to write ahead, say: it is written when asked, and refused there with a reason
      }
    },
    () => undefined, // the call reports it
  )
  const token = options.token ?? randomBytes(32).toString('base64url')
  const worker = startHostThread({
    staticRoot: path.resolve(options.staticDir),
    port: options.port ?? 0,
    token,
    maxBodyBytes: MAX_BODY_BYTES,
  })
  const post = (message: ToHost): void => worker.postMessage(message)
  let closing = false
  /** Why the thread stopped, when it says so (an error thrown in it, or why it could not listen). */
  let reason: string | null = null
  const stopped = new Promise<string>((resolve) =>
    worker.once('exit', (code) => resolve(reason ?? `the browser host stopped (exit code ${code})`)),
  )
  let listened: (port: number) => void = () => undefined
  const listening = new Promise<number>((resolve) => (listened = resolve))
  worker.on('error', (error) => (reason = `the browser host failed: ${error.message}`))
  worker.on('message', (message: FromHost) => {
    if (message.kind === 'listening') listened(message.port)
    else if (message.kind === 'failed') {
      reason = `the browser host could not listen on 127.0.0.1: ${message.message}`
      void worker.terminate()
    } else
      void answer(handlers, message.channel, message.body, madeAhead)
        .catch((error: unknown) => {
          console.error('[parallax] request failed:', error)
          return { status: 500, body: JSON.stringify(fail('internal', 'The request failed.')) }
        })
        .then((answered) => post({ kind: 'answer', id: message.id, ...answered }))
  })
  const port = await Promise.race([
    listening,
    stopped.then((why) => {
      throw new Error(why)
    }),
  ])
  const origin = `http://127.0.0.1:${port}`
  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    port,
    // once closed, it does not fail: it stopped
    failed: stopped.then((why) => (closing ? new Promise<string>(() => undefined) : why)),
    close: async () => {
      closing = true
      post({ kind: 'close' })
      let timer: NodeJS.Timeout | undefined
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), CLOSE_WAIT_MS)))
      if ((await Promise.race([stopped, late])) === 'late') await worker.terminate()
      clearTimeout(timer)
    },
  }
}
