import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPostgres } from '../db/pg.js';
import type { RegionDb } from '../db/types.js';
import { startPgCluster, type PgCluster } from '../testing/pg-cluster.js';
import { RegionStoreError } from './errors.js';
import {
  MIGRATIONS,
  latestVersion,
  migrate,
  schemaVersion,
  type Migration,
} from './migrations/index.js';
import { ensureEventPartitions, eventPartitions } from './partitions.js';

let cluster: PgCluster;
let db: RegionDb;

beforeAll(async () => {
  cluster = await startPgCluster();
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});
beforeEach(async () => {
  db = openPostgres(await cluster.createDatabase(), { max: 4 });
});
afterEach(async () => {
  await db.close();
});

async function tableNames(): Promise<string[]> {
  const r = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY c.relname`,
  );
  return r.rows.map((row) => row.name);
}

/**
 * Per migration: rows to seed at version N-1 and what must hold at N. Every migration needs an
 * entry, so a new one cannot ship untested.
 */
const STEPS: Record<number, { seed(): Promise<void>; check(): Promise<void> }> = {
  1: {
    // Version 0 is an empty database: nothing to seed.
    seed: () => Promise.resolve(),
    check: async () => {
      expect(await tableNames()).toEqual([
        'events',
        'hall_histories',
        'halls',
        'pairing_codes',
        'schema_version',
      ]);
      await db.query(`INSERT INTO halls (id, name, created_at) VALUES ('h1', 'A', now())`);
      await db.query(
        `INSERT INTO hall_histories (hall_id, history_id, first_seen, is_current, updated_at)
         VALUES ('h1', 'x1', now(), true, now())`,
      );
      // One current history per hall.
      await expect(
        db.query(
          `INSERT INTO hall_histories (hall_id, history_id, first_seen, is_current, updated_at)
           VALUES ('h1', 'x2', now(), true, now())`,
        ),
      ).rejects.toThrow(/hall_histories_current/);
      // A token is kept only as its SHA-256.
      await expect(
        db.query(`UPDATE halls SET token_hash = 'the-token-itself' WHERE id = 'h1'`),
      ).rejects.toThrow(/check constraint/);
      // Events are partitioned by month and append-only.
      await db.transaction((tx) => ensureEventPartitions(tx, [Date.UTC(2026, 2, 31, 23)]));
      await db.query(
        `INSERT INTO events (hall_id, history_id, seq, at, type, body, received_at)
         VALUES ('h1', 'x1', 1, '2026-03-31T23:00:00Z', 'day_opened', '{}', now())`,
      );
      expect(await eventPartitions(db)).toEqual(['events_y2026m03']);
      await expect(db.query('DELETE FROM events')).rejects.toThrow(/append-only/);
      await expect(db.query('UPDATE events SET seq = 2')).rejects.toThrow(/append-only/);
      // No partition for April yet: an insert there fails rather than landing anywhere.
      await expect(
        db.query(
          `INSERT INTO events (hall_id, history_id, seq, at, type, body, received_at)
           VALUES ('h1', 'x1', 2, '2026-04-01T00:00:00Z', 'day_opened', '{}', now())`,
        ),
      ).rejects.toThrow(/no partition/);
    },
  },
  2: {
    // Events held before the projections: a ticket issued and called in the current history,
    // another in an old branch (not folded).
    seed: async () => {
      await db.query(
        `INSERT INTO hall_histories (hall_id, history_id, first_seen, is_current, updated_at)
         VALUES ('h1', 'x0', now(), false, now())`,
      );
      const event = (history: string, seq: number, type: string, body: unknown) =>
        db.query(
          `INSERT INTO events (hall_id, history_id, seq, at, type, body, received_at)
           VALUES ('h1', $1, $2, '2026-03-31T01:00:00Z', $3, $4, now())`,
          [history, seq, type, JSON.stringify(body)],
        );
      const ticket = (id: string) => ({
        ticket: { id, businessDay: '2026-03-31', serviceId: 'tax', issuedAt: 1, status: 'waiting' },
      });
      await event('x1', 2, 'ticket_issued', ticket('2026-03-31/A001'));
      await event('x1', 3, 'ticket_called', {
        ticketId: '2026-03-31/A001',
        windowId: 'w1',
        staffCode: 'C1',
        serviceId: 'tax',
      });
      await event('x1', 4, 'ticket_issued', { unreadable: true });
      await event('x0', 1, 'ticket_issued', ticket('2026-03-31/Z001'));
    },
    check: async () => {
      expect(await tableNames()).toEqual([
        'day_rollups',
        'events',
        'hall_complaints',
        'hall_days',
        'hall_histories',
        'hall_settings',
        'hall_steps',
        'hall_tickets',
        'hall_windows',
        'halls',
        'pairing_codes',
        'schema_version',
      ]);
      // Folded by migration 4 (the projector writes its columns).
      expect((await db.query('SELECT * FROM hall_tickets')).rows).toEqual([]);
    },
  },
  3: {
    // A linked hall with its events: kept as they are.
    seed: async () => {
      await db.query(`INSERT INTO halls (id, name, created_at) VALUES ('h2', 'B', now())`);
    },
    check: async () => {
      expect(await tableNames()).toEqual(
        expect.arrayContaining(['accounts', 'account_halls', 'instructions', 'hall_reports']),
      );
      await db.query(
        `INSERT INTO accounts (id, name, role, password_hash, created_at)
         VALUES ('a1', '督查员', 'supervisor', 'scrypt$4096$8$4$c2FsdA==$a2V5', now())`,
      );
      // A role is one of the two; a password only as its scrypt hash.
      await expect(
        db.query(
          `INSERT INTO accounts (id, name, role, password_hash, created_at)
           VALUES ('a2', 'x', 'root', 'scrypt$1', now())`,
        ),
      ).rejects.toThrow(/check constraint/);
      await expect(
        db.query(
          `INSERT INTO accounts (id, name, role, password_hash, created_at)
           VALUES ('a3', 'y', 'supervisor', 'secret', now())`,
        ),
      ).rejects.toThrow(/check constraint/);
      await db.query(`INSERT INTO account_halls (account_id, hall_id) VALUES ('a1', 'h2')`);
      await expect(
        db.query(`INSERT INTO account_halls (account_id, hall_id) VALUES ('a1', 'no-hall')`),
      ).rejects.toThrow(/foreign key/);
    },
  },
  4: {
    // The events seeded before migration 2 are folded now, into the new columns too.
    seed: () => Promise.resolve(),
    check: async () => {
      const tickets = await db.query(
        'SELECT ticket_id, status, queue_service_ids FROM hall_tickets',
      );
      expect(tickets.rows).toEqual([
        { ticket_id: '2026-03-31/A001', status: 'called', queue_service_ids: ['tax'] },
      ]);
      const steps = await db.query('SELECT seq, window_id, queued_at, called_at FROM hall_steps');
      const at = Date.parse('2026-03-31T01:00:00Z');
      expect(steps.rows).toEqual([{ seq: 3, window_id: 'w1', queued_at: 1, called_at: at }]);
      const heads = await db.query('SELECT head_config FROM hall_histories ORDER BY history_id');
      expect(heads.rows).toEqual([{ head_config: null }, { head_config: null }]);
    },
  },
  5: {
    seed: () => Promise.resolve(),
    check: async () => {
      const hash = 'a'.repeat(64);
      await db.query(
        `INSERT INTO bookings (token_hash, hall_id, service_id, slot_at, state, created_at)
         VALUES ($1, 'h2', 'tax', 1000, 'pending', now())`,
        [hash],
      );
      await db.query(
        `INSERT INTO booking_requests (id, token_hash, hall_id, kind, slot_at, phone, created_at)
         VALUES ('r1', $1, 'h2', 'book', 1000, '13800138000', now())`,
        [hash],
      );
      // An answered request keeps no phone number.
      await expect(
        db.query(`UPDATE booking_requests SET answered_at = now(), outcome = 'accepted'`),
      ).rejects.toThrow(/check constraint/);
      await db.query(
        `UPDATE booking_requests SET answered_at = now(), outcome = 'accepted', phone = NULL`,
      );
    },
  },
  6: {
    seed: async () => {
      await db.query(
        `INSERT INTO hall_settings (hall_id, timezone, departments) VALUES ('h2', 'Asia/Shanghai', '{}')
         ON CONFLICT (hall_id) DO NOTHING`,
      );
    },
    check: async () => {
      // A hall's settings folded before: it shows nothing of its windows until its next config.
      const before = await db.query('SELECT sunshine FROM hall_settings WHERE hall_id = $1', [
        'h2',
      ]);
      expect(before.rows).toEqual([{ sunshine: null }]);
      await db.query(`UPDATE hall_settings SET sunshine = '{"windows":[],"staff":{}}'`);
    },
  },
  7: {
    // The halls and their events stay; the public status starts empty.
    seed: () => Promise.resolve(),
    check: async () => {
      expect(await tableNames()).toEqual(
        expect.arrayContaining(['public_halls', 'public_tickets', 'public_ratings']),
      );
      const key = 'a'.repeat(64);
      // A ticket only by the hash of its token.
      await expect(
        db.query(
          `INSERT INTO public_tickets (hall_id, key, body, pushed_at) VALUES ('h1', 'tok', '{}', now())`,
        ),
      ).rejects.toThrow(/check constraint/);
      await db.query(
        `INSERT INTO public_ratings (id, hall_id, key, kind, body, created_at)
         VALUES ('PR-${'0'.repeat(24)}', 'h1', '${key}', 'rate', '{}', now())`,
      );
      // One open rating per ticket; its words gone once answered.
      await expect(
        db.query(
          `INSERT INTO public_ratings (id, hall_id, key, kind, body, created_at)
           VALUES ('PR-${'1'.repeat(24)}', 'h1', '${key}', 'rate', '{}', now())`,
        ),
      ).rejects.toThrow(/public_ratings_one_open/);
      await expect(
        db.query(`UPDATE public_ratings SET answered_at = now(), outcome = 'accepted'`),
      ).rejects.toThrow(/check constraint/);
    },
  },
  8: {
    // Remote numbers start empty; a request only by the hash of its token, its phone gone once
    // answered.
    seed: () => Promise.resolve(),
    check: async () => {
      await expect(
        db.query(
          `INSERT INTO remote_requests (id, hall_id, service_id, phone, created_at)
           VALUES ('tok', 'h1', 'tax', '13800138000', now())`,
        ),
      ).rejects.toThrow(/check constraint/);
      await db.query(
        `INSERT INTO remote_requests (id, hall_id, service_id, phone, created_at)
         VALUES ('${'b'.repeat(64)}', 'h1', 'tax', '13800138000', now())`,
      );
      await expect(
        db.query(`UPDATE remote_requests SET answered_at = now(), answer = '{}'`),
      ).rejects.toThrow(/check constraint/);
      await db.query(`UPDATE remote_requests SET answered_at = now(), answer = '{}', phone = NULL`);
    },
  },
  9: {
    // The ID number typed on the phone pages: the answered request keeps none, and an answer
    // must empty it as it empties the phone.
    seed: () => Promise.resolve(),
    check: async () => {
      const kept = await db.query(`SELECT id_number FROM remote_requests`);
      expect(kept.rows).toEqual([{ id_number: null }]);
      await db.query(
        `INSERT INTO remote_requests (id, hall_id, service_id, phone, id_number, created_at)
         VALUES ('${'c'.repeat(64)}', 'h1', 'tax', '13800138001', '11010519491231002X', now())`,
      );
      const answer = `UPDATE remote_requests SET answered_at = now(), answer = '{}', phone = NULL`;
      await expect(db.query(answer)).rejects.toThrow(/check constraint/);
      await db.query(`${answer}, id_number = NULL WHERE answered_at IS NULL`);
      const booked = await db.query(`SELECT 1 FROM booking_requests WHERE id_number IS NOT NULL`);
      expect(booked.rows).toEqual([]);
    },
  },
  10: {
    // The month rollups made from the closed days' rollups an upgraded region holds: a window's
    // days of March summed (April's apart), waits merged per second and per minute; quarter-hours
    // merged into the hour in the hall's timezone (h1 has none: the default, UTC+8; h2 +5:45).
    seed: async () => {
      await db.query(`UPDATE hall_settings SET timezone = 'Asia/Kathmandu' WHERE hall_id = 'h2'`);
      const rollup = (
        hall: string,
        dim: string,
        day: string,
        key: string,
        issued: number,
        waitS: number[],
        waitC: number[],
      ) =>
        db.query(
          `INSERT INTO day_rollups (dim, business_day, hall_id, key, issued, cancelled, expired,
             served, no_show, wait_sum, wait_n, service_sum, service_n, rated, score_sum,
             satisfied, transfers, complaints, wait_s, wait_c)
           VALUES ($1, $2, $3, $4, $5, 0, 0, 0, 0, $6, $7, 0, 0, 0, 0, 0, 0, 1, $8, $9)`,
          [
            dim,
            day,
            hall,
            key,
            issued,
            waitS.reduce((a, w, i) => a + w * 1000 * (waitC[i] ?? 0), 0),
            waitC.reduce((a, c) => a + c, 0),
            waitS,
            waitC,
          ],
        );
      const quarter = (h: number, m: number) => String(Date.UTC(2026, 2, 30, h, m) / 900_000);
      await rollup('h1', 'window', '2026-03-30', 'w1', 3, [10, 70], [1, 2]);
      await rollup('h1', 'window', '2026-03-31', 'w1', 4, [10, 200], [3, 1]);
      await rollup('h1', 'window', '2026-04-01', 'w1', 5, [], []);
      await rollup('h1', 'hour', '2026-03-30', quarter(1, 0), 1, [5], [1]);
      await rollup('h1', 'hour', '2026-03-30', quarter(1, 45), 2, [5, 65], [1, 1]);
      await rollup('h1', 'hour', '2026-03-30', quarter(2, 0), 4, [], []);
      await rollup('h1', 'hour', '2026-03-30', '(none)', 8, [], []);
      await rollup('h2', 'hour', '2026-03-30', quarter(3, 15), 16, [1], [1]);
    },
    check: async () => {
      const months = await db.query(
        `SELECT dim, hall_id, to_char(month, 'YYYY-MM-DD') AS month, key, issued::integer,
                wait_n::integer, complaints::integer, wait_s, wait_c, wait_m, wait_mc
           FROM month_rollups ORDER BY hall_id, dim, month, key`,
      );
      const row = (
        hall: string,
        dim: string,
        month: string,
        key: string,
        issued: number,
        days: number,
        waits: number[][],
      ) => ({
        dim,
        hall_id: hall,
        month,
        key,
        issued,
        wait_n: (waits[1] ?? []).reduce((a, c) => a + c, 0),
        complaints: days,
        wait_s: waits[0],
        wait_c: waits[1],
        wait_m: waits[2],
        wait_mc: waits[3],
      });
      expect(months.rows).toEqual([
        row('h1', 'hour', '2026-03-01', '(none)', 8, 1, [[], [], [], []]),
        row('h1', 'hour', '2026-03-01', '09', 3, 2, [
          [5, 65],
          [2, 1],
          [0, 1],
          [2, 1],
        ]),
        row('h1', 'hour', '2026-03-01', '10', 4, 1, [[], [], [], []]),
        row('h1', 'window', '2026-03-01', 'w1', 7, 2, [
          [10, 70, 200],
          [4, 2, 1],
          [0, 1, 3],
          [4, 2, 1],
        ]),
        row('h1', 'window', '2026-04-01', 'w1', 5, 1, [[], [], [], []]),
        row('h2', 'hour', '2026-03-01', '09', 16, 1, [[1], [1], [0], [1]]),
      ]);
    },
  },
  11: {
    // The projections the fold wrote (migration 4's fold of h1's events): kept as they were.
    seed: () => Promise.resolve(),
    check: async () => {
      const onHalls = await db.query<{ name: string }>(
        `SELECT c.conrelid::regclass::text AS name FROM pg_constraint c
          WHERE c.contype = 'f' AND c.confrelid = 'halls'::regclass ORDER BY 1`,
      );
      // The projections written per event lose theirs; what a user can do keeps its own.
      expect(onHalls.rows.map((r) => r.name)).toEqual([
        'account_halls',
        'booking_offers',
        'booking_requests',
        'bookings',
        'day_rollups',
        'hall_histories',
        'hall_reports',
        'hall_settings',
        'instructions',
        'month_rollups',
        'pairing_codes',
        'public_halls',
        'public_ratings',
        'public_tickets',
        'remote_offers',
        'remote_requests',
      ]);
      const kept = await db.query(
        `SELECT t.ticket_id, s.seq FROM hall_tickets t JOIN hall_steps s USING (hall_id, ticket_id)
          WHERE t.hall_id = 'h1'`,
      );
      expect(kept.rows).toEqual([{ ticket_id: '2026-03-31/A001', seq: 3 }]);
    },
  },
};

describe('region migrations', () => {
  it('has a test step for every migration, numbered 1, 2, 3, ...', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(Object.keys(STEPS).map(Number)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('runs one by one from an empty database, each step keeping what came before', async () => {
    expect(await schemaVersion(db)).toBe(0);
    for (const m of MIGRATIONS) {
      const step = STEPS[m.version];
      if (step === undefined) throw new Error(`no test step for migration ${m.version}`);
      await step.seed();
      const outcome = await migrate(db, MIGRATIONS, m.version);
      expect(outcome.applied).toEqual([`${m.version}-${m.name}`]);
      expect(await schemaVersion(db)).toBe(m.version);
      await step.check();
    }
    // Again: nothing to do.
    expect(await migrate(db)).toEqual({ from: latestVersion(), to: latestVersion(), applied: [] });
  });

  it('folds a hall configuration held before version 4 with the newest columns, in one go', async () => {
    // A region at version 3 holding a hall's events, its configuration among them: the upgrade
    // to the newest version folds them once every step has run (the projector writes
    // `hall_settings.sunshine`, which version 6 adds).
    await migrate(db, MIGRATIONS, 3);
    await db.query(`INSERT INTO halls (id, name, created_at) VALUES ('h1', 'A', now())`);
    await db.query(
      `INSERT INTO hall_histories (hall_id, history_id, first_seen, is_current, updated_at)
       VALUES ('h1', 'x1', now(), true, now())`,
    );
    await db.transaction((tx) => ensureEventPartitions(tx, [Date.UTC(2026, 2, 31, 1)]));
    const config = {
      config: {
        hall: { timezone: 'Asia/Shanghai', sunshine: true },
        services: [{ id: 'tax', departmentId: 'd1', name: { zh: '税务', en: 'Tax' } }],
        windows: [{ id: 'w1', number: 1 }],
        staff: [],
      },
    };
    await db.query(
      `INSERT INTO events (hall_id, history_id, seq, at, type, body, received_at)
       VALUES ('h1', 'x1', 1, '2026-03-31T01:00:00Z', 'config_changed', $1, now())`,
      [JSON.stringify(config)],
    );
    const outcome = await migrate(db);
    expect(outcome).toMatchObject({ from: 3, to: latestVersion() });
    const settings = await db.query(
      'SELECT timezone, departments, services, sunshine IS NOT NULL AS sunshine FROM hall_settings',
    );
    expect(settings.rows).toEqual([
      {
        timezone: 'Asia/Shanghai',
        departments: { tax: 'd1' },
        services: [{ id: 'tax', name: { zh: '税务', en: 'Tax' } }],
        sunshine: true,
      },
    ]);
  });

  it('refuses a database from a newer region, untouched', async () => {
    await migrate(db);
    await db.query('UPDATE schema_version SET version = $1', [latestVersion() + 1]);
    const err: unknown = await migrate(db).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegionStoreError);
    expect(err).toMatchObject({ code: 'newer_schema' });
    expect((err as Error).message).toMatch(/newer than this region/);
    expect(await schemaVersion(db)).toBe(latestVersion() + 1);
  });

  it('keeps nothing of a migration that fails', async () => {
    const broken: Migration = {
      version: MIGRATIONS.length + 1,
      name: 'broken',
      async up(tx) {
        await tx.query('CREATE TABLE half_done (x integer)');
        await tx.query('SELECT * FROM no_such_table');
      },
    };
    await expect(migrate(db, [...MIGRATIONS, broken])).rejects.toMatchObject({
      code: 'migration_failed',
    });
    expect(await schemaVersion(db)).toBe(0);
    expect(await tableNames()).toEqual([]);
  });

  it('lets two region instances migrate one database at once', async () => {
    const other = openPostgres(cluster.adminUrl.replace(/\/postgres$/, `/${await currentDb()}`));
    try {
      const outcomes = await Promise.all([migrate(db), migrate(other)]);
      expect(outcomes.map((o) => o.applied.length).sort()).toEqual([0, MIGRATIONS.length]);
    } finally {
      await other.close();
    }
  });
});

async function currentDb(): Promise<string> {
  const r = await db.query<{ name: string }>('SELECT current_database() AS name');
  return r.rows[0]?.name ?? '';
}
