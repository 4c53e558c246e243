/**
 * The region's one way to its database: PostgreSQL over `pg` (a pool) or the embedded PGlite,
 * with the same SQL for both. Parameters are always bound (`$1`, `$2`, ...); an `int8` comes back
 * as a JS number (sequences stay below 2^53), a `timestamptz` as a Date.
 */
export interface Queryable {
  query<Row extends object = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<Row>>;
}

export interface QueryResult<Row> {
  rows: Row[];
  /** Rows inserted, updated or deleted by the statement (0 for a SELECT on PGlite). */
  rowCount: number;
}

export interface RegionDb extends Queryable {
  /** Which engine: for the health answer and the logs. */
  readonly engine: 'postgres' | 'pglite';
  /**
   * Runs `fn` in one transaction (READ COMMITTED) on one connection: COMMIT when it resolves,
   * ROLLBACK when it throws (the error is thrown on).
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * PostgreSQL only: LISTEN on `channel` (a plain identifier) on a connection of its own, kept
   * (made again after it breaks) until the returned function is called. PGlite has no other
   * process to hear from: it has none.
   */
  listen?: (channel: string, onPayload: (payload: string) => void) => Promise<() => Promise<void>>;
  close(): Promise<void>;
}
