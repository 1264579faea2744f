import type { Channel, ChannelInput, ChannelOutput } from '../../../shared/api'
import type { ErrorCode, Result } from '../../../shared/result'
import { api } from './transport'

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new ApiError(result.error.code, result.error.message)
  return result.value
}

/**
 * Calls asked before the app starts (the first screen's: firstScreen.ts), by channel and input,
 * until the app asks the same: it is answered by them, not asked again. Reads only.
 */
const early = new Map<string, Promise<Result<unknown>>>()
const keyOf = (channel: Channel, input: unknown): string => `${channel} ${JSON.stringify(input ?? {})}`

/** Asks now what the app will ask when it starts (`call` with the same channel and input takes the answer); returns the value too. */
export async function callEarly<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const key = keyOf(channel, input)
  let asked = early.get(key)
  if (!asked) early.set(key, (asked = api.invoke(channel, input)))
  return valueOf((await asked) as Result<ChannelOutput<C>>)
}

/**
 * Keeps a part of another call's answer (the first screen's) as the early answer to `channel` with
 * `input`, for the app's call to take, whenever it comes; when that answer is refused, the channel
 * is asked itself, and its own answer (or refusal, with its own reason) is the app's.
 */
export function answeredEarly<C extends Channel>(channel: C, input: ChannelInput<C>, part: ChannelOutput<C> | Promise<ChannelOutput<C>>): void {
  early.set(
    keyOf(channel, input),
    Promise.resolve(part).then(
      (value): Result<unknown> => ({ ok: true, value }),
      () => api.invoke(channel, input),
    ),
  )
}

/** Drops the early answers the app has not taken (they are the opening's: asked later, they would be stale). */
export const forgetEarlyCalls = (): void => early.clear()

/** Calls the API and returns the value, or throws an ApiError whose message is meant for the user. */
export async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  let asked: Promise<Result<unknown>> | undefined
  if (early.size > 0) {
    const key = keyOf(channel, input)
    asked = early.get(key)
    early.delete(key)
  }
  return valueOf((await (asked ?? api.invoke(channel, input))) as Result<ChannelOutput<C>>)
}

export { api }
