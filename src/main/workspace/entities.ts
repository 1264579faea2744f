import { z } from 'zod'
import { Entity } from '../../shared/annotations'
import type { JsonStore } from '../store/json-store'
import { formatOf } from '../store/versions'
import { migrations } from './migrations'

export const ENTITIES_FILE = 'entities.json'
export const ENTITIES_SCHEMA_VERSION = 1 as const

/** `entities.json`: the workspace's registry of people and bodies, shared by every annotator. */
export const EntitiesFile = z.object({ schemaVersion: z.literal(ENTITIES_SCHEMA_VERSION), entities: z.array(Entity) }).strict()
export type EntitiesFile = z.infer<typeof EntitiesFile>
export const EntitiesFormat = formatOf(EntitiesFile, ENTITIES_SCHEMA_VERSION, migrations.entities)

export const openEntities = (store: JsonStore) =>
  store.open(ENTITIES_FILE, EntitiesFormat, () => ({ schemaVersion: ENTITIES_SCHEMA_VERSION, entities: [] }))
