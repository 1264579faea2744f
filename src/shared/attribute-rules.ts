/** What attribute values a tagset's definitions allow, and their defaults: plain functions, no schema (the renderer uses them without loading zod). */
import type { AttributeDef, AttributeValues } from './tagset'

/**
 * Checks attribute values against their definitions; returns the first problem as a sentence, or
 * null. `note` is the annotation's note, which some values require.
 */
export function attributeProblem(defs: AttributeDef[], values: AttributeValues, note: string): string | null {
  for (const key of Object.keys(values)) {
    if (!defs.some((def) => def.id === key)) return `there is no attribute "${key}" here`
  }
  for (const def of defs) {
    const value = values[def.id]
    if (value === undefined || value === null) continue
    switch (def.type) {
      case 'one-of':
        if (typeof value !== 'string' || !def.values.includes(value)) return `${def.name} must be one of: ${def.values.join(', ')}`
        if (def.needsNote.includes(value) && note.trim() === '') return `${def.name} "${value}" needs a note saying more`
        break
      case 'many-of':
        if (!Array.isArray(value)) return `${def.name} is a list of values`
        for (const item of value) if (!def.values.includes(item)) return `${def.name}: "${item}" is not one of: ${def.values.join(', ')}`
        if (new Set(value).size !== value.length) return `${def.name} lists a value twice`
        break
      case 'text':
        if (typeof value !== 'string') return `${def.name} is text`
        if (value.length > def.maxLength) return `${def.name} is at most ${def.maxLength} characters`
        break
      case 'boolean':
        if (typeof value !== 'boolean') return `${def.name} is yes or no`
        break
      case 'entity':
        if (typeof value !== 'string') return `${def.name} is an entity`
        break
    }
  }
  return null
}

/** The values a new annotation starts with: each one-of attribute's default. */
export function defaultAttributes(defs: AttributeDef[]): AttributeValues {
  const values: AttributeValues = {}
  for (const def of defs) if (def.type === 'one-of' && def.default !== undefined) values[def.id] = def.default
  return values
}
