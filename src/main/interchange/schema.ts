/**
 * The JSON Schema of Parallax JSON, generated from the zod schema so that the two never disagree:
 * `npm run schemas` writes it to schemas/, and a test fails when the committed file is stale.
 */
import { z } from 'zod'
import { ParallaxDocument } from './formats/native'

/** Where the schema is published, relative to the repository. */
export const NATIVE_SCHEMA_FILE = 'schemas/parallax-annotations.schema.json'

/** The schema as the file holds it: two-space indent, one trailing newline. */
export function nativeJsonSchema(): string {
  // input mode: what a file may say (fields with defaults may be left out), not what parsing gives
  return `${JSON.stringify(z.toJSONSchema(ParallaxDocument, { io: 'input' }), null, 2)}\n`
}
