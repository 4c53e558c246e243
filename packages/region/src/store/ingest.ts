import type { LinkEvent } from '@onestop/shared';
import type { Queryable, RegionDb } from '../db/types.js';
import { HALL_CHANGED_CHANNEL, type HallChange } from '../live.js';
import { foldedEvents, headConfigEvent, type FoldedEvent } from './event-bodies.js';
import { iso } from './halls.js';
import { ensureEventPartitions, eventMonths, presentPartitionsSql } from './partitions.js';
import {
  clearProjections,
  foldEvents,
  readHeldRows,
  recomputeClosedDays,
  ticketIdsOf,
  writeProjections,
} from './projector.js';
import { Statement } from './statement.js';

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
  /**
   * Tell the region instances listening on the database (PostgreSQL's NOTIFY on
   * `HALL_CHANGED_CHANNEL`) when the batch adds events: sent in the batch's last statement, so
   * it is delivered at the COMMIT, and only then.
   */
  notify?: boolean | undefined;
}

/**
 * One batch of one hall's history in one transaction: lock the (hall, history) position, refuse
 * a gap, skip what is held, insert the rest, fold it into the projections, move the position,
 * COMMIT. A history the region has not seen begins at 0 and becomes the hall's current one; the
 * hall's former histories stay as they are.
 *
 * Round trips of a batch in the middle of a day: BEGIN; the position's lock with the partitions
 * present; the rows the batch's tickets hold; one statement writing the events, the tickets, the
 * calls, the position and the hall's last contact, with the NOTIFY of the news, answering the
 * closed days it changed; COMMIT. A day's opening or closing, a window or a complaint adds its
 * own statements.
 */
export async function ingestBatch(
  db: RegionDb,
  hallId: string,
  batch: IngestBatch,
  now: number,
): Promise<IngestOutcome> {
  // Region.ingest has refused a batch whose bodies do not parse; a caller that did not is told.
  const folded =
    batch.folded === undefined
      ? foldedEvents(batch.events)
      : { ok: true as const, events: batch.folded };
  if (!folded.ok) return Promise.reject(new RangeError(folded.problem));
  const head =
    batch.config === undefined ? null : headConfigEvent(batch.config, batch.events[0]?.at ?? now);
  if (head !== null && !head.ok) return Promise.reject(new RangeError(head.problem));
  const months = [...eventMonths(batch.events.map((e) => e.at)).keys()];
  return db.transaction(async (tx): Promise<IngestOutcome> => {
    let position = await lockPosition(tx, hallId, batch.historyId, months);
    if (position === null) {
      // Two batches of a new history may race: they take turns on the hall's row, and the
      // second finds the history the first began.
      await tx.query('SELECT id FROM halls WHERE id = $1 FOR UPDATE', [hallId]);
      position = await lockPosition(tx, hallId, batch.historyId, months);
    }
    if (position === null) {
      if (batch.afterSeq > 0) return { kind: 'gap', ackedSeq: 0 };
      await beginHistory(tx, hallId, batch.historyId, now);
      position = { acked: 0, current: true, partitions: undefined };
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
      position.partitions,
    );
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
    const statement = new Statement();
    statement.with(insertEventsSql(statement, hallId, batch.historyId, fresh, now));
    // The position and the hall's last contact.
    const hall = statement.bind(hallId);
    const at = statement.bind(iso(now));
    statement.with(
      `UPDATE hall_histories SET acked_seq = ${statement.bind(last.seq)}, updated_at = ${at}
        WHERE hall_id = ${hall} AND history_id = ${statement.bind(batch.historyId)}`,
    );
    statement.with(`UPDATE halls SET last_seen_at = ${at} WHERE id = ${hall}`);
    // The news, in the select list of the final query (evaluated once, whatever it reads).
    const change: HallChange = { hallId, historyId: batch.historyId, seq: last.seq };
    const notice =
      batch.notify === true
        ? `pg_notify(${statement.bind(HALL_CHANGED_CHANNEL)}, ${statement.bind(JSON.stringify(change))})`
        : 'NULL';
    // The hall's figures are its current history's: an old branch's late batch is kept only.
    if (!position.current) {
      await tx.query(statement.text(`SELECT ${notice}`), statement.params);
    } else {
      const events = [...headConfig, ...folded.events.filter((e) => e.seq > acked)];
      const held = await readHeldRows(tx, hallId, ticketIdsOf(events));
      const writes = await foldEvents(tx, hallId, events, held);
      const closed = writeProjections(statement, hallId, writes);
      const r = await tx.query<{ days: string[] }>(
        statement.text(`SELECT ${notice} AS notice, ARRAY(${closed}) AS days`),
        statement.params,
      );
      await recomputeClosedDays(
        tx,
        hallId,
        (r.rows[0]?.days ?? []).map((day) => ({ day })),
      );
    }
    return { kind: 'acked', ackedSeq: last.seq, inserted: fresh.length };
  });
}

interface Position {
  acked: number;
  current: boolean;
  /** The partitions of the batch's months that exist (undefined: not looked at). */
  partitions: ReadonlySet<string> | undefined;
}

/**
 * The position of (hall, history) and whether it is the hall's current history, locked until
 * the transaction ends, with which of the partitions `months` exist; null when unknown.
 */
async function lockPosition(
  tx: Queryable,
  hallId: string,
  historyId: string,
  months: readonly string[],
): Promise<Position | null> {
  const r = await tx.query<{ acked_seq: number; is_current: boolean; present: string[] }>(
    `SELECT acked_seq, is_current, ${presentPartitionsSql('$3')} AS present FROM hall_histories
      WHERE hall_id = $1 AND history_id = $2 FOR UPDATE`,
    [hallId, historyId, months],
  );
  const row = r.rows[0];
  return row === undefined
    ? null
    : { acked: row.acked_seq, current: row.is_current, partitions: new Set(row.present) };
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

/**
 * All of `events` in one part of `statement`, bound as one JSON array of arrays read in the
 * server (`jsonb_array_elements`, a field by its place): one `JSON.stringify` of the batch costs
 * the Node thread a fraction of binding an array per column (each element quoted and escaped by
 * the driver), and arrays cost the server less to parse than objects (no keys to parse and
 * sort: reading a batch's 500 events took it 1.1 ms of CPU, against 1.9 by `jsonb_to_recordset`
 * from objects). A time is exact to the millisecond (epoch plus whole milliseconds).
 */
function insertEventsSql(
  statement: Statement,
  hallId: string,
  historyId: string,
  events: readonly LinkEvent[],
  now: number,
): string {
  const rows = events.map((e) => [
    e.seq,
    e.at,
    e.type,
    e.businessDay,
    e.ticketId,
    e.windowId,
    e.body,
  ]);
  return `INSERT INTO events (hall_id, history_id, seq, at, type, business_day, ticket_id,
                              window_id, body, received_at)
     SELECT ${statement.bind(hallId)}, ${statement.bind(historyId)}, (r->>0)::bigint,
            timestamptz 'epoch' + (r->>1)::bigint * interval '1 millisecond', r->>2,
            (r->>3)::date, r->>4, r->>5, r->6, ${statement.bind(iso(now))}
       FROM jsonb_array_elements(${statement.bind(JSON.stringify(rows))}::jsonb) AS r`;
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
