import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * End to end: the built pages in Debian's Chromium against a hub the test starts.
 * `npm run test:e2e` builds the pages first. One file at a time: a browser is heavy on 2 cores.
 */
export default mergeConfig(
  { resolve: base.resolve },
  defineConfig({
    test: {
      include: ['tests/e2e/**/*.e2e.ts'],
      environment: 'node',
      testTimeout: 90_000,
      hookTimeout: 60_000,
      fileParallelism: false,
      pool: 'forks',
    },
  }),
);
