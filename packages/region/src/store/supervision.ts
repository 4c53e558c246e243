import type { ReportRow } from '@onestop/shared';
import { z } from 'zod';
import type { Queryable } from '../db/types.js';
import { HallIdsSchema, reportAcross } from './figures.js';

/** One hall now, from its projections: what the regional console shows per hall. */
export interface HallNow {
  hallId: string;
  name: string;
  /** The hall's current history and the last sequence the region holds of it. */
  historyId: string | null;
  ackedSeq: number | null;
  /** When the hall's link last delivered a batch (epoch ms), or null. */
  lastSeenAt: number | null;
  /** The latest business day the hall opened, and whether it is still open. */
  businessDay: string | null;
  dayOpen: boolean;
  /** Tickets of that day waiting in a queue now, and parked. */
  waiting: number;
  parked: number;
  /** How long the longest-waiting ticket has waited (since it joined its queue), ms; null: none. */
  longestWaitMs: number | null;
  windowsOpen: number;
  windowsPaused: number;
  /** That day's figures so far, with the hall report's definitions. */
  today: ReportRow | null;
  complaintsOpen: number;
  complaintsOverdue: number;
}

/** Null when there is no such hall. */
export async function hallNow(db: Queryable, hallId: string, now: number): Promise<HallNow | null> {
  const hall = await db.query<{
    name: string;
    history_id: string | null;
    acked_seq: number | null;
    last_seen: number | null;
  }>(
    `SELECT h.name, s.history_id, s.acked_seq,
            (extract(epoch FROM h.last_seen_at) * 1000)::bigint AS last_seen
       FROM halls h LEFT JOIN hall_histories s ON s.hall_id = h.id AND s.is_current
      WHERE h.id = $1`,
    [hallId],
  );
  const h = hall.rows[0];
  if (h === undefined) return null;
  const day = await db.query<{ day: string; open: boolean }>(
    `SELECT to_char(business_day, 'YYYY-MM-DD') AS day, status = 'open' AS open FROM hall_days
      WHERE hall_id = $1 ORDER BY business_day DESC LIMIT 1`,
    [hallId],
  );
  const d = day.rows[0] ?? null;
  const queue = await db.query<{ waiting: number; parked: number; since: number | null }>(
    `SELECT count(*) FILTER (WHERE status = 'waiting') AS waiting,
            count(*) FILTER (WHERE status = 'parked') AS parked,
            min(queued_since) FILTER (WHERE status = 'waiting') AS since
       FROM hall_tickets WHERE hall_id = $1 AND business_day = $2::date`,
    [hallId, d?.day ?? '1970-01-01'],
  );
  const windows = await db.query<{ open: number; paused: number }>(
    `SELECT count(*) FILTER (WHERE status = 'open') AS open,
            count(*) FILTER (WHERE status = 'paused') AS paused
       FROM hall_windows WHERE hall_id = $1`,
    [hallId],
  );
  const complaints = await db.query<{ open: number; overdue: number }>(
    `SELECT count(*) AS open, count(*) FILTER (WHERE deadline_at < $2) AS overdue
       FROM hall_complaints WHERE hall_id = $1 AND status = 'open'`,
    [hallId, now],
  );
  const q = queue.rows[0];
  const since = q?.since ?? null;
  const today =
    d === null
      ? null
      : (await reportAcross(db, { from: d.day, to: d.day, groupBy: 'hall', halls: [hallId] }))
          .total;
  return {
    hallId,
    name: h.name,
    historyId: h.history_id,
    ackedSeq: h.acked_seq,
    lastSeenAt: h.last_seen,
    businessDay: d?.day ?? null,
    dayOpen: d?.open ?? false,
    waiting: q?.waiting ?? 0,
    parked: q?.parked ?? 0,
    longestWaitMs: since === null || d?.open !== true ? null : Math.max(0, now - since),
    windowsOpen: windows.rows[0]?.open ?? 0,
    windowsPaused: windows.rows[0]?.paused ?? 0,
    today,
    complaintsOpen: complaints.rows[0]?.open ?? 0,
    complaintsOverdue: complaints.rows[0]?.overdue ?? 0,
  };
}

export type ComplaintView = 'open' | 'overdue' | 'due_soon' | 'all';
export const COMPLAINT_VIEWS = [
  'open',
  'overdue',
  'due_soon',
  'all',
] as const satisfies readonly ComplaintView[];

export const ComplaintQuerySchema = z.strictObject({
  view: z.enum(COMPLAINT_VIEWS),
  halls: HallIdsSchema.optional(),
  /** `due_soon`: open and due within this many ms from now (default 2 days). */
  withinMs: z
    .int()
    .min(0)
    .max(90 * 86_400_000)
    .optional(),
  limit: z.int().min(1).max(1000).optional(),
});
export type ComplaintQuery = z.infer<typeof ComplaintQuerySchema>;

/** A complaint as supervision sees it (no visitor's contact or words: the region has none). */
export interface SupervisedComplaint {
  hallId: string;
  complaintId: string;
  /** Opened by a poor rating, or entered by hand at the hall. */
  kind: 'rating' | 'manual';
  businessDay: string;
  ticketId: string | null;
  serviceId: string | null;
  windowId: string | null;
  staffCode: string | null;
  score: number | null;
  openedAt: number;
  /** Rectification due; null for one entered by hand (its deadline stays in the hall). */
  deadlineAt: number | null;
  status: 'open' | 'closed';
  /** The last follow-up action the hall recorded (`assign`, `callback`, ...), or null. */
  lastAction: string | null;
  overdue: boolean;
}

const DUE_SOON_MS = 2 * 86_400_000;

/** The complaints of the halls by view, soonest deadline first (open ones). */
export async function complaintsAcross(
  db: Queryable,
  query: ComplaintQuery,
  now: number,
): Promise<SupervisedComplaint[]> {
  const r = await db.query<Omit<SupervisedComplaint, 'overdue'>>(
    `SELECT hall_id AS "hallId", complaint_id AS "complaintId", kind,
            to_char(business_day, 'YYYY-MM-DD') AS "businessDay", ticket_id AS "ticketId",
            service_id AS "serviceId", window_id AS "windowId", staff_code AS "staffCode", score,
            opened_at AS "openedAt", deadline_at AS "deadlineAt", status,
            last_action AS "lastAction"
       FROM hall_complaints
      WHERE ($1::text[] IS NULL OR hall_id = ANY($1::text[]))
        AND CASE $5::text
              WHEN 'all' THEN true
              WHEN 'open' THEN status = 'open'
              WHEN 'overdue' THEN status = 'open' AND deadline_at < $2::bigint
              ELSE status = 'open' AND deadline_at >= $2::bigint
                   AND deadline_at < $2::bigint + $3::bigint
            END
      ORDER BY deadline_at NULLS LAST, opened_at, hall_id, complaint_id
      LIMIT $4`,
    [query.halls ?? null, now, query.withinMs ?? DUE_SOON_MS, query.limit ?? 200, query.view],
  );
  return r.rows.map((c) => ({
    ...c,
    overdue: c.status === 'open' && c.deadlineAt !== null && c.deadlineAt < now,
  }));
}
