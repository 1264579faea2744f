/**
 * Where an article's text comes from. Plain values, no schema: the renderer takes them from here
 * without loading zod (the schema is `Provenance` in corpus.ts).
 */
export const provenances = ['original', 'machine-translated', 'ai-generated', 'unknown'] as const
export type Provenance = (typeof provenances)[number]

export const provenanceLabels: Record<Provenance, string> = {
  original: 'Original',
  'machine-translated': 'Machine-translated',
  'ai-generated': 'AI-generated',
  unknown: 'Unknown provenance',
}
