import {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { backupFileName } from './backup-files.js';
import { StoreError, sqliteCode, toStoreError } from './errors.js';
import { schemaVersion } from './migrations/index.js';
import type { CheckpointResult, StoreLoss } from './types.js';

/** How often a rescue copy that could not be written is tried again (see `verifyFiles`). */
const RESCUE_RETRY_MS = 5_000;
/** How many integrity problems a `corrupt` error names. */
const REPORTED_PROBLEMS = 5;

/**
 * The store's maintenance: the watch on its files (a database, `-wal` or `-shm` deleted or
 * replaced under the open connection), backups and checkpoints. Restoring a backup is done with
 * the hub stopped (restore.ts).
 */
export class Maintenance {
  /**
   * The device and inode of the database, its `-wal` and its `-shm` as opened (null: not there
   * yet, taken when first seen). A path that no longer leads to them means the files SQLite
   * writes to are unlinked or replaced: see `verifyFiles`.
   */
  private readonly files = new Map<string, FileId | null>();
  private loss: StoreLoss | null = null;
  private rescueTriedAt = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly path: string,
    private readonly now: () => number,
    private readonly rescueDirs: readonly string[],
    /** Runs a checkpoint of this connection with the checkpoint worker held (checkpoints.ts). */
    private readonly exclusive: <T>(fn: () => T) => T = (fn) => fn(),
  ) {
    for (const file of [path, `${path}-wal`, `${path}-shm`]) this.files.set(file, fileId(file));
  }

  /**
   * Checks that the database, its `-wal` and its `-shm` are still the files opened (a `stat` of
   * each path, compared by device and inode: a few microseconds). When one was deleted or
   * replaced, the store saves what the connection holds (a checkpoint into the database file
   * when that is still in place, and a rescue copy beside it), says so on stderr, and from then
   * on refuses every write (`lost`). Returns the loss, or null while all is well.
   * Called before and after every write, and by the hub's watch between commands.
   */
  verifyFiles(): StoreLoss | null {
    if (!this.db.open) return this.loss;
    if (this.loss) {
      // No copy could be written (a full disk, the folder gone): tried again now and then, so
      // one is made as soon as the operator has made room.
      const { loss } = this;
      if (
        !loss.rescue &&
        !loss.checkpointed &&
        this.now() - this.rescueTriedAt >= RESCUE_RETRY_MS
      ) {
        this.loss = { ...this.rescue(loss.reason), at: loss.at };
      }
      return this.loss;
    }
    const reason = this.changedFile();
    if (reason !== null) this.loss = this.rescue(reason);
    return this.loss;
  }

  /** What `verifyFiles` saw, or null. */
  get lost(): StoreLoss | null {
    return this.loss;
  }

  private changedFile(): string | null {
    for (const [file, known] of this.files) {
      const current = fileId(file);
      if (known === null) {
        // SQLite makes the -wal and -shm at the first read; taken as they are then.
        if (current !== null && file !== this.path) this.files.set(file, current);
        else if (current === null && file === this.path) return `${file} was deleted`;
        continue;
      }
      if (current === null) return `${file} was deleted`;
      if (current.dev !== known.dev || current.ino !== known.ino) {
        return `${file} was replaced by another file`;
      }
    }
    return null;
  }

  /**
   * Keeps what the connection holds after its files went: the descriptors SQLite has open still
   * read and write the unlinked files, so everything committed can still be read through them.
   */
  private rescue(reason: string): StoreLoss {
    const at = this.now();
    this.rescueTriedAt = at;
    let checkpointed = false;
    const own = this.files.get(this.path);
    const current = fileId(this.path);
    if (own && current && own.dev === current.dev && own.ino === current.ino) {
      // The database file is still the one at its path (only the -wal or -shm went): a
      // checkpoint writes every committed page into it and syncs it (synchronous = FULL).
      try {
        const rows = this.exclusive(() => this.db.pragma('wal_checkpoint(FULL)'));
        const row: unknown = Array.isArray(rows) ? rows[0] : undefined;
        checkpointed =
          numberField(row, 'busy') === 0 &&
          numberField(row, 'log') === numberField(row, 'checkpointed');
      } catch (err) {
        console.error(`onestop-hub: the checkpoint after the loss failed: ${String(err)}`);
      }
    }
    let rescue: string | null = null;
    for (const dir of [dirname(this.path), ...this.rescueDirs]) {
      const target = join(dir, rescueFileName(basename(this.path), at));
      try {
        writeRescue(this.db, target);
        rescue = target;
        break;
      } catch (err) {
        console.error(`onestop-hub: cannot write a rescue copy to ${target}: ${String(err)}`);
      }
    }
    const loss: StoreLoss = { reason, rescue, checkpointed, at };
    console.error(lossReport(this.path, loss));
    return loss;
  }

  /** Throws `lost` once the files are gone (see `verifyFiles`): nothing is written after. */
  guard(): void {
    const loss = this.verifyFiles();
    if (loss) throw lostError(loss);
  }

  /** Throws `lost` when the files are known to be gone, without looking at them again. */
  refuseIfLost(): void {
    if (this.loss) throw lostError(this.loss);
  }

  /**
   * The one look at the files of a commit, made inside its write transaction after its rows
   * and before its `COMMIT` (once per group commit, not once before and once after): when one
   * was deleted or replaced it throws, so the transaction rolls back and nothing of it reaches
   * any file (a refused command is not in the rescue copy either), and `lostAfter` then saves
   * what the connection holds. A loss after this look, during the `COMMIT` or the WAL's sync, is
   * seen by the next commit or the hub's watch (`verifyFiles` between commands), as before.
   */
  checkFiles(): void {
    if (this.loss) throw lostError(this.loss);
    const reason = this.changedFile();
    if (reason !== null) throw new FilesGone(reason);
  }

  /**
   * After a write transaction failed: when `checkFiles` saw the files go, saves what the
   * connection holds (now that the transaction is rolled back; a checkpoint or `VACUUM INTO`
   * cannot run inside it) and returns the `lost` error to throw. Null for any other failure.
   */
  lostAfter(err: unknown): StoreError | null {
    if (!(err instanceof FilesGone)) return null;
    this.loss ??= this.rescue(err.reason);
    return lostError(this.loss);
  }

  /**
   * Copies the live database with SQLite's online backup to `dir/onestop-YYYYMMDD-HHMMSS.sqlite`
   * (UTC, from the store's clock). Commands keep running meanwhile. The copy is written under a
   * `.partial` name, checked, made a single self-contained file, then renamed: a file with the
   * final name is always complete. Returns its path.
   */
  async backup(dir: string, flushSeen: () => void): Promise<string> {
    const target = join(resolve(dir), backupFileName(this.now()));
    const partial = `${target}.partial`;
    try {
      mkdirSync(dirname(target), { recursive: true });
      rmSync(partial, { force: true });
      flushSeen();
      await this.db.backup(partial);
      finishBackup(partial, schemaVersion(this.db));
      renameSync(partial, target);
    } catch (err) {
      removeQuietly(partial);
      throw toStoreError(err, 'backup_failed', `backup to ${target} failed`);
    }
    return target;
  }

  /** Moves the WAL into the database and truncates it, so it stays bounded. */
  checkpoint(): CheckpointResult {
    const rows = this.db.pragma('wal_checkpoint(TRUNCATE)');
    const row: unknown = Array.isArray(rows) ? rows[0] : undefined;
    return {
      busy: numberField(row, 'busy'),
      walFrames: numberField(row, 'log'),
      checkpointedFrames: numberField(row, 'checkpointed'),
    };
  }
}

/** SQLite writes `-wal` and `-shm` beside the file, so the folder must be writable too. */
export function checkWritable(file: string): void {
  const dir = dirname(file);
  let dirStat;
  try {
    dirStat = statSync(dir);
  } catch (err) {
    throw new StoreError('open_failed', `the folder ${dir} of the database does not exist`, {
      cause: err,
    });
  }
  if (!dirStat.isDirectory()) throw new StoreError('open_failed', `${dir} is not a folder`);
  const fileStat = statSync(file, { throwIfNoEntry: false });
  if (fileStat && !fileStat.isFile()) throw new StoreError('open_failed', `${file} is not a file`);
  for (const [path, what] of [[dir, 'folder'], ...(fileStat ? [[file, 'file']] : [])] as const) {
    try {
      accessSync(path, constants.R_OK | constants.W_OK);
    } catch (err) {
      throw new StoreError('not_writable', `the database ${what} ${path} is not writable`, {
        cause: err,
      });
    }
  }
}

/** How much of the file `checkIntegrity` maps (SQLite reads the rest as usual). */
const INTEGRITY_CHECK_MMAP_BYTES = 1024 * 1024 * 1024;

/** `PRAGMA quick_check`: the b-trees and records, without the (slow) index cross-check. */
export function checkIntegrity(db: Database.Database, file: string): void {
  let problems: string[];
  try {
    // Read through a memory map for the check (every page once), then by SQLite's own reads
    // again: copied into the page cache one by one, a busy day's 20 MB took ~120 ms of CPU
    // (mostly the kernel's), mapped ~40 (hub start, issue 19). The same bytes are checked.
    db.pragma(`mmap_size = ${INTEGRITY_CHECK_MMAP_BYTES}`);
    try {
      const rows = db.prepare<[], string>('PRAGMA quick_check').pluck().all();
      problems = rows.filter((r) => r !== 'ok');
    } finally {
      db.pragma('mmap_size = 0');
    }
  } catch (err) {
    const code = sqliteCode(err);
    if (code?.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
      throw new StoreError('corrupt', `${file} is not a OneStop database or is damaged`, {
        cause: err,
      });
    }
    throw toStoreError(err, 'open_failed', `cannot check ${file}`);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, REPORTED_PROBLEMS).join('; ');
    throw new StoreError(
      'corrupt',
      `${file} failed its integrity check (${problems.length} problems: ${shown}); restore a backup`,
    );
  }
}

/** Makes the copy a plain rollback-journal file (no `-wal` needed) and checks it. */
function finishBackup(file: string, expectedVersion: number): void {
  const copy = new Database(file);
  try {
    copy.pragma('journal_mode = DELETE');
    checkIntegrity(copy, file);
    const version = schemaVersion(copy);
    if (version !== expectedVersion) {
      throw new StoreError(
        'backup_failed',
        `the copy has schema ${version}, not ${expectedVersion}`,
      );
    }
  } finally {
    copy.close();
  }
}

/** Cleanup after a failure must not hide the failure itself. */
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // The folder is unusable (the failure being reported): there is nothing to remove.
  }
}

export function fileSize(path: string): number {
  return statSync(path, { throwIfNoEntry: false })?.size ?? 0;
}

export function numberField(row: unknown, key: string): number {
  if (typeof row === 'object' && row !== null && key in row) {
    const value: unknown = (row as Record<string, unknown>)[key];
    if (typeof value === 'number') return value;
  }
  return 0;
}

/** Pragma values cannot be bound; only checked integers are put into one. */
export function integer(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a count: ${n}`);
  return n;
}

/** Which file a path leads to; null when there is none. */
interface FileId {
  dev: bigint;
  ino: bigint;
}

function fileId(path: string): FileId | null {
  const stat = statSync(path, { bigint: true, throwIfNoEntry: false });
  return stat ? { dev: stat.dev, ino: stat.ino } : null;
}

/** `hall.sqlite-rescue-20250304-093012.sqlite`: the time (UTC) the loss was seen. */
function rescueFileName(base: string, at: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp =
    `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}-` +
    `${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;
  return `${base}-rescue-${stamp}.sqlite`;
}

/**
 * `VACUUM INTO` a new file: read through the connection, so through the descriptors still open
 * on unlinked files; then checked like a backup, synced, and renamed into place.
 */
function writeRescue(db: Database.Database, target: string): void {
  const partial = `${target}.partial`;
  try {
    rmSync(partial, { force: true });
    db.prepare('VACUUM INTO ?').run(partial);
    finishBackup(partial, schemaVersion(db));
    syncFile(partial);
    renameSync(partial, target);
    syncFile(dirname(target));
  } catch (err) {
    removeQuietly(partial);
    throw err;
  }
}

/** fsync: a file's data, or a folder's entries (a rename in it). */
function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Thrown inside a write transaction by `Maintenance.checkFiles` to roll it back. */
class FilesGone extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

function lostError(loss: StoreLoss): StoreError {
  return new StoreError('lost', `${loss.reason}; ${lossAdvice(loss)}`);
}

/** What the operator does, in one sentence (the log, the health answer, refused commands). */
export function lossAdvice(loss: StoreLoss): string {
  const rescue = loss.rescue ? `a copy of everything committed is in ${loss.rescue}` : null;
  if (loss.checkpointed) {
    return `the hub takes no more changes; everything committed was written into the database file${rescue ? ` (and ${rescue})` : ''}: restart the hub`;
  }
  return rescue
    ? `the hub takes no more changes; ${rescue}: stop the hub, restore that copy (onestop-hub restore --from ${loss.rescue}), then start it`
    : 'the hub takes no more changes and could not save a copy: do not stop it; copy its data out before anything else (see docs/OPERATIONS.md)';
}

function lossReport(path: string, loss: StoreLoss): string {
  const rule = '='.repeat(78);
  return [
    rule,
    `onestop-hub: DATABASE FILES LOST — ${loss.reason}`,
    `onestop-hub: ${path}: ${lossAdvice(loss)}`,
    `onestop-hub: every command is refused (store_lost) until the hub is restarted`,
    rule,
  ].join('\n');
}
