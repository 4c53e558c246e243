import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { HealthResponse } from '@onestop/shared';
import { ROOT } from './support/build.js';
import { CHECKOUT_CLI, demoServeArgs, hubSuite, runCli, startHub } from './support/ops-cli.js';

let dir: string;

hubSuite('onestop-restore-', (d) => (dir = d));

const cli = (args: string[]) => runCli(CHECKOUT_CLI, args, { cwd: dir });

function pair(db: string, name: string): void {
  const r = cli(['pair', '--db', db, '--kind', 'display', '--name', name]);
  expect(r.status, r.stderr).toBe(0);
}

function deviceNames(db: string): string[] {
  const file = new Database(db, { readonly: true });
  try {
    return file
      .prepare<[], { name: string }>('SELECT name FROM devices ORDER BY name')
      .all()
      .map((d) => d.name);
  } finally {
    file.close();
  }
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('onestop-hub restore', () => {
  it('puts a backup back: refused while the hub runs, then the old data is there', async () => {
    const db = join(dir, 'hall.sqlite');
    const backups = join(dir, 'backups');
    let hub = await startHub(CHECKOUT_CLI, demoServeArgs(db), { cwd: dir });
    const historyOf = async (url: string): Promise<string> =>
      ((await (await fetch(`${url}/api/health`)).json()) as HealthResponse).db.historyId;
    const historyBefore = await historyOf(hub.url);
    expect(historyBefore).toMatch(/^[0-9a-f-]{36}$/);
    pair(db, 'before the backup');
    expect(cli(['backup', '--db', db, '--out', backups]).status).toBe(0);
    const [backupName] = readdirSync(backups);
    const backup = join(backups, backupName ?? '');
    pair(db, 'after the backup');

    // Refused while the hub runs; nothing changes.
    const refused = cli(['restore', '--db', db, '--from', backup]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/a hub is running on .*hall\.sqlite: stop it first/);
    expect(deviceNames(db)).toContain('after the backup');

    // A power cut: the hub leaves its -wal and -shm behind.
    await hub.kill();
    expect(existsSync(`${db}-wal`)).toBe(true);
    const restored = cli(['restore', '--db', db, '--from', backup]);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/Restored .* schema version \d+, \d+ events/s);
    const keptAs = /kept as (\S+)/.exec(restored.stdout)?.[1] ?? '';
    expect(keptAs).toMatch(/hall\.sqlite\.before-restore-\d{8}-\d{6}$/);
    // The replaced file is whole on its own: its WAL was folded in before it was moved.
    expect(deviceNames(keptAs)).toContain('after the backup');
    expect(existsSync(`${db}-wal`)).toBe(false);
    expect(existsSync(`${db}-shm`)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.restore-'))).toEqual([]);
    // A new history: devices that were away take a snapshot instead of the reissued numbers.
    const historyAfter = /a new history begins: (\S+)/.exec(restored.stdout)?.[1] ?? '';
    expect(historyAfter).toMatch(/^[0-9a-f-]{36}$/);
    expect(historyAfter).not.toBe(historyBefore);

    hub = await startHub(CHECKOUT_CLI, demoServeArgs(db), { cwd: dir });
    const health = (await (await fetch(`${hub.url}/api/health`)).json()) as HealthResponse;
    expect(health.status).toBe('ok');
    expect(health.db.historyId).toBe(historyAfter);
    expect(deviceNames(db)).toContain('before the backup');
    expect(deviceNames(db)).not.toContain('after the backup');
    expect(await hub.stop()).toBe(0);
  });

  it('refuses a damaged backup, a newer one and a file that is not OneStop’s, changing nothing', async () => {
    const db = join(dir, 'checks.sqlite');
    const hub = await startHub(CHECKOUT_CLI, demoServeArgs(db), { cwd: dir });
    const out = join(dir, 'checks-backups');
    expect(cli(['backup', '--db', db, '--out', out]).status).toBe(0);
    expect(await hub.stop()).toBe(0);
    const [name] = readdirSync(out);
    const good = join(out, name ?? '');
    const before = sha(db);

    const damaged = join(dir, 'damaged.sqlite');
    copyFileSync(good, damaged);
    const bytes = readFileSync(damaged);
    // Page 2 onward overwritten: the header still says SQLite, the b-trees are garbage.
    bytes.fill(0x5a, 4096, Math.min(bytes.length, 4096 * 4));
    writeFileSync(damaged, bytes);
    const r1 = cli(['restore', '--db', db, '--from', damaged]);
    expect(r1.status).toBe(2);
    expect(r1.stderr).toMatch(/damaged/);

    const newer = join(dir, 'newer.sqlite');
    copyFileSync(good, newer);
    const file = new Database(newer);
    file.pragma('user_version = 99');
    file.close();
    const r2 = cli(['restore', '--db', db, '--from', newer]);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/schema version 99, newer than this hub/);

    const foreign = join(dir, 'foreign.sqlite');
    const other = new Database(foreign);
    other.exec('CREATE TABLE t (x)');
    other.close();
    const r3 = cli(['restore', '--db', db, '--from', foreign]);
    expect(r3.status).toBe(2);
    expect(r3.stderr).toMatch(/not a OneStop database/);

    const r4 = cli(['restore', '--db', db, '--from', join(dir, 'missing.sqlite')]);
    expect(r4.status).toBe(2);
    expect(r4.stderr).toMatch(/does not exist/);
    expect(cli(['restore', '--db', db]).status).toBe(64);

    expect(sha(db)).toBe(before);
    expect(readdirSync(dir).filter((f) => f.startsWith('checks.sqlite.before-restore'))).toEqual(
      [],
    );
  });

  it('refuses while another process has the database open, and restores onto an empty folder', () => {
    const source = join(dir, 'source.sqlite');
    const backups = join(dir, 'source-backups');
    // A hall file made by a hub that ran and stopped.
    return startHub(CHECKOUT_CLI, demoServeArgs(source), { cwd: dir }).then(async (hub) => {
      pair(source, 'kept');
      expect(cli(['backup', '--db', source, '--out', backups]).status).toBe(0);
      expect(await hub.stop()).toBe(0);
      const [name] = readdirSync(backups);
      const backup = join(backups, name ?? '');

      // A database tool holding the file open (not a hub: no hub lock) is found all the same.
      const holder = new Database(source);
      holder.pragma('journal_mode = WAL');
      holder.prepare('SELECT count(*) FROM devices').get();
      try {
        const r = cli(['restore', '--db', source, '--from', backup]);
        expect(r.status).toBe(2);
        expect(r.stderr).toMatch(/open in another process/);
      } finally {
        holder.close();
      }

      // The hub machine died: a new one gets the backup, with no database yet.
      const fresh = join(dir, 'new-machine.sqlite');
      const r = cli(['restore', '--db', fresh, '--from', backup]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/there was no database to replace/);
      expect(deviceNames(fresh)).toContain('kept');
    });
  });
});

describe('onestop-hub init', () => {
  it('loads a hall file for a hub started without --config, and not while a hub runs', async () => {
    const db = join(dir, 'service', 'hall.sqlite');
    const example = join(ROOT, 'docs/hall.example.json');
    const init = cli(['init', '--db', db, '--config', example]);
    expect(init.status, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/loaded into .*hall\.sqlite: 某区政务服务中心/);
    expect(init.stdout).toMatch(/3 departments, 3 services, 3 windows, 5 staff/);

    const args = ['--db', db, '--port', '0', '--host', '127.0.0.1', '--backup-every', '0'];
    const hub = await startHub(CHECKOUT_CLI, args, { cwd: dir });
    expect(hub.output()).toContain('District Government Service Center');
    const again = cli(['init', '--db', db, '--config', example]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/in use by another hub/);
    expect(await hub.stop()).toBe(0);

    const bad = join(dir, 'bad-hall.json');
    writeFileSync(bad, '{"hall": {}}');
    const refused = cli(['init', '--db', db, '--config', bad]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/bad-hall\.json is not a valid hall configuration/);
  });
});
