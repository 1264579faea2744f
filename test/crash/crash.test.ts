import { describe, expect, it } from 'vitest'
import { runCrashHarness } from './harness'

/** Kills in `npm test`; `npm run test:crash` runs 50. */
const KILLS = 8

describe('crash safety (docs/reliability.md, guarantee 1)', () => {
  it(`keeps every acknowledged edit, and leaves every file readable, through ${KILLS} SIGKILLs of a writer saving as fast as it can`, async () => {
    const run = await runCrashHarness({ kills: KILLS })
    expect(run.kills).toBe(KILLS)
    // the kills landed on a writer at work, in the middle of a save, not only on one starting up
    // (not a count of saves: how many a writer acknowledges before its kill depends on the machine's load)
    expect(run.killsWhileWriting).toBeGreaterThan(0)
    expect(run.killsMidSave).toBeGreaterThan(0)
  }, 120_000)
})
