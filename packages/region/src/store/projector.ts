import type { Queryable } from '../db/types.js';
import {
  foldedEvents,
  headConfigEvent,
  type ConfigBody,
  type FoldedEvent,
} from './event-bodies.js';
import {
  DEFAULT_TIMEZONE,
  clearMonthRollups,
  recomputeRollups,
  refreshHourRollups,
  refreshMonthRollups,
} from './rollups.js';
import { Statement } from './statement.js';
import type { SupervisedComplaint } from './supervision.js';

/*
 * Folds a batch of one hall's current history into its projections, in the ingest's
 * transaction: the tickets and calls the batch names are read once, folded in memory in the
 * order of the log, and written back in one statement each; the rarer events (days, windows,
 * complaints, settings) are written as they come. A closed day whose rows the batch changed has
 * its rollups made again at the end. The fold of calls is the hall's own (the hub's
 * `ticket_steps`), so the figures are the hall's.
 */

type Outcome = 'done' | 'no_show' | 'transferred' | 'requeued' | 'parked';

interface TicketRow {
  ticket_id: string;
  business_day: string;
  service_id: string;
  issued_at: number;
  status: string;
  queued_since: number | null;
  /** The services whose queues it joined last (kept while it is called, parked or served). */
  queue_service_ids: string[];
}

interface StepRow {
  seq: number;
  ticket_id: string;
  business_day: string;
  service_id: string;
  window_id: string;
  staff_code: string | null;
  queued_at: number;
  called_at: number;
  started_at: number | null;
  ended_at: number | null;
  outcome: Outcome | null;
  requeued_at: number | null;
  rating_score: number | null;
}

/** `2026-03-02/A001` belongs to 2026-03-02. */
const dayOfId = (id: string): string => id.split('/')[0] ?? '';

const ticketIdOf = (e: FoldedEvent): string[] => {
  switch (e.type) {
    case 'ticket_issued':
      return [e.body.ticket.id];
    case 'day_closed':
      return e.body.expiredTicketIds;
    case 'ticket_called':
    case 'service_started':
    case 'service_finished':
    case 'ticket_no_show':
    case 'ticket_requeued':
    case 'ticket_transferred':
    case 'ticket_parked':
    case 'ticket_unparked':
    case 'ticket_cancelled':
    case 'ticket_expired':
    case 'rating_recorded':
      return [e.body.ticketId];
    default:
      return [];
  }
};

/** Removes the hall's projections (before its new history is folded from its first event). */
export async function clearProjections(tx: Queryable, hallId: string): Promise<void> {
  await clearMonthRollups(tx, hallId);
  for (const table of [
    'day_rollups',
    'hall_steps',
    'hall_tickets',
    'hall_windows',
    'hall_days',
    'hall_complaints',
    'hall_settings',
  ] as const) {
    await tx.query(`DELETE FROM ${table} WHERE hall_id = $1`, [hallId]);
  }
}

/** What a batch's fold reads first: the rows of the tickets it names and of their calls. */
export interface HeldRows {
  tickets: TicketRow[];
  steps: StepRow[];
}

/** The ticket ids whose rows the fold of `events` reads and may change. */
export const ticketIdsOf = (events: readonly FoldedEvent[]): string[] => [
  ...new Set(events.flatMap(ticketIdOf)),
];

/**
 * The rows of the tickets `ids` of the hall and of their calls (in the order of the log), in one
 * statement: read after the ingest's position lock, so no other batch of the hall changes them
 * before this one writes.
 */
export async function readHeldRows(
  tx: Queryable,
  hallId: string,
  ids: readonly string[],
): Promise<HeldRows> {
  if (ids.length === 0) return { tickets: [], steps: [] };
  const r = await tx.query<HeldRows>(
    `SELECT
       (SELECT coalesce(json_agg(t), '[]'::json) FROM (
          SELECT ticket_id, to_char(business_day, 'YYYY-MM-DD') AS business_day, service_id,
                 issued_at, status, queued_since, queue_service_ids
            FROM hall_tickets WHERE hall_id = $1 AND ticket_id = ANY($2::text[])) t) AS tickets,
       (SELECT coalesce(json_agg(s ORDER BY s.seq), '[]'::json) FROM (
          SELECT seq, ticket_id, to_char(business_day, 'YYYY-MM-DD') AS business_day, service_id,
                 window_id, staff_code, queued_at, called_at, started_at, ended_at, outcome,
                 requeued_at, rating_score
            FROM hall_steps WHERE hall_id = $1 AND ticket_id = ANY($2::text[])) s) AS steps`,
    [hallId, ids],
  );
  return r.rows[0] ?? { tickets: [], steps: [] };
}

/**
 * What a batch's fold changed: written back in one statement (`writeProjections`). A row is new
 * when the region did not hold it before the batch (`readHeldRows` read every ticket the batch
 * names, and their calls, under the position's lock): it is inserted, not upserted.
 */
export interface ProjectionWrites {
  tickets: { added: TicketRow[]; changed: TicketRow[] };
  steps: { added: StepRow[]; changed: StepRow[] };
  /** The business days whose rows it changed (their rollups are made again if closed). */
  days: string[];
}

/** Reads, folds and writes back `events` of the hall's current history, then its rollups. */
export async function projectEvents(
  tx: Queryable,
  hallId: string,
  events: readonly FoldedEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const held = await readHeldRows(tx, hallId, ticketIdsOf(events));
  const writes = await foldEvents(tx, hallId, events, held);
  const statement = new Statement();
  const closed = writeProjections(statement, hallId, writes);
  const r = await tx.query<{ day: string }>(statement.text(closed), statement.params);
  await recomputeClosedDays(tx, hallId, r.rows);
}

/** Makes again the rollups of the closed days a batch changed (`writeProjections`' answer). */
export async function recomputeClosedDays(
  tx: Queryable,
  hallId: string,
  closed: readonly { day: string }[],
): Promise<void> {
  for (const { day } of closed) await recomputeRollups(tx, hallId, day);
}

/**
 * Folds `events` into the rows `held` (as `readHeldRows` read them), in the order of the log;
 * the rarer events (days, windows, complaints, settings) are written as they come. Answers the
 * rows to write back.
 */
export async function foldEvents(
  tx: Queryable,
  hallId: string,
  events: readonly FoldedEvent[],
  held: HeldRows,
): Promise<ProjectionWrites> {
  const tickets = new Map<string, TicketRow>();
  const steps = new Map<string, StepRow[]>();
  for (const row of held.tickets) tickets.set(row.ticket_id, row);
  for (const row of held.steps) stepsOf(steps, row.ticket_id).push(row);
  const changedTickets = new Set<string>();
  const changedSteps = new Map<number, StepRow>();
  const touchedDays = new Set<string>();

  const ticket = (id: string, change: (t: TicketRow) => void): void => {
    const t = tickets.get(id);
    if (t === undefined) return;
    change(t);
    changedTickets.add(id);
    touchedDays.add(t.business_day);
  };
  const lastStep = (id: string, change: (s: StepRow) => void): void => {
    const s = steps.get(id)?.at(-1);
    if (s === undefined) return;
    change(s);
    changedSteps.set(s.seq, s);
    touchedDays.add(s.business_day);
  };
  const end = (s: StepRow, at: number, outcome: Outcome, requeuedAt: number | null): void => {
    s.ended_at = at;
    s.outcome = outcome;
    s.requeued_at = requeuedAt;
  };

  for (const e of events) {
    const at = e.at;
    switch (e.type) {
      case 'ticket_issued': {
        const t = e.body.ticket;
        tickets.set(t.id, {
          ticket_id: t.id,
          business_day: t.businessDay,
          service_id: t.serviceId,
          issued_at: t.issuedAt,
          status: t.status,
          queued_since: t.issuedAt,
          queue_service_ids: t.queueServiceIds ?? [t.serviceId],
        });
        changedTickets.add(t.id);
        touchedDays.add(t.businessDay);
        break;
      }
      case 'ticket_called': {
        const { ticketId } = e.body;
        const before = steps.get(ticketId)?.at(-1);
        const t = tickets.get(ticketId);
        // The queue it was called from: joined at issue, or when its previous call ended
        // (next step, transfer, put back, unpark).
        const queuedAt =
          before === undefined
            ? (t?.issued_at ?? at)
            : (before.requeued_at ?? before.ended_at ?? before.called_at);
        const step: StepRow = {
          seq: e.seq,
          ticket_id: ticketId,
          business_day: t?.business_day ?? dayOfId(ticketId),
          service_id: e.body.serviceId,
          window_id: e.body.windowId,
          staff_code: e.body.staffCode,
          queued_at: Math.min(queuedAt, at),
          called_at: at,
          started_at: null,
          ended_at: null,
          outcome: null,
          requeued_at: null,
          rating_score: null,
        };
        stepsOf(steps, ticketId).push(step);
        changedSteps.set(step.seq, step);
        touchedDays.add(step.business_day);
        ticket(ticketId, (x) => {
          x.status = 'called';
          x.queued_since = null;
        });
        break;
      }
      case 'service_started':
        lastStep(e.body.ticketId, (s) => {
          s.started_at = at;
          s.service_id = e.body.serviceId;
        });
        ticket(e.body.ticketId, (x) => (x.status = 'serving'));
        break;
      case 'service_finished': {
        const { done, nextQueueServiceIds: next } = e.body;
        lastStep(e.body.ticketId, (s) => end(s, at, 'done', done ? null : at));
        ticket(e.body.ticketId, (x) => {
          x.status = done ? 'done' : 'waiting';
          x.queued_since = done ? null : at;
          if (!done && next !== undefined && next.length > 0) x.queue_service_ids = next;
        });
        break;
      }
      case 'ticket_no_show':
        lastStep(e.body.ticketId, (s) => end(s, at, 'no_show', null));
        ticket(e.body.ticketId, (x) => (x.status = 'no_show'));
        break;
      case 'ticket_requeued':
        // Waiting or parked for a window that closed: it was at no window, nothing ends.
        if (e.body.reason === 'target_window_closed') break;
        lastStep(e.body.ticketId, (s) => end(s, at, 'requeued', at));
        ticket(e.body.ticketId, (x) => {
          x.status = 'waiting';
          x.queued_since = at;
        });
        break;
      case 'ticket_transferred': {
        const { queueServiceIds, toServiceId, fromServiceId } = e.body;
        const to = toServiceId ?? fromServiceId;
        lastStep(e.body.ticketId, (s) => end(s, at, 'transferred', at));
        ticket(e.body.ticketId, (x) => {
          x.status = 'waiting';
          x.queued_since = at;
          if (queueServiceIds !== undefined && queueServiceIds.length > 0) {
            x.queue_service_ids = queueServiceIds;
          } else if (to !== undefined) x.queue_service_ids = [to];
        });
        break;
      }
      case 'ticket_parked':
        lastStep(e.body.ticketId, (s) => end(s, at, 'parked', null));
        ticket(e.body.ticketId, (x) => {
          x.status = 'parked';
          x.queued_since = null;
        });
        break;
      case 'ticket_unparked':
        lastStep(e.body.ticketId, (s) => (s.requeued_at = at));
        ticket(e.body.ticketId, (x) => {
          x.status = 'waiting';
          x.queued_since = at;
        });
        break;
      case 'ticket_cancelled':
        ticket(e.body.ticketId, (x) => {
          x.status = 'cancelled';
          x.queued_since = null;
        });
        break;
      case 'ticket_expired':
        ticket(e.body.ticketId, (x) => {
          x.status = 'expired';
          x.queued_since = null;
        });
        break;
      case 'rating_recorded': {
        const { score, windowId, serviceId } = e.body.rating;
        // A timeout (no score) is no rating; a score is for the last call that finished the
        // service rated, at the window rated.
        if (score === null) break;
        const rated = (steps.get(e.body.ticketId) ?? []).findLast(
          (s) => s.outcome === 'done' && s.window_id === windowId && s.service_id === serviceId,
        );
        if (rated === undefined) break;
        rated.rating_score = score;
        changedSteps.set(rated.seq, rated);
        touchedDays.add(rated.business_day);
        break;
      }
      case 'day_opened':
        await openDay(tx, hallId, e.body.businessDay, at);
        break;
      case 'day_closed':
        for (const id of e.body.expiredTicketIds) {
          ticket(id, (x) => {
            x.status = 'expired';
            x.queued_since = null;
          });
        }
        await tx.query(
          `UPDATE hall_days SET status = 'closed', closed_at = $3
            WHERE hall_id = $1 AND business_day = $2`,
          [hallId, e.body.businessDay, at],
        );
        touchedDays.add(e.body.businessDay);
        break;
      case 'window_opened':
        await setWindow(tx, hallId, e.body.windowId, 'open', e.body.staffCode, at);
        break;
      case 'window_paused':
        await setWindow(tx, hallId, e.body.windowId, 'paused', undefined, at);
        break;
      case 'window_resumed':
        await setWindow(tx, hallId, e.body.windowId, 'open', undefined, at);
        break;
      case 'window_closed':
        await setWindow(tx, hallId, e.body.windowId, 'closed', null, at);
        break;
      case 'complaint_opened': {
        const c = e.body.complaint;
        await insertComplaint(tx, hallId, { ...c, kind: 'rating', at });
        touchedDays.add(dayOfId(c.id));
        break;
      }
      case 'complaint_entered': {
        const c = e.body.complaint;
        const manual = { ...c, score: null, openedAt: at, deadlineAt: c.deadlineAt ?? null };
        await insertComplaint(tx, hallId, { ...manual, status: 'open', kind: 'manual', at });
        break;
      }
      case 'complaint_followed_up':
        // A case closes when it is closed or found mistaken (the hall's own rule).
        await tx.query(
          `UPDATE hall_complaints
              SET last_action = $3, updated_at = $4,
                  status = CASE WHEN $3 IN ('close', 'mistaken') THEN 'closed' ELSE status END
            WHERE hall_id = $1 AND complaint_id = $2`,
          [hallId, e.body.complaintId, e.body.action, at],
        );
        break;
      case 'config_changed': {
        const { hall, services } = e.body.config;
        // The timezone it had (the statement's snapshot is before its write): a new one names
        // the hours of the month rollups again.
        const written = await tx.query<{ before: string | null }>(
          `WITH before AS (SELECT timezone FROM hall_settings WHERE hall_id = $1)
           INSERT INTO hall_settings (hall_id, timezone, departments, services, sunshine)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (hall_id) DO UPDATE SET timezone = excluded.timezone,
             departments = excluded.departments, services = excluded.services,
             sunshine = excluded.sunshine
           RETURNING (SELECT timezone FROM before) AS before`,
          [
            hallId,
            hall.timezone,
            JSON.stringify(Object.fromEntries(services.map((s) => [s.id, s.departmentId]))),
            JSON.stringify(services.map((s) => ({ id: s.id, name: s.name ?? null }))),
            sunshineOf(e.body.config),
          ],
        );
        const before = written.rows[0]?.before ?? DEFAULT_TIMEZONE;
        if (before !== hall.timezone) await refreshHourRollups(tx, hallId);
        break;
      }
    }
  }

  const heldTickets = new Set(held.tickets.map((t) => t.ticket_id));
  const heldSteps = new Set(held.steps.map((s) => s.seq));
  const written: ProjectionWrites = {
    tickets: { added: [], changed: [] },
    steps: { added: [], changed: [] },
    days: [...touchedDays],
  };
  for (const id of changedTickets) {
    const t = tickets.get(id);
    if (t !== undefined) written.tickets[heldTickets.has(id) ? 'changed' : 'added'].push(t);
  }
  for (const s of changedSteps.values()) {
    written.steps[heldSteps.has(s.seq) ? 'changed' : 'added'].push(s);
  }
  return written;
}

/**
 * Puts the write-back of `writes` into `statement` (one part per table) and answers its final
 * query: the closed days among those changed, as `{ day }` rows (read with the statement's
 * snapshot, which holds every earlier statement of the transaction: a day closed by the batch).
 */
export function writeProjections(
  statement: Statement,
  hallId: string,
  writes: ProjectionWrites,
): string {
  const hall = statement.bind(hallId);
  const { tickets, steps } = writes;
  if (tickets.added.length > 0) statement.with(insertTicketsSql(statement, hall, tickets.added));
  if (tickets.changed.length > 0)
    statement.with(upsertTicketsSql(statement, hall, tickets.changed));
  if (steps.added.length > 0) statement.with(insertStepsSql(statement, hall, steps.added));
  if (steps.changed.length > 0) statement.with(upsertStepsSql(statement, hall, steps.changed));
  return `SELECT to_char(business_day, 'YYYY-MM-DD') AS day FROM hall_days
           WHERE hall_id = ${hall} AND business_day = ANY(${statement.bind(writes.days)}::date[])
             AND status = 'closed'`;
}

/** A complaint as it was opened (by a poor rating or by hand); a repeat changes nothing. */
async function insertComplaint(
  tx: Queryable,
  hallId: string,
  c: Pick<
    SupervisedComplaint,
    | 'kind'
    | 'ticketId'
    | 'serviceId'
    | 'windowId'
    | 'staffCode'
    | 'score'
    | 'openedAt'
    | 'deadlineAt'
    | 'status'
  > & { id: string; at: number },
): Promise<void> {
  await tx.query(
    `INSERT INTO hall_complaints (hall_id, complaint_id, kind, business_day, ticket_id,
       service_id, window_id, staff_code, score, opened_at, deadline_at, status, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (hall_id, complaint_id) DO NOTHING`,
    [
      hallId,
      c.id,
      c.kind,
      dayOfId(c.id),
      c.ticketId,
      c.serviceId,
      c.windowId,
      c.staffCode,
      c.score,
      c.openedAt,
      c.deadlineAt,
      c.status,
      c.at,
    ],
  );
}

function stepsOf(steps: Map<string, StepRow[]>, ticketId: string): StepRow[] {
  let list = steps.get(ticketId);
  if (list === undefined) {
    list = [];
    steps.set(ticketId, list);
  }
  return list;
}

/** A day opened, or opened again: its kept figures go (they are made again when it closes). */
async function openDay(tx: Queryable, hallId: string, day: string, at: number): Promise<void> {
  await tx.query(
    `INSERT INTO hall_days (hall_id, business_day, status, opened_at) VALUES ($1, $2, 'open', $3)
     ON CONFLICT (hall_id, business_day)
     DO UPDATE SET status = 'open', opened_at = excluded.opened_at, closed_at = NULL`,
    [hallId, day, at],
  );
  const kept = await tx.query('DELETE FROM day_rollups WHERE hall_id = $1 AND business_day = $2', [
    hallId,
    day,
  ]);
  // Its month's rollups too, when it had been closed (a new day had none).
  if (kept.rowCount > 0) await refreshMonthRollups(tx, hallId, day);
  // A new day starts with every window closed, as the hall's own state does.
  await tx.query(
    `UPDATE hall_windows SET status = 'closed', staff_code = NULL, since = $2
      WHERE hall_id = $1 AND status <> 'closed'`,
    [hallId, at],
  );
}

/** `staffCode` undefined: the window keeps its clerk (pause, resume). */
async function setWindow(
  tx: Queryable,
  hallId: string,
  windowId: string,
  status: 'open' | 'paused' | 'closed',
  staffCode: string | null | undefined,
  at: number,
): Promise<void> {
  await tx.query(
    `INSERT INTO hall_windows (hall_id, window_id, status, staff_code, since)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (hall_id, window_id) DO UPDATE SET status = excluded.status, since = excluded.since,
       staff_code = CASE WHEN $6 THEN hall_windows.staff_code ELSE excluded.staff_code END`,
    [hallId, windowId, status, staffCode ?? null, at, staffCode === undefined],
  );
}

/*
 * The rows are bound as one JSON array of arrays each, read in the server
 * (`jsonb_array_elements`, a field by its place): cheaper for the Node thread than an array per
 * column, and for the server than objects (no keys to parse and sort); see insertEventsSql in
 * ingest.ts. The rows the region did not hold are inserted plainly (no speculative insertion,
 * no arbiter lookup); the few it held (a ticket issued in an earlier batch) are upserted, their
 * unindexed columns only (the update can stay HOT).
 */

const TICKET_COLUMNS = `hall_id, ticket_id, business_day, service_id, issued_at, status,
  queued_since, queue_service_ids`;

function ticketRowsSql(statement: Statement, hall: string, rows: readonly TicketRow[]): string {
  const values = rows.map((t) => [
    t.ticket_id,
    t.business_day,
    t.service_id,
    t.issued_at,
    t.status,
    t.queued_since,
    t.queue_service_ids,
  ]);
  return `SELECT ${hall}, r->>0, (r->>1)::date, r->>2, (r->>3)::bigint, r->>4, (r->>5)::bigint,
            ARRAY(SELECT jsonb_array_elements_text(r->6))
       FROM jsonb_array_elements(${statement.bind(JSON.stringify(values))}::jsonb) AS r`;
}

function insertTicketsSql(statement: Statement, hall: string, rows: readonly TicketRow[]): string {
  return `INSERT INTO hall_tickets (${TICKET_COLUMNS}) ${ticketRowsSql(statement, hall, rows)}`;
}

function upsertTicketsSql(statement: Statement, hall: string, rows: readonly TicketRow[]): string {
  return `INSERT INTO hall_tickets (${TICKET_COLUMNS}) ${ticketRowsSql(statement, hall, rows)}
     ON CONFLICT (hall_id, ticket_id) DO UPDATE SET status = excluded.status,
       queued_since = excluded.queued_since, queue_service_ids = excluded.queue_service_ids`;
}

const STEP_COLUMNS = `hall_id, seq, ticket_id, business_day, service_id, window_id, staff_code,
  queued_at, called_at, started_at, ended_at, outcome, requeued_at, rating_score`;

function stepRowsSql(statement: Statement, hall: string, rows: readonly StepRow[]): string {
  const values = rows.map((s) => [
    s.seq,
    s.ticket_id,
    s.business_day,
    s.service_id,
    s.window_id,
    s.staff_code,
    s.queued_at,
    s.called_at,
    s.started_at,
    s.ended_at,
    s.outcome,
    s.requeued_at,
    s.rating_score,
  ]);
  return `SELECT ${hall}, (r->>0)::bigint, r->>1, (r->>2)::date, r->>3, r->>4, r->>5,
            (r->>6)::bigint, (r->>7)::bigint, (r->>8)::bigint, (r->>9)::bigint, r->>10,
            (r->>11)::bigint, (r->>12)::integer
       FROM jsonb_array_elements(${statement.bind(JSON.stringify(values))}::jsonb) AS r`;
}

function insertStepsSql(statement: Statement, hall: string, rows: readonly StepRow[]): string {
  return `INSERT INTO hall_steps (${STEP_COLUMNS}) ${stepRowsSql(statement, hall, rows)}`;
}

function upsertStepsSql(statement: Statement, hall: string, rows: readonly StepRow[]): string {
  return `INSERT INTO hall_steps (${STEP_COLUMNS}) ${stepRowsSql(statement, hall, rows)}
     ON CONFLICT (hall_id, seq) DO UPDATE SET service_id = excluded.service_id,
       started_at = excluded.started_at, ended_at = excluded.ended_at,
       outcome = excluded.outcome, requeued_at = excluded.requeued_at,
       rating_score = excluded.rating_score`;
}

/**
 * Folds what the region already holds of every hall's current history, oldest event first, a
 * chunk at a time (migration 2, over events taken before the projections existed). An event
 * whose body the projections cannot read is left out of them (it stays in `events`).
 */
export async function projectStoredHistories(tx: Queryable): Promise<void> {
  const current = await tx.query<{ hall_id: string; history_id: string; head_config: unknown }>(
    'SELECT hall_id, history_id, head_config FROM hall_histories WHERE is_current ORDER BY hall_id',
  );
  for (const { hall_id: hallId, history_id: historyId, head_config: head } of current.rows) {
    if (head !== null) {
      const config = headConfigEvent(head, 0);
      if (config.ok) await projectEvents(tx, hallId, [config.event]);
    }
    for (let after = 0; ;) {
      const chunk = await tx.query<{ seq: number; at: number; type: string; body: unknown }>(
        `SELECT seq, (extract(epoch FROM at) * 1000)::bigint AS at, type, body FROM events
          WHERE hall_id = $1 AND history_id = $2 AND seq > $3 ORDER BY seq LIMIT 5000`,
        [hallId, historyId, after],
      );
      const last = chunk.rows.at(-1);
      if (last === undefined) break;
      const events = chunk.rows.flatMap((e) => {
        const one = foldedEvents([
          {
            seq: e.seq,
            at: e.at,
            type: e.type,
            businessDay: null,
            ticketId: null,
            windowId: null,
            body: isRecord(e.body) ? e.body : {},
          },
        ]);
        return one.ok ? one.events : [];
      });
      await projectEvents(tx, hallId, events);
      after = last.seq;
    }
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * 阳光运行 as the public page shows it (`hall_settings.sunshine`): the windows by number and the
 * names of the clerks, only for a hall whose configuration shows them in the open; else null.
 */
function sunshineOf(config: ConfigBody['config']): string | null {
  if (config.hall.sunshine !== true) return null;
  const windows = [...(config.windows ?? [])].sort((a, b) => a.number - b.number);
  const staff = Object.fromEntries((config.staff ?? []).map((s) => [s.code, s.name]));
  return JSON.stringify({ windows, staff });
}
