import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The built hub's command (its bundle): the benchmark runs the same code `npm start` runs. */
export const HUB_CLI = fileURLToPath(
  new URL('../../packages/hub/bin/onestop-hub.js', import.meta.url),
);
/** The same command unbundled (tsc's ~400 modules), the start phase's comparison. */
export const HUB_CLI_UNBUNDLED = fileURLToPath(
  new URL('../../packages/hub/dist/cli.js', import.meta.url),
);
