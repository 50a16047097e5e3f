import { defineConfig } from 'vitest/config';

/** Tests that run the built CLI (dist/, which `npm test` builds first) or are slow by design. */
const SYSTEM = ['test/{e2e,reliability,performance}/**/*.test.ts', 'test/**/*-cli.test.ts'];

export default defineConfig({
  test: {
    env: { NO_COLOR: '1', FORCE_COLOR: '0' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one on a 2-core machine. Most tests
    // wait on a CLI child process or the sandbox, so two workers there halve the wall time.
    maxWorkers: 2,
    // `vitest run --project unit` (npm run test:fast) needs no build.
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: SYSTEM } },
      { extends: true, test: { name: 'system', include: SYSTEM } },
    ],
  },
});
