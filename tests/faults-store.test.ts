import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HealthResponse, PairResponse } from '@onestop/shared';
import { HubClient } from '@onestop/shared/client';
import { createDevice, DEMO_HALL, DEMO_STAFF, hashPin, Hub } from '@onestop/hub';
import { ensureBuilt } from './support/build.js';
import { ChildHub, CLI, killAllChildHubs } from './support/child-hub.js';
import { HubTestHall, waitFor } from './support/hall.js';

/*
 * Faults of the hall's database and files: a full disk, a read-only file, a second hub or
 * another process holding the database, a corrupt hall file. Each gives a clear error or
 * waits, and nothing acknowledged is lost.
 */

let dir = '';
const closers: (() => Promise<void> | void)[] = [];

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'onestop-faults-'));
  chmodSync(dir, 0o755);
}, 120_000); // building the hub may take a while on a busy machine
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await killAllChildHubs();
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Issued =
  { ok: true; id: string; number: string } | { ok: false; code: string; message: string };

async function issue(kiosk: HubClient<'kiosk'>, serviceId = 'tax'): Promise<Issued> {
  const r = await kiosk.command('issue_ticket', {
    itinerary: [{ serviceIds: [serviceId] }],
    class: 'normal',
  });
  return r.ok
    ? { ok: true, id: r.result.ticket.id, number: r.result.ticket.number }
    : { ok: false, code: r.error.code, message: r.error.message };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function health(url: string): Promise<HealthResponse> {
  const res = await fetch(`${url}/api/health`);
  expect(res.status).toBe(200);
  return (await res.json()) as HealthResponse;
}

/** Asks /api/health until `ok` holds for its answer; fails after `timeoutMs`. */
async function healthUntil(
  url: string,
  ok: (h: Partial<HealthResponse>) => boolean,
  timeoutMs = 10_000,
): Promise<HealthResponse> {
  const deadline = Date.now() + timeoutMs;
  let last: HealthResponse | null = null;
  while (Date.now() < deadline) {
    last = await health(url);
    if (ok(last)) return last;
    await sleep(50);
  }
  throw new Error(`the health check never said so; last: ${JSON.stringify(last)}`);
}

/** The tickets in the file, read on a connection of its own. */
function ticketsInFile(dbPath: string): Map<string, string> {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare<[], { id: string; number: string }>('SELECT id, number FROM tickets')
      .all();
    return new Map(rows.map((r) => [r.id, r.number]));
  } finally {
    db.close();
  }
}

/** A database with the demo hall, its PINs and a kiosk to pair, for a child hub to open. */
async function prepareDb(dbPath: string): Promise<string> {
  const setup = Hub.open({ dbPath, config: DEMO_HALL });
  try {
    const hashes = await Promise.all(DEMO_STAFF.map((s) => hashPin(s.pin)));
    DEMO_STAFF.forEach((s, i) => setup.store.setPinHash(s.code, hashes[i] ?? ''));
    return createDevice(
      setup.store,
      setup.config,
      { kind: 'kiosk', name: 'Kiosk', windowId: null },
      Date.now(),
    ).pairingCode;
  } finally {
    setup.close();
  }
}

async function pairKiosk(url: string, code: string): Promise<HubClient<'kiosk'>> {
  const res = await fetch(`${url}/api/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  expect(res.status).toBe(200);
  const { token } = (await res.json()) as PairResponse;
  // The hub may hold a command for a whole busy timeout (5 s) and more: wait long enough.
  const kiosk = new HubClient({ url, role: 'kiosk', token, ackTimeoutMs: 30_000, retries: 0 });
  closers.push(() => kiosk.close());
  await waitFor(() => kiosk.connection === 'online', 10_000, 'the kiosk to connect');
  return kiosk;
}

describe('a full disk', () => {
  it('refuses commands with store_failed naming the full disk, loses nothing acknowledged, and recovers when space returns', async () => {
    const hall = await HubTestHall.start();
    closers.push(() => hall.close());
    const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
    const acked: { id: string; number: string }[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await issue(kiosk);
      if (!r.ok) throw new Error(`issue failed before the disk filled: ${r.code}`);
      acked.push(r);
    }
    // The disk fills: the file may not grow by a single page.
    const db = hall.hub.store.connection;
    const pages = Number(db.pragma('page_count', { simple: true }));
    db.pragma(`max_page_count = ${pages}`);
    let refused: Issued | null = null;
    for (let i = 0; i < 500 && !refused; i++) {
      const r = await issue(kiosk);
      if (r.ok) acked.push(r);
      else refused = r;
    }
    expect(refused).toMatchObject({ ok: false, code: 'store_failed' });
    expect(refused?.ok === false && refused.message).toMatch(/disk is full/);
    // Refused again, and the hub's state is still what the file holds: nothing half-done.
    expect(await issue(kiosk)).toMatchObject({ ok: false, code: 'store_failed' });
    const inFile = ticketsInFile(hall.dbPath);
    for (const a of acked) expect(inFile.get(a.id), `acknowledged ${a.number}`).toBe(a.number);
    expect(inFile.size).toBe(acked.length);
    expect([...hall.hub.current.tickets.keys()].sort()).toEqual(acked.map((a) => a.id).sort());
    await waitFor(() => kiosk.state?.tickets.size === acked.length, 5_000, 'the kiosk mirror');

    // Space comes back: the next ticket takes the next number, none reused or skipped.
    db.pragma('max_page_count = 1073741823');
    const next = await issue(kiosk);
    expect(next).toMatchObject({
      ok: true,
      number: `H${String(acked.length + 1).padStart(3, '0')}`,
    });
    expect(ticketsInFile(hall.dbPath).size).toBe(acked.length + 1);
  });
});

describe('the database file', () => {
  it('read-only: the hub says so at start and exits with code 2', async () => {
    const sub = join(dir, 'readonly');
    mkdirSync(sub);
    const dbPath = join(sub, 'hall.sqlite');
    await prepareDb(dbPath);
    chmodSync(dbPath, 0o444);
    const isRoot = process.getuid?.() === 0;
    // Root may write any file: as root, the hub runs as the user nobody, who owns the folder.
    if (isRoot) {
      chownSync(sub, 65534, 65534);
      chownSync(dbPath, 65534, 65534);
    }
    const r = spawnSync(
      process.execPath,
      [CLI, '--db', dbPath, '--demo', '--port', '0', '--host', '127.0.0.1', '--backup-every', '0'],
      { encoding: 'utf8', timeout: 20_000, ...(isRoot ? { uid: 65534, gid: 65534 } : {}) },
    );
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(
      /^onestop-hub: .*hall\.sqlite.*(read-only|is not writable|cannot be written)/m,
    );
    expect(r.stdout).not.toContain('Listening');
  });

  it('a second hub on the same file is refused clearly; the first goes on, and after it dies another may start', async () => {
    const dbPath = join(dir, 'two-hubs.sqlite');
    const code = await prepareDb(dbPath);
    const first = await ChildHub.start({ dbPath, port: 0 });
    const kiosk = await pairKiosk(first.url, code);
    const a = await issue(kiosk);
    expect(a).toMatchObject({ ok: true, number: 'H001' });

    const second = spawnSync(
      process.execPath,
      [CLI, '--db', dbPath, '--demo', '--port', '0', '--host', '127.0.0.1', '--backup-every', '0'],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(second.status, second.stderr).toBe(2);
    expect(second.stderr).toMatch(/two-hubs\.sqlite is in use by another hub/);
    expect(second.stdout).not.toContain('Listening');
    expect(await issue(kiosk)).toMatchObject({ ok: true, number: 'H002' });

    // A crash leaves no stale lock behind.
    await first.kill();
    const third = await ChildHub.start({ dbPath, port: 0 });
    expect(third.stderr).toBe('');
    expect([...ticketsInFile(dbPath).values()].sort()).toEqual(['H001', 'H002']);
  });

  it('another process holding the write lock: the hub goes on answering and says it is busy; a command waits for the lock, is answered store_busy when it lasts, and those waiting go through once it is released; nothing is lost', async () => {
    const dbPath = join(dir, 'locked.sqlite');
    const code = await prepareDb(dbPath);
    const hub = await ChildHub.start({ dbPath, port: 0 });
    const kiosk = await pairKiosk(hub.url, code);
    expect(await issue(kiosk)).toMatchObject({ ok: true, number: 'H001' });

    const other = new Database(dbPath);
    closers.push(() => {
      if (other.inTransaction) other.exec('ROLLBACK');
      if (other.open) other.close();
    });
    // Held briefly: the command waits for the lock and goes through.
    other.exec('BEGIN IMMEDIATE');
    const waiting = issue(kiosk);
    await sleep(500);
    other.exec('COMMIT');
    expect(await waiting).toMatchObject({ ok: true, number: 'H002' });

    // Held on: the health check is answered while the command still waits, and says why.
    other.exec('BEGIN IMMEDIATE');
    let answered = false;
    const held = issue(kiosk).then((r) => {
      answered = true;
      return r;
    });
    const busy = await healthUntil(
      hub.url,
      (h) => h.store?.state === 'busy' && h.store.queued === 1,
    );
    expect(other.inTransaction).toBe(true);
    expect(answered).toBe(false);
    expect(busy).toMatchObject({ status: 'degraded', store: { state: 'busy', queued: 1 } });
    // Past the hub's bound: refused with the reason, never written.
    const refused = await held;
    expect(refused).toMatchObject({ ok: false, code: 'store_busy' });
    expect(!refused.ok && refused.message).toMatch(/write lock/);
    // Commands that come meanwhile wait, and go through in order when the lock is released.
    const later = [issue(kiosk), issue(kiosk)];
    await healthUntil(hub.url, (h) => h.store?.state === 'busy' && h.store.queued === 2);
    other.exec('COMMIT');
    expect(await Promise.all(later)).toMatchObject([
      { ok: true, number: 'H003' },
      { ok: true, number: 'H004' },
    ]);
    expect(await health(hub.url)).toMatchObject({ status: 'ok', store: { state: 'ok' } });
    expect([...ticketsInFile(dbPath).values()].sort()).toEqual(['H001', 'H002', 'H003', 'H004']);
    expect(hub.running).toBe(true);
  });

  it('locked by another process when the hub starts: one line saying so, and exit code 2', async () => {
    const dbPath = join(dir, 'locked-at-start.sqlite');
    await prepareDb(dbPath);
    {
      const other = new Database(dbPath);
      try {
        other.exec('BEGIN IMMEDIATE');
        const r = spawnSync(
          process.execPath,
          [
            CLI,
            '--db',
            dbPath,
            '--demo',
            '--port',
            '0',
            '--host',
            '127.0.0.1',
            '--backup-every',
            '0',
          ],
          { encoding: 'utf8', timeout: 30_000 },
        );
        expect(r.status, r.stderr).toBe(2);
        expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(
          /^onestop-hub: \S*locked-at-start\.sqlite is locked by another program \(it holds the write lock\)/,
        );
        expect(r.stdout).not.toContain('Listening');
      } finally {
        other.exec('ROLLBACK');
        other.close();
      }
    }
  });
});

describe('the database files deleted or replaced under a running hub', () => {
  /** A child hub on a database of its own folder, a kiosk, and `count` tickets acknowledged. */
  async function hubWithTickets(name: string, count: number) {
    const sub = join(dir, name);
    mkdirSync(sub);
    const dbPath = join(sub, 'hall.sqlite');
    const code = await prepareDb(dbPath);
    const hub = await ChildHub.start({ dbPath, port: 0 });
    const kiosk = await pairKiosk(hub.url, code);
    const acked: { id: string; number: string }[] = [];
    for (let i = 0; i < count; i++) {
      const r = await issue(kiosk);
      if (!r.ok) throw new Error(`issue failed before the files went: ${r.code} ${r.message}`);
      acked.push(r);
    }
    return { dbPath, hub, kiosk, acked };
  }

  /** Issues `count` more: each either acknowledged (kept in `acked`) or refused. */
  async function issueAfter(
    kiosk: HubClient<'kiosk'>,
    count: number,
    acked: { id: string; number: string }[],
  ): Promise<string[]> {
    const refusals: string[] = [];
    for (let i = 0; i < count; i++) {
      const r = await issue(kiosk);
      if (r.ok) acked.push(r);
      else refusals.push(r.code);
    }
    return refusals;
  }

  function expectAll(file: string, acked: { id: string; number: string }[]): void {
    const inFile = ticketsInFile(file);
    for (const a of acked)
      expect(inFile.get(a.id), `${file}: acknowledged ${a.number}`).toBe(a.number);
  }

  it('-wal deleted: the hub stops acknowledging, saves what it holds into the database file, says so; after a SIGKILL every acknowledged ticket is there', async () => {
    const { dbPath, hub, kiosk, acked } = await hubWithTickets('wal-deleted', 20);
    rmSync(`${dbPath}-wal`);
    const refusals = await issueAfter(kiosk, 20, acked);
    // Nothing after the deletion is acknowledged, and the reason is clear.
    expect(acked).toHaveLength(20);
    expect(refusals).toEqual(Array.from({ length: 20 }, () => 'store_lost'));
    const h = await health(hub.url);
    expect(h).toMatchObject({ status: 'degraded', store: { state: 'lost' } });
    const store = h.store.state === 'lost' ? h.store : null;
    expect(store?.message).toMatch(/hall\.sqlite-wal was deleted/);
    expect(store?.message).toMatch(/written into the database file.*restart the hub/);
    const rescue = store?.rescue ?? '';
    expect(rescue).toMatch(/hall\.sqlite-rescue-\d{8}-\d{6}\.sqlite$/);
    expect(hub.stderr).toMatch(/DATABASE FILES LOST .*hall\.sqlite-wal was deleted/);
    expect(hub.stderr).toContain(rescue);

    await hub.kill();
    expectAll(dbPath, acked);
    expectAll(rescue, acked);
    // Restarted on its own file, the hub is well again and has the day's tickets.
    const again = await ChildHub.start({ dbPath, port: 0 });
    expect(await health(again.url)).toMatchObject({ status: 'ok', store: { state: 'ok' } });
    expect(ticketsInFile(dbPath).size).toBe(20);
  });

  for (const how of ['deleted', 'replaced'] as const) {
    it(`the database file ${how}: the hub stops acknowledging and writes a rescue copy it names; after a SIGKILL, restoring that copy brings back every acknowledged ticket`, async () => {
      const { dbPath, hub, kiosk, acked } = await hubWithTickets(`db-${how}`, 10);
      if (how === 'deleted') {
        rmSync(dbPath);
      } else {
        // An operator putting another file in its place (here an older copy of it) with mv.
        const older = join(dirname(dbPath), 'older.sqlite');
        copyFileSync(dbPath, older);
        renameSync(older, dbPath);
      }
      const refusals = await issueAfter(kiosk, 5, acked);
      expect(acked).toHaveLength(10);
      expect(refusals).toEqual(Array.from({ length: 5 }, () => 'store_lost'));
      const h = await health(hub.url);
      const store = h.store.state === 'lost' ? h.store : null;
      expect(h.status).toBe('degraded');
      expect(store?.message).toContain(
        `${dbPath} was ${how === 'deleted' ? 'deleted' : 'replaced'}`,
      );
      const rescue = store?.rescue ?? '';
      expect(store?.message).toContain(`onestop-hub restore --from ${rescue}`);
      expect(hub.stderr).toContain(rescue);

      await hub.kill();
      expectAll(rescue, acked);
      const restored = spawnSync(
        process.execPath,
        [CLI, 'restore', '--db', dbPath, '--from', rescue],
        {
          encoding: 'utf8',
          timeout: 30_000,
        },
      );
      expect(restored.status, restored.stderr).toBe(0);
      const again = await ChildHub.start({ dbPath, port: 0 });
      expect(await health(again.url)).toMatchObject({ status: 'ok', store: { state: 'ok' } });
      expectAll(dbPath, acked);
      expect(ticketsInFile(dbPath).size).toBe(10);
    });
  }
});

describe('a corrupt hall file', () => {
  it('is refused at start, naming the problem, and nothing is written', () => {
    const cases: [string, string | Buffer, RegExp][] = [
      [
        'truncated.json',
        '{ "hall": { "name": { "zh": "中心", ',
        /truncated\.json is not a valid hall configuration:\n {2}- is not valid JSON/,
      ],
      [
        'garbage.json',
        Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x37, 0x80, 0x81]),
        /garbage\.json is not a valid hall configuration:\n {2}- is not valid JSON/,
      ],
      ['empty.json', '', /empty\.json is not a valid hall configuration:\n {2}- is not valid JSON/],
      ['array.json', '[1, 2, 3]', /array\.json is not a valid hall configuration:\n {2}- /],
      [
        'missing.json',
        '',
        /missing\.json is not a valid hall configuration:\n {2}- cannot be read: ENOENT/,
      ],
    ];
    for (const [name, content, message] of cases) {
      const file = join(dir, name);
      if (name !== 'missing.json') writeFileSync(file, content);
      const dbPath = join(dir, `never-${name}.sqlite`);
      const r = spawnSync(
        process.execPath,
        [CLI, '--config', file, '--db', dbPath, '--port', '0', '--host', '127.0.0.1'],
        { encoding: 'utf8', timeout: 20_000 },
      );
      expect(r.status, `${name}: ${r.stderr}`).toBe(2);
      expect(r.stderr, name).toMatch(message);
      expect(r.stdout, name).not.toContain('Listening');
      expect(existsSync(dbPath), `${name}: a database was written`).toBe(false);
      expect(existsSync(`${dbPath}-hub.lock`), `${name}: a lock was written`).toBe(false);
    }
  });
});
