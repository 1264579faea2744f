/** What the parent asks of a child process (bench/child.ts), and how the child answers. */
import type { StoreCaseOptions } from './cases/store'
import type { GenerateOptions } from './generate'

export type ChildTask =
  | { case: 'generate'; root: string; options: GenerateOptions }
  | { case: 'lowdb-build'; root: string; dbFile: string }
  | { case: 'first-opening'; root: string; dataDir: string }
  | ({ case: 'store' } & StoreCaseOptions)
  | { case: 'agreement'; root: string; dataDir: string }
  | { case: 'export'; root: string; dataDir: string }

/** The child's one line of output: this prefix, then its result as JSON. */
export const RESULT_PREFIX = 'BENCH_RESULT '
