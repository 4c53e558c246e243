import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run the TypeScript sources; processes spawned by tests run the built dist/.
    alias: [
      {
        find: /^@onestop\/shared\/client$/,
        replacement: src('./packages/shared/src/client/index.ts'),
      },
      { find: /^@onestop\/shared$/, replacement: src('./packages/shared/src/index.ts') },
      { find: /^@onestop\/hub$/, replacement: src('./packages/hub/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
