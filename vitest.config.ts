import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    env: { NO_COLOR: '1', FORCE_COLOR: '0' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
  },
});
