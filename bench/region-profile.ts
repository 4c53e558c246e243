/**
 * The region's bench phase under the microscope (bench/README.md, "Region"): on a throwaway
 * PostgreSQL, `EXPLAIN (ANALYZE, BUFFERS)` of every statement a year's report runs, per grouping
 * (over the bench's synthetic rollups), and the ingest of a hall's busy day with the time and
 * count of each kind of statement per batch. Prints only; nothing is kept.
 *
 *   npx tsx bench/region-profile.ts [--halls 100] [--days 365] [--tickets 1000] [--only clerk] [--skip ingest|report]
 */
import { parseArgs } from 'node:util';
import {
  REGION_GROUPINGS,
  Region,
  migrate,
  openPostgres,
  type Queryable,
  type RegionDb,
} from '@onestop/region';
import { startPgCluster } from '@onestop/region/testing';
import { hallDay, seedRollups } from './lib/region.js';

const { values: args } = parseArgs({
  options: {
    halls: { type: 'string', default: '100' },
    days: { type: 'string', default: '365' },
    tickets: { type: 'string', default: '1000' },
    only: { type: 'string' },
    /** `ingest` or `report`: leave that part out. */
    skip: { type: 'string' },
  },
});

/** The statement's first words, to name it in the tally. */
const label = (text: string): string => text.replace(/\s+/g, ' ').trim().slice(0, 70);

/** The db with every SELECT explained first (plans printed), the answers still returned. */
function explaining(db: RegionDb): RegionDb {
  const explained =
    (q: Queryable['query']): Queryable['query'] =>
    async (text, params) => {
      if (/^\s*(WITH|SELECT)/i.test(text)) {
        const plan = await q<{ 'QUERY PLAN': string }>(
          `EXPLAIN (ANALYZE, BUFFERS) ${text}`,
          params,
        );
        console.log(`--- ${label(text)}`);
        for (const row of plan.rows) console.log(row['QUERY PLAN']);
      }
      return q(text, params);
    };
  return {
    ...db,
    query: explained((text, params) => db.query(text, params)),
    transaction: (fn) => db.transaction((tx) => fn({ query: explained((t, p) => tx.query(t, p)) })),
  };
}

/** The db with the time of each statement summed by its label. */
function timing(db: RegionDb, tally: Map<string, { n: number; ms: number }>): RegionDb {
  const timed =
    (q: Queryable['query']): Queryable['query'] =>
    async (text, params) => {
      const started = performance.now();
      try {
        return await q(text, params);
      } finally {
        const k = label(text);
        const t = tally.get(k) ?? { n: 0, ms: 0 };
        t.n += 1;
        t.ms += performance.now() - started;
        tally.set(k, t);
      }
    };
  return {
    ...db,
    query: timed((text, params) => db.query(text, params)),
    transaction: (fn) => db.transaction((tx) => fn({ query: timed((t, p) => tx.query(t, p)) })),
  };
}

const cluster = await startPgCluster();
try {
  if (args.skip !== 'ingest') {
    const db = openPostgres(await cluster.createDatabase(), { max: 2 });
    try {
      await migrate(db);
      const tally = new Map<string, { n: number; ms: number }>();
      const region = new Region(timing(db, tally));
      const { hallId } = await region.addHall('大厅');
      const day = hallDay(Number(args.tickets));
      const started = performance.now();
      let after = 0;
      let batches = 0;
      for (let i = 0; i < day.length; i += 500) {
        const events = day.slice(i, i + 500);
        const r = await region.ingest(hallId, { historyId: 'h-1', afterSeq: after, events });
        if (!r.ok) throw new Error(r.refusal.message);
        after = r.value.ackedSeq;
        batches += 1;
      }
      const ms = performance.now() - started;
      console.log(
        `ingest: ${day.length} events in ${batches} batches, ${Math.round(ms)} ms (${Math.round(day.length / (ms / 1000))}/s), one hall alone`,
      );
      const sorted = [...tally].sort((a, b) => b[1].ms - a[1].ms);
      let sql = 0;
      for (const [k, t] of sorted) {
        sql += t.ms;
        console.log(`  ${t.ms.toFixed(0).padStart(6)} ms ${String(t.n).padStart(4)}x  ${k}`);
      }
      console.log(`  ${sql.toFixed(0)} ms in SQL round trips, ${(ms - sql).toFixed(0)} ms in Node`);
    } finally {
      await db.close();
    }
  }
  if (args.skip !== 'report') {
    const db = openPostgres(await cluster.createDatabase(), { max: 2 });
    try {
      await migrate(db);
      const rows = await seedRollups(db, Number(args.halls), Number(args.days));
      console.log(`${rows} rollup rows`);
      const to = new Date(Date.UTC(2026, 0, 1) + (Number(args.days) - 1) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const groupings = REGION_GROUPINGS.filter((g) => args.only === undefined || args.only === g);
      for (const groupBy of groupings) {
        const query = { from: '2026-01-01', to, groupBy };
        const plain = new Region(db);
        await plain.reportAcross(query);
        const started = performance.now();
        await plain.reportAcross(query);
        console.log(`\n=== ${groupBy}: ${Math.round(performance.now() - started)} ms`);
        await new Region(explaining(db)).reportAcross(query);
      }
    } finally {
      await db.close();
    }
  }
} finally {
  await cluster.stop();
}
