import type Database from 'better-sqlite3';

/**
 * One step of the schema. `up` runs inside the transaction of all pending migrations, with
 * foreign keys off (so tables can be rebuilt); it must not commit, change pragmas or touch the
 * clock-dependent data of the hall.
 */
export interface Migration {
  /** 1, 2, 3, ...: the `user_version` the file has after this step. */
  readonly version: number;
  /** Short, for logs: `initial`, `complaint-follow-ups`, ... */
  readonly name: string;
  up(db: Database.Database): void;
}
