/**
 * MQM TSV, in the layout of WMT's MQM data and Google's Marot viewer, for translation errors: one
 * row per error, with the sentence as the segment and the error span marked <v>…</v> in `target`;
 * sentences without errors as `No-error` rows. Parallax has no source text, so `source` is empty.
 */
import type { Annotation } from '../../../shared/annotations'
import { splitLines } from '../../../shared/text-layout'
import type { ExportInput } from '../model'
import { toNativeDocument } from './native'

export const MQM_COLUMNS = ['system', 'doc', 'docSegId', 'globalSegId', 'rater', 'source', 'target', 'category', 'severity', 'metadata'] as const

/** Parallax's categories in MQM's names (the WMT typology); the original goes into the metadata. */
export const MQM_CATEGORIES: Record<string, string> = {
  'accuracy/named entity': 'Accuracy/Mistranslation',
  'accuracy/gender or pronoun': 'Accuracy/Mistranslation',
  'accuracy/mistranslation': 'Accuracy/Mistranslation',
  'accuracy/omission': 'Accuracy/Omission',
  'accuracy/addition': 'Accuracy/Addition',
  'accuracy/untranslated': 'Accuracy/Untranslated text',
  'accuracy/number or date': 'Accuracy/Mistranslation',
  'terminology/wrong term': 'Terminology/Inappropriate for context',
  'fluency/grammar': 'Fluency/Grammar',
  'fluency/spelling': 'Fluency/Spelling',
  'fluency/unintelligible': 'Fluency/Unintelligible',
  'locale/number format': 'Locale convention/Number format',
  'style/awkward': 'Style/Awkward',
  other: 'Other',
}
export const MQM_SEVERITIES: Record<string, string> = { neutral: 'Neutral', minor: 'Minor', major: 'Major', critical: 'Critical' }

const TRANSLATION_ERROR = 'translation-error'
/** TSV has no quoting: tabs and line breaks inside a field become spaces. */
const field = (text: string) => text.replace(/[\t\r\n]+/g, ' ')

/** Sentences of a text, line by line (Intl.Segmenter), as [start, end) without surrounding white space. */
export function sentences(text: string, language = 'en'): [number, number][] {
  const segmenter = new Intl.Segmenter(language === 'und' ? 'en' : language, { granularity: 'sentence' })
  const spans: [number, number][] = []
  for (const line of splitLines(text)) {
    for (const { segment, index } of segmenter.segment(text.slice(line.start, line.end))) {
      const lead = segment.length - segment.trimStart().length
      const trimmed = segment.trim()
      if (trimmed) spans.push([line.start + index + lead, line.start + index + lead + trimmed.length])
    }
  }
  return spans
}

export function exportMqm(input: ExportInput): string {
  const document = toNativeDocument(input)
  const rows: string[][] = [[...MQM_COLUMNS]]
  // a sentence's globalSegId is the same for every rater, as in WMT's data: it numbers the sentences of all articles
  let segmentsBefore = 0
  for (const { meta, text } of input.articles) {
    const segments = sentences(text, meta.language)
    const system = meta.provenance === 'machine-translated' ? (meta.outlet ?? 'machine translation') : (meta.outlet ?? meta.provenance)
    for (const layer of document.layers) {
      const errors = layer.annotations.filter((a) => a.articleId === meta.id && a.label === TRANSLATION_ERROR)
      segments.forEach(([start, end], i) => {
        const global = segmentsBefore + i + 1
        // an error belongs to the sentence it starts in; a span running past the sentence is marked to the sentence's end
        const here = errors.filter((a: Annotation) => a.start >= start && a.start < end)
        const base = [field(system), meta.id, String(i + 1), String(global), field(layer.annotator), '']
        if (here.length === 0) {
          rows.push([...base, field(text.slice(start, end)), 'No-error', 'no-error', '{}'])
          return
        }
        for (const error of here) {
          const spanEnd = Math.min(error.end, end)
          const marked = `${text.slice(start, error.start)}<v>${text.slice(error.start, spanEnd)}</v>${text.slice(spanEnd, end)}`
          const category = String(error.attributes.category ?? 'other')
          const severity = String(error.attributes.severity ?? 'minor')
          const metadata = {
            parallaxCategory: category,
            ...(error.attributes.correction ? { corrected_translation: error.attributes.correction } : {}),
            ...(error.note ? { note: error.note } : {}),
            timestamp: error.modified,
            annotationId: error.id,
          }
          rows.push([...base, field(marked), MQM_CATEGORIES[category] ?? 'Other', MQM_SEVERITIES[severity] ?? 'Minor', field(JSON.stringify(metadata))])
        }
      })
    }
    segmentsBefore += segments.length
  }
  return `${rows.map((row) => row.join('\t')).join('\n')}\n`
}
