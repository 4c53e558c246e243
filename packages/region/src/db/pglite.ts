import { PGlite } from '@electric-sql/pglite';
import type { Queryable, QueryResult, RegionDb } from './types.js';

const INT8_OID = 20;

interface PgliteLike {
  query<Row>(text: string, params?: unknown[]): Promise<{ rows: Row[]; affectedRows?: number }>;
}

async function run<Row extends object>(
  target: PgliteLike,
  text: string,
  params: readonly unknown[] = [],
): Promise<QueryResult<Row>> {
  const r = await target.query<Row>(text, [...params]);
  return { rows: r.rows, rowCount: r.affectedRows ?? 0 };
}

/**
 * The embedded PostgreSQL (PGlite, PostgreSQL compiled to WebAssembly) keeping its files in
 * `dataDir`, or in memory when `dataDir` is null. One connection: its transactions run one at a
 * time. Only one process may open a folder at once.
 */
export async function openPglite(dataDir: string | null): Promise<RegionDb> {
  const options = { parsers: { [INT8_OID]: (v: string) => Number(v) } };
  const db = dataDir === null ? new PGlite(options) : new PGlite(dataDir, options);
  await db.waitReady;
  return {
    engine: 'pglite',
    query: (text, params) => run(db, text, params),
    transaction: <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> =>
      db.transaction((tx) => fn({ query: (text, params) => run(tx, text, params) })),
    close: () => db.close(),
  };
}
