/**
 * The child process of the crash harness (`harness.ts`): opens a workspace through the real handler
 * table and saves edits as fast as it can, one `edits:apply` after another, until it is killed.
 * Each edit is announced before its call (`? <edit>`: it may or may not reach the disk if the kill
 * comes now) and printed again only once its call has resolved, that is once Parallax would show
 * "All changes saved":
 *   + <annotation id>   an annotation was created
 *   - <annotation id>   an annotation was deleted
 *   e <entity id>       an entity was created
 * `ready` says the workspace is open; `! <message>` that a call failed (the harness fails the run).
 * Writes to a pipe are synchronous on Linux and macOS, so a line is out before the next call starts.
 *
 *   node --import tsx test/crash/writer.ts <workspace> <data folder> <seed>
 */
import type { Annotation, Edit, Entity } from '../../src/shared/annotations'
import { quoteAt } from '../../src/shared/anchoring'
import { attributeProblem, defaultAttributes } from '../../src/shared/attribute-rules'
import type { Channel, ChannelInput, ChannelOutput } from '../../src/shared/api'
import { dispatch } from '../../src/main/handlers/dispatch'
import { createAppContext } from '../../src/main/handlers/index'
import { Workspace } from '../../src/main/workspace/workspace'

const [workspaceDir, dataDir, seedArg] = process.argv.slice(2)
if (!workspaceDir || !dataDir) {
  process.stderr.write('usage: writer.ts <workspace> <data folder> <seed>\n')
  process.exit(2)
}

/** A small seeded generator (mulberry32), so that a failing run can be told apart by its seed. */
let seed = Number(seedArg ?? 1) >>> 0
const random = (): number => {
  seed = (seed + 0x6d2b79f5) >>> 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T

const say = (line: string): void => {
  process.stdout.write(`${line}\n`)
}

// as the app opens it: the lock taken, and the layer files' digests remembered in the data folder once every file is read
const workspace = await Workspace.open(workspaceDir, { write: 'electron', dataDir })
const { handlers } = createAppContext({ dataDir, workspace })

async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await dispatch(handlers, channel, input)
  if (!result.ok) {
    say(`! ${channel}: ${result.error.code}: ${result.error.message}`)
    process.exit(1)
  }
  return result.value as ChannelOutput<C>
}

const { annotator } = await call('settings:get', {})
if (!annotator) {
  say('! no annotator is set')
  process.exit(1)
}
const tagset = workspace.tagset
const label = tagset.labels.find((l) => attributeProblem(l.attributes, defaultAttributes(l.attributes), '') === null)
if (!label) {
  say('! no label of the tagset can be used without attributes')
  process.exit(1)
}
const texts = new Map(workspace.articleIds.map((id) => [id, workspace.article(id).text]))
const { layers } = await call('annotations:list', { annotators: [annotator] })
/** The annotations this layer holds now, by id: the ones a delete may pick. */
const mine = new Map((layers[0]?.annotations ?? []).map((a) => [a.id, a.articleId]))
say('ready')

for (let n = 0; ; n++) {
  const time = new Date().toISOString()
  if (n % 10 === 9) {
    const entity: Entity = { id: crypto.randomUUID(), name: `Entity ${crypto.randomUUID()}`, aliases: [], note: '', createdBy: annotator, created: time, modified: time }
    say(`? e ${entity.id}`)
    await call('edits:apply', { edits: [{ op: 'put-entity', entity }] })
    say(`e ${entity.id}`)
    continue
  }
  if (mine.size > 40 && random() < 0.45) {
    const [id, articleId] = pick([...mine])
    const edits: Edit[] = [{ op: 'delete-annotation', articleId, id }]
    say(`? - ${id}`)
    await call('edits:apply', { edits })
    mine.delete(id)
    say(`- ${id}`)
    continue
  }
  const articleId = pick(workspace.articleIds)
  const text = texts.get(articleId) as string
  const start = Math.floor(random() * (text.length - 40))
  const end = start + 1 + Math.floor(random() * 30)
  const annotation: Annotation = {
    id: crypto.randomUUID(),
    articleId,
    start,
    end,
    unit: 'utf16',
    quote: quoteAt(text, start, end),
    label: label.id,
    attributes: defaultAttributes(label.attributes),
    note: random() < 0.2 ? `note ${n} ✓ “quoted”` : '',
    annotator,
    created: time,
    modified: time,
  }
  say(`? + ${annotation.id}`)
  await call('edits:apply', { edits: [{ op: 'put-annotation', annotation }] })
  mine.set(annotation.id, articleId)
  say(`+ ${annotation.id}`)
}
