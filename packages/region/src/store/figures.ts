import { REPORT_MAX_DAYS, type ReportRow } from '@onestop/shared';
import { z } from 'zod';
import type { Queryable, RegionDb } from '../db/types.js';
import {
  FIGURE_COLUMNS,
  NONE,
  SUMMED_COLUMNS,
  WAIT_BUCKET_S,
  groupSql,
  localHourSql,
  manualSql,
  type Dim,
} from './rollups.js';

/** How a regional report groups: across halls, or within them. */
export type RegionGrouping =
  'hall' | 'day' | 'department' | 'service' | 'window' | 'clerk' | 'hour';
export const REGION_GROUPINGS = [
  'hall',
  'day',
  'department',
  'service',
  'window',
  'clerk',
  'hour',
] as const satisfies readonly RegionGrouping[];

const dayString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a date');

/** Some halls by id (a supervisor's): at most 1,000. */
export const HallIdsSchema = z
  .array(
    z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_-]+$/),
  )
  .max(1000);

export const RegionReportQuerySchema = z
  .strictObject({
    from: dayString,
    to: dayString,
    groupBy: z.enum(REGION_GROUPINGS),
    /** Only these halls (a supervisor's); all halls when absent. */
    halls: HallIdsSchema.optional(),
  })
  .refine((q) => q.from <= q.to, { message: 'from is after to', path: ['to'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < REPORT_MAX_DAYS, {
    message: `at most ${REPORT_MAX_DAYS} days`,
    path: ['to'],
  });
export type RegionReportQuery = z.infer<typeof RegionReportQuerySchema>;

/**
 * A regional report: one row per group, each with the hall report's figures (`ReportRow`).
 * Keys: a hall id (`hall`), a day `2026-03-02` (`day`), a service or department id as the halls'
 * configurations name it (`service`, `department`: halls sharing ids share rows), a window or a
 * clerk of one hall (`H-…/w10`, `H-…/C10`), an hour `09` in each hall's own timezone (`hour`);
 * `(none)` where the hall's report has it.
 */
export interface RegionReport {
  from: string;
  to: string;
  groupBy: RegionGrouping;
  halls: string[];
  rows: ReportRow[];
  total: ReportRow;
}

const DIM_OF: Record<RegionGrouping, Dim> = {
  hall: 'hall',
  day: 'hall',
  department: 'service',
  service: 'service',
  window: 'window',
  clerk: 'staff',
  hour: 'hour',
};

/** The slice of `col` (of a row of `q`) holding the waits of minute bucket `b`. */
const slice = (col: string, b: string): string =>
  `${col}[width_bucket(${b} * ${B} - 1, q.wait_s) + 1 : width_bucket(${b} * ${B} + ${B} - 1, q.wait_s)]`;
const B = WAIT_BUCKET_S;

/**
 * The 90th percentile (nearest rank) over `q` (part, wait_s, wait_c, wait_m, wait_mc), in two
 * passes so that nothing large is hashed or sorted: (1) the waits counted per minute per group
 * (a month's row has them counted so, `wait_m`; a day's are counted from its seconds) find the
 * minute holding the rank (and the rank within it); (2) only that minute's seconds are taken
 * from each row's `wait_s` (ascending, as the rollups make it: `width_bucket` finds the slice by
 * binary search) and counted. Ends in `p` (part, p90): each group's, and the total's with part
 * NULL.
 */
const P90_TWO_PASSES = `
     m AS (SELECT part, b, sum(c) AS c
             FROM (SELECT part, unnest(wait_m) AS b, unnest(wait_mc) AS c
                     FROM q WHERE wait_m IS NOT NULL
                   UNION ALL
                   SELECT part, unnest(wait_s) / ${B}, unnest(wait_c)
                     FROM q WHERE wait_m IS NULL) u
            GROUP BY 1, 2),
     ma AS (SELECT part, b, c FROM m UNION ALL SELECT NULL, b, sum(c) FROM m GROUP BY b),
     mr AS (SELECT part, b, c, sum(c) OVER (PARTITION BY part ORDER BY b) AS below,
                   greatest(1, ceil(0.9::float8 * (sum(c) OVER (PARTITION BY part))::float8))
                     AS rank
              FROM ma),
     t AS (SELECT DISTINCT ON (part) part, b, rank - (below - c) AS rank
             FROM mr WHERE below >= rank ORDER BY part, b),
     tt AS (SELECT b, rank FROM t WHERE part IS NULL),
     sl AS (SELECT q.part, t.b AS own_b, t.rank AS own_rank, tt.b AS all_b, tt.rank AS all_rank,
                   q.wait_s, q.wait_c
              FROM q JOIN t ON t.part = q.part CROSS JOIN tt),
     e AS (SELECT part, own_rank AS rank, unnest(${slice('q.wait_s', 'own_b')}) AS s,
                  unnest(${slice('q.wait_c', 'own_b')}) AS c FROM sl q),
     ea AS (SELECT all_rank AS rank, unnest(${slice('q.wait_s', 'all_b')}) AS s,
                   unnest(${slice('q.wait_c', 'all_b')}) AS c FROM sl q),
     es AS (SELECT part, s, sum(c) AS c, min(rank) AS rank FROM e GROUP BY 1, 2
            UNION ALL SELECT NULL, s, sum(c), min(rank) FROM ea GROUP BY 2),
     r AS (SELECT part, s, rank, sum(c) OVER (PARTITION BY part ORDER BY s) AS below FROM es),
     p AS (SELECT part, min(s) * 1000 AS p90 FROM r WHERE below >= rank GROUP BY part)`;

/**
 * The group's key in SQL, over a rollup-shaped row `g` and its hall's settings `hs`: a
 * department from the hall's own service-to-department map, an hour in the hall's timezone (a
 * month's row is keyed by it already: `g.monthly`).
 */
const PART_SQL: Record<RegionGrouping, string> = {
  hall: 'g.hall_id',
  day: `to_char(g.business_day, 'YYYY-MM-DD')`,
  service: 'g.key',
  department: `CASE WHEN g.key = '${NONE}' THEN '${NONE}'
                    ELSE coalesce(hs.departments ->> g.key, '${NONE}') END`,
  window: `g.hall_id || '/' || g.key`,
  clerk: `g.hall_id || '/' || g.key`,
  hour: `CASE WHEN g.monthly THEN g.key ELSE ${localHourSql('g.key')} END`,
};

interface Sums {
  part: string;
  issued: number;
  cancelled: number;
  expired: number;
  served: number;
  no_show: number;
  wait_sum: number;
  wait_n: number;
  service_sum: number;
  service_n: number;
  rated: number;
  score_sum: number;
  satisfied: number;
  transfers: number;
  complaints: number;
}

/** A row of the report's one statement: a group's sums (null for the total's) and p90. */
type FigureRow = { [K in keyof Omit<Sums, 'part'>]: Sums[K] | null } & {
  part: string | null;
  p90: number | null;
};

/** A row with its group's sums (every group's row; not the total's percentile). */
const isSums = (row: FigureRow): row is FigureRow & Sums =>
  row.part !== null && row.issued !== null;

const SUMMED = SUMMED_COLUMNS;

/**
 * The report over `halls` and the days `from`..`to`: closed days from their rollups (those of
 * the range's whole months from their months' rollups), the days still open from the
 * projections, complaints entered by hand always live: as the hall's own report reads its days. Groups are summed in PostgreSQL; waits merge per second, so the 90th
 * percentile is the hall's own definition over the whole group.
 */
export async function reportAcross(db: Queryable, query: RegionReportQuery): Promise<RegionReport> {
  const dim = DIM_OF[query.groupBy];
  const part = PART_SQL[query.groupBy];
  const halls =
    query.halls ??
    (await db.query<{ id: string }>('SELECT id FROM halls ORDER BY id')).rows.map((r) => r.id);
  const scope = `x.hall_id = ANY($1::text[]) AND x.business_day BETWEEN $2::date AND $3::date`;
  const live = `${scope} AND NOT EXISTS (SELECT 1 FROM hall_days d WHERE d.hall_id = x.hall_id
    AND d.business_day = x.business_day AND d.status = 'closed')`;
  // The whole months of the range ($4 up to $5) from their month rollups, its days before and
  // after them ($2 up to $4, $5 to $3) from their day rollups (a day's grouping: every day).
  const months = query.groupBy === 'day' ? null : wholeMonths(query.from, query.to);
  const after = nextDay(query.to);
  const days = `x.hall_id = ANY($1::text[])
    AND (x.business_day >= $2::date AND x.business_day < $4::date
         OR x.business_day >= $5::date AND x.business_day <= $3::date)`;
  const all = `
    WITH g AS (
      SELECT hall_id, business_day, key, false AS monthly, ${FIGURE_COLUMNS},
             NULL::integer[] AS wait_m, NULL::integer[] AS wait_mc
        FROM day_rollups x WHERE x.dim = '${dim}' AND ${days}
      UNION ALL
      SELECT hall_id, month, key, true, ${FIGURE_COLUMNS}, wait_m, wait_mc
        FROM month_rollups x
       WHERE x.dim = '${dim}' AND x.hall_id = ANY($1::text[])
         AND x.month >= $4::date AND x.month < $5::date
      UNION ALL
      SELECT hall_id, business_day, key, false, ${FIGURE_COLUMNS}, NULL, NULL
        FROM (${groupSql(dim, live)}) l)`;
  const params = [halls, query.from, query.to];
  const from = `FROM g LEFT JOIN hall_settings hs ON hs.hall_id = g.hall_id`;
  // One reading of the rows for the sums and the 90th percentile (nearest rank) of each group's
  // waits and of all of them (part NULL), merged in the server. `MATERIALIZED` keeps the group's
  // key (an hour: a timezone conversion) computed once per row, not once per minute of its waits.
  const figures = await db.query<FigureRow>(
    `${all},
     qa AS MATERIALIZED (SELECT ${part} AS part, ${SUMMED.map((c) => `g.${c}`).join(', ')},
                                g.wait_s, g.wait_c, g.wait_m, g.wait_mc ${from}),
     sm AS (SELECT part, ${SUMMED.map((c) => `sum(${c})::bigint AS ${c}`).join(', ')}
              FROM qa GROUP BY part),
     q AS (SELECT part, wait_s, wait_c, wait_m, wait_mc FROM qa WHERE cardinality(wait_s) > 0),
     ${P90_TWO_PASSES}
     SELECT coalesce(sm.part, p.part) AS part,
            ${SUMMED.map((c) => `sm.${c}`).join(', ')}, p.p90
       FROM sm FULL JOIN p ON p.part = sm.part`,
    [...params, months?.from ?? after, months?.until ?? after],
  );
  const manual = await db.query<{ part: string; complaints: number }>(
    `WITH g AS (SELECT *, false AS monthly FROM (${manualSql(dim, scope)}) m)
     SELECT ${part} AS part, sum(complaints)::bigint AS complaints ${from} GROUP BY 1`,
    params,
  );

  const groups = new Map<string, Group>();
  const total = new Group('total');
  const groupOf = (k: string): Group => {
    let g = groups.get(k);
    if (g === undefined) {
      g = new Group(k);
      groups.set(k, g);
    }
    return g;
  };
  for (const row of figures.rows) {
    if (row.part === null) {
      total.p90 = row.p90 === null ? null : Number(row.p90);
      continue;
    }
    const g = groupOf(row.part);
    if (row.p90 !== null) g.p90 = Number(row.p90);
    if (isSums(row)) {
      g.add(row);
      total.add(row);
    }
  }
  for (const m of manual.rows) {
    groupOf(m.part).complaints += Number(m.complaints);
    total.complaints += Number(m.complaints);
  }
  return {
    from: query.from,
    to: query.to,
    groupBy: query.groupBy,
    halls,
    rows: [...groups.values()].sort((a, b) => a.key.localeCompare(b.key)).map((g) => g.row()),
    total: total.row(),
  };
}

/** `2026-03-02` the day after `day` (`YYYY-MM-DD`). */
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * The whole months within `from`..`to`: from the first of the first (`from`) up to the first of
 * the month after the last (`until`); null when none.
 */
export function wholeMonths(from: string, to: string): { from: string; until: string } | null {
  const first = from.endsWith('-01') ? from : firstOfNextMonth(from);
  const until = nextDay(to).endsWith('-01') ? nextDay(to) : `${to.slice(0, 7)}-01`;
  return first < until ? { from: first, until } : null;
}

function firstOfNextMonth(day: string): string {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * `reportAcross` in one transaction (one snapshot for its statements), without JIT compilation
 * (a year's report is costed high enough to be compiled, which took longer than running it) and
 * with the room to hash a year's groups in memory rather than on disk.
 */
export function reportAcrossIn(db: RegionDb, query: RegionReportQuery): Promise<RegionReport> {
  return db.transaction(async (tx) => {
    await tx.query('SET LOCAL jit = off');
    await tx.query(`SET LOCAL work_mem = '${REPORT_WORK_MEM}'`);
    return reportAcross(tx, query);
  });
}

/** The memory a report's hashes and sorts may take (per operation, for its transaction). */
const REPORT_WORK_MEM = '64MB';

/** One group's figures being summed: the totals and the waits counted per second. */
class Group {
  private readonly s: Record<(typeof SUMMED)[number], number> = {
    issued: 0,
    cancelled: 0,
    expired: 0,
    served: 0,
    no_show: 0,
    wait_sum: 0,
    wait_n: 0,
    service_sum: 0,
    service_n: 0,
    rated: 0,
    score_sum: 0,
    satisfied: 0,
    transfers: 0,
    complaints: 0,
  };
  /** The 90th percentile of the group's waits (ms), as the server merged them. */
  p90: number | null = null;

  constructor(readonly key: string) {}

  get complaints(): number {
    return this.s.complaints;
  }

  set complaints(n: number) {
    this.s.complaints = n;
  }

  add(x: Sums): void {
    for (const c of SUMMED) this.s[c] += Number(x[c]);
  }

  row(): ReportRow {
    const s = this.s;
    const per = (sum: number, n: number): number | null => (n > 0 ? Math.round(sum / n) : null);
    return {
      key: this.key,
      issued: s.issued,
      served: s.served,
      noShow: s.no_show,
      cancelled: s.cancelled,
      expired: s.expired,
      avgWaitMs: per(s.wait_sum, s.wait_n),
      p90WaitMs: this.p90,
      avgServiceMs: per(s.service_sum, s.service_n),
      transfers: s.transfers,
      rated: s.rated,
      avgScore: s.rated > 0 ? Math.round((s.score_sum / s.rated) * 100) / 100 : null,
      satisfied: s.satisfied,
      satisfactionRate: s.rated > 0 ? s.satisfied / s.rated : null,
      complaints: s.complaints,
    };
  }
}

/**
 * The names of the windows and clerks of `halls` as each hall's configuration now gives them (its
 * current history's last `config_changed`, else the configuration its history began with): keyed
 * as the window and clerk groupings key their rows, `hallId/w10` and `hallId/C10`, in the hall's
 * words (a window's name in the language asked for, a clerk's name as the hall wrote it).
 */
export async function groupNames(
  db: Queryable,
  halls: readonly string[],
  groupBy: RegionGrouping,
  lang: 'zh' | 'en',
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (groupBy !== 'window' && groupBy !== 'clerk') return names;
  const configs = await db.query<{ hall_id: string; config: unknown }>(
    `SELECT h.hall_id, coalesce(c.body -> 'config', h.head_config) AS config
       FROM hall_histories h
       LEFT JOIN LATERAL (
         SELECT e.body FROM events e
          WHERE e.hall_id = h.hall_id AND e.history_id = h.history_id
            AND e.type = 'config_changed'
          ORDER BY e.seq DESC LIMIT 1) c ON true
      WHERE h.is_current AND h.hall_id = ANY($1::text[])`,
    [halls],
  );
  for (const { hall_id: hallId, config } of configs.rows) {
    const parsed = NamesSchema.safeParse(config);
    if (!parsed.success) continue;
    if (groupBy === 'window') {
      for (const w of parsed.data.windows) {
        const name = w.name?.[lang];
        if (name !== undefined && name !== '') names.set(`${hallId}/${w.id}`, name);
      }
    } else {
      for (const s of parsed.data.staff) {
        if (s.name !== '') names.set(`${hallId}/${s.code}`, s.name);
      }
    }
  }
  return names;
}

/** What of a hall's configuration names its windows and clerks (the rest is not read here). */
const NamesSchema = z.object({
  windows: z
    .array(
      z.object({
        id: z.string(),
        name: z.object({ zh: z.string(), en: z.string() }).partial().optional(),
      }),
    )
    .catch([]),
  staff: z.array(z.object({ code: z.string(), name: z.string() })).catch([]),
});
