import type { Channel, ChannelInput, ChannelOutput } from '../../../shared/api'
import type { ErrorCode } from '../../../shared/result'
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

/** Calls the API and returns the value, or throws an ApiError whose message is meant for the user. */
export async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await api.invoke(channel, input)
  if (!result.ok) throw new ApiError(result.error.code, result.error.message)
  return result.value
}

export { api }
