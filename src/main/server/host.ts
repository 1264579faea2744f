import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFileSync, realpathSync, statSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { MAX_INPUT_BYTES } from '../../shared/api'
import { CONTENT_SECURITY_POLICY } from '../../shared/csp'
import { fail } from '../../shared/result'
import { dispatch, type Handlers } from '../handlers/dispatch'
import { latin1Json } from './latin1-json'

/** Largest API request body accepted, in bytes: the contract's limit on one call's input. */
export const MAX_BODY_BYTES = MAX_INPUT_BYTES

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

export interface BrowserHost {
  /** The address to open: carries the per-launch token in its fragment, which is never sent over the wire. */
  url: string
  origin: string
  token: string
  port: number
  close(): Promise<void>
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
export const cacheControlOf = (inside: string): string => (inside.split(path.sep)[0] === 'assets' ? 'public, max-age=31536000, immutable' : 'no-cache')

function send(res: http.ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8'): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store' })
  res.end(body)
}

const realPathOrNull = (file: string): string | null => {
  try {
    return realpathSync(file)
  } catch {
    return null
  }
}

const sendError = (res: http.ServerResponse, status: number, code: Parameters<typeof fail>[0], message: string): void =>
  send(res, status, JSON.stringify(fail(code, message)))

function tokenMatches(header: string | undefined, token: string): boolean {
  const presented = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '', 'utf8')
  const expected = Buffer.from(token, 'utf8')
  return presented.length === expected.length && timingSafeEqual(presented, expected)
}

function readBody(req: http.IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      if (size > MAX_BODY_BYTES) return // the rest is read and dropped, so that the client gets the 413 (destroying the socket would reset it)
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
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
 * Browser mode: the same handlers as Electron's IPC, behind an HTTP host on 127.0.0.1 only.
 * Every API call needs the per-launch token (401 otherwise); requests whose Host or Origin is not
 * this host are refused (DNS rebinding, other sites); no CORS headers are ever sent; files are
 * served only from the built renderer.
 */
export async function startBrowserHost(options: {
  handlers: () => Handlers
  staticDir: string
  port?: number
  token?: string
}): Promise<BrowserHost> {
  const token = options.token ?? randomBytes(32).toString('base64url')
  const staticRoot = path.resolve(options.staticDir)
  let allowedHosts = new Set<string>()

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      console.error('[parallax] request failed:', error)
      if (!res.headersSent) sendError(res, 500, 'internal', 'The request failed.')
      else res.destroy()
    })
  })

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      return sendError(res, 403, 'unauthorized', 'This host only answers requests addressed to itself.')
    }
    const origin = req.headers.origin
    if (origin !== undefined && !allowedHosts.has(origin.replace(/^http:\/\//, ''))) {
      return sendError(res, 403, 'unauthorized', 'Requests from other origins are refused.')
    }
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return sendError(res, 405, 'invalid-input', 'API calls are POST requests.')
      if (!tokenMatches(req.headers.authorization, token)) {
        return sendError(res, 401, 'unauthorized', 'This call needs the token Parallax printed at launch.')
      }
      const body = await readBody(req)
      if (body === 'too-large') return sendError(res, 413, 'invalid-input', `A request is at most ${MAX_BODY_BYTES} bytes.`)
      let input: unknown = {}
      if (body.length > 0) {
        try {
          input = JSON.parse(body.toString('utf8'))
        } catch {
          return sendError(res, 400, 'invalid-input', 'The request body is not valid JSON.')
        }
      }
      let channel: string
      try {
        channel = decodeURIComponent(url.pathname.slice('/api/'.length))
      } catch {
        return sendError(res, 400, 'invalid-input', 'Malformed path.')
      }
      const result = await dispatch(options.handlers(), channel, input)
      // its few characters beyond Latin-1 escaped: the page decodes and parses it sooner (latin1-json.ts)
      return send(res, 200, latin1Json(JSON.stringify(result)))
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'invalid-input', 'Only GET here.')
    return serveStatic(url.pathname, res)
  }

  /**
   * One of the app's own files (the page, its script, style sheet and fonts: none over half a
   * megabyte), read at once rather than through Node's thread pool: a request for it is answered in
   * one turn of the event loop, not one turn per step (the real path, the size, the reading), each
   * behind whatever else holds the thread meanwhile, such as the first screen's files being read
   * while the page loads (docs/performance.md, render).
   */
  function serveStatic(pathname: string, res: http.ServerResponse): void {
    let relative: string
    try {
      relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname)
    } catch {
      return sendError(res, 400, 'invalid-input', 'Malformed path.')
    }
    const file = path.resolve(staticRoot, `.${path.posix.normalize(relative)}`)
    const inside = path.relative(staticRoot, file)
    if (relative.includes('\0') || inside.startsWith('..') || path.isAbsolute(inside)) {
      return sendError(res, 404, 'not-found', 'Not found.')
    }
    // a link inside the folder to a file outside it is not followed out
    const real = realPathOrNull(file)
    if (real === null) return sendError(res, 404, 'not-found', 'Not found.')
    const realInside = path.relative(realPathOrNull(staticRoot) ?? staticRoot, real)
    if (realInside.startsWith('..') || path.isAbsolute(realInside)) return sendError(res, 404, 'not-found', 'Not found.')
    let body: Buffer
    try {
      if (!statSync(real).isFile()) return sendError(res, 404, 'not-found', 'Not found.')
      body = readFileSync(real)
    } catch {
      return sendError(res, 404, 'not-found', 'Not found.')
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

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  const origin = `http://127.0.0.1:${port}`
  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
