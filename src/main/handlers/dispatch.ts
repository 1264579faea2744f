import { channels, isChannel, type Channel, type ChannelOutput, type HandlerInput } from '../../shared/api'
import { AppError, fail, ok, type Result } from '../../shared/result'
import { describeZodError } from '../../shared/zod-errors'

export { describeZodError }

/** One function per channel, taking validated input. */
export type Handlers = { [C in Channel]: (input: HandlerInput<C>) => Promise<ChannelOutput<C>> | ChannelOutput<C> }

/**
 * The single entry point of every transport: checks the channel, validates the input against the
 * contract, runs the handler, and turns anything thrown into an error result.
 */
export async function dispatch(handlers: Handlers, channel: unknown, input: unknown): Promise<Result<unknown>> {
  if (!isChannel(channel)) return fail('unknown-channel', `There is no API channel ${JSON.stringify(String(channel)).slice(0, 80)}.`)
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
