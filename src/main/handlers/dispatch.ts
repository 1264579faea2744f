import { channels, isChannel, MAX_INPUT_BYTES, type Channel, type ChannelOutput, type HandlerInput } from '../../shared/api'
import { AppError, fail, ok, type Result } from '../../shared/result'
import { describeZodError } from '../../shared/zod-errors'

export { describeZodError }

/** One function per channel, taking validated input. */
export type Handlers = { [C in Channel]: (input: HandlerInput<C>) => Promise<ChannelOutput<C>> | ChannelOutput<C> }

/** The input's size as JSON in UTF-8, or null when it is not plain JSON data (a cycle, a BigInt, nesting too deep to write). */
function jsonSize(input: unknown): number | null {
  try {
    const json = JSON.stringify(input ?? {})
    return json === undefined ? null : Buffer.byteLength(json, 'utf8')
  } catch {
    return null
  }
}

/**
 * The single entry point of every transport: checks the channel, refuses an input that is not
 * plain data or is larger than MAX_INPUT_BYTES, validates it against the contract, runs the
 * handler, and turns anything thrown into an error result.
 */
export async function dispatch(handlers: Handlers, channel: unknown, input: unknown): Promise<Result<unknown>> {
  let name: string
  try {
    name = String(channel)
  } catch {
    name = typeof channel
  }
  if (!isChannel(channel)) return fail('unknown-channel', `There is no API channel ${JSON.stringify(name).slice(0, 80)}.`)
  const size = jsonSize(input)
  if (size === null) return fail('invalid-input', `Invalid input for ${channel}: it is not plain JSON data.`)
  if (size > MAX_INPUT_BYTES) {
    return fail('invalid-input', `The input for ${channel} is ${(size / 1024 / 1024).toFixed(1)} MiB; a call takes at most ${MAX_INPUT_BYTES / 1024 / 1024} MiB.`)
  }
  const parsed = channels[channel].input.safeParse(input ?? {})
  if (!parsed.success) return fail('invalid-input', `Invalid input for ${channel}: ${describeZodError(parsed.error)}`)
  try {
    const handler = handlers[channel] as (input: unknown) => unknown
    return ok(await handler(parsed.data))
  } catch (error) {
    if (error instanceof AppError) return fail(error.code, error.message)
    console.error(`[parallax] ${channel} failed:`, error)
    return fail('internal', `Something went wrong in ${channel}: ${(error as Error)?.message ?? String(error)}`)
  }
}
