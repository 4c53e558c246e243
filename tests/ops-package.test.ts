import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HUB_VERSION } from '@onestop/hub';
import { ROOT } from './support/build.js';
import { killHubs, runCli, startHub } from './support/ops-cli.js';

/*
 * The hub as a hall installs it: `npm run pack:hub` makes dist/onestop-hub-<version>.tgz, which
 * is installed with npm into an empty folder and run from there, with no checkout around it.
 */
let work: string;
let tarball: string;
let prefix: string;
let bin: string[];

/** npm run by a test must not see the npm_* settings of the `npm test` that started vitest. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return env;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'onestop-package-'));
  // In CI `npm test` runs before the pages are built; built here then (vite, a few seconds each).
  const pages = ['kiosk', 'window', 'rate', 'display', 'admin'].map((p) => `${p}/index.html`);
  if (![...pages, 'status/status.js'].every((p) => existsSync(join(ROOT, 'dist/pages', p)))) {
    execFileSync('npm', ['run', 'build:pages'], { cwd: ROOT, stdio: 'inherit', env: cleanEnv() });
  }
  tarball = execFileSync(process.execPath, ['build/hub/pack.mjs', '--out', join(work, 'out')], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim();

  // Into an empty prefix, offline: every dependency is bundled in the tarball. Install scripts
  // are skipped here because better-sqlite3's would compile SQLite for minutes (it fetches a
  // prebuilt binary where there is internet); the binary `npm ci` compiled for this Node is
  // put in its place instead. docs/OPERATIONS.md has the full install, scripts included.
  prefix = join(work, 'prefix');
  mkdirSync(prefix);
  const install = spawnSync(
    'npm',
    [
      'install',
      '--offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      '--prefix',
      prefix,
      tarball,
    ],
    { cwd: prefix, encoding: 'utf8', env: cleanEnv(), timeout: 120_000 },
  );
  expect(install.status, `${install.stdout}\n${install.stderr}`).toBe(0);
  const sqlite = join(prefix, 'node_modules/onestop-hub/node_modules/better-sqlite3');
  expect(existsSync(join(sqlite, 'build'))).toBe(false); // no binary of the packing machine
  cpSync(
    join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'),
    join(sqlite, 'build/Release/better_sqlite3.node'),
  );
  bin = [join(prefix, 'node_modules/.bin/onestop-hub')];
  // Building the pages, bundling the hub and an offline install: minutes on a busy 2-core CI
  // machine, where this file starts beside the crash test (vitest.config.ts, LONGEST).
}, 420_000);
afterEach(killHubs);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the onestop-hub package', () => {
  it('is one tarball named by the version, holding the hub, its pages and its dependencies', () => {
    expect(tarball).toMatch(new RegExp(`onestop-hub-${HUB_VERSION.replace(/\./g, '\\.')}\\.tgz$`));
    const pkg = join(prefix, 'node_modules/onestop-hub');
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
      dependencies: Record<string, string>;
      version: string;
    };
    expect(manifest.version).toBe(HUB_VERSION);
    expect(manifest.bin).toEqual({ 'onestop-hub': 'lib/cli.js' });
    // Socket.IO, zod, Fastify and the workspace packages are in the bundle; the native one is not.
    expect(Object.keys(manifest.dependencies)).toEqual(['better-sqlite3']);
    const cli = readFileSync(join(pkg, 'lib/cli.js'), 'utf8');
    expect(cli.startsWith('#!/usr/bin/env node')).toBe(true);
    const bundle = readFileSync(join(pkg, 'lib/hub.js'), 'utf8');
    // Minified: `from"x"` as well as `from 'x'`.
    expect(bundle).not.toMatch(/\bfrom\s*['"](@onestop\/|socket\.io|zod)/);
    expect(existsSync(join(pkg, 'lib/hub.js.map'))).toBe(true);
    for (const page of ['kiosk', 'window', 'rate', 'display', 'admin'])
      expect(existsSync(join(pkg, 'pages', page, 'index.html'))).toBe(true);
    for (const file of [
      'examples/hall.example.json',
      'service/systemd/onestop-hub.service',
      'docs/OPERATIONS.md',
      'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c',
    ])
      expect(existsSync(join(pkg, file)), file).toBe(true);
    // Nothing of the development tree: no sources, no tests, no dev dependencies.
    const top = readdirSync(pkg).sort();
    expect(top).toEqual(
      [
        'README.md',
        'docs',
        'examples',
        'lib',
        'node_modules',
        'package.json',
        'pages',
        'service',
      ].sort(),
    );
    for (const dev of ['vitest', 'typescript', 'electron', 'vite', 'react'])
      expect(existsSync(join(pkg, 'node_modules', dev)), dev).toBe(false);
  });

  it('runs from the install: --version, check-config, and a demo hall serving its pages', async () => {
    const cwd = join(work, 'hall');
    mkdirSync(cwd);
    const env = cleanEnv();
    const version = runCli(bin, ['--version'], { cwd, env });
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(HUB_VERSION);

    const example = join(prefix, 'node_modules/onestop-hub/examples/hall.example.json');
    const check = runCli(bin, ['check-config', example], { cwd, env });
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/valid — 3 departments/);
    writeFileSync(join(cwd, 'bad.json'), '{"hall": {}}');
    const bad = runCli(bin, ['check-config', 'bad.json'], { cwd, env });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bad\.json is not a valid hall configuration/);

    const hub = await startHub(
      bin,
      ['--demo', '--db', 'data/hall.sqlite', '--port', '0', '--host', '127.0.0.1'],
      { cwd, env },
    );
    const health = (await (await fetch(`${hub.url}/api/health`)).json()) as {
      status: string;
      version: string;
      dayStatus: string;
    };
    expect(health).toMatchObject({ status: 'ok', version: HUB_VERSION, dayStatus: 'open' });
    for (const page of ['kiosk', 'window', 'rate', 'display', 'admin']) {
      const res = await fetch(`${hub.url}/${page}/`);
      expect(res.status, page).toBe(200);
      expect(await res.text()).toContain('<div id="root">');
    }
    expect(await hub.stop()).toBe(0);
    expect(existsSync(join(cwd, 'data/hall.sqlite'))).toBe(true);
    expect(existsSync(join(cwd, 'data/backups'))).toBe(true);
  });
});
