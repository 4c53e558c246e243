#!/usr/bin/env node
// The `onestop-region` command. This file is committed so that npm can link the command when it
// installs the workspace, before `npm run build` has made dist/; the command itself is
// dist/cli.js, which runs as soon as it is loaded.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error(
    'onestop-region: the region is not built yet (no packages/region/dist/cli.js): run `npm run build` first.',
  );
  process.exit(1);
}
await import(cli.href);
