import { readFile } from 'node:fs/promises'
import { expect, test, runParallax } from './fixtures'
import { bratFile, CNBC, importBrat } from './review-data'

test('two annotators who disagree: every disagreement settled in the review, the gold layer exported, and the figures match the CLI', async ({ app }) => {
  test.setTimeout(120_000)
  const { page, workbench } = app
  await workbench.ready()
  await importBrat(
    app,
    'Marko',
    await bratFile(app, [
      ['translation-error', 'Kamala Harry', { category: 'accuracy_named_entity', severity: 'major' }],
      ['translation-error', 'Mark Roux', { severity: 'major' }],
      ['claim', 'Rutte has been a figurehead in Dutch politics for decades'],
      ['translation-error', 'total domestic profits'],
    ]),
  )
  await importBrat(
    app,
    'Vesna',
    await bratFile(app, [
      ['translation-error', 'Kamala Harry', { category: 'accuracy_named_entity', severity: 'minor' }],
      ['translation-error', 'Mark Roux', { severity: 'major' }],
      ['speaker', 'Jens Stoltenberg'],
      ['translation-error', 'total domestic profits on defense'],
    ]),
  )

  await page.getByRole('navigation', { name: 'Mode' }).getByRole('button', { name: 'Review' }).click()
  await page.getByLabel('Article under review').selectOption(CNBC)
  const progress = page.getByTestId('review-progress')
  await expect(progress).toHaveText('4 disagreements · 0 settled · 4 left · 1 agreed not yet in gold')
  await expect(page.getByTestId('review-column')).toHaveCount(3) // Marko, Vesna, gold
  await page.getByRole('button', { name: 'Accept all agreed (1)' }).click()
  await expect(progress).toContainText('0 agreed not yet in gold')

  // what the adjudicator decides, by the text of each disagreement
  const decide: Record<string, { keys: string; rationale?: string }> = {
    'Jens Stoltenberg': { keys: '2' }, // take Vesna's speaker
    'Kamala Harry': { keys: '1', rationale: 'A wrong name changes who is meant: major.' }, // take Marko's
    'Rutte has been a figurehead': { keys: 'r' }, // reject Marko's claim
    'total domestic profits': { keys: 'm' }, // merge both spans
  }
  const panel = page.getByTestId('disagreement')
  for (let i = 0; i < 4; i++) {
    await expect(page.getByTestId('queue-position')).toHaveText(`Disagreement ${i + 1} of 4`)
    const text = (await panel.locator('.versions').textContent()) ?? ''
    const [, choice] = Object.entries(decide).find(([needle]) => text.includes(needle))!
    if (choice.rationale) await panel.getByPlaceholder('Why this decision').fill(choice.rationale)
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await page.keyboard.press(choice.keys)
    await expect(progress).toContainText(`${i + 1} settled`) // and the queue moves on by itself
    // the key was the review's alone: Annotate's label hotkeys (1–4) did not try to tag a selection (counted now: a notice goes by itself)
    expect(await page.locator('.notice').count()).toBe(0)
  }
  await expect(progress).toHaveText('4 disagreements · 4 settled · 0 left · 0 agreed not yet in gold')
  // the review's keys reach it from inside a column's text too (a document of its own)
  await page.getByTestId('review-column').first().getByTestId('text-frame').click()
  await page.keyboard.press('k')
  await expect(page.getByTestId('queue-position')).toHaveText('Disagreement 3 of 4')
  await expect(panel.getByTestId('settled')).toBeVisible()
  await workbench.waitUntilSaved()

  // the gold layer, exported as Parallax JSON, holds exactly the decisions taken
  await page.getByRole('button', { name: 'Export…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Export annotations' })
  for (const name of ['Marko', 'Vesna']) await dialog.getByRole('checkbox', { name }).uncheck()
  const [file] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Export', exact: true }).click()])
  const exported = JSON.parse(await readFile(await file.path(), 'utf8')) as {
    layers: { annotator: string; annotations: { label: string; quote: { exact: string }; attributes: Record<string, unknown>; adjudication: { decision: string; agreed: string[]; adjudicator: string; rationale: string } }[]; decisions?: { decision: string; from: string[] }[] }[]
  }
  expect(exported.layers.map((l) => l.annotator)).toEqual(['gold'])
  const gold = exported.layers[0]!
  const summary = gold.annotations.map((a) => [a.label, a.quote.exact, a.adjudication.decision, a.adjudication.agreed]).sort()
  expect(summary).toEqual(
    [
      ['speaker', 'Jens Stoltenberg', 'took', ['Vesna']],
      ['translation-error', 'Kamala Harry', 'took', ['Marko']],
      ['translation-error', 'Mark Roux', 'accepted', ['Marko', 'Vesna']],
      ['translation-error', 'total domestic profits', 'merged', ['Marko']],
      ['translation-error', 'total domestic profits on defense', 'merged', ['Vesna']],
    ].sort(),
  )
  const harry = gold.annotations.find((a) => a.quote.exact === 'Kamala Harry')!
  expect(harry.attributes.severity).toBe('major')
  expect(harry.adjudication).toMatchObject({ adjudicator: 'Ana Petrović', rationale: 'A wrong name changes who is meant: major.' })
  expect((gold.decisions ?? []).map((d) => d.decision).sort()).toEqual(['accepted', 'merged', 'rejected', 'took', 'took'])
  await dialog.getByRole('button', { name: 'Close' }).click()

  // the dashboard shows the figures `parallax agreement` prints; the review's progress is counted by the main side, which holds every layer, so no layer is loaded into the page for it
  const layersAsked: string[] = []
  page.on('request', (request) => {
    if (request.url().includes(`/api/${encodeURIComponent('annotations:list')}`)) layersAsked.push(request.postData() ?? '')
  })
  await page.getByRole('navigation', { name: 'Mode' }).getByRole('button', { name: 'Agreement' }).click()
  const table = page.getByTestId('metrics-table')
  await expect(table).toBeVisible()
  const cli = await runParallax(['agreement', '--workspace', app.workspace, '--annotators', 'Marko,Vesna', '--json'])
  expect(cli.code, cli.stderr).toBe(0)
  const figures = JSON.parse(cli.stdout) as { overall: Record<string, number | null>; byLabel: Record<string, Record<string, number | null>> }
  const shown = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toFixed(3))
  for (const [row, metrics] of [['overall', figures.overall] as const, ...Object.entries(figures.byLabel)]) {
    for (const [metric, value] of Object.entries(metrics)) {
      await expect(table.locator(`tr[data-row="${row}"] td[data-metric="${metric}"]`)).toHaveText(shown(value))
    }
  }
  await expect(page.getByTestId('progress')).toHaveText('5 of 5 articles reviewed · 0 of 4 disagreements left')
  expect(layersAsked).toEqual([])
  await expect(page.getByTestId('chart').getByRole('application')).toBeVisible()

  // the report and the chart leave the app as files
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Report JSON' }).click()])
  expect((JSON.parse(await readFile(await json.path(), 'utf8')) as { overall: { kappa: number } }).overall.kappa).toBe(figures.overall.kappa)
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Report CSV' }).click()])
  expect((await readFile(await csv.path(), 'utf8')).split('\n')[0]).toBe('scope,name,f1Exact,f1Overlap,kappa,alphaU,n')
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Chart SVG' }).click()])
  const picture = await readFile(await svg.path(), 'utf8')
  expect(picture).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/)
  expect(picture).toContain('Translation error')
  // the saved chart says what it shows: a title, and the legend in the bars' order
  expect(picture).toContain('Agreement by label: Marko · Vesna on 5 articles')
  const legend = ['F1 exact', 'F1 overlap', 'κ', 'α_u'].map((name) => picture.indexOf(`>${name}</text>`))
  expect(legend.every((at) => at > 0)).toBe(true)
  expect([...legend].sort((a, b) => a - b)).toEqual(legend)
  await expect(page.getByTestId('chart').locator('.recharts-legend-item-text')).toHaveText(['F1 exact', 'F1 overlap', 'κ', 'α_u'])
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Chart PNG' }).click()])
  expect((await readFile(await png.path())).subarray(1, 4).toString()).toBe('PNG')

  // one annotator left ticked: nothing compared, the choice kept, and that last box cannot be unticked
  const checks = page.getByRole('group', { name: 'Annotators compared' })
  await checks.getByLabel('Vesna').uncheck()
  await expect(page.getByText('Agreement compares two or more annotators: tick another one above.')).toBeVisible()
  await expect(table).toHaveCount(0)
  await expect(checks.getByLabel('Vesna')).not.toBeChecked()
  await expect(checks.getByLabel('Marko')).toBeChecked()
  await expect(checks.getByLabel('Marko')).toBeDisabled()
  await checks.getByLabel('Vesna').check()
  await expect(table.locator('tr[data-row="overall"] td[data-metric="kappa"]')).toHaveText(shown(figures.overall.kappa ?? null))
})

test('the agreement chart reads in quarters, below zero too, when the annotators agree less than chance', async ({ app }) => {
  const { workbench: w, page } = app
  await w.ready()
  await importBrat(app, 'Marko', await bratFile(app, [['translation-error', 'Kamala Harry']]))
  await importBrat(app, 'Vesna', await bratFile(app, [['translation-error', 'Mark Roux']]))
  await page.getByRole('navigation', { name: 'Mode' }).getByRole('button', { name: 'Agreement' }).click()
  await expect(page.getByTestId('metrics-table').locator('tr[data-row="overall"] td[data-metric="alphaU"]')).toHaveText(/^-0\.\d{3}$/)
  await expect(page.getByTestId('chart').locator('.recharts-yAxis-tick-labels text')).toHaveText(['-0.25', '0.00', '0.25', '0.50', '0.75', '1.00'])
})

test('annotators with names of 80 characters: the agreement table wraps them and fits its card', async ({ app }) => {
  const { page, workbench: w } = app
  await w.ready()
  // one with spaces to wrap at, one without
  const names = ['Aleksandra Konstantinovna Petrović-Vuković de la Fuente y Ortega-Smithsonian Jr.', 'Bartholomew_Maximilian_Oyelaran-Wickramasinghe_of_the_Royal_Institute_Ltd_Co_AB.']
  expect(names.map((name) => name.length)).toEqual([80, 80])
  await importBrat(app, names[0]!, await bratFile(app, [['translation-error', 'Mark Roux', { severity: 'major' }]]))
  await importBrat(app, names[1]!, await bratFile(app, [['translation-error', 'Mark Roux', { severity: 'minor' }]]))
  await page.getByRole('navigation', { name: 'Mode' }).getByRole('button', { name: 'Agreement' }).click()
  const table = page.getByTestId('metrics-table')
  await expect(table.locator('thead')).toContainText(`spans: ${names[1]}`)
  const fits = await table.evaluate((element) => element.getBoundingClientRect().right <= element.closest('.dashboard-card')!.getBoundingClientRect().right)
  expect(fits, 'the table runs past its card').toBe(true)
})

test('the dashboard opened with one layer compares everyone once a colleague is imported', async ({ app }) => {
  const { page, workbench: w } = app
  await w.ready()
  await importBrat(app, 'Marko', await bratFile(app, [['translation-error', 'Mark Roux', { severity: 'major' }]]))
  await page.getByRole('navigation', { name: 'Mode' }).getByRole('button', { name: 'Agreement' }).click()
  await expect(page.getByText("Agreement needs two or more annotators' layers: import a colleague's export (Import…).")).toBeVisible()
  await importBrat(app, 'Vesna', await bratFile(app, [['translation-error', 'Mark Roux', { severity: 'minor' }]]))
  await expect(page.getByTestId('metrics-table')).toBeVisible()
  await expect(page.getByRole('group', { name: 'Annotators compared' }).getByRole('checkbox', { checked: true })).toHaveCount(2)
})
