/**
 * `npm run test:crash`: the crash harness at full strength, 50 kills unless a number is given
 * (`npm run test:crash -- 200`). `npm test` runs a reduced count in `crash.test.ts`.
 */
import { runCrashHarness } from './harness'

const kills = Number(process.argv[2] ?? 50)
const seed = process.argv[3] === undefined ? undefined : Number(process.argv[3])
try {
  const run = await runCrashHarness({ kills, seed, log: (line) => process.stdout.write(`${line}\n`) })
  process.stdout.write(
    `\n${run.kills} kills (${run.killsWhileWriting} while saving, ${run.killsMidSave} of them with a save in flight; the others while opening) over ${run.acknowledged} acknowledged edits, ` +
      `in ${(run.milliseconds / 1000).toFixed(1)} s: every acknowledged edit was on disk and every file read as good. ` +
      `${run.leftoverTempFiles} temp files of unfinished writes were left by kills and removed on opening; ` +
      `${run.unacknowledgedOnDisk} times the edit in flight had reached the disk before its acknowledgement.\n`,
  )
} catch (error) {
  process.stderr.write(`test:crash failed: ${(error as Error).message}\n`)
  process.exitCode = 1
}
