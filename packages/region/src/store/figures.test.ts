import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../db/pg.js';
import type { RegionDb } from '../db/types.js';
import { Region } from '../region.js';
import { startPgCluster, type PgCluster } from '../testing/pg-cluster.js';
import { migrate } from './migrations/index.js';
import { rebuildMonthRollups } from './rollups.js';

/*
 * The 90th percentile of a report's waits is found in two passes (a minute, then its seconds),
 * over closed days' rollups and their months' (waits counted per minute already): either way,
 * with waits spread over many minutes, in several halls and clerks, it must be the nearest rank
 * over every wait of the group, as the hall defines it.
 */

let cluster: PgCluster;
let db: RegionDb;

beforeAll(async () => {
  cluster = await startPgCluster();
  db = openPostgres(await cluster.createDatabase(), { max: 2 });
  await migrate(db);
}, 120_000);
afterAll(async () => {
  await db?.close();
  await cluster?.stop();
});

/** A small deterministic generator (the same rows on every run). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/** The `d`th day of the rollups (1 to 12): 2026-02-25 to 2026-03-08. */
const dayOf = (d: number): string => new Date(Date.UTC(2026, 1, 24 + d)).toISOString().slice(0, 10);

/** Nearest rank: the smallest wait with at least ceil(0.9 n) of the waits at or below it. */
function p90(waits: Map<number, number>): number | null {
  const n = [...waits.values()].reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(0.9 * n));
  let below = 0;
  for (const s of [...waits.keys()].sort((a, b) => a - b)) {
    below += waits.get(s) ?? 0;
    if (below >= rank) return s * 1000;
  }
  return null;
}

describe('the regional report', () => {
  it("gives each group's and the total's 90th percentile wait over many minutes of waits", async () => {
    const next = random(7);
    const halls = ['P1', 'P2', 'P3'];
    const clerks = ['C1', 'C2', 'C3', 'C4'];
    const expected = new Map<string, Map<number, number>>([['total', new Map()]]);
    const add = (key: string, s: number, c: number): void => {
      const m = expected.get(key) ?? new Map<number, number>();
      m.set(s, (m.get(s) ?? 0) + c);
      expected.set(key, m);
    };
    for (const hall of halls) {
      await db.query(`INSERT INTO halls (id, name, created_at) VALUES ($1, $1, now())`, [hall]);
      for (let d = 1; d <= 12; d++) {
        for (const clerk of clerks) {
          // C4 of P3 has calls without waits counted: no percentile of its own.
          const count = hall === 'P3' && clerk === 'C4' ? 0 : 1 + Math.floor(next() * 12);
          const seconds = new Set<number>();
          // Waits from 0 to ~40 minutes, clerk by clerk further apart.
          const spread = 300 * (1 + clerks.indexOf(clerk));
          while (seconds.size < count) seconds.add(Math.floor(next() * spread));
          const s = [...seconds].sort((a, b) => a - b);
          const c = s.map(() => 1 + Math.floor(next() * 3));
          s.forEach((w, i) => {
            add(`${hall}/${clerk}`, w, c[i] ?? 0);
            add(hall, w, c[i] ?? 0);
            add(`service:${clerk}`, w, c[i] ?? 0);
            add('total', w, c[i] ?? 0);
          });
          // The same waits as the hall's (its clerks' rows summed by the report as one group),
          // and as a service's named like the clerk (summed across the halls).
          for (const dim of ['staff', 'hall', 'service']) {
            await db.query(
              `INSERT INTO day_rollups (dim, business_day, hall_id, key, issued, cancelled, expired,
               served, no_show, wait_sum, wait_n, service_sum, service_n, rated, score_sum,
               satisfied, transfers, complaints, wait_s, wait_c)
             VALUES ($7, $1, $2, $3, 0, 0, 0, 0, 0, 0, $4, 0, 0, 0, 0, 0, 0, 0, $5, $6)`,
              [dayOf(d), hall, clerk, count, s, c, dim],
            );
          }
        }
      }
    }
    // The month rollups, as closing each day makes them.
    await rebuildMonthRollups(db);
    // By clerk, by hall and by service, the same waits: from the day rollups alone, from the
    // month rollups alone, and from both (February's days, March's month).
    const ranges = [
      ['2026-02-25', '2026-03-08'],
      ['2026-02-01', '2026-03-31'],
      ['2026-02-20', '2026-03-31'],
    ] as const;
    for (const [groupBy, [from, to]] of (['clerk', 'hall', 'service'] as const).flatMap((g) =>
      ranges.map((r) => [g, r] as const),
    )) {
      const answer = await new Region(db).reportAcross({ from, to, groupBy });
      if (!answer.ok) throw new Error(answer.refusal.message);
      const got = new Map(answer.value.rows.map((r) => [r.key, r.p90WaitMs]));
      got.set('total', answer.value.total.p90WaitMs);
      const ofGrouping = (k: string): string | null => {
        if (k === 'total') return k;
        if (k.startsWith('service:')) return groupBy === 'service' ? k.slice(8) : null;
        return k.includes('/') === (groupBy === 'clerk') && groupBy !== 'service' ? k : null;
      };
      const want = new Map(
        [...expected].flatMap(([k, m]) => {
          const key = ofGrouping(k);
          return key === null ? [] : [[key, p90(m)] as const];
        }),
      );
      if (groupBy === 'clerk') want.set('P3/C4', null);
      expect({ from, to, p90: Object.fromEntries(got) }).toEqual({
        from,
        to,
        p90: Object.fromEntries(want),
      });
    }
    const want = new Map([...expected].map(([k, m]) => [k, p90(m)]));
    // Waits over many minutes: the percentiles do not all fall in the first one.
    expect(
      new Set([...want.values()].map((x) => Math.floor((x ?? 0) / 60_000))).size,
    ).toBeGreaterThan(3);
  }, 60_000);
});
