/**
 * Attribute values as plain "name: value" strings and back: how formats without typed attributes
 * (W3C describing bodies, brat notes) carry them. Values are checked against the tagset on the way in.
 */
import type { AttributeDef, AttributeValues, AttributeValue } from '../../../shared/tagset'

/** "severity: major", one string per value (a many-of attribute gives one per chosen value). */
export function describeAttributes(defs: readonly AttributeDef[], values: AttributeValues, skip: (def: AttributeDef) => boolean = () => false): string[] {
  const lines: string[] = []
  for (const def of defs) {
    const value = values[def.id]
    if (value === undefined || value === null || skip(def)) continue
    if (Array.isArray(value)) for (const item of value) lines.push(`${def.id}: ${item}`)
    else lines.push(`${def.id}: ${String(value)}`)
  }
  return lines
}

/** Finds an attribute by id or name, as files written by hand may use either. */
export function findAttribute(defs: readonly AttributeDef[], key: string): AttributeDef | undefined {
  const wanted = key.trim().toLowerCase()
  return defs.find((def) => def.id === wanted || def.name.toLowerCase() === wanted)
}

/** Adds one "name: value" string to the values; returns why it does not fit, or null. */
export function readAttributeLine(defs: readonly AttributeDef[], values: AttributeValues, line: string): string | null {
  const colon = line.indexOf(':')
  if (colon <= 0) return `"${line}" is not "attribute: value"`
  const def = findAttribute(defs, line.slice(0, colon))
  if (!def) return `there is no attribute "${line.slice(0, colon).trim()}" here`
  const raw = line.slice(colon + 1).trim()
  return setAttribute(def, values, raw)
}

/** Sets a value given as text; many-of values accumulate. */
export function setAttribute(def: AttributeDef, values: AttributeValues, raw: string): string | null {
  let value: AttributeValue
  switch (def.type) {
    case 'boolean':
      if (!['true', 'false', 'yes', 'no'].includes(raw.toLowerCase())) return `${def.name} is true or false, not "${raw}"`
      value = raw.toLowerCase() === 'true' || raw.toLowerCase() === 'yes'
      break
    case 'many-of': {
      const current = values[def.id]
      value = [...(Array.isArray(current) ? current : []), raw]
      break
    }
    default:
      value = raw
  }
  values[def.id] = value
  return null
}
