import type Database from 'better-sqlite3';
import { StoreError, toStoreError } from '../errors.js';
import { migration as m001 } from './001-initial.js';
import { migration as m002 } from './002-admin-console.js';
import { migration as m003 } from './003-appointments.js';
import { migration as m004 } from './004-manual-complaints.js';
import { migration as m005 } from './005-ticket-steps.js';
import { migration as m006 } from './006-drop-unused-indexes.js';
import { migration as m007 } from './007-config-history.js';
import { migration as m008 } from './008-history.js';
import { migration as m009 } from './009-clerk-sessions.js';
import { migration as m010 } from './010-config-history-strict.js';
import { migration as m011 } from './011-region-link.js';
import { migration as m012 } from './012-complaint-cases.js';
import { migration as m013 } from './013-visitor-ids.js';
import { migration as m014 } from './014-rating-channels.js';
import { migration as m015 } from './015-notify.js';
import { migration as m016 } from './016-region-instructions.js';
import { migration as m017 } from './017-hot-path-pages.js';
import { migration as m018 } from './018-platform-upload.js';
import { migration as m019 } from './019-online-booking.js';
import { migration as m020 } from './020-remote-numbers.js';
import { migration as m021 } from './021-notify-invite.js';
import { migration as m022 } from './022-case-alerts.js';
import { migration as m023 } from './023-appointment-id-hash.js';
import { migration as m024 } from './024-appointment-phone.js';
import { migration as m025 } from './025-lean-issue.js';
import { migration as m026 } from './026-appended-results.js';
import { migration as m027 } from './027-case-rollups.js';
import type { Migration } from './types.js';

export type { Migration } from './types.js';

/**
 * Every migration, oldest first. A new one is appended here and never edited once released; its
 * effect on the schema is committed with it in store/schema.sql, written anew by
 * `UPDATE_SCHEMA=1 npx vitest run packages/hub/src/store/schema.test.ts`, and a step in
 * migrations.test.ts seeds rows before it and checks them after.
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
  m012,
  m013,
  m014,
  m015,
  m016,
  m017,
  m018,
  m019,
  m020,
  m021,
  m022,
  m023,
  m024,
  m025,
  m026,
  m027,
];

/** The schema version this hub writes: the newest known migration. */
export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.at(-1)?.version ?? 0;
}

export function schemaVersion(db: Database.Database): number {
  const v = db.pragma('user_version', { simple: true });
  return typeof v === 'number' ? v : 0;
}

export interface MigrationOutcome {
  from: number;
  to: number;
  applied: string[];
}

/**
 * Brings the file from its `user_version` up to `target` (default: the newest). All pending
 * steps run in one transaction with the new `user_version`, so a failure leaves the file as it
 * was. Foreign keys are off during the steps (SQLite's table-rebuild procedure) and checked
 * before the commit.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[] = MIGRATIONS,
  target: number = latestVersion(migrations),
): MigrationOutcome {
  assertWellFormed(migrations);
  const from = schemaVersion(db);
  const newest = latestVersion(migrations);
  if (from > newest) {
    throw new StoreError(
      'newer_schema',
      `database schema version ${from} is newer than this hub (${newest}); upgrade the hub`,
    );
  }
  if (!Number.isInteger(target) || target < from || target > newest) {
    throw new RangeError(`cannot migrate from version ${from} to ${target}`);
  }
  const pending = migrations.filter((m) => m.version > from && m.version <= target);
  if (pending.length === 0) return { from, to: from, applied: [] };

  const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
  // foreign_keys cannot change inside a transaction, so it is turned off around it.
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const m of pending) m.up(db);
      const violations = db.pragma('foreign_key_check');
      if (Array.isArray(violations) && violations.length > 0) {
        throw new Error(`foreign key violations after migrating: ${JSON.stringify(violations)}`);
      }
      // A pragma takes no bound parameter; `target` is a checked integer of our own.
      db.pragma(`user_version = ${target}`);
    }).immediate();
  } catch (err) {
    const names = pending.map((m) => `${m.version}-${m.name}`).join(', ');
    throw toStoreError(err, 'migration_failed', `migrating ${names} failed; the file is unchanged`);
  } finally {
    if (foreignKeys) db.pragma('foreign_keys = ON');
  }
  return { from, to: target, applied: pending.map((m) => `${m.version}-${m.name}`) };
}

/** Versions must be 1, 2, 3, ... in order: a gap or a duplicate is a programming error. */
function assertWellFormed(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
    }
  });
}
