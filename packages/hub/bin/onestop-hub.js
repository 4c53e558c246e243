#!/usr/bin/env node
// The `onestop-hub` command. This file is committed so that npm can link the command when it
// installs the workspace, before `npm run build` has made dist/; the command itself is the
// bundle dist/onestop-hub.js (one file: it loads much faster than tsc's ~400 modules), which
// runs as soon as it is loaded. `node packages/hub/dist/cli.js` runs the same code unbundled.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/onestop-hub.js', import.meta.url);
if (!existsSync(bundle)) {
  console.error(
    'onestop-hub: the hub is not built yet (no packages/hub/dist/onestop-hub.js): run `npm run build` first.',
  );
  process.exit(1);
}
// Before the bundle loads, so Node reads its source map: stack traces name src/*.ts.
process.setSourceMapsEnabled(true);
await import(bundle.href);
