import type { LinkEvent } from '@onestop/shared';
import type { Queryable, RegionDb } from '../db/types.js';
import { foldedEvents, headConfigEvent, type FoldedEvent } from './event-bodies.js';
import { iso } from './halls.js';
import { ensureEventPartitions } from './partitions.js';
import { clearProjections, projectEvents } from './projector.js';

export type IngestOutcome =
  /** Committed: the region now holds the history up to `ackedSeq` (`inserted` of them new). */
  | { kind: 'acked'; ackedSeq: number; inserted: number }
  /** The batch begins after the region's position: nothing was written. */
  | { kind: 'gap'; ackedSeq: number };

export interface IngestBatch {
  historyId: string;
  afterSeq: number;
  /** Consecutive sequences from afterSeq + 1 (LinkBatchSchema holds it). */
  events: readonly LinkEvent[];
  /** The hall's configuration, with a history's first batch (LinkBatchSchema: afterSeq 0). */
  config?: Record<string, unknown> | undefined;
  /**
   * The events' bodies as `foldedEvents(events)` parsed them, when the caller has parsed them
   * already (Region.ingest): each batch's bodies are then parsed once, not twice.
   */
  folded?: readonly FoldedEvent[] | undefined;
}

/**
 * One batch of one hall's history in one transaction: lock the (hall, history) position, refuse
 * a gap, skip what is held, insert the rest in one statement, move the position, COMMIT. A
 * history the region has not seen begins at 0 and becomes the hall's current one; the hall's
 * former histories stay as they are.
 */
export function ingestBatch(
  db: RegionDb,
  hallId: string,
  batch: IngestBatch,
  now: number,
): Promise<IngestOutcome> {
  // Region.ingest has refused a batch whose bodies do not parse; a caller that did not is told.
  const folded =
    batch.folded === undefined
      ? foldedEvents(batch.events)
      : { ok: true as const, events: [...batch.folded] };
  if (!folded.ok) return Promise.reject(new RangeError(folded.problem));
  const head =
    batch.config === undefined ? null : headConfigEvent(batch.config, batch.events[0]?.at ?? now);
  if (head !== null && !head.ok) return Promise.reject(new RangeError(head.problem));
  return db.transaction(async (tx): Promise<IngestOutcome> => {
    let position = await lockPosition(tx, hallId, batch.historyId);
    if (position === null) {
      // Two batches of a new history may race: they take turns on the hall's row, and the
      // second finds the history the first began.
      await tx.query('SELECT id FROM halls WHERE id = $1 FOR UPDATE', [hallId]);
      position = await lockPosition(tx, hallId, batch.historyId);
    }
    if (position === null) {
      if (batch.afterSeq > 0) return { kind: 'gap', ackedSeq: 0 };
      await beginHistory(tx, hallId, batch.historyId, now);
      position = { acked: 0, current: true };
    }
    const acked = position.acked;
    if (batch.afterSeq > acked) return { kind: 'gap', ackedSeq: acked };
    const fresh = batch.events.filter((e) => e.seq > acked);
    const last = fresh.at(-1);
    if (last === undefined) return { kind: 'acked', ackedSeq: acked, inserted: 0 };

    // After the position's lock and before any insert: see partitions.ts on lock order.
    await ensureEventPartitions(
      tx,
      fresh.map((e) => e.at),
    );
    await insertEvents(tx, hallId, batch.historyId, fresh, now);
    // The configuration at the head of the history: kept with it (a later fold of what the
    // region holds begins with it), folded before its first event. A batch that repeats the
    // head (acked > 0) changes nothing.
    const headConfig: FoldedEvent[] = [];
    if (head?.ok === true && acked === 0) {
      await tx.query(
        'UPDATE hall_histories SET head_config = $3 WHERE hall_id = $1 AND history_id = $2',
        [hallId, batch.historyId, JSON.stringify(batch.config)],
      );
      headConfig.push(head.event);
    }
    // The hall's figures are its current history's: an old branch's late batch is kept only.
    if (position.current) {
      await projectEvents(tx, hallId, [
        ...headConfig,
        ...folded.events.filter((e) => e.seq > acked),
      ]);
    }
    // The position and the hall's last contact in one round trip.
    await tx.query(
      `WITH p AS (UPDATE hall_histories SET acked_seq = $3, updated_at = $4
                   WHERE hall_id = $1 AND history_id = $2)
       UPDATE halls SET last_seen_at = $4 WHERE id = $1`,
      [hallId, batch.historyId, last.seq, iso(now)],
    );
    return { kind: 'acked', ackedSeq: last.seq, inserted: fresh.length };
  });
}

/**
 * The position of (hall, history) and whether it is the hall's current history, locked until
 * the transaction ends; null when unknown.
 */
async function lockPosition(
  tx: Queryable,
  hallId: string,
  historyId: string,
): Promise<{ acked: number; current: boolean } | null> {
  const r = await tx.query<{ acked_seq: number; is_current: boolean }>(
    `SELECT acked_seq, is_current FROM hall_histories
      WHERE hall_id = $1 AND history_id = $2 FOR UPDATE`,
    [hallId, historyId],
  );
  const row = r.rows[0];
  return row === undefined ? null : { acked: row.acked_seq, current: row.is_current };
}

/**
 * A new history of the hall, at 0, made its current one (the hall's row is locked); the hall's
 * projections are folded again from it, from its first event.
 */
async function beginHistory(
  tx: Queryable,
  hallId: string,
  historyId: string,
  now: number,
): Promise<void> {
  await tx.query('UPDATE hall_histories SET is_current = false WHERE hall_id = $1 AND is_current', [
    hallId,
  ]);
  await tx.query(
    `INSERT INTO hall_histories (hall_id, history_id, first_seen, acked_seq, is_current, updated_at)
     VALUES ($1, $2, $3, 0, true, $3)`,
    [hallId, historyId, iso(now)],
  );
  await clearProjections(tx, hallId);
}

/** All of `events` in one statement: one array per column, unnested. */
async function insertEvents(
  tx: Queryable,
  hallId: string,
  historyId: string,
  events: readonly LinkEvent[],
  now: number,
): Promise<void> {
  await tx.query(
    `INSERT INTO events (hall_id, history_id, seq, at, type, business_day, ticket_id, window_id,
                         body, received_at)
     SELECT $1, $2, u.seq, u.at, u.type, u.business_day, u.ticket_id, u.window_id, u.body, $10
       FROM unnest($3::bigint[], $4::timestamptz[], $5::text[], $6::date[], $7::text[],
                   $8::text[], $9::jsonb[])
            AS u(seq, at, type, business_day, ticket_id, window_id, body)`,
    [
      hallId,
      historyId,
      events.map((e) => e.seq),
      events.map((e) => iso(e.at)),
      events.map((e) => e.type),
      events.map((e) => e.businessDay),
      events.map((e) => e.ticketId),
      events.map((e) => e.windowId),
      events.map((e) => JSON.stringify(e.body)),
      iso(now),
    ],
  );
}

/** The position of (hall, history): 0 when the region holds none of it. */
export async function positionOf(
  db: Queryable,
  hallId: string,
  historyId: string,
): Promise<number> {
  const r = await db.query<{ acked_seq: number }>(
    'SELECT acked_seq FROM hall_histories WHERE hall_id = $1 AND history_id = $2',
    [hallId, historyId],
  );
  return r.rows[0]?.acked_seq ?? 0;
}
