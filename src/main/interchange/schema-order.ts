/**
 * A value put in the shape of a zod schema without checking it: every object's keys in the schema's
 * order (keys the schema does not have left out), defaults filled in where a value is missing. That
 * is what parsing gives for data that was checked where it entered the app (the store validates
 * every file it reads, the API every edit), at a fraction of the cost: exports use it so that the
 * same work always gives the same bytes, without validating 300,000 annotations again.
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
      const fields = Object.entries(def.shape ?? {}).map(([key, schema]) => [key, projection(schema)] as const)
      return (value) => {
        if (!isRecord(value)) return value
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
      return (value) => (Array.isArray(value) ? value.map((item) => project(item)) : value)
    }
    case 'record': {
      const project = projection(def.valueType!)
      return (value) => {
        if (!isRecord(value)) return value
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
