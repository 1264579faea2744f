import type { z } from 'zod'

/** zod's type names in a researcher's words. */
const KINDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'null',
  bigint: 'a number',
  date: 'a date',
}

/** zod's "Invalid input: expected string, received number" as "should be text, not a number" (or "is missing"), and "expected \"x\"" as "should be \"x\"". */
export function issueMessage(issue: z.core.$ZodIssue): string {
  // a literal: 'Invalid input: expected "parallax-annotations"'
  const literal = /^Invalid input: expected (".*")$/.exec(issue.message)
  if (issue.code === 'invalid_value' && literal) return `should be ${literal[1]}`
  const typed = /^Invalid input: expected (\w+), received (\w+)$/.exec(issue.message)
  if (issue.code !== 'invalid_type' || !typed) return issue.message
  const [, expected, received] = typed as unknown as [string, string, string]
  const kind = (name: string) => KINDS[name] ?? name
  return received === 'undefined' ? `is missing (it should be ${kind(expected)})` : `should be ${kind(expected)}, not ${kind(received)}`
}

/** A zod error as one sentence a researcher can act on: where, and what is wrong. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.map(String).join('.')}: ${issueMessage(issue)}` : issueMessage(issue)))
    .join('; ')
}
