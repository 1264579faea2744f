/**
 * Annotators' names as a list on screen shows them: in the order of the reader's language (the
 * browser's). The host lists them in the same order on every machine, by their characters' codes
 * (`byCodeUnits`), so that what it writes does not depend on the machine it runs on; a reader looks a
 * name up in the order of their language. Sorted where a list is shown, not as the names arrive:
 * the first call starts the browser's collator (a few milliseconds), which the first screen does
 * not need.
 */
export const byReading = (a: string, b: string): number => a.localeCompare(b)

/** The names, once each, in the reader's order. */
export const namesForReading = (names: Iterable<string>): string[] => [...new Set(names)].sort(byReading)
