/**
 * One case measured in a process of its own, so that its peak memory is its own and one case's
 * garbage does not slow the next: `node out/bench/child.mjs '<json>'`, this file bundled by
 * `childBundle` (bench/child-process.ts). Prints one line, `BENCH_RESULT <json>`, and exits.
 */
import { runAgreementCase } from './cases/agreement'
import { runExportCase } from './cases/export'
import { runFirstOpening, runStoreCase } from './cases/store'
import { RESULT_PREFIX, type ChildTask } from './child-task'
import { generateWorkspace } from './generate'
import { buildSingleFile } from './lowdb-baseline'

async function run(task: ChildTask): Promise<unknown> {
  switch (task.case) {
    case 'generate':
      return generateWorkspace(task.root, task.options)
    case 'lowdb-build':
      return { annotations: await buildSingleFile(task.root, task.dbFile) }
    case 'first-opening':
      return runFirstOpening(task)
    case 'store':
      return runStoreCase(task)
    case 'agreement':
      return runAgreementCase(task)
    case 'export':
      return runExportCase(task)
  }
}

const arg = process.argv[2]
if (arg) {
  run(JSON.parse(arg) as ChildTask).then(
    (result) => {
      process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`)
      process.exit(0)
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
      process.exit(1)
    },
  )
}
