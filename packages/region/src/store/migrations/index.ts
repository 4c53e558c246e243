import type { Queryable, RegionDb } from '../../db/types.js';
import { RegionStoreError } from '../errors.js';
import { clearProjections, projectStoredHistories } from '../projector.js';
import { migration as m001 } from './001-initial.js';
import { migration as m002 } from './002-projections.js';
import { migration as m003 } from './003-console.js';
import { migration as m004 } from './004-hall-feed.js';
import { migration as m005 } from './005-booking.js';
import { migration as m006 } from './006-public-sunshine.js';
import { migration as m007 } from './007-public-status.js';
import { migration as m008 } from './008-remote-numbers.js';
import { migration as m009 } from './009-remote-id-number.js';
import { migration as m010 } from './010-month-rollups.js';
import { migration as m011 } from './011-projection-keys.js';
import type { Migration } from './types.js';

export type { Migration } from './types.js';

/**
 * Every migration, oldest first. A new one is appended here and never edited once released, and
 * a step in migrations.test.ts seeds rows before it and checks them after.
 */
export const MIGRATIONS: readonly Migration[] = [
  m001,
  m002,
  m003,
  m004,
  m005,
  m006,
  m007,
  m008,
  m009,
  m010,
  m011,
];

/** Held (per transaction) while migrating, so that region instances starting together take turns. */
const MIGRATION_LOCK = 0x0e5a_0001;

export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.at(-1)?.version ?? 0;
}

/** The database's schema version: 0 for an empty database. */
export async function schemaVersion(db: Queryable): Promise<number> {
  const present = await db.query<{ present: boolean }>(
    `SELECT to_regclass('schema_version') IS NOT NULL AS present`,
  );
  if (present.rows[0]?.present !== true) return 0;
  const r = await db.query<{ version: number }>('SELECT version FROM schema_version');
  return r.rows[0]?.version ?? 0;
}

export interface MigrationOutcome {
  from: number;
  to: number;
  applied: string[];
}

/**
 * Brings the database from its `schema_version` up to `target` (default: the newest). All
 * pending steps run in one transaction with the new version, so a failure leaves the database
 * as it was. A database from a newer region is refused untouched.
 */
export async function migrate(
  db: RegionDb,
  migrations: readonly Migration[] = MIGRATIONS,
  target: number = latestVersion(migrations),
): Promise<MigrationOutcome> {
  assertWellFormed(migrations);
  const newest = latestVersion(migrations);
  let pendingNames: string[] = [];
  try {
    return await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await tx.query(
        `CREATE TABLE IF NOT EXISTS schema_version (
           one     boolean PRIMARY KEY DEFAULT true CHECK (one),
           version integer NOT NULL CHECK (version >= 0)
         )`,
      );
      const from = await schemaVersion(tx);
      if (from > newest) {
        throw new RegionStoreError(
          'newer_schema',
          `database schema version ${from} is newer than this region (${newest}); upgrade onestop-region`,
        );
      }
      if (!Number.isInteger(target) || target < from || target > newest) {
        throw new RangeError(`cannot migrate from version ${from} to ${target}`);
      }
      const pending = migrations.filter((m) => m.version > from && m.version <= target);
      pendingNames = pending.map((m) => `${m.version}-${m.name}`);
      for (const m of pending) await m.up(tx);
      if (pending.some((m) => m.refold === true)) await refold(tx);
      await tx.query(
        `INSERT INTO schema_version (one, version) VALUES (true, $1)
         ON CONFLICT (one) DO UPDATE SET version = excluded.version`,
        [target],
      );
      return { from, to: target, applied: pendingNames };
    });
  } catch (err) {
    if (err instanceof RegionStoreError || err instanceof RangeError) throw err;
    throw new RegionStoreError(
      'migration_failed',
      `migrating ${pendingNames.join(', ') || 'the database'} failed; the database is unchanged: ${
        err instanceof Error ? err.message : String(err)
      }`,
      { cause: err },
    );
  }
}

/**
 * The projections of every hall folded again from its current history's events, by this
 * release's projector (after the last pending step, so every column it writes exists).
 */
async function refold(tx: Queryable): Promise<void> {
  const halls = await tx.query<{ id: string }>('SELECT id FROM halls ORDER BY id');
  for (const { id } of halls.rows) await clearProjections(tx, id);
  await projectStoredHistories(tx);
}

/** Versions must be 1, 2, 3, ... in order: a gap or a duplicate is a programming error. */
function assertWellFormed(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
    }
  });
}
