import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BackupScheduler,
  Store,
  StoreError,
  backupFileName,
  parseBackupFileName,
  pruneBackups,
  type BackupOutcome,
} from './index.js';
import { T0, commitInput, ev, issueTickets, tempDir, type TempDir } from './test-helpers.js';

let tmp: TempDir;
let store: Store;
let clock: number;

beforeEach(() => {
  tmp = tempDir();
  clock = T0;
  store = Store.open(tmp.file('hall.sqlite'), { now: () => clock });
});
afterEach(() => {
  store.close();
  tmp.remove();
});

const DAY_MS = 24 * 3_600_000;

function until(predicate: () => boolean, ms = 5_000): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const poll = (): void => {
      if (predicate()) resolve();
      else if (Date.now() - start > ms) reject(new Error('timed out'));
      else setTimeout(poll, 10);
    };
    poll();
  });
}

describe('backup', () => {
  it('writes a complete, self-contained copy named by the clock (UTC)', async () => {
    store.commit(commitInput({ events: [ev.dayOpened()] }));
    issueTickets(store, 20);
    const dir = tmp.file('backups');
    const file = await store.backup(dir);
    expect(basename(file)).toBe('onestop-20250303-010000.sqlite');
    expect(readdirSync(dir)).toEqual(['onestop-20250303-010000.sqlite']);

    // A plain rollback-journal file: it opens alone, read-only, with no -wal beside it.
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('delete');
    raw.close();

    const copy = Store.open(file);
    try {
      expect(copy.eventsAfter(0, 1000)).toEqual(store.eventsAfter(0, 1000));
      expect(copy.hallId()).toBe(store.hallId());
      expect(copy.commandResult('device:k1', 'issue-3')).toEqual(
        store.commandResult('device:k1', 'issue-3'),
      );
    } finally {
      copy.close();
    }
  });

  it('includes commits made while it runs or just before', async () => {
    issueTickets(store, 5);
    const pending = store.backup(tmp.file('backups'));
    const file = await pending;
    issueTickets(store, 1, 6);
    const copy = Store.open(file);
    try {
      expect(copy.lastSeq()).toBe(5);
    } finally {
      copy.close();
    }
  });

  it('fails with backup_failed when the folder cannot be made', async () => {
    const blocker = tmp.file('not-a-folder');
    writeFileSync(blocker, 'x');
    const error = await store.backup(join(blocker, 'backups')).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({ code: 'backup_failed' });
  });

  it('leaves no partial file when the copy cannot take its name', async () => {
    issueTickets(store, 3);
    const dir = tmp.file('backups');
    // A non-empty folder where the backup file should go makes the final rename fail.
    const taken = join(dir, backupFileName(clock));
    mkdirSync(taken, { recursive: true });
    writeFileSync(join(taken, 'something'), 'x');
    const error = await store.backup(dir).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'backup_failed' });
    expect(readdirSync(dir)).toEqual([basename(taken)]);
  });
});

describe('backup file names and pruning', () => {
  it('parses only our own names', () => {
    const at = Date.UTC(2025, 11, 31, 23, 59, 58);
    expect(backupFileName(at)).toBe('onestop-20251231-235958.sqlite');
    expect(parseBackupFileName('onestop-20251231-235958.sqlite')).toEqual({ at, partial: false });
    expect(parseBackupFileName('onestop-20251231-235958.sqlite.partial')).toEqual({
      at,
      partial: true,
    });
    for (const foreign of [
      'onestop-20251340-000000.sqlite',
      'onestop-20251231-235958.sqlite.bak',
      'copy of onestop-20251231-235958.sqlite',
      'onestop-2025123-235958.sqlite',
      'hall.sqlite',
    ]) {
      expect(parseBackupFileName(foreign), foreign).toBeNull();
    }
  });

  it('keeps recent backups, removes old ones and partials, ignores other files', () => {
    const dir = tmp.file('backups');
    mkdirSync(dir);
    const now = Date.UTC(2025, 5, 30, 12, 0, 0);
    const ages = [0.1, 1, 6.9, 7.1, 30, 400];
    const names = ages.map((days) => backupFileName(now - days * DAY_MS));
    for (const name of names) writeFileSync(join(dir, name), 'backup');
    const stalePartial = `${backupFileName(now - 8 * DAY_MS)}.partial`;
    const foreign = [
      'notes.txt',
      'hall.sqlite',
      `${backupFileName(now - 100 * DAY_MS)}.bak`,
      'onestop-20000101-000000.sqlite.keep',
    ];
    for (const name of [stalePartial, ...foreign]) writeFileSync(join(dir, name), 'x');
    // A folder with one of our names is not a backup file either.
    mkdirSync(join(dir, backupFileName(now - 50 * DAY_MS)));

    const removed = pruneBackups(dir, 7, now);
    expect(removed).toEqual([stalePartial, ...names.slice(3)].sort());
    expect(readdirSync(dir).sort()).toEqual(
      [...names.slice(0, 3), ...foreign, backupFileName(now - 50 * DAY_MS)].sort(),
    );
  });

  it('always keeps the newest backup, however old', () => {
    const dir = tmp.file('backups');
    mkdirSync(dir);
    const now = Date.UTC(2025, 5, 30);
    const old = [backupFileName(now - 40 * DAY_MS), backupFileName(now - 30 * DAY_MS)];
    for (const name of old) writeFileSync(join(dir, name), 'backup');
    expect(pruneBackups(dir, 7, now)).toEqual([old[0]]);
    expect(readdirSync(dir)).toEqual([old[1]]);
    expect(() => pruneBackups(dir, -1, now)).toThrow(RangeError);
  });
});

describe('checkpoint', () => {
  it('moves the WAL into the database and truncates it', () => {
    issueTickets(store, 300);
    const before = store.facts();
    expect(before.walBytes).toBeGreaterThan(0);
    const result = store.checkpoint();
    expect(result.busy).toBe(0);
    expect(result.checkpointedFrames).toBe(result.walFrames);
    const after = store.facts();
    expect(after.walBytes).toBe(0);
    expect(after.sizeBytes).toBeGreaterThan(0);
    expect(after).toMatchObject({ events: 300, lastSeq: 300, journalMode: 'wal' });
    expect(store.eventsAfter(299, 10).map((e) => e.seq)).toEqual([300]);
  });
});

describe('BackupScheduler', () => {
  it('backs up on its schedule and at day close, pruning and checkpointing', async () => {
    const dir = tmp.file('backups');
    mkdirSync(dir);
    const ancient = backupFileName(T0 - 30 * DAY_MS);
    writeFileSync(join(dir, ancient), 'old');
    const outcomes: BackupOutcome[] = [];
    const errors: unknown[] = [];
    const scheduler = new BackupScheduler(
      {
        // Each backup a second later, so each gets its own name.
        backup: (d) => {
          clock += 1_000;
          return store.backup(d);
        },
        checkpoint: () => store.checkpoint(),
      },
      {
        dir,
        everyMinutes: 0.002,
        keepDays: 7,
        now: () => clock,
        onError: (err) => errors.push(err),
        onBackup: (o) => outcomes.push(o),
      },
    );
    issueTickets(store, 50);
    scheduler.start();
    scheduler.start();
    await until(() => outcomes.length >= 2);
    scheduler.dayClosed();
    await scheduler.stop();
    expect(errors).toEqual([]);
    expect(outcomes.some((o) => o.reason === 'scheduled')).toBe(true);
    expect(outcomes.at(-1)?.reason).toBe('day_close');
    expect(outcomes.flatMap((o) => o.removed)).toEqual([ancient]);
    expect(store.facts().walBytes).toBe(0);
    const count = outcomes.length;
    for (const o of outcomes) expect(existsSync(o.file)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(outcomes.length).toBe(count);
  });

  it('reports failures to onError, never throws, and keeps going', async () => {
    const blocker = tmp.file('blocker');
    writeFileSync(blocker, 'x');
    const errors: unknown[] = [];
    const scheduler = new BackupScheduler(store, {
      dir: join(blocker, 'backups'),
      everyMinutes: 60,
      keepDays: 7,
      onError: (err, reason) => {
        errors.push([reason, err]);
        throw new Error('a careless error handler');
      },
    });
    expect(await scheduler.runNow()).toBeNull();
    scheduler.dayClosed();
    await scheduler.stop();
    expect(errors).toEqual([
      ['manual', expect.objectContaining({ code: 'backup_failed' })],
      ['day_close', expect.objectContaining({ code: 'backup_failed' })],
    ]);

    const ok = new BackupScheduler(store, {
      dir: tmp.file('good'),
      everyMinutes: 60,
      keepDays: 7,
      onError: (err) => errors.push(err),
      onBackup: () => {
        throw new Error('onBackup broke');
      },
    });
    const outcome = await ok.runNow();
    expect(outcome?.file).toMatch(/onestop-\d{8}-\d{6}\.sqlite$/);
    expect(errors.at(-1)).toMatchObject({ message: 'onBackup broke' });
  });

  it('refuses a negative interval or retention; 0 minutes means no schedule', async () => {
    const onError = (): void => undefined;
    expect(
      () => new BackupScheduler(store, { dir: tmp.dir, everyMinutes: -1, keepDays: 1, onError }),
    ).toThrow(RangeError);
    const onlyAtClose = new BackupScheduler(store, {
      dir: tmp.dir,
      everyMinutes: 0,
      keepDays: 1,
      onError,
    });
    onlyAtClose.start(); // no timer: nothing keeps running
    expect((await onlyAtClose.runNow())?.file).toMatch(/onestop-\d{8}-\d{6}\.sqlite$/);
    await onlyAtClose.stop();
    expect(
      () => new BackupScheduler(store, { dir: tmp.dir, everyMinutes: 1, keepDays: -1, onError }),
    ).toThrow(RangeError);
  });
});
