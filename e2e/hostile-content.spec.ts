/**
 * Hostile content (guarantee 8): a corpus whose texts, titles, manifest and tagset carry
 * `<script>`, `<img onerror>`, `javascript:` URLs and HTML entities, and annotations, notes,
 * entities and annotator names that carry them too (from an import, from the app's own import and
 * the user's own name), all render as the literal text they are: no dialog opens, no element of a
 * payload exists in the page, and the Content Security Policy is in force. The fixture fails the
 * test on any page or console error, which an attempt to run a payload under the CSP would raise.
 */
import { createHash } from 'node:crypto'
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { CONTENT_SECURITY_POLICY } from '../src/shared/csp'
import { expect, runParallax, test } from './fixtures'

const ME = '<svg onload=alert("me")>'
const IMPORTED = '<img src=x onerror=alert("annotator")>'
const VIA_DIALOG = '<script>alert("dialog")</script>'

const HOSTILE_TEXT = [
  'Hostile article',
  '<script>alert("script")</script>',
  '<img src=x onerror=alert("img")>',
  `<a href="javascript:alert('link')">click me</a> and javascript:alert(document.domain)`,
  '&lt;b&gt;not bold&lt;/b&gt; &amp;amp; &#60;i&#62; &nbsp;',
  `<svg onload=alert("svg")></svg><iframe src="javascript:alert('frame')"></iframe><style>*{display:none}</style>`,
  "{{constructor.constructor('alert(1)')()}} ${alert(1)} <!-- comment --> ]]>",
  '',
].join('\n')

const HOSTILE_MD = ['# <img src=x onerror=alert("heading")>', '[click](javascript:alert("md link")) ![x](x" onerror="alert(1))', '<details open ontoggle=alert("details")>x</details>', ''].join('\n')

const TITLE = '<img src=x onerror=alert("title")>'
const OUTLET = '<script>alert("outlet")</script>'
const CORPUS_NAME = '<img src=x onerror=alert("corpus")>'
const LABEL_NAME = '<i onmouseover=alert("label")>Speaker</i>'
const NOTE = '<script>alert("note")</script> javascript:alert(1) &amp; <b>bold?</b>'
const CORRECTION = '<img src=x onerror=alert("correction")>'
const ENTITY = '<script>alert("entity")</script>'
const ALIAS = 'javascript:alert("alias")'
const ARTICLE_NOTE = '<iframe src="javascript:alert(\'article note\')"></iframe>'
const LINK_NOTE = '<a href="javascript:alert(\'link note\')">link note</a>'
const TIME = '2026-01-01T00:00:00.000Z'

/** A corpus folder of hostile articles, with a manifest and a tagset that are hostile too. */
async function hostileCorpus(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true })
  await writeFile(path.join(dir, 'hostile.txt'), HOSTILE_TEXT)
  await writeFile(path.join(dir, 'hostile-md.md'), HOSTILE_MD)
  const manifest = {
    schemaVersion: 1,
    name: CORPUS_NAME,
    description: '<script>alert("description")</script>',
    articles: [
      { id: 'hostile', file: 'hostile.txt', title: TITLE, outlet: OUTLET, date: null, language: 'en', provenance: 'machine-translated', provenanceNote: 'javascript:alert("provenance")' },
      { id: 'hostile-md', file: 'hostile-md.md', title: '<b>markdown</b> &amp; friends' },
      // no such file: the warning about it names it, and is shown
      { id: 'ghost', file: '<img src=x onerror=alert(2)>.txt', title: 'missing' },
    ],
  }
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2))
  const tagset = JSON.parse(await readFile(path.join(import.meta.dirname, '..', 'corpus', 'tagset.json'), 'utf8')) as { labels: { id: string; name: string; guideline: string }[] }
  const speaker = tagset.labels.find((l) => l.id === 'speaker')!
  speaker.name = LABEL_NAME
  speaker.guideline = '<script>alert("guideline")</script>'
  await writeFile(path.join(dir, 'tagset.json'), JSON.stringify(tagset, null, 2))
}

/** A Parallax JSON file whose annotator, notes, attribute values, entity and links carry payloads. */
async function hostileImport(workspace: string): Promise<string> {
  const text = await readFile(path.join(workspace, 'corpus', 'hostile.txt'), 'utf8')
  const tagset = JSON.parse(await readFile(path.join(workspace, 'tagset.json'), 'utf8')) as unknown
  const span = (exact: string) => {
    const start = text.indexOf(exact)
    if (start < 0) throw new Error(`${exact} is not in the text`)
    return { start, end: start + exact.length, unit: 'utf16', quote: { exact, prefix: '', suffix: '' } }
  }
  const common = { articleId: 'hostile', annotator: IMPORTED, created: TIME, modified: TIME }
  const error = { id: 'a-error', ...span('<script>alert("script")</script>'), label: 'translation-error', attributes: { category: 'accuracy/named entity', severity: 'major', correction: CORRECTION }, note: NOTE, ...common }
  const speaker = { id: 'a-speaker', ...span('<img src=x onerror=alert("img")>'), label: 'speaker', attributes: { kind: 'person', entity: 'e-hostile' }, note: '', ...common }
  const quote = { id: 'a-quote', ...span('javascript:alert(document.domain)'), label: 'quote', attributes: { kind: 'direct' }, note: '', ...common }
  const document = {
    format: 'parallax-annotations',
    schemaVersion: 1,
    workspace: 'hostile',
    unit: 'utf16',
    tagset,
    articles: [{ id: 'hostile', title: TITLE, sha256: createHash('sha256').update(text, 'utf8').digest('hex'), length: text.length }],
    entities: [{ id: 'e-hostile', name: ENTITY, aliases: [ALIAS, '<img src=x onerror=alert("alias")>'], note: '<b>entity note</b>', createdBy: IMPORTED, created: TIME, modified: TIME }],
    layers: [
      {
        annotator: IMPORTED,
        annotations: [error, speaker, quote],
        links: [{ id: 'l-1', type: 'attributed-to', from: { articleId: 'hostile', annotationId: 'a-quote' }, to: { articleId: 'hostile', annotationId: 'a-speaker' }, attributes: {}, note: LINK_NOTE, annotator: IMPORTED, created: TIME, modified: TIME }],
        articleNotes: [{ articleId: 'hostile', note: ARTICLE_NOTE, provenance: 'machine-translated', annotator: IMPORTED, modified: TIME }],
      },
    ],
  }
  const file = path.join(path.dirname(workspace), 'hostile.parallax.json')
  await writeFile(file, JSON.stringify(document, null, 2))
  return file
}

/**
 * What of a payload made it into the page as markup: elements and attributes that should not exist,
 * in the app's document and in each column's (an iframe of the app's, with no source).
 */
function injected(page: Page) {
  return page.evaluate(() => {
    const frames = Array.from(document.querySelectorAll<HTMLIFrameElement>('iframe[data-testid="text-frame"]:not([src]):not([srcdoc])'))
    const documents = [document, ...frames.flatMap((frame) => (frame.contentDocument ? [frame.contentDocument] : []))]
    const all = documents.flatMap((doc) => Array.from(doc.querySelectorAll('*')))
    const scripts = documents.flatMap((doc) => Array.from(doc.scripts))
    const payload = 'iframe, object, embed, details, img[src="x"], svg[onload], a[href^="javascript"], style:not([data-vite-dev-id])'
    return {
      handlers: all.flatMap((element) => Array.from(element.attributes).filter((a) => a.name.startsWith('on')).map((a) => `${element.tagName}[${a.name}]`)),
      javascriptUrls: all.flatMap((element) => Array.from(element.attributes).filter((a) => /^\s*javascript:/i.test(a.value) && a.name !== 'title' && a.name !== 'value' && a.name !== 'aria-label').map((a) => `${element.tagName}[${a.name}]`)),
      payloadElements: all.filter((element) => element.matches(payload) && !frames.includes(element as HTMLIFrameElement)).length,
      inlineScripts: scripts.filter((s) => !s.src).length,
      scripts: scripts.map((s) => new URL(s.src).pathname),
    }
  })
}

test.use({ annotator: ME })

test('a hostile corpus, hostile annotations and hostile names render as text, inert', async ({ app }) => {
  test.setTimeout(120_000)
  // the fixture's workspace becomes one of the hostile corpus, with hostile work imported into it
  const corpus = path.join(path.dirname(app.workspace), 'hostile-corpus')
  await hostileCorpus(corpus)
  await rm(app.workspace, { recursive: true, force: true })
  const init = await runParallax(['init', app.workspace, '--corpus', corpus])
  expect(init.code, init.stderr).toBe(0)
  const imported = await runParallax(['import', '--workspace', app.workspace, '--format', 'native', await hostileImport(app.workspace)])
  expect(imported.code, imported.stderr).toBe(0)
  await copyFile(path.join(corpus, 'hostile.txt'), path.join(corpus, 'unchanged.txt')) // the corpus folder is not the workspace's: nothing reads it now

  const workbench = await app.restart()
  const { page } = app
  const dialogs: string[] = []
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  await workbench.ready()

  // the workspace, the articles' titles and outlets, the warning about the missing file: as text
  await expect(page.locator('.workspace-name')).toHaveText(CORPUS_NAME)
  await expect(workbench.card('hostile')).toContainText(TITLE)
  await expect(workbench.card('hostile')).toContainText(OUTLET)
  await expect(workbench.card('hostile-md')).toContainText('<b>markdown</b> &amp; friends')
  await expect(page.locator('.notice').filter({ hasText: '<img src=x onerror=alert(2)>.txt' })).toBeVisible()
  await expect(workbench.annotator).toContainText(ME)

  // the texts, verbatim, entities not decoded, markdown not rendered
  await workbench.openArticle('hostile')
  await workbench.openArticle('hostile-md')
  expect(await workbench.shownText('hostile')).toBe(HOSTILE_TEXT)
  expect(await workbench.shownText('hostile-md')).toBe(HOSTILE_MD)
  await expect(workbench.text('hostile')).toContainText('&lt;b&gt;not bold&lt;/b&gt; &amp;amp; &#60;i&#62; &nbsp;')
  // the palette's label name
  await expect(page.getByRole('toolbar', { name: 'Labels' })).toContainText(LABEL_NAME)

  // an import through the app, by a hostile name, with a hostile note: its report shows them as text
  await page.getByRole('button', { name: 'Import…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Import annotations' })
  await dialog.getByLabel('Format', { exact: true }).selectOption('brat')
  const text = await readFile(path.join(app.workspace, 'corpus', 'hostile.txt'), 'utf8')
  const at = [...text.slice(0, text.indexOf('click me'))].length
  const ann = `T1\tclaim ${at} ${at + 8}\tclick me\n#1\tAnnotatorNotes T1\t<img src=x onerror=alert("brat note")>\n`
  await dialog.getByLabel('Files', { exact: true }).setInputFiles({ name: 'hostile.ann', mimeType: 'text/plain', buffer: Buffer.from(ann) })
  await dialog.getByLabel(/^Annotator/).fill(VIA_DIALOG)
  await dialog.getByRole('button', { name: 'Import', exact: true }).click()
  await expect(dialog.getByTestId('import-report')).toContainText(`of ${VIA_DIALOG}.`)
  await dialog.getByRole('button', { name: 'Done' }).click()

  // the user's own annotation, with a hostile note typed in
  await workbench.selectText('hostile', '<img src=x onerror=alert("img")>')
  await workbench.pressHotkey('2')
  await workbench.waitUntilSaved()
  const note = workbench.inspector.getByLabel('Note')
  await note.fill(NOTE)
  await note.blur()
  await workbench.waitUntilSaved()
  await expect(workbench.inspector).toContainText(ME)
  await expect(note).toHaveValue(NOTE)
  // … whose Speaker is the imported entity, found by its hostile name and aliases
  await workbench.inspector.getByLabel('Find or create an entity').fill('alert')
  const option = workbench.inspector.locator('.entity-options button').filter({ hasText: ENTITY })
  await expect(option).toContainText(ALIAS)
  await option.click()
  await workbench.waitUntilSaved()
  await expect(workbench.inspector.getByTestId('entity-name')).toHaveText(ENTITY)
  await expect(workbench.inspector.getByLabel('Aliases')).toContainText('<img src=x onerror=alert("alias")>')

  // Review mode shows every annotator's layer by name, and their annotations' values
  await page.getByRole('navigation', { name: 'Mode' }).getByRole('button', { name: 'Review' }).click()
  await page.getByLabel('Article under review').selectOption('hostile')
  for (const name of [IMPORTED, VIA_DIALOG, ME]) {
    const column = page.getByRole('region', { name: `${name}'s annotations` })
    await expect(column.getByTestId('text-frame').contentFrame().getByTestId('article-text')).toContainText('Hostile article')
  }
  await expect(page.getByTestId('disagreement')).toContainText(IMPORTED)
  await expect(page.locator('.versions')).toContainText(CORRECTION) // the imported error's correction, among its values
  // every disagreement in turn: values are named as the inspector names them, a Speaker's entity by its name
  const versions: string[] = []
  const count = Number(/of (\d+)/.exec((await page.getByTestId('queue-position').textContent()) ?? '')?.[1])
  for (let i = 0; i < count; i++) {
    versions.push((await page.locator('.versions').textContent()) ?? '')
    await page.keyboard.press('j')
  }
  expect(versions.join('\n')).toContain(`Entity: ${ENTITY}`)
  expect(versions.join('\n')).toContain('Severity: major')
  expect(versions.join('\n')).not.toContain('e-hostile')
  await page.getByRole('navigation', { name: 'Mode' }).getByRole('button', { name: 'Agreement' }).click()
  await expect(page.locator('body')).toContainText(IMPORTED)
  await page.getByRole('navigation', { name: 'Mode' }).getByRole('button', { name: 'Annotate' }).click()

  // the sidebar's lists quote the text as text: the user's annotations, and search hits
  const sidebar = page.locator('.sidebar')
  await page.getByRole('tab', { name: 'Annotations' }).click()
  await expect(sidebar).toContainText('<img src=x onerror=alert("img")>')
  await page.getByRole('tab', { name: 'Search' }).click()
  await page.getByLabel('Search text').fill('<script>')
  await page.getByLabel('Search text').press('Enter')
  await expect(page.getByTestId('search-count')).toHaveText('1 match')
  await expect(sidebar.locator('mark')).toHaveText('<script>')

  // nothing of any payload became markup, and nothing ran
  const found = await injected(page)
  expect(found.handlers).toEqual([])
  expect(found.javascriptUrls).toEqual([])
  expect(found.payloadElements).toBe(0)
  expect(found.inlineScripts).toBe(0)
  for (const script of found.scripts) expect(script).toMatch(/\/assets\/[\w.-]+\.js$/)
  expect(dialogs).toEqual([])

  // the policy that would stop one if it did: the page's own, and in browser mode the host's header too
  expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(CONTENT_SECURITY_POLICY)
  if (app.mode === 'browser') {
    const header = await page.evaluate(async () => (await fetch('/')).headers.get('content-security-policy'))
    expect(header).toBe(`${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`)
  }
  expect(await readFile(path.join(corpus, 'unchanged.txt'), 'utf8')).toBe(HOSTILE_TEXT)
})
