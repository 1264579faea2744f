import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, type ParallaxApp } from './fixtures'

export const CNBC = 'rutte-sworn-in-translated'

/** A brat .ann for the CNBC-style article: spans found by their text, offsets in code points. */
export async function bratFile(app: ParallaxApp, spans: [label: string, text: string, attributes?: Record<string, string>][]): Promise<string> {
  const text = await readFile(path.join(app.workspace, 'corpus', `${CNBC}.txt`), 'utf8')
  const lines: string[] = []
  let a = 0
  spans.forEach(([label, exact, attributes], i) => {
    const start = [...text.slice(0, text.indexOf(exact))].length
    lines.push(`T${i + 1}\t${label} ${start} ${start + [...exact].length}\t${exact}`)
    for (const [name, value] of Object.entries(attributes ?? {})) lines.push(`A${++a}\t${name} T${i + 1} ${value}`)
  })
  return `${lines.join('\n')}\n`
}

export async function importBrat(app: ParallaxApp, annotator: string, content: string): Promise<void> {
  const { page } = app
  await page.getByRole('button', { name: 'Import…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Import annotations' })
  await dialog.getByLabel('Format', { exact: true }).selectOption('brat')
  await dialog.getByLabel('Files', { exact: true }).setInputFiles({ name: `${CNBC}.ann`, mimeType: 'text/plain', buffer: Buffer.from(content) })
  await dialog.getByLabel(/^Annotator/).fill(annotator)
  await dialog.getByRole('button', { name: 'Import', exact: true }).click()
  await expect(dialog.getByTestId('import-report')).toContainText(`of ${annotator}.`)
  await dialog.getByRole('button', { name: 'Done' }).click()
}

