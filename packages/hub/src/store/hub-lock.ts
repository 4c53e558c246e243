import Database from 'better-sqlite3';
import { StoreError, sqliteCode } from './errors.js';

/**
 * One hub per database. Two hubs on one file would each keep their own day in memory and hand
 * out the same numbers; SQLite alone does not stop that (WAL lets both write in turn). The hub
 * process therefore holds an exclusive SQLite lock on a small file beside the database
 * (`<db>-hub.lock`) for as long as it runs. The operating system drops the lock when the
 * process ends in any way (a crash, SIGKILL, a power cut), so there is never a stale lock to
 * clean up by hand. Tools that only read, back up or pair devices do not take it.
 */
export class HubLock {
  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {}

  /** The lock file of the database at `dbPath`. */
  static pathOf(dbPath: string): string {
    return `${dbPath}-hub.lock`;
  }

  /** Takes the lock, or throws StoreError `busy` when another hub holds it. */
  static acquire(dbPath: string): HubLock {
    const path = HubLock.pathOf(dbPath);
    let db: Database.Database;
    try {
      db = new Database(path);
    } catch (err) {
      throw new StoreError('open_failed', `cannot open the hub lock ${path}: ${String(err)}`, {
        cause: err,
      });
    }
    try {
      db.pragma('busy_timeout = 0');
      db.pragma('locking_mode = EXCLUSIVE');
      // Nothing is ever written: no journal file beside the lock either.
      db.pragma('journal_mode = MEMORY');
      // The first write takes the file's exclusive lock; EXCLUSIVE mode keeps it until close.
      db.exec('BEGIN EXCLUSIVE');
      return new HubLock(db, path);
    } catch (err) {
      db.close();
      const code = sqliteCode(err) ?? '';
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
        throw new StoreError(
          'busy',
          `${dbPath} is in use by another hub (it holds ${path}); stop that hub first, or give this one its own --db`,
          { cause: err },
        );
      }
      throw new StoreError('open_failed', `cannot take the hub lock ${path}: ${String(err)}`, {
        cause: err,
      });
    }
  }

  /** Lets another hub open the database (the process ending does the same). */
  release(): void {
    if (this.db.open) this.db.close();
  }
}
