/** Counts as a sentence says them: "1 entity", "2 entities", "12,400 annotations". */
export function countOf(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? singular : plural}`
}

/** What an import brought in, as one phrase: "3 annotations, 1 link, 0 entities and 2 article notes". */
export function importedCounts(report: { annotations: number; links: number; entities: number; articleNotes: number }): string {
  return `${countOf(report.annotations, 'annotation')}, ${countOf(report.links, 'link')}, ${countOf(report.entities, 'entity', 'entities')} and ${countOf(report.articleNotes, 'article note')}`
}
