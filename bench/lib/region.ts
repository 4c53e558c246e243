/**
 * The region on a throwaway PostgreSQL cluster (stopped and removed at the end):
 *   1. events ingested per second through `Region.ingest` (parse, position, insert, projections,
 *      rollups at each day's close), halls streaming at once, against the same rows written raw
 *      into the same server: a COPY per batch (pg-copy-streams) into a plain copy of `events`
 *      (no projections), as the issue asks.
 *   2. a year's regional report over 100 halls read from rollups (synthetic rollup rows), per
 *      grouping.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { LinkEvent } from '@onestop/shared';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  REGION_GROUPINGS,
  Region,
  migrate,
  openPostgres,
  rebuildMonthRollups,
  type RegionDb,
  type RegionReportQuery,
} from '@onestop/region';
import { startPgCluster } from '@onestop/region/testing';
import { measureRegionLive, type RegionLiveResult } from './region-live.js';

export interface RegionBenchResult {
  halls: number;
  events: number;
  ingestPerSecond: number;
  rawPerSecond: number;
  /** The replay of `halls` halls' busy day at once: its time, and the raw COPY's. */
  ingestS: number;
  rawS: number;
  live: RegionLiveResult;
  rollupRows: number;
  reportHalls: number;
  reportDays: number;
  generateS: number;
  reportMs: { groupBy: RegionReportQuery['groupBy']; ms: number; rows: number }[];
}

const FIRST_DAY = '2026-03-02';
const T0 = Date.UTC(2026, 2, 2, 0, 30);

/** One hall's busy day as its hub would send it: issue, call, start, finish, some ratings. */
export function hallDay(tickets: number, day = FIRST_DAY, t0 = T0): LinkEvent[] {
  const events: Omit<LinkEvent, 'seq'>[] = [];
  let at = t0;
  const push = (type: string, body: Record<string, unknown>): void => {
    at += 1_000;
    events.push({ at, type, businessDay: day, ticketId: null, windowId: null, body });
  };
  push('day_opened', { businessDay: day });
  for (let w = 1; w <= 12; w++) push('window_opened', { windowId: `w${w}`, staffCode: `C${w}` });
  const services = ['tax', 'social', 'fund', 'hukou', 'estate'];
  for (let i = 0; i < tickets; i++) {
    const id = `${day}/A${String(i + 1).padStart(4, '0')}`;
    const serviceId = services[i % services.length] ?? 'tax';
    const windowId = `w${(i % 12) + 1}`;
    push('ticket_issued', {
      ticket: { id, businessDay: day, serviceId, issuedAt: at + 1_000, status: 'waiting' },
    });
    push('ticket_called', { ticketId: id, windowId, staffCode: `C${(i % 12) + 1}`, serviceId });
    if (i % 10 === 9) {
      push('ticket_no_show', { ticketId: id, windowId, reason: 'marked' });
      continue;
    }
    push('service_started', { ticketId: id, windowId, serviceId });
    push('service_finished', { ticketId: id, windowId, serviceId, done: true });
    if (i % 3 === 0) {
      push('rating_recorded', {
        ticketId: id,
        rating: { score: (i % 5) + 1, windowId, serviceId, reasons: [] },
      });
    }
  }
  push('day_closed', { businessDay: day, expiredTicketIds: [] });
  return events.map((e, i) => ({ ...e, seq: i + 1 }));
}

function batches(events: LinkEvent[], size: number): LinkEvent[][] {
  const out: LinkEvent[][] = [];
  for (let i = 0; i < events.length; i += size) out.push(events.slice(i, i + size));
  return out;
}

export async function ingestAll(
  region: Region,
  halls: string[],
  day: LinkEvent[],
): Promise<number> {
  const started = performance.now();
  await Promise.all(
    halls.map(async (hallId) => {
      let after = 0;
      for (const events of batches(day, 500)) {
        const r = await region.ingest(hallId, {
          historyId: `h-${hallId}`,
          afterSeq: after,
          events,
        });
        if (!r.ok) throw new Error(r.refusal.message);
        after = r.value.ackedSeq;
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

/** A value in COPY's text format: `\N` for NULL; backslash, tab, newline and CR escaped. */
function copyText(v: string | number | null): string {
  if (v === null) return '\\N';
  return String(v).replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/**
 * The baseline: the same rows COPYed raw into a plain copy of `events` (no projections), a
 * COPY per batch of 500 in a transaction of its own, the halls at once on as many connections
 * as the region's pool has.
 */
export async function rawAll(url: string, halls: string[], day: LinkEvent[]): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  try {
    const started = performance.now();
    await Promise.all(
      halls.map(async (hallId) => {
        for (const events of batches(day, 500)) {
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            const now = new Date().toISOString();
            const lines = events.map(
              (e) =>
                [
                  hallId,
                  `h-${hallId}`,
                  e.seq,
                  new Date(e.at).toISOString(),
                  e.type,
                  e.businessDay,
                  e.ticketId,
                  e.windowId,
                  JSON.stringify(e.body),
                  now,
                ]
                  .map(copyText)
                  .join('\t') + '\n',
            );
            await pipeline(
              Readable.from([lines.join('')]),
              client.query(
                copyFrom(`COPY raw_events (hall_id, history_id, seq, at, type, business_day,
                            ticket_id, window_id, body, received_at) FROM STDIN`),
              ),
            );
            await client.query('COMMIT');
          } finally {
            client.release();
          }
        }
      }),
    );
    return (performance.now() - started) / 1000;
  } finally {
    await pool.end();
  }
}

/**
 * Closed days' rollups for `halls` halls over `days` days, made in the server: per hall-day one
 * `hall` row (waits over 60 distinct seconds), 10 services, 12 windows, 12 clerks and 36
 * quarter-hours (8 distinct seconds each); then their month rollups. Answers the day rows' count.
 */
export async function seedRollups(db: RegionDb, halls: number, days: number): Promise<number> {
  await db.query(
    `INSERT INTO halls (id, name, created_at)
     SELECT 'R' || h, '大厅' || h, now() FROM generate_series(1, $1::integer) h`,
    [halls],
  );
  await db.query(
    `INSERT INTO hall_settings (hall_id, timezone, departments)
     SELECT 'R' || h, 'Asia/Shanghai',
            '{"s1":"d1","s2":"d1","s3":"d2","s4":"d2","s5":"d3","s6":"d3","s7":"d4","s8":"d4","s9":"d5","s10":"d5"}'
       FROM generate_series(1, $1::integer) h`,
    [halls],
  );
  const dims: [string, string, number, number][] = [
    ['hall', `'*'`, 1, 60],
    ['service', `'s' || k`, 10, 8],
    ['window', `'w' || k`, 12, 8],
    ['staff', `'C' || k`, 12, 8],
    ['hour', `(((date '2026-01-01' + d - date '1970-01-01') * 96 + 4 + k))::text`, 36, 8],
  ];
  for (const [dim, keySql, keys, waits] of dims) {
    await db.query(
      `INSERT INTO day_rollups (dim, business_day, hall_id, key, issued, cancelled, expired,
         served, no_show, wait_sum, wait_n, service_sum, service_n, rated, score_sum, satisfied,
         transfers, complaints, wait_s, wait_c)
       SELECT $1, date '2026-01-01' + d, 'R' || h, ${keySql},
              400 / $2, 2, 1, 360 / $2, 30 / $2, 600000 * (400 / $2), 400 / $2,
              480000 * (360 / $2), 360 / $2, 120 / $2, 4 * (120 / $2), 90 / $2, 5, 1,
              ARRAY(SELECT i * (3600 / $3) + ((h * 7 + d * 13 + k + i) % (3600 / $3))
                      FROM generate_series(0, $3 - 1) i),
              ARRAY(SELECT 1 + (h + d + i) % 9 FROM generate_series(0, $3 - 1) i)
         FROM generate_series(1, $4::integer) h, generate_series(0, $5::integer - 1) d,
              generate_series(1, $2::integer) k`,
      [dim, keys, waits, halls, days],
    );
  }
  // Their month rollups, as closing each day would have made them (recomputeRollups).
  await rebuildMonthRollups(db);
  await db.query('ANALYZE day_rollups');
  await db.query('ANALYZE month_rollups');
  const n = await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM day_rollups');
  return n.rows[0]?.n ?? 0;
}

export async function measureRegion(options: {
  halls: number;
  tickets: number;
  reportHalls: number;
  reportDays: number;
  live: { halls: number; preload: number; seconds: number };
  log: (line: string) => void;
}): Promise<RegionBenchResult> {
  const { log } = options;
  const cluster = await startPgCluster();
  try {
    const ingestUrl = await cluster.createDatabase();
    const ingestDb = openPostgres(ingestUrl, { max: 10 });
    let ingestS = 0;
    let rawS = 0;
    const day = hallDay(options.tickets);
    try {
      await migrate(ingestDb);
      await ingestDb.query('CREATE TABLE raw_events (LIKE events INCLUDING DEFAULTS)');
      await ingestDb.query('ALTER TABLE raw_events ADD PRIMARY KEY (hall_id, history_id, seq, at)');
      const region = new Region(ingestDb);
      const halls: string[] = [];
      for (let i = 0; i < options.halls; i++) halls.push((await region.addHall(`大厅${i}`)).hallId);
      log(
        `  ${options.halls} halls x ${day.length} events (a day of ${options.tickets} tickets), batches of 500, all halls at once`,
      );
      // In turns, raw first and last, so a drifting machine load falls on both.
      rawS += await rawAll(ingestUrl, halls.slice(0, Math.ceil(halls.length / 2)), day);
      ingestS = await ingestAll(region, halls, day);
      rawS += await rawAll(ingestUrl, halls.slice(Math.ceil(halls.length / 2)), day);
      log(`  ingest ${ingestS.toFixed(1)} s, raw COPY ${rawS.toFixed(1)} s`);
    } finally {
      await ingestDb.close();
    }

    const liveDb = openPostgres(await cluster.createDatabase(), { max: 10 });
    let live: RegionLiveResult;
    try {
      live = await measureRegionLive({
        db: liveDb,
        ...options.live,
        // The day after the replayed one, on a database of its own.
        day: hallDay(options.tickets, '2026-03-03', Date.UTC(2026, 2, 3, 0, 30)),
        // A busy day's rate: its events over the hall's nine opening hours.
        eventsPerHallPerSecond: day.length / (9 * 3600),
        log,
      });
      log(
        `  console live board: p50 ${live.p50Ms} ms, p99 ${live.p99Ms} ms, max ${live.maxMs} ms over ${live.samples} events (${live.unseen} unseen)`,
      );
    } finally {
      await liveDb.close();
    }

    const reportDb = openPostgres(await cluster.createDatabase(), { max: 4 });
    try {
      await migrate(reportDb);
      const generated = performance.now();
      const rollupRows = await seedRollups(reportDb, options.reportHalls, options.reportDays);
      const generateS = (performance.now() - generated) / 1000;
      log(`  ${rollupRows.toLocaleString('en-US')} rollup rows made in ${generateS.toFixed(0)} s`);
      const region = new Region(reportDb);
      const to = new Date(Date.UTC(2026, 0, 1) + (options.reportDays - 1) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const reportMs: RegionBenchResult['reportMs'] = [];
      for (const groupBy of REGION_GROUPINGS) {
        const query = { from: '2026-01-01', to, groupBy };
        await region.reportAcross(query); // warm the cache once
        const started = performance.now();
        const answer = await region.reportAcross(query);
        const ms = performance.now() - started;
        if (!answer.ok) throw new Error(answer.refusal.message);
        reportMs.push({ groupBy, ms, rows: answer.value.rows.length });
        log(`  year report by ${groupBy}: ${Math.round(ms)} ms, ${answer.value.rows.length} rows`);
      }
      const events = day.length * options.halls;
      return {
        halls: options.halls,
        events,
        ingestPerSecond: events / ingestS,
        rawPerSecond: events / rawS,
        ingestS,
        rawS,
        live,
        rollupRows,
        reportHalls: options.reportHalls,
        reportDays: options.reportDays,
        generateS,
        reportMs,
      };
    } finally {
      await reportDb.close();
    }
  } finally {
    await cluster.stop();
  }
}
