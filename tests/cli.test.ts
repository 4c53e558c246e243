import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/build.js';
import { CHECKOUT_CLI, demoServeArgs, hubSuite, runCli, startHub } from './support/ops-cli.js';

let dir: string;

hubSuite('onestop-cli-', (d) => (dir = d));

const run = (args: string[]) => runCli(CHECKOUT_CLI, args, { cwd: dir });
/** Starts `onestop-hub` and resolves with its output once it says it is listening. */
const start = (args: string[]) => startHub(CHECKOUT_CLI, args, { cwd: dir });

describe('onestop-hub', () => {
  it('checks a hall file and names every wrong field', () => {
    const good = run(['check-config', join(ROOT, 'docs/hall.example.json')]);
    expect(good.status).toBe(0);
    expect(good.stdout).toMatch(/valid — 3 departments, 3 services, 3 windows, 5 staff/);

    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        hall: {
          name: { zh: '中心', en: 'Center' },
          timezone: 'Nowhere/Land',
          languages: ['zh', 'fr'],
        },
        departments: [{ id: 'd', name: { zh: '部', en: 'D' } }],
        services: [
          {
            id: 's',
            departmentId: 'd',
            prefix: 'aa',
            name: { zh: '业务', en: 'S' },
            hours: [],
            defaultMinutes: 0,
          },
        ],
        windows: [{ id: 'w', number: 1, name: { zh: '一', en: 'One' }, services: [] }],
        staff: [],
      }),
    );
    const db = join(dir, 'never.sqlite');
    const refused = run(['--config', bad, '--db', db, '--port', '0', '--host', '127.0.0.1']);
    expect(refused.status).toBe(2);
    for (const field of [
      'hall.timezone',
      'hall.languages.1',
      'services.0.prefix',
      'services.0.defaultMinutes',
      'windows.0.services',
    ]) {
      expect(refused.stderr).toContain(field);
    }
    expect(existsSync(db)).toBe(false); // nothing was written

    writeFileSync(bad, '{ "hall": ');
    expect(run(['check-config', bad]).stderr).toMatch(/not valid JSON/);
    expect(run(['--port', 'eighty']).status).toBe(64);
  });

  it('starts a demo hall that prints its pages and logins, pairs, backs up and stops cleanly', async () => {
    const db = join(dir, 'demo.sqlite');
    const hub = await start(demoServeArgs(db));
    const out = hub.output();
    for (const page of ['kiosk', 'display', 'window', 'rate'])
      expect(out).toMatch(new RegExp(`/${page}\\?pair=[A-Z2-9]{8}`));
    expect(out).toMatch(/ADMIN\s+8642\s+admin/);
    expect(out).toMatch(/C01\s+1010\s+clerk/);

    const code = /\/display\?pair=([A-Z2-9]{8})/.exec(out)?.[1];
    const paired = await fetch(`${hub.url}/api/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    expect(paired.status).toBe(200);
    expect(await paired.json()).toMatchObject({ kind: 'display', role: 'display' });
    const health = (await (await fetch(`${hub.url}/api/health`)).json()) as { dayStatus: string };
    expect(health.dayStatus).toBe('open');

    // A second device, registered from the command line while the hub runs.
    const pair = run([
      'pair',
      '--db',
      db,
      '--kind',
      'rating_pad',
      '--name',
      '3 号评价器',
      '--window',
      'w3',
    ]);
    expect(pair.status).toBe(0);
    const cliCode = /pairing code: ([A-Z2-9]{8})/.exec(pair.stdout)?.[1];
    expect(cliCode).toBeDefined();
    const second = await fetch(`${hub.url}/api/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: cliCode }),
    });
    expect(await second.json()).toMatchObject({ kind: 'rating_pad', windowId: 'w3', role: 'rate' });

    const backups = join(dir, 'backups-out');
    const backup = run(['backup', '--db', db, '--out', backups]);
    expect(backup.status).toBe(0);
    const [file] = readdirSync(backups);
    const copy = new Database(join(backups, file ?? ''), { readonly: true });
    expect(copy.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 1 }); // the day it opened
    copy.close();

    expect(await hub.stop()).toBe(0);
  });

  it('runs as one bundled file that starts a hub, answers a command and maps its stack traces to the sources', async () => {
    // One file: what it loads from outside is Node's own and the native better-sqlite3. The
    // bundle is minified: a statement begins a line or follows a `;` or a `}`.
    const bundle = readFileSync(join(ROOT, 'packages/hub/dist/onestop-hub.js'), 'utf8');
    const statement =
      /(?:^|[;}])\s*import\s*(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*\s*as\s+[\w$]+)?\s*from\s*['"]([^'"]+)['"]/gm;
    const loaded = new Set([...bundle.matchAll(statement)].map((m) => m[1] ?? ''));
    expect(loaded).toContain('node:path'); // the pattern finds the bundle's imports
    expect([...loaded].filter((name) => !name.startsWith('node:'))).toEqual(['better-sqlite3']);

    const hub = await start(demoServeArgs(join(dir, 'bundle.sqlite')));
    const code = /\/kiosk\?pair=([A-Z2-9]{8})/.exec(hub.output())?.[1];
    const paired = await fetch(`${hub.url}/api/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    expect(await paired.json()).toMatchObject({ kind: 'kiosk', role: 'kiosk' });
    expect(await hub.stop()).toBe(0);

    // A fault inside the bundle (its `console.log` throws): the trace names cli.ts, not the bundle.
    const [node, ...command] = CHECKOUT_CLI;
    const faulty = runCli(
      [
        node,
        '--import',
        'data:text/javascript,console.log=()=>{throw new Error("boom")}',
        ...command,
      ],
      ['--version'],
      { cwd: dir },
    );
    expect(faulty.status).toBe(1);
    expect(faulty.stderr).toMatch(
      /Error: boom\n.*\n\s+at main \(.*packages\/hub\/src\/cli\.ts:\d+:\d+\)/,
    );
  });

  it('says so when the port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    try {
      const r = run([
        '--demo',
        '--db',
        join(dir, 'taken.sqlite'),
        '--port',
        String(port),
        '--host',
        '127.0.0.1',
      ]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('keeps the stored configuration: a different --config or --demo is refused with its differences, unless --replace-config', async () => {
    const db = join(dir, 'real-hall.sqlite');
    const example = join(ROOT, 'docs/hall.example.json');
    const serve = (extra: string[]) => [
      '--db',
      db,
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--backup-every',
      '0',
      ...extra,
    ];
    const storedName = (): string => {
      const file = new Database(db, { readonly: true });
      try {
        const row = file.prepare<[], { body: string }>('SELECT body FROM config').get();
        return (JSON.parse(row?.body ?? '{}') as { hall: { name: { zh: string } } }).hall.name.zh;
      } finally {
        file.close();
      }
    };
    const eventTypes = (): string[] => {
      const file = new Database(db, { readonly: true });
      try {
        return file.prepare<[], string>('SELECT type FROM events ORDER BY seq').pluck().all();
      } finally {
        file.close();
      }
    };

    // The first start sets the hall up from the file; the same file again changes nothing.
    let hub = await start(serve(['--config', example]));
    expect(await hub.stop()).toBe(0);
    hub = await start(serve(['--config', example]));
    expect(await hub.stop()).toBe(0);
    const oldName = storedName();
    expect(oldName).toBe('某区政务服务中心');
    const events = eventTypes();
    expect(events).not.toContain('config_changed');

    // The file edited since: refused, one line and the differences; nothing is written.
    const hallFile = JSON.parse(readFileSync(example, 'utf8')) as {
      hall: { name: { zh: string } };
    };
    hallFile.hall.name.zh = '某区政务服务中心（新址）';
    const edited = join(dir, 'edited-hall.json');
    writeFileSync(edited, JSON.stringify(hallFile));
    const refused = run(serve(['--config', edited]));
    expect(refused.status).toBe(2);
    expect(refused.stderr.trim().split('\n')).toEqual([
      `onestop-hub: ${edited} differs from the configuration stored in ${db} (which keeps the ` +
        "admin console's changes): start without it to keep the stored one, or add " +
        '--replace-config to apply it as a change',
      `  - hall: name.zh ${oldName} → 某区政务服务中心（新址）`,
    ]);
    // So is the demo's configuration on a real hall's database.
    const demo = run(serve(['--demo']));
    expect(demo.status).toBe(2);
    expect(demo.stderr).toMatch(/^onestop-hub: --demo differs from the configuration stored in/);
    expect(demo.stderr).toMatch(/^ {2}- departments police: added/m);
    expect(storedName()).toBe(oldName);
    expect(eventTypes()).toEqual(events);

    // Asked for: applied as a change, audited; later starts without --config keep it.
    hub = await start(serve(['--config', edited, '--replace-config']));
    expect(hub.output()).toMatch(/Config {4}.*edited-hall\.json applied as a change \(audited\)/);
    expect(hub.output()).toContain('某区政务服务中心（新址）');
    expect(await hub.stop()).toBe(0);
    expect(eventTypes().at(-1)).toBe('config_changed');
    hub = await start(serve([]));
    expect(hub.output()).toContain('某区政务服务中心（新址）');
    expect(await hub.stop()).toBe(0);
    expect(storedName()).toBe('某区政务服务中心（新址）');
  });

  it('refuses a database of a newer version, and one without a hall', () => {
    const db = join(dir, 'future.sqlite');
    const future = new Database(db);
    future.pragma('user_version = 99');
    future.close();
    const r = run(['--db', db, '--port', '0', '--host', '127.0.0.1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/newer than this hub/);
    const empty = run(['--db', join(dir, 'empty.sqlite'), '--port', '0', '--host', '127.0.0.1']);
    expect(empty.status).not.toBe(0);
    expect(empty.stderr).toMatch(/--config hall.json or --demo/);
  });
});
