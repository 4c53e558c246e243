import type { Queryable, RegionDb } from '../db/types.js';

/** A satisfied rating: 4 or 5 (满意, 非常满意), as in the hall's report. */
export const SATISFIED_FROM = 4;
/** Hours of the day are summed in 15-minute buckets (every timezone offset is a multiple). */
export const BUCKET_MS = 15 * 60_000;
/** The key of what belongs to no service, window or clerk (the hall's `(none)` row). */
export const NONE = '(none)';
/** A hall that has sent no configuration yet is read in the hall's default timezone. */
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';
/** The waits of a month's rollup are also counted per bucket of this many seconds (`wait_m`). */
export const WAIT_BUCKET_S = 60;

/**
 * The hour `09` in the hall's timezone of a quarter-hour key `k` (SQL text, `(none)` kept), with
 * the hall's settings as `hs`: as the hall's report names the hour of a time.
 */
export const localHourSql = (k: string): string =>
  `CASE WHEN ${k} = '${NONE}' THEN '${NONE}'
        ELSE to_char(to_timestamp(${k}::bigint * ${BUCKET_MS / 1000})
                     AT TIME ZONE coalesce(hs.timezone, '${DEFAULT_TIMEZONE}'), 'HH24') END`;

/** What a day's figures are kept by: the hall as a whole, or one of its groupings. */
export type Dim = 'hall' | 'service' | 'window' | 'staff' | 'hour';
export const DIMS: readonly Dim[] = ['hall', 'service', 'window', 'staff', 'hour'];

/*
 * Fixed SQL per dimension, never made from input, with the hall report's own attribution
 * (packages/hub/src/reports/report.ts): a ticket's own figures (issued, cancelled, expired)
 * belong to its first service and the hour it was issued, never to a window or clerk; what
 * happens at a window belongs to that call: its window, clerk and service, and the hour the
 * visitor joined the queue it was called from; a poor rating's complaint to what was rated (the
 * hour of the rated call, or when it was opened); a complaint entered by hand to what it names.
 * `x` is the table read; `r` the rated call of a complaint.
 */
const TICKET_KEY: Record<Dim, string> = {
  hall: `'*'`,
  service: 'x.service_id',
  window: 'NULL',
  staff: 'NULL',
  hour: `(x.issued_at / ${BUCKET_MS})::text`,
};
const STEP_KEY: Record<Dim, string> = {
  hall: `'*'`,
  service: 'x.service_id',
  window: 'x.window_id',
  staff: 'x.staff_code',
  hour: `(x.queued_at / ${BUCKET_MS})::text`,
};
const COMPLAINT_KEY: Record<Dim, string> = {
  hall: `'*'`,
  service: 'x.service_id',
  window: 'x.window_id',
  staff: 'x.staff_code',
  hour: `(coalesce(r.queued_at, x.opened_at) / ${BUCKET_MS})::text`,
};
const MANUAL_KEY: Record<Dim, string> = {
  ...COMPLAINT_KEY,
  hour: `(x.opened_at / ${BUCKET_MS})::text`,
};

const key = (sql: string): string => `coalesce(${sql}, '${NONE}')`;

/** The rollups' columns that add up across days, halls and months (the figures' sums). */
export const SUMMED_COLUMNS = [
  'issued',
  'cancelled',
  'expired',
  'served',
  'no_show',
  'wait_sum',
  'wait_n',
  'service_sum',
  'service_n',
  'rated',
  'score_sum',
  'satisfied',
  'transfers',
  'complaints',
] as const;

/** The columns of a group's figures, in `day_rollups`' order. */
export const FIGURE_COLUMNS = `${SUMMED_COLUMNS.join(', ')}, wait_s, wait_c`;

/**
 * The figures of the days in `scope` (a condition on `x.hall_id` and `x.business_day`),
 * per hall, day and key of `dim`, read from the projections: rows shaped like `day_rollups`'.
 * Complaints entered by hand are not among them (the report reads them live, as the hall does).
 */
export function groupSql(dim: Dim, scope: string): string {
  const s = key(STEP_KEY[dim]);
  return `
    WITH tk AS (
      SELECT x.hall_id, x.business_day, ${key(TICKET_KEY[dim])} AS key, count(*) AS issued,
             count(*) FILTER (WHERE x.status = 'cancelled') AS cancelled,
             count(*) FILTER (WHERE x.status = 'expired') AS expired
        FROM hall_tickets x WHERE ${scope} GROUP BY 1, 2, 3),
    st AS (
      SELECT x.hall_id, x.business_day, ${s} AS key,
             count(*) FILTER (WHERE x.outcome = 'done') AS served,
             count(*) FILTER (WHERE x.outcome = 'no_show') AS no_show,
             sum(x.called_at - x.queued_at) AS wait_sum, count(*) AS wait_n,
             sum(x.ended_at - x.started_at) FILTER (WHERE x.outcome = 'done') AS service_sum,
             count(x.ended_at - x.started_at) FILTER (WHERE x.outcome = 'done') AS service_n,
             count(x.rating_score) AS rated, sum(x.rating_score) AS score_sum,
             count(*) FILTER (WHERE x.rating_score >= ${SATISFIED_FROM}) AS satisfied,
             count(*) FILTER (WHERE x.outcome = 'transferred') AS transfers
        FROM hall_steps x WHERE ${scope} GROUP BY 1, 2, 3),
    wt AS (
      SELECT hall_id, business_day, key, array_agg(ws ORDER BY ws) AS wait_s,
             array_agg(wc ORDER BY ws) AS wait_c
        FROM (SELECT x.hall_id, x.business_day, ${s} AS key,
                     ((x.called_at - x.queued_at) / 1000)::integer AS ws, count(*)::integer AS wc
                FROM hall_steps x WHERE ${scope} GROUP BY 1, 2, 3, 4) q
       GROUP BY 1, 2, 3),
    cp AS (
      SELECT x.hall_id, x.business_day, ${key(COMPLAINT_KEY[dim])} AS key, count(*) AS complaints
        FROM hall_complaints x
        JOIN hall_tickets t ON t.hall_id = x.hall_id AND t.ticket_id = x.ticket_id
                           AND t.business_day = x.business_day
        LEFT JOIN hall_steps r ON r.hall_id = x.hall_id AND r.ticket_id = x.ticket_id
                              AND r.rating_score IS NOT NULL
       WHERE x.kind = 'rating' AND ${scope} GROUP BY 1, 2, 3)
    SELECT hall_id, business_day, key,
           coalesce(issued, 0)::integer AS issued, coalesce(cancelled, 0)::integer AS cancelled,
           coalesce(expired, 0)::integer AS expired, coalesce(served, 0)::integer AS served,
           coalesce(no_show, 0)::integer AS no_show, coalesce(wait_sum, 0)::bigint AS wait_sum,
           coalesce(wait_n, 0)::integer AS wait_n, coalesce(service_sum, 0)::bigint AS service_sum,
           coalesce(service_n, 0)::integer AS service_n, coalesce(rated, 0)::integer AS rated,
           coalesce(score_sum, 0)::integer AS score_sum,
           coalesce(satisfied, 0)::integer AS satisfied,
           coalesce(transfers, 0)::integer AS transfers,
           coalesce(complaints, 0)::integer AS complaints,
           coalesce(wait_s, '{}') AS wait_s, coalesce(wait_c, '{}') AS wait_c
      FROM tk FULL JOIN st USING (hall_id, business_day, key)
              FULL JOIN wt USING (hall_id, business_day, key)
              FULL JOIN cp USING (hall_id, business_day, key)`;
}

/** Complaints entered by hand on the days in `scope`, per hall, day and key of `dim`. */
export function manualSql(dim: Dim, scope: string): string {
  return `SELECT x.hall_id, x.business_day, ${key(MANUAL_KEY[dim])} AS key,
                 count(*)::integer AS complaints
            FROM hall_complaints x WHERE x.kind = 'manual' AND ${scope} GROUP BY 1, 2, 3`;
}

/** Makes a closed day's rollups again from the projections (in the ingest's transaction). */
export async function recomputeRollups(tx: Queryable, hallId: string, day: string): Promise<void> {
  await tx.query('DELETE FROM day_rollups WHERE hall_id = $1 AND business_day = $2', [hallId, day]);
  for (const dim of DIMS) {
    await tx.query(
      `INSERT INTO day_rollups (dim, hall_id, business_day, key, ${FIGURE_COLUMNS})
       SELECT '${dim}', hall_id, business_day, key, ${FIGURE_COLUMNS}
         FROM (${groupSql(dim, 'x.hall_id = $1 AND x.business_day = $2::date')}) g`,
      [hallId, day],
    );
  }
  await refreshMonthRollups(tx, hallId, day);
}

/** The columns of `month_rollups`, in order. */
const MONTH_COLUMNS = `dim, hall_id, month, key, ${SUMMED_COLUMNS.join(', ')},
  wait_s, wait_c, wait_m, wait_mc`;

/**
 * The month rollups of the closed days' rollups in `scope` (a condition on `x`, a row of
 * `day_rollups`): per hall, month and key of each dimension, their figures summed and their
 * waits merged per second (`wait_s` ascending, `wait_c`) and per minute (`wait_m` ascending,
 * `wait_mc`). An `hour` row is keyed by the hour `09` in the hall's timezone (its quarter-hours
 * merged), a `(none)` row by `(none)`. Rows in `MONTH_COLUMNS`' order.
 */
function monthRollupsSql(scope: string): string {
  return `
    WITH r AS (
      SELECT x.dim COLLATE "C" AS dim, x.hall_id COLLATE "C" AS hall_id,
             date_trunc('month', x.business_day)::date AS month,
             (CASE WHEN x.dim = 'hour' THEN ${localHourSql('x.key')} ELSE x.key END) COLLATE "C"
               AS key,
             ${SUMMED_COLUMNS.map((c) => `x.${c}`).join(', ')}, x.wait_s, x.wait_c
        FROM day_rollups x LEFT JOIN hall_settings hs ON hs.hall_id = x.hall_id
       WHERE ${scope}),
    sm AS (
      SELECT dim, hall_id, month, key,
             ${SUMMED_COLUMNS.map((c) => `sum(${c})::bigint AS ${c}`).join(', ')}
        FROM r GROUP BY 1, 2, 3, 4),
    ws AS (
      SELECT dim, hall_id, month, key, array_agg(s ORDER BY s) AS wait_s,
             array_agg(c ORDER BY s) AS wait_c
        FROM (SELECT r.dim, r.hall_id, r.month, r.key, u.s, sum(u.c)::integer AS c
                FROM r, unnest(r.wait_s, r.wait_c) AS u(s, c) GROUP BY 1, 2, 3, 4, 5) w
       GROUP BY 1, 2, 3, 4)
    SELECT sm.dim, sm.hall_id, sm.month, sm.key, ${SUMMED_COLUMNS.map((c) => `sm.${c}`).join(', ')},
           coalesce(ws.wait_s, '{}'), coalesce(ws.wait_c, '{}'),
           coalesce(m.wait_m, '{}'), coalesce(m.wait_mc, '{}')
      FROM sm LEFT JOIN ws USING (dim, hall_id, month, key)
      LEFT JOIN LATERAL (
        SELECT array_agg(b ORDER BY b) AS wait_m, array_agg(c ORDER BY b) AS wait_mc
          FROM (SELECT u.s / ${WAIT_BUCKET_S} AS b, sum(u.c)::integer AS c
                  FROM unnest(ws.wait_s, ws.wait_c) AS u(s, c) GROUP BY 1) b) m ON true`;
}

/**
 * Whether `month_rollups` exists: not yet while migration 4 folds the stored events with this
 * projector (migration 10 makes the table, and its rows from the day rollups, later).
 */
export async function hasMonthRollups(tx: Queryable): Promise<boolean> {
  const r = await tx.query<{ present: boolean }>(
    `SELECT to_regclass('month_rollups') IS NOT NULL AS present`,
  );
  return r.rows[0]?.present === true;
}

/** Removes the hall's month rollups (with its projections, before a new history is folded). */
export async function clearMonthRollups(tx: Queryable, hallId: string): Promise<void> {
  if (await hasMonthRollups(tx)) {
    await tx.query('DELETE FROM month_rollups WHERE hall_id = $1', [hallId]);
  }
}

/**
 * Makes the month rollups of the hall's month holding `day` again from its closed days'
 * rollups: when a day of it closes (after `recomputeRollups`) or opens again.
 */
export async function refreshMonthRollups(
  tx: Queryable,
  hallId: string,
  day: string,
): Promise<void> {
  if (!(await hasMonthRollups(tx))) return;
  const month = `date_trunc('month', $2::date)::date`;
  await tx.query(`DELETE FROM month_rollups WHERE hall_id = $1 AND month = ${month}`, [
    hallId,
    day,
  ]);
  await tx.query(
    `INSERT INTO month_rollups (${MONTH_COLUMNS})
     ${monthRollupsSql(`x.hall_id = $1 AND x.business_day >= ${month}
                        AND x.business_day < (${month} + interval '1 month')::date`)}`,
    [hallId, day],
  );
}

/** Makes the hall's `hour` month rollups again: when its timezone changed. */
export async function refreshHourRollups(tx: Queryable, hallId: string): Promise<void> {
  if (!(await hasMonthRollups(tx))) return;
  await tx.query(`DELETE FROM month_rollups WHERE hall_id = $1 AND dim = 'hour'`, [hallId]);
  await tx.query(
    `INSERT INTO month_rollups (${MONTH_COLUMNS})
     ${monthRollupsSql(`x.hall_id = $1 AND x.dim = 'hour'`)}`,
    [hallId],
  );
}

/**
 * Makes every month rollup again from the day rollups (for rollups written other than by
 * `recomputeRollups`: the bench's synthetic ones, tests').
 */
export async function rebuildMonthRollups(db: RegionDb): Promise<void> {
  await db.transaction(async (tx) => {
    // A hall at a time: a year of a hundred halls at once spilled gigabytes to disk. Its
    // (key, second) pairs grouped by sorting, which the arrays' order needs anyway: a fifth less
    // CPU than hashing them first.
    await tx.query(`SET LOCAL work_mem = '64MB'`);
    await tx.query('SET LOCAL enable_hashagg = off');
    await tx.query('DELETE FROM month_rollups');
    const halls = await tx.query<{ id: string }>('SELECT id FROM halls ORDER BY id');
    for (const { id } of halls.rows) {
      await tx.query(
        `INSERT INTO month_rollups (${MONTH_COLUMNS}) ${monthRollupsSql('x.hall_id = $1')}`,
        [id],
      );
    }
  });
}
