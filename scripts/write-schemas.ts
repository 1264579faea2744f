/** Writes the JSON Schemas generated from the zod schemas (npm run schemas). */
import { writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { NATIVE_SCHEMA_FILE, nativeJsonSchema } from '../src/main/interchange/schema'

const target = fileURLToPath(new URL(`../${NATIVE_SCHEMA_FILE}`, import.meta.url))
await writeFile(target, nativeJsonSchema())
process.stdout.write(`Wrote ${NATIVE_SCHEMA_FILE}\n`)
