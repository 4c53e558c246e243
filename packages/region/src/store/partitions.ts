import type { Queryable } from '../db/types.js';

/** Events are taken with times in [2000-01-01, 2200-01-01) UTC: a month partition each. */
export const EVENT_TIME_MIN = Date.UTC(2000, 0, 1);
export const EVENT_TIME_MAX = Date.UTC(2200, 0, 1);

/** Held (per transaction) while a partition is made, so two ingests never make the same one. */
const PARTITION_LOCK = 0x0e5a_0002;

interface Month {
  year: number;
  /** 1..12 */
  month: number;
}

export function monthOf(ms: number): Month {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

/** `events_y2026m03`: the partition holding March 2026 (UTC). */
export function partitionName({ year, month }: Month): string {
  return `events_y${year}m${String(month).padStart(2, '0')}`;
}

function monthStart({ year, month }: Month): string {
  return `${year}-${String(month).padStart(2, '0')}-01 00:00:00+00`;
}

function nextMonth({ year, month }: Month): Month {
  return month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
}

/** The month partitions the times `ats` (epoch ms) fall in, by name; a time outside them throws. */
export function eventMonths(ats: Iterable<number>): Map<string, Month> {
  const months = new Map<string, Month>();
  // The month of the time before (a batch's times mostly share one): [from, to) in epoch ms.
  let from = 0;
  let to = 0;
  for (const at of ats) {
    if (!Number.isInteger(at) || at < EVENT_TIME_MIN || at >= EVENT_TIME_MAX) {
      throw new RangeError(`event time ${at} is outside the years 2000..2199`);
    }
    if (at >= from && at < to) continue;
    const m = monthOf(at);
    months.set(partitionName(m), m);
    from = Date.UTC(m.year, m.month - 1, 1);
    to = Date.UTC(m.year, m.month, 1);
  }
  return months;
}

/**
 * Which of the partitions named by the text array `param` exist, as a SQL expression (a text
 * array) that rides on another statement (the ingest's position lock), read from `pg_class`
 * like `exists` below.
 */
export const presentPartitionsSql = (param: string): string =>
  `ARRAY(SELECT relname::text FROM pg_class
          WHERE relname = ANY(${param}::text[]) AND relnamespace = current_schema()::regnamespace)`;

/**
 * Makes the month partitions of `events` that the times `ats` (epoch ms) fall in, if missing.
 * `present`: the ones a statement of this transaction found (`presentPartitionsSql`), so only
 * the others are looked at again, under the lock; partitions are never dropped, so one found
 * stays. DDL takes no bound parameters: the name and the bounds are made here from checked
 * integers only (a year of 2000..2199 and a month of 1..12).
 */
export async function ensureEventPartitions(
  tx: Queryable,
  ats: Iterable<number>,
  present?: ReadonlySet<string>,
): Promise<void> {
  let locked = false;
  for (const [name, m] of eventMonths(ats)) {
    if (present === undefined ? await exists(tx, name) : present.has(name)) continue;
    if (!locked) {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
      locked = true;
    }
    // Again under the lock: another ingest may have made it since it was looked for.
    if (await exists(tx, name)) continue;
    await tx.query(
      `CREATE TABLE ${name} PARTITION OF events FOR VALUES FROM ('${monthStart(m)}') TO ('${monthStart(nextMonth(m))}')`,
    );
  }
}

/**
 * Read from `pg_class` with the statement's own snapshot: `to_regclass` may answer from the
 * backend's catalog cache, which can still miss a partition another ingest has just committed
 * (so two halls' first batches of a month raced to make it).
 */
async function exists(tx: Queryable, name: string): Promise<boolean> {
  const r = await tx.query<{ present: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_class
                     WHERE relname = $1 AND relnamespace = current_schema()::regnamespace)
              AS present`,
    [name],
  );
  return r.rows[0]?.present === true;
}

/** The partitions of `events` that exist, oldest first. */
export async function eventPartitions(db: Queryable): Promise<string[]> {
  const r = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relname = 'events'
      ORDER BY c.relname`,
  );
  return r.rows.map((row) => row.name);
}
