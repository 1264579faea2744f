/**
 * A value put in the shape of a zod schema without checking it: every object's keys in the schema's
 * order (keys the schema does not have left out), defaults filled in where a value is missing. That
 * is what parsing gives for data that was checked where it entered the app (the store validates
 * every file it reads, the API every edit), at a fraction of the cost: exports use it so that the
 * same work always gives the same bytes, without validating 300,000 annotations again. A value
 * already in shape (as the store's are: it keeps what parsing gave) is returned as it is.
 */
import type { z } from 'zod'

type Project = (value: unknown) => unknown

interface Def {
  type: string
  shape?: Record<string, z.ZodType>
  element?: z.ZodType
  innerType?: z.ZodType
  valueType?: z.ZodType
  defaultValue?: unknown
  options?: z.ZodType[]
  discriminator?: string
  values?: unknown[]
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const identity: Project = (value) => value

const cache = new WeakMap<z.ZodType, Project>()

/** The projection for a schema, built once. */
export function inSchemaOrder<S extends z.ZodType>(schema: S): (value: z.output<S>) => z.output<S> {
  return projection(schema) as (value: z.output<S>) => z.output<S>
}

function projection(schema: z.ZodType): Project {
  const known = cache.get(schema)
  if (known) return known
  // a schema may refer to itself: the entry is there before its parts are built
  let built: Project = identity
  const project: Project = (value) => built(value)
  cache.set(schema, project)
  built = build(defOf(schema))
  return project
}

function build(def: Def): Project {
  switch (def.type) {
    case 'object': {
      const fields = Object.entries(def.shape ?? {}).map(([key, schema]) => [key, projection(schema), defOf(schema).type === 'default' || defOf(schema).type === 'prefault'] as const)
      const place = new Map(fields.map(([key], i) => [key, i]))
      // already in shape (keys in order, none unknown or undefined, no default to fill in, every part as it is): kept, not copied
      const inShape = (value: Record<string, unknown>): boolean => {
        let last = -1
        for (const key in value) {
          const at = place.get(key)
          const field = value[key]
          if (at === undefined || at < last || field === undefined || fields[at]![1](field) !== field) return false
          last = at
        }
        return fields.every(([key, , hasDefault]) => !hasDefault || value[key] !== undefined)
      }
      return (value) => {
        if (!isRecord(value) || inShape(value)) return value
        const out: Record<string, unknown> = {}
        for (const [key, project] of fields) {
          const field = project(value[key])
          if (field !== undefined) out[key] = field
        }
        return out
      }
    }
    case 'array': {
      const project = projection(def.element!)
      return (value) => (Array.isArray(value) && value.some((item) => project(item) !== item) ? value.map((item) => project(item)) : value)
    }
    case 'record': {
      const project = projection(def.valueType!)
      return (value) => {
        if (!isRecord(value) || Object.values(value).every((item) => project(item) === item)) return value
        const out: Record<string, unknown> = {}
        for (const key of Object.keys(value)) out[key] = project(value[key])
        return out
      }
    }
    case 'optional':
    case 'nullable': {
      const project = projection(def.innerType!)
      return (value) => (value === undefined || value === null ? value : project(value))
    }
    case 'default':
    case 'prefault': {
      const project = projection(def.innerType!)
      return (value) => project(value === undefined ? structuredClone(def.defaultValue) : value)
    }
    case 'union': {
      const discriminator = def.discriminator
      if (!discriminator) return identity
      // a discriminated union: the option whose literal the value's discriminator is
      const options = new Map<unknown, Project>()
      for (const option of def.options ?? []) {
        const tag = defOf(option).shape?.[discriminator]
        for (const literal of (tag && defOf(tag).values) ?? []) if (!options.has(literal)) options.set(literal, projection(option))
      }
      return (value) => (isRecord(value) ? (options.get(value[discriminator]) ?? identity)(value) : value)
    }
    default:
      return identity
  }
}
