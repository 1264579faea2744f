import { symlink } from 'node:fs/promises'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { channelNames } from '../../shared/api'
import { CONTENT_SECURITY_POLICY } from '../../shared/csp'
import { createAppContext, type AppContext } from '../handlers'
import type { Handlers } from '../handlers/dispatch'
import { BUNDLED_CORPUS, call, deferred, expectOutput, makeTempDir, writeFiles } from '../test-helpers'
import { Workspace } from '../workspace/workspace'
import { MAX_BODY_BYTES, startBrowserHost, type BrowserHost } from './host'

interface Reply {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

/** One HTTP request with node's own client, which sends the path and the Host header exactly as given. */
function request(
  host: BrowserHost,
  options: { method?: string; path: string; headers?: Record<string, string | number>; body?: string | Buffer },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: host.port, method: options.method ?? 'GET', path: options.path, headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

/** An API call as the renderer makes it: POST, JSON body, bearer token. */
const api = (host: BrowserHost, channel: string, input: unknown, headers: Record<string, string> = {}): Promise<Reply> =>
  request(host, {
    method: 'POST',
    path: `/api/${channel}`,
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(input),
  })

const INDEX_HTML = '<!doctype html><title>Parallax</title><script type="module" src="/assets/app.js"></script>'
const APP_JS = 'console.log("parallax")\n'

let host: BrowserHost
let context: AppContext
let root: string

beforeEach(async () => {
  root = await makeTempDir()
  await writeFiles(root, {
    'static/index.html': INDEX_HTML,
    'static/assets/app.js': APP_JS,
    'secret.txt': 'outside the static folder',
    'package.json': '{ "name": "outside the static folder" }',
  })
  const workspace = await Workspace.init(path.join(root, 'ws'), BUNDLED_CORPUS)
  context = createAppContext({ dataDir: path.join(root, 'data'), workspace })
  host = await startBrowserHost({ handlers: () => context.handlers, staticDir: path.join(root, 'static') })
})

afterEach(async () => {
  await host.close()
})

function expectNoCorsHeaders(reply: Reply): void {
  expect(Object.keys(reply.headers).filter((name) => name.toLowerCase().startsWith('access-control-'))).toEqual([])
}

describe('startBrowserHost', () => {
  it('listens on 127.0.0.1 only, and gives an address whose fragment carries the token', () => {
    expect(host.origin).toBe(`http://127.0.0.1:${host.port}`)
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`)
    expect(host.token.length).toBeGreaterThanOrEqual(32)
    expect(host.port).toBeGreaterThan(0)
  })

  it('makes a new token for each launch', async () => {
    const other = await startBrowserHost({ handlers: () => context.handlers, staticDir: path.join(root, 'static') })
    try {
      expect(other.token).not.toBe(host.token)
      expect(other.port).not.toBe(host.port)
    } finally {
      await other.close()
    }
  })

  it('does not answer on other addresses of the machine', async () => {
    // ::1 is loopback too, but not the address the host was bound to; the others are the network's.
    const others = Object.values(os.networkInterfaces())
      .flatMap((infos) => infos ?? [])
      .map((info) => info.address)
      .filter((address) => address !== '127.0.0.1' && !address.startsWith('fe80:'))
    for (const address of new Set(['::1', ...others])) {
      const refused = await new Promise<boolean>((resolve) => {
        const req = http.request({ host: address, port: host.port, path: '/', agent: false, timeout: 2000 }, (res) => {
          res.resume()
          resolve(false)
        })
        req.on('timeout', () => req.destroy(new Error('timeout')))
        req.on('error', () => resolve(true))
        req.end()
      })
      expect(refused, address).toBe(true)
    }
  })
})

describe('the API', () => {
  it('answers a call with the right token', async () => {
    const reply = await api(host, 'corpus:list', {})
    expect(reply.status).toBe(200)
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(reply.headers['cache-control']).toBe('no-store')
    const result = JSON.parse(reply.body) as { ok: boolean; value: unknown }
    expect(result.ok).toBe(true)
    expect(expectOutput('corpus:list', result.value)).toHaveLength(5)
    expectNoCorsHeaders(reply)
  })

  it('writes the few characters beyond Latin-1 of an answer as escapes, which parse to the same titles', async () => {
    const reply = await api(host, 'corpus:list', {})
    expect([...reply.body].every((c) => (c.codePointAt(0) as number) < 0x100)).toBe(true)
    expect(reply.body).toContain('\\u2018Trump whisperer\\u2019')
    const titles = (JSON.parse(reply.body) as { value: { title: string }[] }).value.map((a) => a.title)
    expect(titles).toContain('New NATO head is most likely ‘Trump whisperer’ Mark Rutte')
  })

  it('answers with the text made ahead for the value made ahead (the app’s first screen, made while the browser starts), once', async () => {
    // a first screen with characters beyond Latin-1 (the user's name, the article's quotes), with a count of the times its text is made
    await call(context.handlers, 'settings:setAnnotator', { name: 'Ana Petrović' })
    await call(context.handlers, 'ui:set', { openArticles: ['semafor-rutte-trump-whisperer'] })
    let written = 0
    const first = await call(context.handlers, 'ui:firstScreen', {})
    const value = { ...first, toJSON: () => (written++, first) }
    let answered: object = value
    const handlers = (): Handlers => ({ ...context.handlers, 'ui:firstScreen': () => answered as typeof first })
    const ahead = await startBrowserHost({ handlers, staticDir: path.join(root, 'static'), ahead: Promise.resolve(value) })
    const asked = async () => JSON.parse((await api(ahead, 'ui:firstScreen', {})).body) as unknown
    try {
      await vi.waitFor(() => expect(written).toBe(1)) // before any call
      // a copy of it is not it: its text is made when it is answered
      answered = { ...value }
      expect(await asked()).toEqual({ ok: true, value: JSON.parse(JSON.stringify(first)) })
      expect(written).toBe(2)
      // the value itself: the text made ahead, escaped as every answer is
      answered = value
      const reply = await api(ahead, 'ui:firstScreen', {})
      expect(written).toBe(2)
      expect(JSON.parse(reply.body)).toEqual({ ok: true, value: JSON.parse(JSON.stringify(first)) })
      expect(reply.body).toContain('Ana Petrovi\\u0107')
      expect([...reply.body].every((c) => (c.codePointAt(0) as number) < 0x100)).toBe(true)
      // taken once: asked again, it is made again
      await asked()
      expect(written).toBe(3)
    } finally {
      await ahead.close()
    }
  })

  it('takes an empty body for an empty input', async () => {
    const reply = await request(host, { method: 'POST', path: '/api/workspace:info', headers: { Authorization: `Bearer ${host.token}` } })
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { articleCount: 5 } })
  })

  it('passes errors through as results', async () => {
    const reply = await api(host, 'article:get', { id: 'missing' })
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'not-found' } })
    expect(JSON.parse((await api(host, 'corpus:drop', {})).body)).toMatchObject({ ok: false, error: { code: 'unknown-channel' } })
    expect(JSON.parse((await api(host, 'corpus:list', { extra: 1 })).body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })

  it.each([
    ['no token', {}],
    ['a wrong token', { Authorization: 'Bearer not-the-token' }],
    ['the token without Bearer', { Authorization: 'TOKEN' }],
    ['an empty bearer', { Authorization: 'Bearer ' }],
  ])('refuses a call with %s (401)', async (_what, headers) => {
    const auth = (headers as { Authorization?: string }).Authorization?.replace('TOKEN', host.token)
    const reply = await request(host, {
      method: 'POST',
      path: '/api/corpus:list',
      headers: { 'Content-Type': 'application/json', ...(auth === undefined ? {} : { Authorization: auth }) },
      body: '{}',
    })
    expect(reply.status).toBe(401)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
    expectNoCorsHeaders(reply)
  })

  it.each(channelNames)('refuses %s without the token (401), and runs no handler', async (channel) => {
    const handlers = Object.fromEntries(channelNames.map((name) => [name, vi.fn(() => ({}))])) as unknown as Handlers
    const guarded = await startBrowserHost({ handlers: () => handlers, staticDir: path.join(root, 'static') })
    try {
      const attempts: Record<string, string>[] = [{}, { Authorization: 'Bearer wrong' }, { Authorization: `Basic ${guarded.token}` }, { Cookie: `token=${guarded.token}` }]
      for (const headers of attempts) {
        const reply = await request(guarded, { method: 'POST', path: `/api/${channel}`, headers: { 'Content-Type': 'application/json', ...headers }, body: '{}' })
        expect(reply.status).toBe(401)
        expectNoCorsHeaders(reply)
      }
      // nor with the token in the address, where it would end up in logs and history
      const inQuery = await request(guarded, { method: 'POST', path: `/api/${channel}?token=${guarded.token}`, headers: { 'Content-Type': 'application/json' }, body: '{}' })
      expect(inQuery.status).toBe(401)
      expect((handlers as unknown as Record<string, ReturnType<typeof vi.fn>>)[channel]).not.toHaveBeenCalled()
    } finally {
      await guarded.close()
    }
  })

  it('refuses a call with a token that only starts like the right one', async () => {
    const reply = await api(host, 'corpus:list', {}, { Authorization: `Bearer ${host.token}x` })
    expect(reply.status).toBe(401)
  })

  it('runs no handler for a call it refuses', async () => {
    const reply = await api(host, 'settings:setAnnotator', { name: 'Mallory' }, { Authorization: 'Bearer wrong' })
    expect(reply.status).toBe(401)
    expect(await context.handlers['settings:get']({})).toMatchObject({ annotator: null })
  })

  it('answers GET and other methods on the API with 405', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const reply = await request(host, { method, path: '/api/corpus:list', headers: { Authorization: `Bearer ${host.token}` } })
      expect(reply.status, method).toBe(405)
      expectNoCorsHeaders(reply)
    }
  })

  it('answers a body that is not JSON with 400', async () => {
    const reply = await request(host, {
      method: 'POST',
      path: '/api/corpus:list',
      headers: { Authorization: `Bearer ${host.token}` },
      body: '{ "not": json',
    })
    expect(reply.status).toBe(400)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })

  it('answers a body over the limit with 413, and runs no handler', async () => {
    const json = JSON.stringify({ name: 'Mallory' })
    const reply = await request(host, {
      method: 'POST',
      path: '/api/settings:setAnnotator',
      headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
      body: json + ' '.repeat(MAX_BODY_BYTES + 1 - json.length),
    })
    expect(reply.status).toBe(413)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
    // The host still answers afterwards, and the call was not made.
    const settings = await api(host, 'settings:get', {})
    expect(JSON.parse(settings.body)).toMatchObject({ ok: true, value: { annotator: null } })
  })

  it('answers 413 also to a body sent in chunks, without a length', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: host.port, method: 'POST', path: '/api/corpus:list', headers: { Authorization: `Bearer ${host.token}` }, agent: false },
        (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        },
      )
      req.on('error', reject)
      const chunk = Buffer.alloc(1024 * 1024, 0x20)
      for (let sent = 0; sent <= MAX_BODY_BYTES; sent += chunk.length) req.write(chunk)
      req.end()
    })
    expect(status).toBe(413)
  })

  it('answers a malformed channel name with 400', async () => {
    const reply = await api(host, '%E0%A4%A', {})
    expect(reply.status).toBe(400)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } })
  })

  it('accepts a body just under the limit', async () => {
    const json = JSON.stringify({ name: 'Ada' })
    const body = json + ' '.repeat(MAX_BODY_BYTES - json.length)
    const reply = await request(host, { method: 'POST', path: '/api/settings:setAnnotator', headers: { Authorization: `Bearer ${host.token}` }, body })
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { annotator: 'Ada' } })
  })
})

describe('its thread', () => {
  it('says why it cannot start: the port taken', async () => {
    await expect(startBrowserHost({ handlers: () => context.handlers, staticDir: path.join(root, 'static'), port: host.port })).rejects.toThrow(
      /could not listen on 127\.0\.0\.1: .*EADDRINUSE/,
    )
  })

  it('closes once however often it is asked, with a call still waiting for its handler', async () => {
    const called = deferred()
    const waiting = await startBrowserHost({
      handlers: () => ({
        ...context.handlers,
        'corpus:list': () => {
          called.resolve()
          return new Promise<never>(() => undefined)
        },
      }),
      staticDir: path.join(root, 'static'),
    })
    const asked = api(waiting, 'corpus:list', {}).then(
      () => 'answered',
      (error: Error) => error.message,
    )
    await called.promise
    await Promise.all([waiting.close(), waiting.close()])
    await waiting.close()
    // the connection closed with the host: the page is told Parallax is not running (transport.ts)
    expect(await asked).toBe('socket hang up')
    await expect(request(waiting, { path: '/' })).rejects.toThrow(/ECONNREFUSED/)
  })
})

describe('requests from elsewhere', () => {
  it.each(['evil.example', 'evil.example:PORT', '127.0.0.1', '127.0.0.1.nip.io:PORT'])(
    'refuses the Host header %j with 403, for the API and for files',
    async (hostHeader) => {
      const value = hostHeader.replace('PORT', String(host.port))
      for (const reply of [
        await api(host, 'corpus:list', {}, { Host: value }),
        await request(host, { path: '/', headers: { Host: value } }),
      ]) {
        expect(reply.status).toBe(403)
        expect(reply.body).not.toContain('semafor')
        expectNoCorsHeaders(reply)
      }
    },
  )

  it('refuses a request without a Host header', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: host.port, path: '/', setHost: false, agent: false }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      req.end()
    })
    expect(status).toBeGreaterThanOrEqual(400)
  })

  it('accepts localhost as well as 127.0.0.1 in the Host header', async () => {
    expect((await api(host, 'corpus:list', {}, { Host: `localhost:${host.port}` })).status).toBe(200)
  })

  it.each(['https://evil.example', 'http://evil.example', 'null', 'https://127.0.0.1:PORT', 'http://127.0.0.1:1'])(
    'refuses the Origin %j with 403, even with the right token',
    async (origin) => {
      const reply = await api(host, 'corpus:list', {}, { Origin: origin.replace('PORT', String(host.port)) })
      expect(reply.status).toBe(403)
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } })
      expectNoCorsHeaders(reply)
    },
  )

  it('accepts its own origin', async () => {
    expect((await api(host, 'corpus:list', {}, { Origin: host.origin })).status).toBe(200)
    expect((await api(host, 'corpus:list', {}, { Origin: `http://localhost:${host.port}` })).status).toBe(200)
  })

  it.each(['127.0.0.2:PORT', '[::1]:PORT', '0.0.0.0:PORT', 'localhost.:PORT', 'localhost:1', '127.0.0.1:PORT@evil.example'])(
    'refuses the Host header %j, a loopback name or not (403)',
    async (hostHeader) => {
      const value = hostHeader.replace('PORT', String(host.port))
      const reply = await api(host, 'corpus:list', {}, { Host: value })
      expect(reply.status).toBe(403)
      expectNoCorsHeaders(reply)
    },
  )

  it('refuses a page of another origin its files too, not only the API', async () => {
    const reply = await request(host, { path: '/assets/app.js', headers: { Origin: 'https://evil.example' } })
    expect(reply.status).toBe(403)
    expect(reply.body).not.toContain('parallax')
  })

  it('sends no CORS header in any answer, whatever its status', async () => {
    const replies = [
      await request(host, { path: '/' }),
      await request(host, { path: '/nope' }),
      await request(host, { method: 'POST', path: '/index.html', body: 'x' }),
      await api(host, 'corpus:list', {}),
      await api(host, 'corpus:list', {}, { Authorization: 'Bearer wrong' }),
      await api(host, 'corpus:list', {}, { Origin: 'https://evil.example' }),
      await api(host, 'no:such', {}),
      await request(host, { method: 'POST', path: '/api/corpus:list', headers: { Authorization: `Bearer ${host.token}` }, body: '{' }),
    ]
    expect(new Set(replies.map((reply) => reply.status))).toEqual(new Set([200, 404, 405, 401, 403, 400]))
    for (const reply of replies) expectNoCorsHeaders(reply)
  })

  it('sends no CORS headers in answer to a preflight', async () => {
    for (const origin of ['https://evil.example', host.origin]) {
      const reply = await request(host, {
        method: 'OPTIONS',
        path: '/api/corpus:list',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
      })
      expect(reply.status).toBeGreaterThanOrEqual(400)
      expectNoCorsHeaders(reply)
    }
  })
})

describe('static files', () => {
  it('serves index.html at / with the content security policy', async () => {
    const reply = await request(host, { path: '/' })
    expect(reply.status).toBe(200)
    expect(reply.body).toBe(INDEX_HTML)
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(reply.headers['content-security-policy']).toBe(`${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`)
    expect(reply.headers['x-content-type-options']).toBe('nosniff')
    expect(reply.headers['x-frame-options']).toBe('DENY')
    expectNoCorsHeaders(reply)
  })

  it('serves the page and refuses a stranger while the main thread is held (by the store reading a layer file, say)', async () => {
    // another thread asks; the answers' statuses are written where this one, held meanwhile, reads them
    const statuses = new Int32Array(new SharedArrayBuffer(8))
    const asker = new Worker(
      `const http = require('node:http')
      const { port, statuses } = require('node:worker_threads').workerData
      const tell = (i, status) => {
        Atomics.store(statuses, i, status)
        Atomics.notify(statuses, i)
      }
      const ask = (i, headers) =>
        http.get({ host: '127.0.0.1', port, path: '/assets/app.js', headers, agent: false }, (res) => {
          res.resume()
          tell(i, res.statusCode)
        }).on('error', () => tell(i, -1))
      ask(0, {})
      ask(1, { Host: 'attacker.example' })`,
      { eval: true, workerData: { port: host.port, statuses } },
    )
    try {
      // this thread blocks until both answers come (or 10 s for each, which fails): nothing of it runs meanwhile
      for (const i of [0, 1]) Atomics.wait(statuses, i, 0, 10_000)
      expect(Array.from(statuses)).toEqual([200, 403])
    } finally {
      await asker.terminate()
    }
  })

  it('serves a script with its type and length', async () => {
    const reply = await request(host, { path: '/assets/app.js' })
    expect(reply.status).toBe(200)
    expect(reply.body).toBe(APP_JS)
    expect(reply.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(reply.headers['content-length']).toBe(String(Buffer.byteLength(APP_JS)))
    expect(reply.headers['content-security-policy']).toContain("script-src 'self'")
  })

  it("lets the browser keep the build's assets (named by their hash), and asks it to check the page each time", async () => {
    expect((await request(host, { path: '/assets/app.js' })).headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect((await request(host, { path: '/' })).headers['cache-control']).toBe('no-cache')
    expect((await request(host, { path: '/index.html' })).headers['cache-control']).toBe('no-cache')
    // the page reached through the assets' folder is still the page
    expect((await request(host, { path: '/assets/../index.html' })).headers['cache-control']).toBe('no-cache')
  })

  it('answers a missing file and a folder with 404', async () => {
    expect((await request(host, { path: '/nope.js' })).status).toBe(404)
    expect((await request(host, { path: '/assets' })).status).toBe(404)
    expect((await request(host, { path: '/assets/' })).status).toBe(404)
  })

  it.each([
    '/../package.json',
    '/%2e%2e/package.json',
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/%2E%2E/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/index.html%00.js',
    '/%00',
    '/../ws/corpus/manifest.json',
  ])('does not serve %j (404)', async (requestPath) => {
    const reply = await request(host, { path: requestPath })
    expect(reply.status).toBe(404)
    expect(reply.body).not.toContain('outside the static folder')
    expect(reply.body).not.toContain('schemaVersion')
  })

  it('answers a malformed path with 400', async () => {
    expect((await request(host, { path: '/%E0%A4%A' })).status).toBe(400)
  })

  it('does not follow a link in the renderer folder to a file outside it', async () => {
    await symlink(path.join(root, 'secret.txt'), path.join(root, 'static', 'assets', 'linked.js'))
    await symlink(root, path.join(root, 'static', 'up'))
    for (const requestPath of ['/assets/linked.js', '/up/secret.txt', '/up/ws/parallax-workspace.json']) {
      const reply = await request(host, { path: requestPath })
      expect(reply.status, requestPath).toBe(404)
      expect(reply.body).not.toContain('outside the static folder')
    }
  })

  it('serves files only from the folder it was given, not the workspace, the data folder or the app', async () => {
    for (const requestPath of ['/ws/parallax-workspace.json', '/data/settings.json', '/package.json', '/secret.txt', '/static/index.html']) {
      expect((await request(host, { path: requestPath })).status, requestPath).toBe(404)
    }
  })

  it('answers POST outside the API with 405', async () => {
    expect((await request(host, { method: 'POST', path: '/index.html', body: 'x' })).status).toBe(405)
  })
})
