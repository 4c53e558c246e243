// Bundles the hub's command into one file: packages/hub/dist/onestop-hub.js (and its source
// map), run by `onestop-hub` (bin/onestop-hub.js). One file loads in a fraction of the time of
// the ~400 modules tsc leaves in dist/ (Node resolves, reads, compiles and links each), so the
// hub starts sooner. Made by `npm run build` after `tsc -b`, from tsc's output (the code that
// was type-checked), and by build/hub/pack.mjs for the installable package.
//
// In: the hub's, @onestop/shared's and @onestop/http's dist/ with Fastify, Socket.IO and zod.
// Out of it (EXTERNAL): better-sqlite3 (native), the optional native helpers of ws, which it
// loads only when they are installed, and Fastify's schema compilers, never loaded. Code of the
// bundled packages that finds files by __dirname (pino's transports, Socket.IO's client files)
// would fail in an ES module; the hub uses neither (logger: false, serveClient: false). The source map leads back through tsc's maps to src/*.ts, so a stack
// trace names the source files (bin/onestop-hub.js turns Node's source maps on first).
//
// The bundle sits in dist/ beside cli.js, so what cli.ts finds by its own path (the built pages,
// ../pages or ../../../dist/pages) is found the same way. Nothing else in the hub reads a file
// beside its module: migrations are modules, schema.sql is read by a test only.
//
// Usage: node packages/hub/scripts/bundle.mjs [--out FILE]
import { build } from 'esbuild';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const HUB = fileURLToPath(new URL('..', import.meta.url));

/** The bundle's default place: beside tsc's dist/cli.js. */
export const BUNDLE = resolve(HUB, 'dist/onestop-hub.js');

/**
 * Native modules, and modules the bundled code requires only inside a try (optional: loaded
 * when installed, else done without), stay outside the bundle and are found in node_modules.
 */
export const EXTERNAL = [
  'better-sqlite3',
  'bufferutil',
  'utf-8-validate',
  // Fastify's JSON-schema compilers (Ajv, fast-json-stringify: a quarter of the bundle), which
  // it requires only when no compilers are given: @onestop/http gives its own and refuses a
  // route with a schema, so they are never loaded. Left out, the hub compiles 1.2 MB less at
  // every start (about 55 ms of CPU); the installed package does not even hold them.
  '@fastify/ajv-compiler',
  '@fastify/fast-json-stringify-compiler',
];

/**
 * Bundles dist/cli.js (needs `tsc -b packages/hub` first) into `outfile`, with `outfile`.map.
 * A file is written only when it changed, and then under another name first and renamed: tests
 * running side by side each build before they start hubs, and a hub must never load a half-written
 * bundle, nor a bundle with another bundle's map.
 */
export async function bundleHub(outfile = BUNDLE, external = EXTERNAL) {
  const result = await build({
    entryPoints: [resolve(HUB, 'dist/cli.js')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external,
    // Whitespace and comments out, syntax shortened, names kept (a stack trace reads as the
    // code, and the map leads to src/*.ts). Node reads the whole file at every start, and with
    // source maps on it splits the source into lines: 89,662 lines and 3.3 MB were ~90 ms of
    // CPU (reading 30 ms, the line split 60) before the first answer; 1,200 lines and 2.2 MB
    // are ~15. V8 also compiles a third less source.
    minifyWhitespace: true,
    minifySyntax: true,
    sourcemap: 'linked',
    // Lines and names are enough for a stack trace; the sources are in the repository.
    sourcesContent: false,
    legalComments: 'inline',
    logLevel: 'warning',
    write: false,
    // The CommonJS packages bundled in (Fastify and its plugins, Socket.IO) require Node's
    // modules; an ES module has no `require` of its own.
    banner: {
      js: "import { createRequire as __onestopRequire } from 'node:module'; const require = __onestopRequire(import.meta.url);",
    },
  });
  // The map before the code, so the code found is never newer than its map.
  const files = [...result.outputFiles].sort((a, b) => b.path.localeCompare(a.path));
  for (const file of files) {
    if (existsSync(file.path) && readFileSync(file.path).equals(file.contents)) continue;
    const temporary = resolve(file.path, '..', `.${basename(file.path)}.${process.pid}.tmp`);
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  return outfile;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  await bundleHub(values.out ? resolve(values.out) : BUNDLE);
}
