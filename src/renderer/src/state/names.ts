/**
 * Annotators' names as a list on screen shows them: once each, in the order of the reader's
 * language (the browser's). The host lists them in the same order on every machine, by their
 * characters' codes (`byCodeUnits`), so that its files do not depend on the machine they were
 * written on; a reader looks a name up in the order of their language.
 */
export const namesForReading = (names: Iterable<string>): string[] => [...new Set(names)].sort((a, b) => a.localeCompare(b))
