import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

const alias = [
  // Tests run the TypeScript sources; processes spawned by tests run the built dist/.
  { find: /^@onestop\/shared\/testing$/, replacement: src('./packages/shared/src/testing.ts') },
  { find: /^@onestop\/shared\/client$/, replacement: src('./packages/shared/src/client/index.ts') },
  { find: /^@onestop\/shared$/, replacement: src('./packages/shared/src/index.ts') },
  { find: /^@onestop\/http$/, replacement: src('./packages/http/src/index.ts') },
  { find: /^@onestop\/hub$/, replacement: src('./packages/hub/src/index.ts') },
  {
    find: /^@onestop\/region\/testing$/,
    replacement: src('./packages/region/src/testing/index.ts'),
  },
  { find: /^@onestop\/region$/, replacement: src('./packages/region/src/index.ts') },
];

/**
 * Files that take minutes, longest first. Vitest's own order on a clean clone (no timings cached)
 * is the largest file first, which left the crash test to start late and run alone on one core
 * for minutes at the end. Started first, they run beside the many short files instead.
 */
const LONGEST = [
  'tests/crash.test.ts',
  'tests/ops-package.test.ts',
  'tests/region-chaos.test.ts',
  'tests/installers.test.ts',
  'tests/faults-store.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification): number => {
      const i = LONGEST.findIndex((file) => spec.moduleId.endsWith(file));
      return i < 0 ? LONGEST.length : i;
    };
    const sorted = await super.sort(files);
    return sorted
      .map((spec, at) => ({ spec, at }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.at - b.at)
      .map(({ spec }) => spec);
  }
}

export default defineConfig({
  resolve: { alias },
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one file at a time on a 2-core CI
    // machine, where most test files wait on sockets, child processes and the disk rather than
    // the CPU. Two files at a time there halves the unit run's wall time.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'packages/*/src/**/*.test.ts',
            'tests/**/*.test.ts',
            'apps/*/src/{main,preload,shared}/**/*.test.ts',
            'apps/common/electron/**/*.test.ts',
          ],
        },
      },
      {
        // Renderers: React components in jsdom.
        extends: true,
        plugins: [react()],
        test: {
          name: 'dom',
          environment: 'jsdom',
          setupFiles: ['./tests/support/dom-setup.ts'],
          include: ['apps/*/src/renderer/**/*.test.{ts,tsx}'],
        },
      },
    ],
  },
});
