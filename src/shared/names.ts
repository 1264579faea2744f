/**
 * Annotators' names: what makes one, how it is folded into its layer's folder name, and whose layer a
 * new name would take. Plain functions, without zod, so that the page can check a name as the main
 * side's schema (AnnotatorName, PersonName in workspace.ts) does, with the same words.
 */
import { GOLD, isGold } from './gold'

/** The longest annotator name, in characters (code points, as zod counts; a field's maxLength counts UTF-16 units, never fewer). */
export const NAME_LENGTH = 80

/** What a name breaks, in the words the schema and the forms both use. */
export const NAME_RULES = {
  empty: 'the annotator name is empty',
  long: `an annotator name is at most ${NAME_LENGTH} characters`,
  control: 'an annotator name has no control characters',
  gold: `"${GOLD}" is the name of the gold layer, which only the review writes; choose a person's name`,
} as const

const isControlCharacter = (char: string): boolean => {
  const code = char.codePointAt(0) ?? 0
  return code < 0x20 || (code >= 0x7f && code < 0xa0)
}

export const hasControlCharacter = (text: string): boolean => [...text].some(isControlCharacter)

/** What is wrong with a name as a person's (PersonName's first complaint), or null. */
export function personNameProblem(name: string): string | null {
  const trimmed = name.trim()
  if (trimmed.length === 0) return NAME_RULES.empty
  if ([...trimmed].length > NAME_LENGTH) return NAME_RULES.long
  if (hasControlCharacter(trimmed)) return NAME_RULES.control
  if (isGold(trimmed)) return NAME_RULES.gold
  return null
}

/**
 * A name folded as its layer's folder is named (a second name of the same fold gets "-2"): accents,
 * case and punctuation left out ("Marko Ilić", "marko ilic" → "marko-ilic"); empty for a name of
 * none of those letters and digits.
 */
export const nameSlug = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)

/**
 * A colleague's layer whose name is `name`, or nearly (the same letters but for accents, case and
 * punctuation: "marko ilic" for "Marko Ilić"), if it is not the user's own: taking it means
 * annotating in the colleague's layer (an exact name) or beside it under a look-alike (a near one),
 * so the dialog asks first and then takes the layer's own spelling.
 */
export function colleagueLayer(name: string, current: string | null, layers: readonly string[]): string | null {
  const key = (n: string) => nameSlug(n) || n.trim()
  if (current !== null && key(current) === key(name)) return null
  return layers.find((layer) => key(layer) === key(name)) ?? null
}
