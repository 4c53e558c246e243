import { extractAll, listPackage } from '@electron/asar';
import * as ResEdit from 'resedit';
import { execFile } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/build.js';

/*
 * The installers' electron-builder configurations (build/installers/<app>.yml), checked offline:
 * each app is packed with `electron-builder --linux dir` and `--win dir` against a stand-in
 * Electron (the real binary cannot be downloaded here): for Linux a folder with a fake
 * `electron` script, for Windows a small real PE file (rcedit.exe, shipped inside the
 * electron-winstaller npm package) that electron-builder renames and stamps with the app's
 * name, version and icon, as it does Electron's. (Packing validates the whole configuration,
 * NSIS, AppImage and deb options included, against electron-builder's schema.) Then the
 * packed app.asar is opened. It must hold the compiled main and preload, the shells' common
 * module and the runtime dependencies, and nothing else: no sources, no source maps, no test
 * files, no development dependency, no renderer (the window shows the hub's page). Its main
 * process must load from inside the package alone, with Electron faked, and its sandboxed
 * preload may require nothing but `electron`.
 */

const run = promisify(execFile);

/** A small real Windows executable from an npm package electron-builder depends on. */
const STAND_IN_EXE = join(ROOT, 'node_modules/electron-winstaller/vendor/rcedit.exe');

interface AppCase {
  app: 'kiosk' | 'window-terminal' | 'hall-display';
  /** Runtime dependencies the main process imports. */
  runtime: string[];
}

const APPS: AppCase[] = [
  { app: 'kiosk', runtime: ['iconv-lite', 'node-thermal-printer', 'serialport', 'zod'] },
  { app: 'window-terminal', runtime: ['iconv-lite', 'serialport', 'zod'] },
  { app: 'hall-display', runtime: [] },
];

type Platform = 'linux' | 'win';
interface PackCase extends AppCase {
  platform: Platform;
}
const CASES: PackCase[] = APPS.flatMap((c) => [
  { ...c, platform: 'linux' as const },
  { ...c, platform: 'win' as const },
]);
const unpackedDir = (platform: Platform): string =>
  platform === 'linux' ? 'linux-unpacked' : 'win-unpacked';

interface PackageJson {
  name?: string;
  version?: string;
  main?: string;
  type?: string;
  productName?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const readJson = (path: string): PackageJson =>
  JSON.parse(readFileSync(path, 'utf8')) as PackageJson;

let work: string;
const packed = new Map<string, { out: string; log: string }>();

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'onestop-installers-'));
  // The stand-in Electrons: what electron-builder copies and renames to the app's executable.
  const electronDist = { linux: join(work, 'electron-linux'), win: join(work, 'electron-win') };
  mkdirSync(electronDist.linux);
  writeFileSync(join(electronDist.linux, 'electron'), '#!/bin/sh\necho stand-in electron\n');
  chmodSync(join(electronDist.linux, 'electron'), 0o755);
  mkdirSync(electronDist.win);
  copyFileSync(STAND_IN_EXE, join(electronDist.win, 'electron.exe'));
  // Main and preload as the sources are now (incremental: quick when npm test has built them).
  await run(
    process.execPath,
    [
      'node_modules/typescript/bin/tsc',
      '-b',
      ...APPS.map(({ app }) => `apps/${app}/tsconfig.electron.json`),
    ],
    { cwd: ROOT },
  );
  // All at once: electron-builder waits on npm and the disk more than on the CPU.
  await Promise.all(
    CASES.map(async ({ app, platform }) => {
      const out = join(work, `${app}-${platform}`);
      const { stdout, stderr } = await run(
        process.execPath,
        [
          'node_modules/electron-builder/cli.js',
          `--${platform}`,
          'dir',
          '--x64',
          '--projectDir',
          `apps/${app}`,
          '--config',
          `../../build/installers/${app}.yml`,
          `-c.electronDist=${electronDist[platform]}`,
          `-c.directories.output=${out}`,
          '--publish',
          'never',
        ],
        {
          cwd: ROOT,
          // Nothing may be fetched: a proxy that refuses every connection. (Under VITEST
          // electron-builder keeps quiet; its log is part of what is checked.)
          env: {
            ...Object.fromEntries(
              Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')),
            ),
            FORCE_COLOR: '0',
            HTTP_PROXY: 'http://127.0.0.1:9',
            HTTPS_PROXY: 'http://127.0.0.1:9',
            ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
          },
          maxBuffer: 16 * 1024 * 1024,
        },
      );
      packed.set(`${app}-${platform}`, { out, log: stdout + stderr });
    }),
  );
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function packedApp(
  app: string,
  platform: Platform,
): { out: string; log: string; asar: string; files: string[]; root: string } {
  const found = packed.get(`${app}-${platform}`);
  if (!found) throw new Error(`${app} was not packed for ${platform}`);
  const asar = join(found.out, unpackedDir(platform), 'resources', 'app.asar');
  const files = listPackage(asar, { isPack: false }).map((f) => f.split(sep).join('/'));
  const root = join(work, `${app}-${platform}-extracted`);
  if (!existsSync(root)) extractAll(asar, root);
  return { ...found, asar, files, root };
}

/** The compiled files tsc wrote for an app's main, preload and shared code, and the common module. */
function compiled(app: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.c?js$/.test(entry.name))
        found.push(`/${relative(join(ROOT, 'apps', app), path)}`);
    }
  };
  for (const part of [`dist/${app}/src`, 'dist/common/electron']) {
    walk(join(ROOT, 'apps', app, part));
  }
  return found.map((f) => f.split(sep).join('/')).sort();
}

/** Package names in an asar listing: node_modules/<name>/package.json at any depth. */
function packages(files: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(file);
    if (match?.[1]) names.add(match[1]);
  }
  return names;
}

/**
 * The production dependency closure of an app by package-lock.json: its dependencies, theirs,
 * and so on, each resolved as Node would (nested node_modules first, then up to the root).
 */
function productionClosure(app: string): Set<string> {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<
      string,
      { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }
    >;
  };
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (from: string, deps: string[]): void => {
    for (const dep of deps) {
      let at = from;
      let key: string | null = null;
      for (;;) {
        const candidate = `${at ? `${at}/` : ''}node_modules/${dep}`;
        if (lock.packages[candidate]) {
          key = candidate;
          break;
        }
        if (!at) break;
        const up = at.lastIndexOf('/node_modules/');
        at = up === -1 ? '' : at.slice(0, up);
      }
      if (key === null || seen.has(key)) continue;
      seen.add(key);
      names.add(dep);
      const entry = lock.packages[key];
      visit(key, [
        ...Object.keys(entry?.dependencies ?? {}),
        ...Object.keys(entry?.optionalDependencies ?? {}),
      ]);
    }
  };
  visit(
    `apps/${app}`,
    Object.keys(readJson(join(ROOT, 'apps', app, 'package.json')).dependencies ?? {}),
  );
  return names;
}

/** Loads the packed main process in Node with `electron` faked; every module from inside `root`. */
async function loadPackedMain(root: string, main: string): Promise<string> {
  const hooks = `${root}-hooks.mjs`;
  writeFileSync(
    hooks,
    `
const FAKE = \`
const stub = new Proxy(function () {}, {
  get: (_t, key) => (key === 'then' ? undefined : key === 'whenReady' ? () => new Promise(() => {}) : stub),
  apply: () => stub,
  construct: () => stub,
});
export const app = stub, BrowserWindow = stub, dialog = stub, ipcMain = stub, Menu = stub,
  screen = stub, session = stub, contextBridge = stub, ipcRenderer = stub, powerSaveBlocker = stub;
export default stub;
\`;
const ROOT_URL = ${JSON.stringify(pathToFileURL(root).href + '/')};
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: 'onestop-test:electron', shortCircuit: true };
  const resolved = await next(specifier, context);
  if (!resolved.url.startsWith('node:') && !resolved.url.startsWith(ROOT_URL)) {
    throw new Error(specifier + ' resolved outside the packed app: ' + resolved.url);
  }
  return resolved;
}
export async function load(url, context, next) {
  if (url === 'onestop-test:electron') return { format: 'module', source: FAKE, shortCircuit: true };
  return next(url, context);
}
`,
  );
  const register = `${root}-register.mjs`;
  writeFileSync(
    register,
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
  const { stdout } = await run(
    process.execPath,
    [
      '--import',
      pathToFileURL(register).href,
      '--input-type=module',
      '-e',
      'await import(process.argv[1]); console.log("loaded");',
      pathToFileURL(join(root, main)).href,
    ],
    { cwd: root },
  );
  return stdout.trim();
}

/** The productName of an app's configuration: what people see. */
function productName(app: string): string {
  const config = readFileSync(join(ROOT, 'build', 'installers', `${app}.yml`), 'utf8');
  const name = /^productName: (.+)$/m.exec(config)?.[1];
  if (!name) throw new Error(`no productName in ${app}.yml`);
  return name;
}

describe.each(CASES)('the $app package for $platform', ({ app, runtime, platform }) => {
  it('packs offline with the stand-in Electron, renamed for the app', () => {
    const { out, log } = packedApp(app, platform);
    expect(log).toContain('using custom unpacked Electron distribution');
    expect(log).toContain('npmRebuild is set to false');
    expect(log.toLowerCase()).not.toContain('download');
    const executable = join(out, unpackedDir(platform), `onestop-${app}`);
    if (platform === 'linux') {
      expect(readFileSync(executable, 'utf8')).toContain('stand-in electron');
    } else {
      expect(readFileSync(`${executable}.exe`).subarray(0, 2).toString('latin1')).toBe('MZ');
    }
  });

  it('holds the main, the preload, their shared code and the common module: exactly what tsc built', () => {
    const { files } = packedApp(app, platform);
    const dist = files.filter((f) => f.startsWith('/dist/') && /\.c?js$/.test(f)).sort();
    const built = compiled(app);
    expect(built).toContain(`/dist/${app}/src/main/index.js`);
    expect(built).toContain(`/dist/${app}/src/main/shell.js`);
    expect(built).toContain(`/dist/${app}/src/preload/preload.cjs`);
    expect(built).toContain('/dist/common/electron/secure-window.js');
    expect(built).toContain('/dist/common/electron/csp.js');
    expect(dist).toEqual(built);
  });

  it('has a package.json whose main is the compiled main, named for the config folder', () => {
    const { root } = packedApp(app, platform);
    const pkg = readJson(join(root, 'package.json'));
    expect(pkg.main).toBe(`dist/${app}/src/main/index.js`);
    expect(pkg.type).toBe('module');
    // Electron's app name, hence the config folder: ~/.config/onestop-<app>, %APPDATA%\onestop-<app>.
    expect(pkg.productName).toBe(`onestop-${app}`);
    expect(pkg.devDependencies).toBeUndefined();
  });

  it('holds no sources, maps, test files or renderer', () => {
    const { files } = packedApp(app, platform);
    const offending = files.filter(
      (f) =>
        /\.(ts|cts|mts|tsx|map)$/.test(f) ||
        /\.(test|spec)\.[cm]?[jt]sx?$/.test(f) ||
        /\/(test|tests|__tests__)\//.test(f) ||
        /\/node_modules\/[^/]+\/tests?\.js$/.test(f) ||
        /^\/(src|tests)\//.test(f) ||
        // The app's renderer; a dependency's own folder of that name (qrcode's) is not one.
        (/\/renderer\//.test(f) && !f.startsWith('/node_modules/')) ||
        /\/pages\//.test(f) ||
        /\.html$/.test(f) ||
        /tsbuildinfo|tsconfig/.test(f),
    );
    expect(offending).toEqual([]);
  });

  it('holds its runtime dependencies, only production ones, and no development dependency', () => {
    const { files } = packedApp(app, platform);
    const names = packages(files);
    for (const dep of runtime) expect(names).toContain(dep);
    const closure = productionClosure(app);
    expect([...names].filter((name) => !closure.has(name))).toEqual([]);
    const own = readJson(join(ROOT, 'apps', app, 'package.json'));
    const rootPkg = readJson(join(ROOT, 'package.json'));
    const dev = [
      ...Object.keys(own.devDependencies ?? {}),
      ...Object.keys(rootPkg.devDependencies ?? {}),
      '@onestop/shared',
      '@onestop/hub',
    ];
    expect(dev).toContain('electron');
    expect(dev.filter((name) => names.has(name))).toEqual([]);
  });

  it('has a sandboxed preload that requires nothing but electron', () => {
    const { root } = packedApp(app, platform);
    const text = readFileSync(join(root, `dist/${app}/src/preload/preload.cjs`), 'utf8');
    const imports = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
    expect(imports).toEqual(['electron']);
    expect(text).not.toMatch(/^\s*(import|export)\s/m);
  });

  if (platform === 'linux') {
    it('loads its main process from inside the package alone, the common module included', async () => {
      const { root } = packedApp(app, platform);
      // Nothing above the extracted app could lend it a module.
      for (let dir = dirname(root); dir !== dirname(dir); dir = dirname(dir)) {
        expect(existsSync(join(dir, 'node_modules'))).toBe(false);
      }
      expect(await loadPackedMain(root, `dist/${app}/src/main/index.js`)).toBe('loaded');
    });
  } else {
    it('is a Windows executable with the Chinese and English name, the version and the icon', () => {
      const { out } = packedApp(app, platform);
      const exe = ResEdit.NtExecutable.from(
        readFileSync(join(out, 'win-unpacked', `onestop-${app}.exe`)),
      );
      const resources = ResEdit.NtExecutableResource.from(exe);
      const [info] = ResEdit.Resource.VersionInfo.fromEntries(resources.entries);
      if (!info) throw new Error('no version info');
      const languages = info.getAllLanguagesForStringValues();
      const strings = languages[0] ? info.getStringValues(languages[0]) : {};
      expect(strings).toMatchObject({
        ProductName: productName(app),
        FileDescription: productName(app),
        CompanyName: 'OneStop',
        FileVersion: readJson(join(ROOT, 'apps', app, 'package.json')).version,
      });
      // The app's own icon.ico: each of its sizes (256 is written as 0).
      const groups = ResEdit.Resource.IconGroupEntry.fromEntries(resources.entries);
      const sizes = groups.map((g) => g.icons.map((i) => i.width || 256));
      expect(sizes).toContainEqual([16, 24, 32, 48, 64, 128, 256]);
    });
  }
});

/** The width and height in a PNG's IHDR. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe.each(APPS)('the $app icons', ({ app }) => {
  const dir = join(ROOT, 'build', 'installers', app);

  it('has PNGs of 512 and 256 pixels for Linux, from its SVG source', () => {
    expect(readFileSync(join(dir, 'icon.svg'), 'utf8')).toContain('<svg');
    for (const size of [512, 256]) {
      expect(pngSize(readFileSync(join(dir, 'icons', `${size}x${size}.png`)))).toEqual({
        width: size,
        height: size,
      });
    }
  });

  it('has a Windows .ico with images up to 256 pixels', () => {
    const ico = readFileSync(join(dir, 'icon.ico'));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const at = 6 + 16 * i;
      const width = ico.readUInt8(at) || 256;
      const length = ico.readUInt32LE(at + 8);
      const offset = ico.readUInt32LE(at + 12);
      expect(pngSize(ico.subarray(offset, offset + length)).width).toBe(width);
      sizes.push(width);
    }
    expect(sizes).toContain(256);
    expect(sizes).toContain(16);
  });

  it('is the icon the configuration names, with ASCII artifact and package names', () => {
    const config = readFileSync(join(ROOT, 'build', 'installers', `${app}.yml`), 'utf8');
    expect(config).toContain(`icon: ../../build/installers/${app}/icon.ico`);
    expect(config).toContain(`icon: ../../build/installers/${app}/icons`);
    expect(config).toContain(`packageName: onestop-${app}`);
    expect(config).toContain(`executableName: onestop-${app}`);
    for (const line of config.split('\n').filter((l) => /artifactName:/.test(l))) {
      expect(line).toMatch(/^\s*artifactName: [\x20-\x7e]+$/);
    }
  });
});

describe('the installers’ shared configuration', () => {
  it('names the Electron version installed in node_modules (the one the apps are tested with)', () => {
    const base = readFileSync(join(ROOT, 'build', 'installers', 'base.yml'), 'utf8');
    const installed = readJson(join(ROOT, 'node_modules', 'electron', 'package.json'));
    expect(base).toMatch(new RegExp(`^electronVersion: ${String(installed.version)}$`, 'm'));
  });
});
