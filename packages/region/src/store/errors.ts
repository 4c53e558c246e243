/** Why the region's store refused or failed. */
export type RegionStoreErrorCode =
  /** The database was written by a newer region: it is refused untouched. */
  | 'newer_schema'
  /** A migration threw: nothing of it was kept, the database is at its former version. */
  | 'migration_failed'
  /** The embedded database's folder is in use by another process. */
  | 'in_use'
  | 'not_found';

export class RegionStoreError extends Error {
  override readonly name = 'RegionStoreError';

  constructor(
    readonly code: RegionStoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
