import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The built hub's command line: the benchmark runs the same code `npm start` runs. */
export const HUB_CLI = fileURLToPath(new URL('../../packages/hub/dist/cli.js', import.meta.url));
