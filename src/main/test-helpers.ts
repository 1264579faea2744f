/**
 * Shared helpers for the main-process unit tests: temp folders that are removed after each test,
 * small corpora written on the fly, and assertions on `AppError`s and API results.
 * Not a test file itself (the test glob is `*.test.ts`), and never bundled into the app.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, expect } from 'vitest'
import { channels, type Channel, type ChannelInput, type ChannelOutput } from '../shared/api'
import type { ErrorCode, Result } from '../shared/result'
import { AppError } from '../shared/result'
import { dispatch, type Handlers } from './handlers/dispatch'
import { appRoot } from './paths'

/** The five-article corpus that ships with Parallax, read in place (never written). */
export const BUNDLED_CORPUS = path.join(appRoot, 'corpus')

const tempDirs: string[] = []

afterEach(async () => {
  for (const dir of tempDirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

/** A fresh, empty folder under the system's temp folder, removed after the current test. */
export async function makeTempDir(prefix = 'parallax-test-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix))
  tempDirs.push(dir)
  return dir
}

/** Writes `files` (relative path → content) under `dir`, creating folders as needed. */
export async function writeFiles(dir: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name)
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, content)
  }
}

/** Asserts that `promise` rejects with an `AppError` of `code` whose message contains every one of `parts`. */
export async function expectAppError(promise: Promise<unknown>, code: ErrorCode, ...parts: string[]): Promise<AppError> {
  const error: unknown = await promise.then(
    () => expect.fail(`expected an AppError "${code}", but the call succeeded`),
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  const appError = error as AppError
  expect(appError.code, appError.message).toBe(code)
  for (const part of parts) expect(appError.message).toContain(part)
  return appError
}

/** Same as `expectAppError`, for a synchronous call. */
export function expectAppErrorSync(call: () => unknown, code: ErrorCode, ...parts: string[]): AppError {
  let error: unknown = null
  try {
    call()
  } catch (e) {
    error = e
  }
  expect(error, `expected an AppError "${code}"`).toBeInstanceOf(AppError)
  const appError = error as AppError
  expect(appError.code, appError.message).toBe(code)
  for (const part of parts) expect(appError.message).toContain(part)
  return appError
}

/** Asserts that `result` is an error result of `code`, whose message contains every one of `parts`. */
export function expectFailure(result: Result<unknown>, code: ErrorCode, ...parts: string[]): string {
  expect(result.ok, JSON.stringify(result)).toBe(false)
  if (result.ok) throw new Error('unreachable')
  expect(result.error.code, result.error.message).toBe(code)
  for (const part of parts) expect(result.error.message).toContain(part)
  return result.error.message
}

/**
 * Calls `channel` through `dispatch`, asserts that it succeeded, and checks the value against the
 * channel's output schema in the contract, so that no handler can return something the renderer does not expect.
 */
export async function call<C extends Channel>(handlers: Handlers, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await dispatch(handlers, channel, input)
  if (!result.ok) expect.fail(`${channel} failed: ${result.error.code}: ${result.error.message}`)
  return expectOutput(channel, result.value)
}

/** Parses `value` with the output schema of `channel`; fails the test if it does not match. */
export function expectOutput<C extends Channel>(channel: C, value: unknown): ChannelOutput<C> {
  const parsed = channels[channel].output.safeParse(value)
  if (!parsed.success) expect.fail(`${channel} returned a value that does not match its output schema: ${parsed.error.message}`)
  return parsed.data as ChannelOutput<C>
}
