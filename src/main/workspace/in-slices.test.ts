/**
 * Long counts in slices: `inSlices` lets the event loop run between slices, and the agreement and
 * review-progress handlers use it, so that a request sent while they count is answered before
 * they finish (a save, over a workspace large enough to take several slices).
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { generateWorkspace } from '../../../bench/generate'
import { agreementReport } from '../../shared/agreement/report'
import { findDisagreements, reviewProgress } from '../../shared/review/disagreements'
import { runSteps } from '../../shared/steps'
import { dispatch } from '../handlers/dispatch'
import { createAppContext } from '../handlers/index'
import { annotationOf, call, deferred, makeApp, makeTempDir } from '../test-helpers'
import { Workspace } from './workspace'
import { inSlices } from './in-slices'

/** Steps that each keep the thread busy for `ms`, and record their number. */
function* busySteps(count: number, ms: number, done: string[]): Generator<void, string> {
  for (let i = 0; i < count; i++) {
    const until = performance.now() + ms
    while (performance.now() < until) {
      // busy, as a count over a thousand articles is
    }
    done.push(`step ${i}`)
    yield
  }
  return 'result'
}

describe('inSlices', () => {
  it('returns what the steps return, having run each of them in order', async () => {
    const done: string[] = []
    expect(await inSlices(busySteps(3, 0, done))).toBe('result')
    expect(done).toEqual(['step 0', 'step 1', 'step 2'])
  })

  it('lets the event loop run between slices: a callback waiting runs before the steps end', async () => {
    const done: string[] = []
    setImmediate(() => done.push('waiting callback'))
    await inSlices(busySteps(6, 5, done), { sliceMs: 12 })
    const at = done.indexOf('waiting callback')
    expect(at).toBeGreaterThan(0)
    expect(at).toBeLessThan(done.length - 1)
  })

  it('without slices (runSteps), the same steps hold the thread to their end', () => {
    const done: string[] = []
    setImmediate(() => done.push('waiting callback'))
    expect(runSteps(busySteps(6, 1, done))).toBe('result')
    expect(done).not.toContain('waiting callback')
  })
})

describe('Workspace.count and giveWay', () => {
  it('runs the counts one at a time, in the order asked for, each in slices', async () => {
    const workspace = await Workspace.open((await makeApp()).workspace.root)
    const done: string[] = []
    const steps = function* (name: string): Generator<void, string> {
      for (let i = 0; i < 4; i++) {
        const until = performance.now() + 8
        while (performance.now() < until) {
          // busy
        }
        done.push(`${name} ${i}`)
        yield
      }
      return name
    }
    expect(await Promise.all([workspace.count('report', async () => steps('report')), workspace.count('progress', async () => steps('progress'))])).toEqual(['report', 'progress'])
    expect(done).toEqual(['report 0', 'report 1', 'report 2', 'report 3', 'progress 0', 'progress 1', 'progress 2', 'progress 3'])
  })

  it('a count asked for again while the same one waits to begin shares it; once begun, a new one is counted after it', async () => {
    const workspace = await Workspace.open((await makeApp()).workspace.root)
    const begun: string[] = []
    const counting = (name: string, result: string) => async () => {
      begun.push(name)
      return (function* () {
        yield
        return result
      })()
    }
    const report = workspace.count('report', counting('report', 'the report'))
    // the progress, asked for three times while the report runs: one count, one result
    const progress = [1, 2, 3].map((n) => workspace.count('progress', counting(`progress ${n}`, `progress ${n}`)))
    expect(await Promise.all([report, ...progress])).toEqual(['the report', 'progress 1', 'progress 1', 'progress 1'])
    expect(begun).toEqual(['report', 'progress 1'])
    // asked for after it began: a count of its own
    expect(await workspace.count('progress', counting('progress 4', 'progress 4'))).toBe('progress 4')
  })

  it('a count gives way to a long request only for a while: it goes on while an export runs', async () => {
    const workspace = await Workspace.open((await makeApp()).workspace.root)
    const exporting = deferred()
    const longRequest = workspace.serve(() => exporting.promise)
    await workspace.serve(() => workspace.giveWay(20)) // resolves although the long request is still being served
    exporting.resolve()
    await longRequest
  })
})

describe('the agreement report and the review’s progress over a large workspace', () => {
  it('answer another request sent while they count before they finish, and count as a report run at once does', async () => {
    const root = path.join(await makeTempDir(), 'ws')
    const generated = await generateWorkspace(root, { articles: 60, annotators: 2, seed: 3 })
    const dataDir = await makeTempDir('parallax-data-')
    const workspace = await Workspace.open(root)
    const { handlers } = createAppContext({ dataDir, workspace })
    await call(handlers, 'review:agreement', {}) // every layer in memory: what is left is counting

    await call(handlers, 'settings:setAnnotator', { name: 'Sam Saver' })
    const articleId = workspace.articleIds[0]!
    const firstWord = workspace.article(articleId).text.split(/\s/)[0]!
    // Sam's layer made (its folder claimed) before: each save is then one file's write
    await call(handlers, 'edits:apply', { edits: [{ op: 'put-annotation', annotation: annotationOf(workspace, articleId, firstWord, { id: 'first', label: 'claim', annotator: 'Sam Saver' }) }] })
    for (const channel of ['review:agreement', 'review:progress'] as const) {
      // a save sent while the count runs: its writes need the event loop, which the count gives back between slices
      const order: string[] = []
      const counting = dispatch(handlers, channel, { annotators: generated.annotators }).then(() => order.push(channel))
      const annotation = annotationOf(workspace, articleId, firstWord, { id: `saved-during-${channel.replace(':', '-')}`, label: 'claim', annotator: 'Sam Saver' })
      const saving = dispatch(handlers, 'edits:apply', { edits: [{ op: 'put-annotation', annotation }] }).then((result) => order.push(result.ok ? 'saved' : 'refused'))
      await Promise.all([counting, saving])
      expect(order).toEqual(['saved', channel])
    }

    // the report counts the compared annotators only: Sam Saver's layer is not among them
    const layers = await Promise.all(generated.annotators.map((name) => workspace.layers.layer(name, workspace.articleIds)))
    const atOnce = agreementReport({
      annotators: generated.annotators,
      annotations: layers.flatMap((l) => l.annotations),
      links: layers.flatMap((l) => l.links),
      tagset: workspace.tagset,
      articleLengths: Object.fromEntries(workspace.articleIds.map((id) => [id, workspace.article(id).text.length])),
      articleIds: workspace.articleIds,
    })
    expect(await call(handlers, 'review:agreement', { annotators: generated.annotators })).toEqual(atOnce)
    const decided = () => false
    const symmetric = new Set(workspace.tagset.linkTypes.filter((t) => t.symmetric).map((t) => t.id))
    expect(await call(handlers, 'review:progress', { annotators: generated.annotators })).toEqual(reviewProgress(findDisagreements(layers, workspace.articleIds, symmetric), workspace.articleIds, decided))
  }, 60_000)
})
