/**
 * A stand-in for the renderer's API client in unit tests of the store: `call` is a mock each test
 * programs, `ApiError` the real shape. Use: `vi.mock('../api/client', () => import('./test-api'))`.
 */
import { vi } from 'vitest'

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export const call = vi.fn()
export const api = { invoke: vi.fn(), onCommand: vi.fn() }

/** A tagset of one label, Claim, without attributes. */
export const CLAIM_ONLY = {
  schemaVersion: 1 as const,
  name: 'Test',
  labels: [{ id: 'claim', name: 'Claim', color: '#123456', guideline: '', attributes: [] }],
  linkTypes: [],
}

export const callEarly = vi.fn()
export const answeredEarly = vi.fn()
export const forgetEarlyCalls = vi.fn()
