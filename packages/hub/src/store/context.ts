import type Database from 'better-sqlite3';
import type { Statements } from './statements.js';
import type { StoreError } from './errors.js';
import type { StoreLoss } from './types.js';

/**
 * What the store's parts (event log, devices, maintenance) share: the one writing connection,
 * its prepared statements, the store's clock and the watch on its files.
 */
export interface StoreContext {
  readonly db: Database.Database;
  readonly stmts: Statements;
  readonly now: () => number;
  /** Throws `lost` once the files are gone (see `Maintenance.verifyFiles`): nothing is written after. */
  guard(): void;
  /** Throws `lost` when the files are known to be gone (no look at them). */
  refuseIfLost(): void;
  /**
   * Inside a write transaction, before its `COMMIT`: throws when a file went, so it rolls back
   * (see `Maintenance.checkFiles`).
   */
  checkFiles(): void;
  /** After a failed write transaction: the `lost` error when `checkFiles` threw, else null. */
  lostAfter(err: unknown): StoreError | null;
  /** The loss of the files, checked now, or null while all is well. */
  verifyFiles(): StoreLoss | null;
  /**
   * SQLite's `data_version` of the writing connection: it changes when another connection
   * (another program) commits. Read once per turn of the event loop and kept for the turn (the
   * messages of many sockets are handled in one turn: another program's commit is seen from the
   * next turn on, as it could as well have come a moment later); `fresh` reads it now.
   */
  dataVersion(fresh?: boolean): number;
}
