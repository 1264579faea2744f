/**
 * For lock.test.ts, run in a process of its own (`node --import tsx`): opens a workspace for
 * writing, prints whether it got it, and then does what stdin says: `close`, `exit` (without
 * closing) or `crash` (SIGKILL). Not a test file itself.
 */
import type { LockMode } from './lock'
import { Workspace } from './workspace'

const [dir, mode] = process.argv.slice(2)
const workspace = await Workspace.open(dir as string, { write: mode as LockMode })
process.stdout.write(`${JSON.stringify({ pid: process.pid, readOnly: workspace.readOnly, reason: workspace.readOnlyReason })}\n`)
process.stdin.setEncoding('utf8')
process.stdin.on('data', (chunk: string) => {
  for (const command of chunk.split('\n').filter(Boolean)) {
    if (command === 'close') {
      workspace.close()
      process.stdout.write('closed\n')
    } else if (command === 'exit') process.exit(0)
    else if (command === 'crash') process.kill(process.pid, 'SIGKILL')
  }
})
