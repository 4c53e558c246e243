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
      // expect.poll gives up after 1 s by default: too short for a page on a loaded 2-core
      // machine to get an event and redraw. A poll returns as soon as it holds, so a generous
      // bound costs nothing when all is well (Playwright's own waits allow 30 s).
      expect: { poll: { timeout: 15_000 } },
      fileParallelism: false,
      pool: 'forks',
    },
  }),
);
