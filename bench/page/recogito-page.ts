/**
 * The render case's baseline page: the same articles, laid out as Parallax lays them out (five
 * columns, one paragraph per line), with their highlights drawn by @recogito/text-annotator's
 * default renderer. One annotator covers the five columns: one per column would redraw forever,
 * each reacting (it watches document.body) to the others' redraws. Offsets are therefore counted
 * over the text of all the columns; the titles are left out (not-annotatable). Bundled by esbuild;
 * its data comes from data.json.
 */
import { createTextAnnotator, NOT_ANNOTATABLE_CLASS, type TextAnnotation } from '@recogito/text-annotator'
import '@recogito/text-annotator/text-annotator.css'
import { nthWord, pageWindow, type ElementLike } from './dom'

export interface BaselineAnnotation {
  id: string
  label: string
  /** Offsets in the column's text content (its paragraphs' text, without line breaks). */
  start: number
  end: number
  quote: string
}

export interface BaselineData {
  labels: { id: string; color: string }[]
  columns: { id: string; title: string; lines: string[]; annotations: BaselineAnnotation[] }[]
}

const w = pageWindow()

const asRecogito = (a: BaselineAnnotation): TextAnnotation =>
  ({
    id: a.id,
    bodies: [{ id: `${a.id}-label`, annotation: a.id, purpose: 'tagging', value: a.label }],
    target: { annotation: a.id, selector: [{ quote: a.quote, start: a.start, end: a.end }] },
  }) as unknown as TextAnnotation

async function main(): Promise<void> {
  const data = (await (await fetch('data.json')).json()) as BaselineData
  const colors = new Map(data.labels.map((l) => [l.id, l.color]))
  const reader = w.document.createElement('main')
  reader.className = 'reader'
  /** Where each column's text starts in the reader's text content, and each of its lines in the column's. */
  const columns: { article: ElementLike; offset: number; lineStarts: number[] }[] = []
  let offset = 0
  for (const column of data.columns) {
    const section = w.document.createElement('section')
    section.className = 'column'
    const title = w.document.createElement('h2')
    title.className = `column-title ${NOT_ANNOTATABLE_CLASS}`
    title.textContent = column.title
    const body = w.document.createElement('div')
    body.className = 'column-body'
    const article = w.document.createElement('article')
    article.className = 'article-text'
    const lineStarts: number[] = []
    let at = 0
    for (const line of column.lines) {
      const paragraph = w.document.createElement('p')
      if (line === '') paragraph.className = 'blank'
      else paragraph.textContent = line
      lineStarts.push(at)
      at += line.length
      article.append(paragraph)
    }
    body.append(article)
    section.append(title, body)
    reader.append(section)
    columns.push({ article, offset, lineStarts })
    offset += at
  }
  w.document.body.append(reader)
  const annotator = createTextAnnotator(reader as never, {
    style: (annotation: { bodies: { value?: string }[] }) => {
      const color = colors.get(annotation.bodies[0]?.value ?? '') ?? '#888888'
      return { fill: color, fillOpacity: 0.2, underlineColor: color, underlineThickness: 2 }
    },
  } as never)
  annotator.setAnnotations(
    data.columns.flatMap((column, i) => column.annotations.map((a) => asRecogito({ ...a, start: a.start + columns[i]!.offset, end: a.end + columns[i]!.offset }))),
  )

  const probe = w.__bench
  if (!probe) return
  /** Adds a Claim on a word of the first paragraph of the first column, as Parallax's case tags one. */
  probe.addOne = async (index) => {
    const first = columns[0]!
    const lines = data.columns[0]!.lines
    const i = lines.findIndex((line, n) => n > 0 && line !== '')
    const line = lines[i] ?? ''
    const [from, to] = nthWord(line, index)
    const start = first.offset + (first.lineStarts[i] ?? 0) + from
    const end = start + (to - from)
    const id = `bench-added-${index}`
    const began = performance.now()
    annotator.addAnnotation(asRecogito({ id, label: 'claim', start, end, quote: line.slice(from, to) }))
    const painted = await probe.waitFor(() => reader.querySelector(`.r6o-span-highlight-layer [data-annotation="${id}"]`) !== null)
    return painted - began
  }
}

void main()
