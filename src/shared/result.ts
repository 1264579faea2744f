/** What every handler returns across a transport: a value, or an error a researcher can read. */
export const errorCodes = [
  'invalid-input',
  'not-found',
  'unknown-channel',
  'conflict',
  'read-only',
  'corrupt-file',
  'io-error',
  'unauthorized',
  'internal',
] as const
export type ErrorCode = (typeof errorCodes)[number]

export interface AppErrorShape {
  code: ErrorCode
  message: string
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape }

/** An error thrown inside a handler that is meant for the user: its message is shown as it is. */
export class AppError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string) {
    super(message)
    this.name = 'AppError'
    this.code = code
  }
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value })
export const fail = (code: ErrorCode, message: string): Result<never> => ({
  ok: false,
  error: { code, message },
})
