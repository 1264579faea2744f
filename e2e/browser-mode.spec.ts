import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { spawn } from 'node:child_process'
import { findElectronBinary } from '../src/main/cli/electron-binary'
import { CLI, runParallax, startBrowserMode, type BrowserModeServer } from './fixtures'

let root: string
let server: BrowserModeServer

test.beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'parallax-host-'))
  const init = await runParallax(['init', path.join(root, 'workspace')])
  expect(init.code).toBe(0)
  server = await startBrowserMode(path.join(root, 'workspace'), path.join(root, 'home'))
})

test.afterAll(async () => {
  await server.stop()
  await rm(root, { recursive: true, force: true })
})

test('prints one ready line with a loopback address carrying a token', () => {
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/)
})

test('the API refuses a call without the token, or with a wrong one', async ({ request }) => {
  const without = await request.post(`${server.origin}/api/corpus:list`, { data: {} })
  expect(without.status()).toBe(401)
  expect(await without.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } })

  const wrong = await request.post(`${server.origin}/api/corpus:list`, { data: {}, headers: { Authorization: 'Bearer nope' } })
  expect(wrong.status()).toBe(401)

  const right = await request.post(`${server.origin}/api/corpus:list`, { data: {}, headers: { Authorization: `Bearer ${server.token}` } })
  expect(right.status()).toBe(200)
  const body = (await right.json()) as { ok: boolean; value: unknown[] }
  expect(body.ok).toBe(true)
  expect(body.value).toHaveLength(5)
  expect(right.headers()['access-control-allow-origin']).toBeUndefined()
})

test('a request from another origin is refused', async ({ request }) => {
  const response = await request.post(`${server.origin}/api/corpus:list`, {
    data: {},
    headers: { Authorization: `Bearer ${server.token}`, Origin: 'http://evil.example' },
  })
  expect(response.status()).toBe(403)
})

test('npm start without Electron says so in one line and serves browser mode', async () => {
  test.skip(findElectronBinary({ download: false }).ok, 'an Electron binary is present here')
  const home = path.join(root, 'home-start')
  // a workspace of its own: on the one the other server has open, it would start read-only and say so
  const workspace = path.join(root, 'workspace-start')
  expect((await runParallax(['init', workspace])).code).toBe(0)
  const child = spawn(process.execPath, [CLI, 'start', '--no-open', '--workspace', workspace], {
    env: { ...process.env, PARALLAX_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  try {
    await expect.poll(() => stdout, { timeout: 90_000 }).toMatch(/^Parallax ready: http:\/\/127\.0\.0\.1:\d+\/#token=\S+\n$/)
    expect(stderr.trim().split('\n')).toHaveLength(1)
    expect(stderr).toMatch(/^Electron is not available: .+; starting browser mode\.$/m)
  } finally {
    child.kill('SIGTERM')
  }
})
