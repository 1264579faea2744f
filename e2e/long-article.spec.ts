import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from './fixtures'
import { quoteAt } from '../src/shared/anchoring'
import { sha256 } from '../src/main/workspace/corpus'
import { ANNOTATIONS_DIR, annotatorSlug, LAYER_SCHEMA_VERSION } from '../src/main/workspace/layers'

const ARTICLE = 'rutte-sworn-in-translated'
const ANNOTATOR = 'Ana Petrović'

/** The user's layer on the article: every word tagged as a claim, as a heavily annotated study might. */
async function tagEveryWord(workspace: string): Promise<{ text: string; words: string[] }> {
  const text = await readFile(path.join(workspace, 'corpus', `${ARTICLE}.txt`), 'utf8')
  const words = [...text.matchAll(/[A-Za-z]{4,}/g)]
  const time = '2024-10-01T09:00:00.000Z'
  const annotations = words.map((word, i) => ({
    id: `claim-${i}`,
    articleId: ARTICLE,
    start: word.index,
    end: word.index + word[0].length,
    unit: 'utf16',
    quote: quoteAt(text, word.index, word.index + word[0].length),
    label: 'claim',
    attributes: { verdict: 'unassessed' },
    note: '',
    annotator: ANNOTATOR,
    created: time,
    modified: time,
  }))
  const folder = path.join(workspace, ANNOTATIONS_DIR, annotatorSlug(ANNOTATOR))
  await mkdir(folder, { recursive: true })
  await writeFile(path.join(folder, '_layer.json'), JSON.stringify({ schemaVersion: LAYER_SCHEMA_VERSION, annotator: ANNOTATOR }))
  const file = { schemaVersion: LAYER_SCHEMA_VERSION, annotator: ANNOTATOR, articleId: ARTICLE, textSha256: sha256(text), annotations, links: [], articleNote: null }
  await writeFile(path.join(folder, `${ARTICLE}.json`), JSON.stringify(file))
  return { text, words: words.map((w) => w[0]) }
}

test('in a long, heavily annotated article, the highlights follow the scroll', async ({ app }) => {
  const { text, words } = await tagEveryWord(app.workspace)
  // more than a column registers at once (WINDOWED_FROM in src/renderer/src/reader/highlights.ts)
  expect(words.length).toBeGreaterThan(400)
  const workbench = await app.restart()
  await workbench.ready()
  await workbench.openArticle(ARTICLE)
  const claims = () => workbench.highlighted('px-label-claim')

  // the top of the article is highlighted; its end, far below, is not painted yet
  await expect.poll(async () => (await claims()).slice(0, 3)).toEqual(words.slice(0, 3))
  const last = words.at(-1) as string
  expect((await claims()).length).toBeLessThan(words.length)

  // scrolled to the end, the end is highlighted
  const occurrences = text.split(last).length - 1
  await workbench.textBox(ARTICLE, last, occurrences - 1)
  await expect.poll(async () => (await claims()).includes(last)).toBe(true)
})
