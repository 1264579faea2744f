/**
 * Browser mode's HTTP host, in a thread of its own (started by host.ts): the checks of every request,
 * the app's own files, and the API calls handed to the main thread, which runs their handlers.
 *
 * Why a thread: the main thread holds the store. Opening a workspace reads layer files there, 20–70
 * ms each in a process that has just started; a request for the page's script or style sheet that
 * came meanwhile waited for them, one file or two for each request (docs/performance.md, render).
 * Here the page's files and every refusal of the host's checks are answered whatever the main
 * thread is doing, and the calls that come while it is busy wait there together, as messages it
 * takes when it is free.
 *
 * It imports Node's modules and two small modules of the contract only (the rest it needs comes with
 * its start: `HostWorkerData`), so that the thread starts without loading the app's code. It is
 * an entry of the main build of its own (out/main/host-worker.js): nothing imports it.
 */
import { timingSafeEqual } from 'node:crypto'
import { readFileSync, realpathSync, statSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'
import { CONTENT_SECURITY_POLICY } from '../../shared/csp'
import { fail, type ErrorCode } from '../../shared/result'
import type { FromHost, HostWorkerData, ToHost } from './host-protocol'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.json': 'application/json; charset=utf-8',
  '.ico': 'image/x-icon',
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
}

/**
 * How long the browser may keep a static file, by its path inside the static folder: the build's
 * assets are named by their content's hash (electron-vite), so they are kept without asking again,
 * and each column's document (an iframe) finds the fonts its page fetched in the browser's memory at
 * once; the page itself (index.html, which names the assets) is asked for each time.
 */
const cacheControlOf = (inside: string): string => (inside.split(path.sep)[0] === 'assets' ? 'public, max-age=31536000, immutable' : 'no-cache')

/** An answer's body: JSON, as the API's answers are. */
function send(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(body)
}

const refuse = (res: http.ServerResponse, status: number, code: ErrorCode, message: string): void => send(res, status, JSON.stringify(fail(code, message)))

const realPathOrNull = (file: string): string | null => {
  try {
    return realpathSync(file)
  } catch {
    return null
  }
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '', 'utf8')
  const expected = Buffer.from(token, 'utf8')
  return presented.length === expected.length && timingSafeEqual(presented, expected)
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      if (size > limit) return // the rest is read and dropped, so that the client gets the 413 (destroying the socket would reset it)
      size += chunk.length
      if (size > limit) {
        chunks = []
        resolve('too-large')
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/**
 * Serves requests on 127.0.0.1 only. Every API call needs the per-launch token (401 otherwise);
 * requests whose Host or Origin is not this host are refused (DNS rebinding, other sites); no CORS
 * headers are ever sent; files are served only from the built renderer.
 */
function serve(data: HostWorkerData, port: NonNullable<typeof parentPort>): void {
  const post = (message: FromHost, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer)
  let allowedHosts = new Set<string>()
  let nextId = 0
  const waiting = new Map<number, (answer: { status: number; body: string }) => void>()

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      console.error('[parallax] request failed:', error)
      if (!res.headersSent) refuse(res, 500, 'internal', 'The request failed.')
      else res.destroy()
    })
  })

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      return refuse(res, 403, 'unauthorized', 'This host only answers requests addressed to itself.')
    }
    const origin = req.headers.origin
    if (origin !== undefined && !allowedHosts.has(origin.replace(/^http:\/\//, ''))) {
      return refuse(res, 403, 'unauthorized', 'Requests from other origins are refused.')
    }
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return refuse(res, 405, 'invalid-input', 'API calls are POST requests.')
      if (!tokenMatches(req.headers.authorization, data.token)) {
        return refuse(res, 401, 'unauthorized', 'This call needs the token Parallax printed at launch.')
      }
      const body = await readBody(req, data.maxBodyBytes)
      if (body === 'too-large') return refuse(res, 413, 'invalid-input', `A request is at most ${data.maxBodyBytes} bytes.`)
      let channel: string
      try {
        channel = decodeURIComponent(url.pathname.slice('/api/'.length))
      } catch {
        return refuse(res, 400, 'invalid-input', 'Malformed path.')
      }
      const id = nextId++
      const answer = new Promise<{ status: number; body: string }>((resolve) => waiting.set(id, resolve))
      // the body's bytes handed over to the main thread; copied first when they share their memory (Node's pool of small buffers)
      const own = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength
      const bytes = own ? new Uint8Array(body.buffer, 0, body.byteLength) : new Uint8Array(body)
      post({ kind: 'call', id, channel, body: bytes }, [bytes.buffer as ArrayBuffer])
      const { status, body: text } = await answer
      return send(res, status, text)
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'invalid-input', 'Only GET here.')
    return serveStatic(url.pathname, res)
  }

  /** One of the app's own files (the page, its script, style sheet and fonts: none over half a megabyte), read at once. */
  function serveStatic(pathname: string, res: http.ServerResponse): void {
    let relative: string
    try {
      relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname)
    } catch {
      return refuse(res, 400, 'invalid-input', 'Malformed path.')
    }
    const root = data.staticRoot
    const file = path.resolve(root, `.${path.posix.normalize(relative)}`)
    const inside = path.relative(root, file)
    if (relative.includes('\0') || inside.startsWith('..') || path.isAbsolute(inside)) {
      return refuse(res, 404, 'not-found', 'Not found.')
    }
    // a link inside the folder to a file outside it is not followed out
    const real = realPathOrNull(file)
    if (real === null) return refuse(res, 404, 'not-found', 'Not found.')
    const realInside = path.relative(realPathOrNull(root) ?? root, real)
    if (realInside.startsWith('..') || path.isAbsolute(realInside)) return refuse(res, 404, 'not-found', 'Not found.')
    let body: Buffer
    try {
      if (!statSync(real).isFile()) return refuse(res, 404, 'not-found', 'Not found.')
      body = readFileSync(real)
    } catch {
      return refuse(res, 404, 'not-found', 'Not found.')
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': body.length,
      'Content-Security-Policy': `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
      'Cache-Control': cacheControlOf(inside),
    })
    res.end(body)
  }

  port.on('message', (message: ToHost) => {
    if (message.kind === 'answer') {
      waiting.get(message.id)?.(message)
      waiting.delete(message.id)
    } else {
      server.closeAllConnections()
      server.close(() => port.close())
    }
  })
  let listening = false
  // before it listens: why it cannot (the main thread ends the thread); after: a connection the system refused (too many files open, say), told, and the host goes on
  server.on('error', (error) => (listening ? console.error('[parallax] the browser host:', error.message) : post({ kind: 'failed', message: error.message })))
  server.listen(data.port, '127.0.0.1', () => {
    listening = true
    const { port: at } = server.address() as AddressInfo
    allowedHosts = new Set([`127.0.0.1:${at}`, `localhost:${at}`])
    post({ kind: 'listening', port: at })
  })
}

if (parentPort) serve(workerData as HostWorkerData, parentPort)
