import type { ConsoleAccount } from './accounts.js';
import type { Queryable } from './db/types.js';

/*
 * The regional console's live board: every hall the account sees, now. Read from what the region
 * holds of each hall (its link position, what its hub last said of itself, the events of its
 * latest business day, the instructions), folded here: waiting tickets, open windows, the longest
 * wait, alerts.
 */

/** The link as the region sees it. */
export type BoardLink =
  | { state: 'never' }
  | { state: 'caught_up'; lastContact: number }
  | { state: 'behind'; behind: number; lastContact: number }
  | { state: 'offline'; since: number };

export type BoardAlert =
  /** A ticket has waited longer than `LONG_WAIT_MS`. */
  | 'long_wait'
  /** A complaint was opened or entered today. */
  | 'complaint'
  /** An instruction passed its deadline without an answer. */
  | 'instruction_overdue'
  | 'offline';

export interface BoardHall {
  hallId: string;
  name: string;
  link: BoardLink;
  /** The hall's latest business day the region holds events of, or null. */
  businessDay: string | null;
  waiting: number;
  openWindows: number;
  /** Since when the longest-waiting ticket waits (ms), or null when no one waits. */
  longestWaitSince: number | null;
  complaintsToday: number;
  /** Unanswered instructions, and of them those past their deadline. */
  openInstructions: number;
  overdueInstructions: number;
  alerts: BoardAlert[];
  /** The newest event's time the region holds of the hall. */
  lastEventAt: number | null;
}

export interface BoardOptions {
  /** No word from the hall's hub for this long: offline (default 30 s; a hub asks every 5 s). */
  offlineAfterMs?: number;
  /** A wait longer than this is an alert (default 30 minutes). */
  longWaitMs?: number;
}

const OFFLINE_AFTER_MS = 30_000;
const LONG_WAIT_MS = 30 * 60_000;

interface HallRow {
  id: string;
  name: string;
  last_seen_at: Date | null;
  history_id: string | null;
  acked_seq: number | null;
  reported_history: string | null;
  reported_seq: number | null;
  reported_at: Date | null;
  open_instructions: number;
  overdue_instructions: number;
}

interface DayEventRow {
  type: string;
  ticket_id: string | null;
  window_id: string | null;
  /** Epoch ms, made in the server: a day's thousands of rows need no date parsing here. */
  at: number;
}

/** The halls the account sees (or only `hallId`), by name. */
export async function board(
  db: Queryable,
  account: ConsoleAccount,
  now: number,
  options: BoardOptions & { hallId?: string } = {},
): Promise<BoardHall[]> {
  const halls = await db.query<HallRow>(
    `SELECT h.id, h.name, h.last_seen_at, s.history_id, s.acked_seq,
            r.history_id AS reported_history, r.last_seq AS reported_seq, r.reported_at,
            (SELECT count(*)::int FROM instructions i
              WHERE i.hall_id = h.id AND NOT EXISTS (
                SELECT 1 FROM events e WHERE e.type = 'instruction_answered'
                   AND e.body ->> 'instructionId' = i.id AND e.hall_id = h.id)) AS open_instructions,
            (SELECT count(*)::int FROM instructions i
              WHERE i.hall_id = h.id AND i.deadline < $3 AND NOT EXISTS (
                SELECT 1 FROM events e WHERE e.type = 'instruction_answered'
                   AND e.body ->> 'instructionId' = i.id AND e.hall_id = h.id))
              AS overdue_instructions
       FROM halls h
       LEFT JOIN hall_histories s ON s.hall_id = h.id AND s.is_current
       LEFT JOIN hall_reports r ON r.hall_id = h.id
      WHERE h.revoked_at IS NULL AND ($1::text[] IS NULL OR h.id = ANY($1::text[]))
        AND ($2::text IS NULL OR h.id = $2)
      ORDER BY h.name, h.id`,
    [
      account.halls === 'all' ? null : account.halls,
      options.hallId ?? null,
      new Date(now).toISOString(),
    ],
  );
  const out: BoardHall[] = [];
  for (const row of halls.rows) out.push(await hallOf(db, row, now, options));
  return out;
}

async function hallOf(
  db: Queryable,
  row: HallRow,
  now: number,
  options: BoardOptions,
): Promise<BoardHall> {
  const link = linkOf(row, now, options.offlineAfterMs ?? OFFLINE_AFTER_MS);
  const day = row.history_id === null ? null : await latestDay(db, row.id, row.history_id);
  const figures =
    day === null || row.history_id === null
      ? { waiting: 0, openWindows: 0, longestWaitSince: null, complaints: 0, lastEventAt: null }
      : fold(
          (
            await db.query<DayEventRow>(
              `SELECT type, ticket_id, window_id,
                      (extract(epoch FROM at) * 1000)::bigint AS at FROM events
                WHERE hall_id = $1 AND history_id = $2 AND business_day = $3
                ORDER BY seq`,
              [row.id, row.history_id, day],
            )
          ).rows,
        );
  const alerts: BoardAlert[] = [];
  if (link.state === 'offline') alerts.push('offline');
  if (
    figures.longestWaitSince !== null &&
    now - figures.longestWaitSince > (options.longWaitMs ?? LONG_WAIT_MS)
  ) {
    alerts.push('long_wait');
  }
  if (figures.complaints > 0) alerts.push('complaint');
  if (row.overdue_instructions > 0) alerts.push('instruction_overdue');
  return {
    hallId: row.id,
    name: row.name,
    link,
    businessDay: day,
    waiting: figures.waiting,
    openWindows: figures.openWindows,
    longestWaitSince: figures.longestWaitSince,
    complaintsToday: figures.complaints,
    openInstructions: row.open_instructions,
    overdueInstructions: row.overdue_instructions,
    alerts,
    lastEventAt: figures.lastEventAt,
  };
}

function linkOf(row: HallRow, now: number, offlineAfterMs: number): BoardLink {
  const contacts = [row.last_seen_at, row.reported_at]
    .filter((d): d is Date => d !== null)
    .map((d) => d.getTime());
  if (contacts.length === 0) return { state: 'never' };
  const lastContact = Math.max(...contacts);
  if (now - lastContact > offlineAfterMs) return { state: 'offline', since: lastContact };
  const behind =
    row.reported_history !== null && row.reported_history === row.history_id
      ? Math.max(0, (row.reported_seq ?? 0) - (row.acked_seq ?? 0))
      : 0;
  return behind > 0
    ? { state: 'behind', behind, lastContact }
    : { state: 'caught_up', lastContact };
}

async function latestDay(db: Queryable, hallId: string, historyId: string): Promise<string | null> {
  const r = await db.query<{ day: string | null }>(
    `SELECT to_char(max(business_day), 'YYYY-MM-DD') AS day FROM events
      WHERE hall_id = $1 AND history_id = $2`,
    [hallId, historyId],
  );
  return r.rows[0]?.day ?? null;
}

type TicketState = 'waiting' | 'away';

/** A day's events folded: who waits (since when), which windows are open, complaints. */
function fold(events: readonly DayEventRow[]): {
  waiting: number;
  openWindows: number;
  longestWaitSince: number | null;
  complaints: number;
  lastEventAt: number | null;
} {
  const tickets = new Map<string, { state: TicketState; since: number }>();
  const windows = new Map<string, boolean>();
  let complaints = 0;
  let closed = false;
  const set = (id: string | null, state: TicketState, at: number): void => {
    if (id !== null) tickets.set(id, { state, since: at });
  };
  for (const e of events) {
    const at = e.at;
    switch (e.type) {
      // Back in a queue: waiting again from now.
      case 'ticket_issued':
      case 'ticket_requeued':
      case 'ticket_unparked':
      case 'ticket_transferred':
        set(e.ticket_id, 'waiting', at);
        break;
      case 'ticket_called':
      case 'ticket_recalled':
      case 'service_started':
      case 'service_finished':
      case 'ticket_no_show':
      case 'ticket_cancelled':
      case 'ticket_parked':
      case 'ticket_expired':
        set(e.ticket_id, 'away', at);
        break;
      case 'window_opened':
      case 'window_resumed':
        if (e.window_id !== null) windows.set(e.window_id, true);
        break;
      case 'window_paused':
      case 'window_closed':
        if (e.window_id !== null) windows.set(e.window_id, false);
        break;
      case 'complaint_opened':
      case 'complaint_entered':
        complaints += 1;
        break;
      case 'day_closed':
        closed = true;
        break;
      default:
        break;
    }
  }
  const waitingSince = closed
    ? []
    : [...tickets.values()].filter((t) => t.state === 'waiting').map((t) => t.since);
  return {
    waiting: waitingSince.length,
    openWindows: closed ? 0 : [...windows.values()].filter(Boolean).length,
    longestWaitSince: waitingSince.length === 0 ? null : Math.min(...waitingSince),
    complaints,
    lastEventAt: events.at(-1)?.at ?? null,
  };
}
