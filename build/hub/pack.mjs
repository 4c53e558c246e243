// Packs the hub as one installable npm tarball: dist/onestop-hub-<version>.tgz.
//
// The hub is the same one-file bundle `npm run build` makes (packages/hub/scripts/bundle.mjs:
// the hub, @onestop/shared and @onestop/http with Fastify, Socket.IO and zod), lib/hub.js with
// its source map, started by lib/cli.js (the command: source maps on, then the bundle).
// better-sqlite3 (native) stays a real dependency, bundled in the tarball (bundleDependencies)
// at the version package-lock.json pins, so a hall installs exactly what CI tested and needs no
// registry: only its native part is made on the machine by its install script (a prebuilt
// binary when there is internet, else compiled). The built pages
// (dist/pages) ride along, so `onestop-hub --demo` serves every page with no checkout. Needs
// `npm run build:pages` first.
//
// Usage: node build/hub/pack.mjs [--out DIR]   (default DIR: <repo>/dist)
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleHub, EXTERNAL } from '../../packages/hub/scripts/bundle.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({ options: { out: { type: 'string' } } });
const OUT = resolve(values.out ?? join(ROOT, 'dist'));
const STAGE = join(OUT, 'onestop-hub-package');

const readJson = (file) => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
const hubPackage = readJson('packages/hub/package.json');
const lock = readJson('package-lock.json');
const version = hubPackage.version;

const versionTs = readFileSync(join(ROOT, 'packages/hub/src/version.ts'), 'utf8');
if (!versionTs.includes(`'${version}'`)) {
  throw new Error(`packages/hub/src/version.ts does not say ${version}: bump both together`);
}
const pages = join(ROOT, 'dist/pages');
// Each page by a file its build writes: the ticket status page is a script and a style only.
for (const [page, file] of [
  ['kiosk', 'index.html'],
  ['window', 'index.html'],
  ['rate', 'index.html'],
  ['display', 'index.html'],
  ['admin', 'index.html'],
  ['status', 'status.js'],
]) {
  if (!existsSync(join(pages, page, file))) {
    throw new Error(`dist/pages/${page} is missing: run npm run build:pages first`);
  }
}

/** The lockfile paths of `names` and everything they need, found as Node resolves them. */
function closure(names) {
  const packages = lock.packages;
  const locate = (from, name) => {
    for (let base = from; ;) {
      const key = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (packages[key]) return key;
      if (!base) return null;
      const i = base.lastIndexOf('/node_modules/');
      base = i < 0 ? '' : base.slice(0, i);
    }
  };
  const keys = new Set();
  const visit = (key) => {
    if (keys.has(key)) return;
    keys.add(key);
    const entry = packages[key];
    for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      const found = locate(key, name);
      if (found) visit(found);
      else if (!entry.optionalDependencies?.[name]) {
        throw new Error(`package-lock.json has no ${name} for ${key}`);
      }
    }
  };
  for (const name of names) {
    const key = locate('', name);
    if (!key) throw new Error(`package-lock.json has no ${name}: run npm install`);
    visit(key);
  }
  return [...keys].sort();
}

rmSync(STAGE, { recursive: true, force: true });
mkdirSync(join(STAGE, 'lib'), { recursive: true });

// The bundle is made from tsc's output: bring it up to date first (incremental).
execFileSync(
  process.execPath,
  [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/hub'],
  {
    cwd: ROOT,
    stdio: 'inherit',
  },
);
// What the bundle leaves outside that is one of the hub's dependencies: better-sqlite3. (The
// rest of EXTERNAL is optional and loaded only when installed.)
const dependencies = Object.fromEntries(
  Object.entries(hubPackage.dependencies).filter(([name]) => EXTERNAL.includes(name)),
);
await bundleHub(join(STAGE, 'lib/hub.js'));
writeFileSync(
  join(STAGE, 'lib/cli.js'),
  [
    '#!/usr/bin/env node',
    '// The `onestop-hub` command: Node reads the source map of the bundle (hub.js) as it loads it,',
    '// so stack traces name the source files.',
    'process.setSourceMapsEnabled(true);',
    "await import('./hub.js');",
    '',
  ].join('\n'),
);

// The dependencies as npm ci installed them, without what a build left in them (better-sqlite3's
// build/ is this machine's binary) and without nested node_modules (copied as their own paths).
for (const key of closure(Object.keys(dependencies))) {
  const from = join(ROOT, key);
  cpSync(from, join(STAGE, key), {
    recursive: true,
    filter: (src) => {
      const rel = relative(from, src).split(sep);
      return rel[0] !== 'node_modules' && !(key.endsWith('better-sqlite3') && rel[0] === 'build');
    },
  });
}

cpSync(pages, join(STAGE, 'pages'), { recursive: true });
mkdirSync(join(STAGE, 'examples'));
copyFileSync(join(ROOT, 'docs/hall.example.json'), join(STAGE, 'examples/hall.example.json'));
cpSync(join(ROOT, 'packaging'), join(STAGE, 'service'), { recursive: true });
for (const doc of ['OPERATIONS.md', 'HARDWARE.md']) {
  mkdirSync(join(STAGE, 'docs'), { recursive: true });
  copyFileSync(join(ROOT, 'docs', doc), join(STAGE, 'docs', doc));
}

const manifest = {
  name: 'onestop-hub',
  version,
  description: 'OneStop hub: the queue system of a government service hall (hub, pages, CLI)',
  license: hubPackage.license,
  type: 'module',
  bin: { 'onestop-hub': 'lib/cli.js' },
  engines: { node: '>=20.19' },
  dependencies,
  bundleDependencies: Object.keys(dependencies),
  files: ['lib', 'pages', 'examples', 'service', 'docs'],
};
writeFileSync(join(STAGE, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
writeFileSync(
  join(STAGE, 'README.md'),
  `# onestop-hub ${version}\n\nThe OneStop hall hub with its pages. Install: \`npm install -g onestop-hub-${version}.tgz\`; ` +
    "then `onestop-hub --help`. The operator's guide is docs/OPERATIONS.md in this package.\n",
);

mkdirSync(OUT, { recursive: true });
const tarball = execFileSync(
  'npm',
  ['pack', '--ignore-scripts', '--silent', '--pack-destination', OUT],
  { cwd: STAGE, encoding: 'utf8' },
).trim();
rmSync(STAGE, { recursive: true, force: true });
console.log(join(OUT, tarball));
