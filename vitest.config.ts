import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // bench/: the benchmark's own correctness (deterministic generator, operations really run), never its timings
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    // Never touch the real user's data: PARALLAX_HOME points into a temp folder per run.
    env: { PARALLAX_HOME: '/nonexistent/parallax-home-set-by-each-test' },
    testTimeout: 20_000,
  },
})
