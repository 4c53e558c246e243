import type { Queryable } from '../../db/types.js';
import { statements, type Migration } from './types.js';

const SUMMED = [
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
];

/**
 * `month_rollups`: the closed days' rollups summed per hall, month and key of each dimension, so
 * that a report over whole months reads a row per month rather than one per day (a year's report
 * by window, clerk or hour over a hundred halls read hundreds of thousands of day rows and merged
 * millions of waits). The waits are merged per second (`wait_s` ascending, `wait_c`) and also
 * counted per minute (`wait_m` ascending, `wait_mc`), the first pass of the 90th percentile. The
 * `hour` rows are keyed by the hour `09` in the hall's timezone, their quarter-hours merged (made
 * again when the hall's timezone changes). store/rollups.ts keeps them with the day rollups; this
 * step makes them from the day rollups an upgraded region holds (its own copy of the statement,
 * as it was at this version).
 */
const table = statements(10, 'month rollups', [
  `CREATE TABLE month_rollups (
     dim          text    NOT NULL CHECK (dim IN ('hall', 'service', 'window', 'staff', 'hour')),
     month        date    NOT NULL CHECK (extract(day FROM month) = 1),
     hall_id      text    NOT NULL REFERENCES halls (id),
     key          text    NOT NULL,
     ${SUMMED.map((c) => `${c} bigint NOT NULL`).join(',\n     ')},
     wait_s       integer[] NOT NULL,
     wait_c       integer[] NOT NULL,
     wait_m       integer[] NOT NULL,
     wait_mc      integer[] NOT NULL,
     PRIMARY KEY (dim, month, hall_id, key)
   )`,
  `CREATE INDEX month_rollups_hall ON month_rollups (hall_id, month)`,
]);

/** A hall's month rollups from its day rollups ($1: the hall). */
const FILL = `INSERT INTO month_rollups (dim, hall_id, month, key, ${SUMMED.join(', ')},
                             wait_s, wait_c, wait_m, wait_mc)
   WITH r AS (
     SELECT x.dim COLLATE "C" AS dim, x.hall_id COLLATE "C" AS hall_id,
            date_trunc('month', x.business_day)::date AS month,
            (CASE WHEN x.dim <> 'hour' OR x.key = '(none)' THEN x.key
                  ELSE to_char(to_timestamp(x.key::bigint * 900)
                               AT TIME ZONE coalesce(hs.timezone, 'Asia/Shanghai'), 'HH24') END)
              COLLATE "C" AS key,
            ${SUMMED.map((c) => `x.${c}`).join(', ')}, x.wait_s, x.wait_c
       FROM day_rollups x LEFT JOIN hall_settings hs ON hs.hall_id = x.hall_id
      WHERE x.hall_id = $1),
   sm AS (
     SELECT dim, hall_id, month, key, ${SUMMED.map((c) => `sum(${c})::bigint AS ${c}`).join(', ')}
       FROM r GROUP BY 1, 2, 3, 4),
   ws AS (
     SELECT dim, hall_id, month, key, array_agg(s ORDER BY s) AS wait_s,
            array_agg(c ORDER BY s) AS wait_c
       FROM (SELECT r.dim, r.hall_id, r.month, r.key, u.s, sum(u.c)::integer AS c
               FROM r, unnest(r.wait_s, r.wait_c) AS u(s, c) GROUP BY 1, 2, 3, 4, 5) w
      GROUP BY 1, 2, 3, 4)
   SELECT sm.dim, sm.hall_id, sm.month, sm.key, ${SUMMED.map((c) => `sm.${c}`).join(', ')},
          coalesce(ws.wait_s, '{}'), coalesce(ws.wait_c, '{}'),
          coalesce(m.wait_m, '{}'), coalesce(m.wait_mc, '{}')
     FROM sm LEFT JOIN ws USING (dim, hall_id, month, key)
     LEFT JOIN LATERAL (
       SELECT array_agg(b ORDER BY b) AS wait_m, array_agg(c ORDER BY b) AS wait_mc
         FROM (SELECT u.s / 60 AS b, sum(u.c)::integer AS c
                 FROM unnest(ws.wait_s, ws.wait_c) AS u(s, c) GROUP BY 1) b) m ON true`;

export const migration: Migration = {
  version: 10,
  name: 'month rollups',
  async up(tx: Queryable) {
    await table.up(tx);
    // A hall at a time, in memory: years of a hundred halls at once spill gigabytes to disk.
    // The (key, second) pairs grouped by sorting, which the arrays' order needs anyway.
    await tx.query(`SET LOCAL work_mem = '64MB'`);
    await tx.query('SET LOCAL enable_hashagg = off');
    const halls = await tx.query<{ id: string }>('SELECT id FROM halls ORDER BY id');
    for (const { id } of halls.rows) await tx.query(FILL, [id]);
    // The steps after this one in the same transaction plan as usual.
    await tx.query('RESET work_mem');
    await tx.query('RESET enable_hashagg');
  },
};
