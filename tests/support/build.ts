import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Builds the hub's dist/ and what it depends on (incrementally), then its one-file bundle (what
 * `onestop-hub` runs; rewritten only when it changed), so a test that starts a hub as a child
 * process runs the current code as a hall runs it. Only the hub: the apps and the tests are not
 * its business.
 */
export function ensureBuilt(): void {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-b', 'packages/hub'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  execFileSync(process.execPath, ['packages/hub/scripts/bundle.mjs'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}
