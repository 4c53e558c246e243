/** Why the store refused or failed. The hub maps each to a clear message, a log line or an exit code. */
export type StoreErrorCode =
  /** The file was written by a newer hub: opening it could lose data, so it is refused untouched. */
  | 'newer_schema'
  /** The file is not a SQLite database, or its integrity check failed. */
  | 'corrupt'
  /** The file or its folder cannot be written (SQLite also writes `-wal` and `-shm` beside it). */
  | 'not_writable'
  /** Any other reason the file could not be opened (missing folder, not a file, ...). */
  | 'open_failed'
  /** A migration threw: nothing of it was kept, the file is at its former version. */
  | 'migration_failed'
  | 'disk_full'
  /** Another process holds the write lock longer than the busy timeout. */
  | 'busy'
  /** A commit failed for any other reason: nothing of it was kept. */
  | 'write_failed'
  /** A result is already stored for this (actor, commandId): the command was committed before. */
  | 'duplicate_command'
  | 'not_found'
  | 'conflict'
  | 'backup_failed'
  /** The database or its `-wal`/`-shm` was deleted or replaced under the store: it writes no more. */
  | 'lost';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** The extended result code of a better-sqlite3 `SqliteError` (`SQLITE_CORRUPT`, ...), if it is one. */
export function sqliteCode(err: unknown): string | null {
  if (err instanceof Error && 'code' in err && typeof err.code === 'string') {
    return err.code.startsWith('SQLITE_') ? err.code : null;
  }
  return null;
}

/**
 * Maps a failure of SQLite to a store error; `fallback` is used for codes with no meaning of
 * their own. A StoreError passes through unchanged.
 */
export function toStoreError(err: unknown, fallback: StoreErrorCode, what: string): StoreError {
  if (err instanceof StoreError) return err;
  const code = sqliteCode(err);
  const detail = err instanceof Error ? err.message : String(err);
  const primary = code?.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1') ?? null;
  switch (primary) {
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return new StoreError('corrupt', `${what}: the database file is damaged (${detail})`, {
        cause: err,
      });
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
      return new StoreError('not_writable', `${what}: the database is read-only (${detail})`, {
        cause: err,
      });
    case 'SQLITE_FULL':
      return new StoreError('disk_full', `${what}: the disk is full (${detail})`, { cause: err });
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new StoreError(
        'busy',
        `${what}: the database is locked by another process (${detail})`,
        {
          cause: err,
        },
      );
    default:
      return new StoreError(fallback, `${what}: ${detail}`, { cause: err });
  }
}
