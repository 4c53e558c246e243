import {
  accessSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError, sqliteCode } from './errors.js';
import { beginHistory } from './history.js';
import { HubLock } from './hub-lock.js';
import { latestVersion } from './migrations/index.js';
import { sql } from './sql.js';

/** Why a restore was refused; nothing was changed. */
export class RestoreError extends Error {}

export interface BackupFacts {
  schemaVersion: number;
  hallId: string;
  events: number;
  /** The business day of the backup's newest event, if any. */
  lastBusinessDay: string | null;
}

export interface RestoreOutcome extends BackupFacts {
  db: string;
  /** Where the database that was replaced now is (null: there was none). */
  keptAs: string | null;
  /**
   * The history the restored file begins (see store/history.ts); null for a backup older than
   * histories, which gets a new one when the hub upgrades it at its next start.
   */
  historyId: string | null;
}

/** The schema version that has the `histories` table (migration 008). */
const HISTORIES_VERSION = 8;

const pad = (n: number): string => String(n).padStart(2, '0');

function stamp(at: number): string {
  const d = new Date(at);
  return (
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-` +
    `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`
  );
}

/**
 * Checks a backup in full before it is used: a SQLite file that passes `integrity_check`, made
 * by OneStop (it has the hall's id), at a schema version this hub knows. Opened read-only.
 */
export function inspectBackup(file: string): BackupFacts {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile()) throw new RestoreError(`the backup ${file} does not exist or is not a file`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new RestoreError(`cannot open the backup ${file}: ${String(err)}`);
  }
  try {
    const problems = db
      .prepare<[], string>('PRAGMA integrity_check')
      .pluck()
      .all()
      .filter((r) => r !== 'ok');
    if (problems.length > 0) {
      throw new RestoreError(
        `the backup ${file} is damaged (${problems.slice(0, 3).join('; ')}): choose another one`,
      );
    }
    const version = Number(db.pragma('user_version', { simple: true }));
    const newest = latestVersion();
    if (version > newest) {
      throw new RestoreError(
        `the backup ${file} has schema version ${version}, newer than this hub (${newest}): ` +
          'install the hub version that made it first',
      );
    }
    const hasMeta = sql(
      db,
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = @name",
    ).value<number>({ name: 'meta' });
    const hallId =
      version > 0 && hasMeta
        ? sql(db, 'SELECT value FROM meta WHERE key = @key').value<string>({ key: 'hall_id' })
        : undefined;
    if (!hallId) throw new RestoreError(`${file} is not a OneStop database`);
    const events = db.prepare<[], number>('SELECT count(*) FROM events').pluck().get() ?? 0;
    const lastBusinessDay =
      db
        .prepare<[], string | null>(
          'SELECT business_day FROM events WHERE business_day IS NOT NULL ORDER BY seq DESC LIMIT 1',
        )
        .pluck()
        .get() ?? null;
    return { schemaVersion: version, hallId, events, lastBusinessDay };
  } catch (err) {
    if (err instanceof RestoreError) throw err;
    const code = sqliteCode(err);
    if (code?.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
      throw new RestoreError(`the backup ${file} is not a OneStop database or is damaged`);
    }
    throw new RestoreError(`cannot read the backup ${file}: ${String(err)}`);
  } finally {
    db.close();
  }
}

/**
 * Proves that no process has the database open, and folds its WAL into it so the file is
 * complete on its own. SQLite's own lock is the proof: a hub holds a shared lock on its database
 * for as long as its connection is open, the kernel drops it when the process dies (a crash or a
 * power cut leaves no stale lock, unlike a pid file), and any other onestop-hub command holding
 * the file counts too. `BEGIN EXCLUSIVE` in exclusive locking mode with no busy timeout fails at
 * once with SQLITE_BUSY while anyone else has the file open.
 *
 * A database too damaged to be opened cannot be held by a hub (the hub checks the file when it
 * starts), so it is reported as `damaged` and the caller moves it aside as it is.
 */
export function claimDatabase(file: string): 'claimed' | 'damaged' {
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch (err) {
    throw new RestoreError(`cannot open ${file}: ${String(err)}`);
  }
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    if (db.pragma('journal_mode', { simple: true }) === 'wal') {
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
    return 'claimed';
  } catch (err) {
    const code = sqliteCode(err);
    if (code?.startsWith('SQLITE_BUSY') || code?.startsWith('SQLITE_LOCKED')) {
      throw new RestoreError(
        `${file} is open in another process (a hub, an onestop-hub command or a database ` +
          'tool): stop it first (systemctl stop onestop-hub, or Ctrl+C), then restore',
      );
    }
    if (code?.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'damaged';
    throw new RestoreError(`cannot check ${file}: ${String(err)}`);
  } finally {
    // Closing the last connection checkpoints what is left and deletes the WAL.
    db.close();
  }
}

function fsyncFile(file: string, flags: string): void {
  const fd = openSync(file, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes renames in a folder durable (POSIX); Windows cannot open a folder, and needs not. */
function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  fsyncFile(dir, 'r');
}

/**
 * Puts a backup in place of the hall's database:
 * 1. checks the backup (integrity, OneStop's, schema not newer than this hub);
 * 2. copies it beside the database as a temporary file, checks the copy, begins a new history in
 *    it (so devices that were away take a snapshot, see `newHistory`) and fsyncs it;
 * 3. takes the hub's own lock (`HubLock`, `<db>-hub.lock`: refused while a hub runs, and no hub
 *    can start until the restore is done), proves that no other process has the database open
 *    and folds its WAL in (see `claimDatabase`);
 * 4. renames the database (and a WAL left by a damaged file) aside as
 *    `<db>.before-restore-<UTC time>`, removes the stale `-shm`, renames the copy into place and
 *    fsyncs the folder.
 * A failure before step 4 leaves the database untouched; each rename is atomic, so the path
 * never holds a half-written file. An older schema is upgraded by the hub's next start.
 */
export function restoreDatabase(
  dbPath: string,
  backupPath: string,
  now: number = Date.now(),
): RestoreOutcome {
  const db = resolve(dbPath);
  const backup = resolve(backupPath);
  if (db === backup) throw new RestoreError('the backup and the database are the same file');
  const facts = inspectBackup(backup);

  const dir = dirname(db);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new RestoreError(`the database folder ${dir} does not exist or is not writable`);
  }
  const temp = join(dir, `.${basename(db)}.restore-${process.pid}.tmp`);
  try {
    copyFileSync(backup, temp);
    fsyncFile(temp, 'r+');
    const copied = inspectBackup(temp);
    if (copied.events !== facts.events || copied.hallId !== facts.hallId) {
      throw new RestoreError(`the copy of ${backup} differs from it: check the disk`);
    }
    const historyId = newHistory(temp, copied.schemaVersion, now);
    fsyncFile(temp, 'r+');

    let lock: HubLock;
    try {
      lock = HubLock.acquire(db);
    } catch (err) {
      if (err instanceof StoreError && err.code === 'busy') {
        throw new RestoreError(
          `a hub is running on ${db}: stop it first (systemctl stop onestop-hub, or Ctrl+C), then restore`,
        );
      }
      throw err;
    }
    try {
      return { ...facts, db, keptAs: putInPlace(db, temp, dir, now), historyId };
    } finally {
      lock.release();
    }
  } catch (err) {
    rmSync(temp, { force: true });
    if (err instanceof RestoreError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new RestoreError(`restore failed${code ? ` (${code})` : ''}: ${String(err)}`);
  }
}

/**
 * Begins a new history in the copy: the hub will number events again from the backup's last one,
 * and devices that were away must not take those numbers for the ones they saw before (they go
 * by the history id in every sync answer and take a snapshot). A backup older than histories gets
 * its first one when the hub upgrades it. Returns the new id, or null.
 */
function newHistory(file: string, version: number, now: number): string | null {
  if (version < HISTORIES_VERSION) return null;
  const db = new Database(file, { fileMustExist: true });
  try {
    return db.transaction(() => beginHistory(db, 'restore', now)).immediate();
  } finally {
    db.close();
  }
}

/** Steps 3 (after the lock) and 4 of `restoreDatabase`; returns where the old file went. */
function putInPlace(db: string, temp: string, dir: string, now: number): string | null {
  let keptAs: string | null = null;
  if (existsSync(db)) {
    claimDatabase(db);
    keptAs = `${db}.before-restore-${stamp(now)}`;
    renameSync(db, keptAs);
  }
  // After a clean claim the WAL is gone. One left by a damaged file stays with it; one with no
  // database at all is moved aside too: SQLite would replay it into the restored file.
  if (existsSync(`${db}-wal`)) {
    renameSync(`${db}-wal`, `${keptAs ?? `${db}.orphan-${stamp(now)}`}-wal`);
  }
  rmSync(`${db}-shm`, { force: true });
  rmSync(`${db}-journal`, { force: true });
  renameSync(temp, db);
  fsyncDir(dir);
  return keptAs;
}
