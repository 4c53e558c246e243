import pg from 'pg';
import type { Queryable, QueryResult, RegionDb } from './types.js';

const INT8_OID = 20;

/**
 * `int8` as a JS number (the default is a string). Set per pool, not on `pg.types` (global
 * state shared with any other user of `pg` in the process).
 */
/** pg's own parsers, typed (its declaration returns `any`). */
const defaultParser: (oid: number, format: 'text' | 'binary') => (v: string) => unknown =
  pg.types.getTypeParser;

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID && format !== 'binary') return (v: string): number => Number(v);
    return defaultParser(oid, format ?? 'text');
  }) as typeof pg.types.getTypeParser,
};

/** PostgreSQL at `url` (postgres://user:pass@host:port/db), through a pool of connections. */
export function openPostgres(url: string, options: { max?: number } = {}): RegionDb {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
  // An idle connection that breaks (server restart) must not crash the process: the next
  // query gets a fresh one.
  pool.on('error', () => undefined);
  const run = async <Row extends object>(
    client: pg.Pool | pg.PoolClient,
    text: string,
    params: readonly unknown[] = [],
  ): Promise<QueryResult<Row>> => {
    const r = await client.query<Row>(text, params as unknown[]);
    return { rows: r.rows, rowCount: r.rowCount ?? 0 };
  };
  return {
    engine: 'postgres',
    query: (text, params) => run(pool, text, params),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: unknown = undefined;
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (text, params) => run(client, text, params) });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackErr) {
          broken = rollbackErr; // the connection is unusable: the pool must not reuse it
        }
        throw err;
      } finally {
        client.release(broken instanceof Error ? broken : undefined);
      }
    },
    listen: (channel, onPayload) => listenOn(url, channel, onPayload),
    close: () => pool.end(),
  };
}

/** How long a broken LISTEN connection waits before it is made again. */
const RELISTEN_MS = 1_000;

/**
 * LISTEN on a connection of its own (a pool's connection would be handed to other queries).
 * A connection that breaks (a server restart) is made again after a pause; what was notified
 * meanwhile is missed, so listeners read the store again rather than trust the notices alone.
 */
async function listenOn(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new RangeError(`bad channel ${channel}`);
  let stopped = false;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, types });
    c.on('notification', (msg) => {
      if (msg.channel === channel) onPayload(msg.payload ?? '');
    });
    c.on('error', () => {
      if (client !== c) return;
      client = null;
      void c.end().catch(() => undefined);
      if (!stopped) timer = setTimeout(() => void connect().catch(retry), RELISTEN_MS);
    });
    await c.connect();
    await c.query(`LISTEN ${channel}`);
    if (stopped) {
      await c.end();
      return;
    }
    client = c;
  };
  const retry = (): void => {
    if (!stopped) timer = setTimeout(() => void connect().catch(retry), RELISTEN_MS);
  };
  await connect();
  return async () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    const c = client;
    client = null;
    if (c !== null) await c.end();
  };
}
