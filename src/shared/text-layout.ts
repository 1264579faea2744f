/**
 * How an article's text is laid out for reading: one block per line, in UTF-16 offsets (the
 * renderer's unit). Line breaks (LF, CRLF or a lone CR) stay out of the blocks, so that every
 * character of every block is a character of the text at `start + i`.
 */
export interface TextLine {
  /** Offset of the line's first character in the text (UTF-16 code units). */
  start: number
  /** Offset just past the line's last character, before its line break. */
  end: number
}

export function splitLines(text: string): TextLine[] {
  const lines: TextLine[] = []
  const breaks = /\r\n|\n|\r/g
  let start = 0
  for (let match = breaks.exec(text); match; match = breaks.exec(text)) {
    lines.push({ start, end: match.index })
    start = match.index + match[0].length
  }
  lines.push({ start, end: text.length })
  return lines
}
