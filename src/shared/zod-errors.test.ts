import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { describeZodError } from './zod-errors'

const problem = (schema: z.ZodType, value: unknown): string => {
  const parsed = schema.safeParse(value)
  if (parsed.success) throw new Error('expected a failure')
  return describeZodError(parsed.error)
}

describe('describeZodError', () => {
  const File = z.object({ name: z.string(), articles: z.array(z.object({ id: z.string(), words: z.number() })) })

  it('says what a field should be, and what it is, in plain words', () => {
    expect(problem(File, { name: 3, articles: [] })).toBe('name: should be text, not a number')
    expect(problem(File, { articles: [] })).toBe('name: is missing (it should be text)')
    expect(problem(File, { name: 'x', articles: [{ id: 'a', words: 'many' }] })).toBe('articles.0.words: should be a number, not text')
    expect(problem(File, { name: 'x', articles: {} })).toBe('articles: should be a list, not an object')
    expect(problem(z.object({ format: z.literal('parallax-annotations') }), { format: 'w3c' })).toBe('format: should be "parallax-annotations"')
  })

  it('keeps the schema’s own messages, and says at most three problems', () => {
    expect(problem(z.object({ name: z.string().min(1, 'the name is empty') }), { name: '' })).toBe('name: the name is empty')
    expect(problem(File, { name: 1, articles: [{ id: 1, words: 1 }, { id: 2, words: 2 }] }).split('; ')).toHaveLength(3)
  })
})
