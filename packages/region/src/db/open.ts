import { join } from 'node:path';
import { lockDataDir } from './data-lock.js';
import { openPostgres } from './pg.js';
import { openPglite } from './pglite.js';
import type { RegionDb } from './types.js';

/** Where the region keeps its data: a PostgreSQL server, or the embedded one in a folder. */
export type StoreLocation = { kind: 'postgres'; url: string } | { kind: 'pglite'; dir: string };

/**
 * Opens the store. The embedded database lives in `DIR/pg`, beside the lock that keeps a second
 * process out (released by `close`).
 */
export async function openStore(location: StoreLocation): Promise<RegionDb> {
  switch (location.kind) {
    case 'postgres':
      return openPostgres(location.url);
    case 'pglite': {
      const unlock = lockDataDir(location.dir);
      try {
        const db = await openPglite(join(location.dir, 'pg'));
        return {
          engine: db.engine,
          query: (text, params) => db.query(text, params),
          transaction: (fn) => db.transaction(fn),
          close: async () => {
            try {
              await db.close();
            } finally {
              unlock();
            }
          },
        };
      } catch (err) {
        unlock();
        throw err;
      }
    }
  }
}

/** The location for messages: a URL without its password. */
export function describeLocation(location: StoreLocation): string {
  switch (location.kind) {
    case 'postgres': {
      try {
        const u = new URL(location.url);
        if (u.password !== '') u.password = '***';
        return `PostgreSQL ${u.toString()}`;
      } catch {
        return 'PostgreSQL (unreadable URL)';
      }
    }
    case 'pglite':
      return `embedded PostgreSQL (PGlite) in ${location.dir}`;
  }
}
