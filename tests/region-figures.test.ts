import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from '@onestop/shared';
import {
  DEMO_HALL,
  DEMO_STAFF,
  Hub,
  computeReport,
  setUpLink,
  startRegionLink,
} from '@onestop/hub';
import { openPostgres, type RegionDb } from '@onestop/region';
import {
  startPgCluster,
  startTestRegion,
  type PgCluster,
  type TestRegion,
} from '@onestop/region/testing';
import { waitFor } from './support/hall.js';
import { expectRegionReportsEqual, FAST_LINK } from './support/region-report.js';

/*
 * The region's figures are the hall's: a real hub runs a scripted day (issues, calls, no-shows,
 * put-backs, transfers, parks, cancels, two-step visits, ratings and the complaints poor ones
 * open), streams it to a real region on a throwaway PostgreSQL, and the region's report for that
 * hall equals the hall's own report, figure by figure, for every grouping: while the day is
 * open (read from the projections), once it is closed (read from the rollups), over two
 * days, one closed and one open, and over their whole month (its closed days from the month's
 * rollups), before and after the hall's timezone changes.
 */

const SYSTEM = { kind: 'system' } as const;

let cluster: PgCluster;
let db: RegionDb;
let region: TestRegion;
let dir: string;

beforeAll(async () => {
  cluster = await startPgCluster();
  db = openPostgres(await cluster.createDatabase(), { max: 4 });
  region = await startTestRegion(db);
  dir = mkdtempSync(join(tmpdir(), 'onestop-region-figures-'));
}, 120_000);
afterAll(async () => {
  await region?.close();
  await db?.close();
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A small seeded generator, so the day is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WINDOWS: [string, string][] = [
  ['w1', 'C01'],
  ['w4', 'C04'],
  ['w10', 'C10'],
  ['w12', 'C12'],
];
const SERVICES = ['biz-open', 'social', 'medical', 'tax', 'invoice', 'fund'];

describe("the region's figures for a hall", () => {
  it("equal the hall's own report, figure by figure, open, closed and over two days", async () => {
    const clock = { t: Date.UTC(2026, 2, 2, 0, 30) }; // 08:30 in Asia/Shanghai
    const hub = Hub.open({
      dbPath: join(dir, 'hall.sqlite'),
      config: DEMO_HALL,
      now: () => clock.t,
    });
    let commandNo = 0;
    const attempt = (command: Command) => hub.execute(SYSTEM, 'test', `c${++commandNo}`, command);
    const run = (command: Command): boolean => attempt(command).ok;
    const must = (command: Command): void => {
      const outcome = attempt(command);
      if (!outcome.ok) throw new Error(`${command.type}: ${outcome.error.message}`);
    };
    const rnd = random(15);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;

    hub.rollDay();
    // The region learns departments and the timezone from the hall's configuration changes.
    must({
      type: 'change_config',
      config: {
        ...DEMO_HALL,
        services: DEMO_HALL.services.map((s) =>
          s.id === 'invoice' ? { ...s, departmentId: 'fund' } : s,
        ),
      },
    });
    for (const [windowId, staffCode] of WINDOWS) must({ type: 'open_window', windowId, staffCode });

    const { hallId, code } = await region.region.addHall('数字大厅');
    await setUpLink(
      hub.store.regionLink,
      { url: region.url, code },
      { hubVersion: 'test', now: hub.now() },
    );
    const link = startRegionLink(hub, FAST_LINK);

    const play = (steps: number): void => {
      for (let i = 0; i < steps; i++) {
        clock.t += Math.floor(5_000 + rnd() * 150_000);
        const r = rnd();
        const tickets = [...hub.current.tickets.values()];
        if (r < 0.3) {
          const first = pick(SERVICES);
          const itinerary =
            rnd() < 0.15
              ? [{ serviceIds: [first] }, { serviceIds: [pick(SERVICES)] }]
              : [{ serviceIds: [first] }];
          run({
            type: 'issue_ticket',
            itinerary,
            class: 'normal',
            appointment: null,
            accessToken: `t${i}`,
          });
          continue;
        }
        if (r < 0.33) {
          const waiting = tickets.filter((t) => t.status === 'waiting');
          if (waiting.length > 0)
            run({ type: 'cancel', ticketId: pick(waiting).id, by: 'visitor' });
          continue;
        }
        if (r < 0.36) {
          const parked = tickets.filter((t) => t.status === 'parked');
          if (parked.length > 0) run({ type: 'unpark', ticketId: pick(parked).id });
          continue;
        }
        const [windowId] = pick(WINDOWS);
        const current = hub.current.windows.get(windowId)?.currentTicketId ?? null;
        const ticket = current === null ? undefined : hub.current.tickets.get(current);
        const x = rnd();
        if (ticket === undefined) {
          run({ type: 'call_next', windowId });
        } else if (ticket.status === 'called') {
          if (x < 0.7) run({ type: 'start_serving', windowId });
          else if (x < 0.85) run({ type: 'no_show', windowId });
          else if (x < 0.95) run({ type: 'put_back', windowId });
          else run({ type: 'recall', windowId });
        } else if (x < 0.72) {
          run({ type: 'finish', windowId });
          if (rnd() < 0.75) {
            const score = pick([1, 2, 3, 4, 5, 5, 5] as const);
            run({ type: 'rate', ticketId: ticket.id, score, reasons: score <= 2 ? ['slow'] : [] });
          }
        } else if (x < 0.87) {
          const to = pick(SERVICES.filter((s) => s !== ticket.currentServiceId));
          run({ type: 'transfer', windowId, toServiceId: to, toWindowId: null, note: '转' });
        } else {
          run({ type: 'park', windowId, until: null, note: '等材料' });
        }
      }
    };

    const caughtUp = async (what: string): Promise<void> => {
      hub.flush();
      await waitFor(() => link.link.health().state === 'caught_up', 20_000, `caught up ${what}`);
    };

    const compare = (from: string, to: string): Promise<number> =>
      expectRegionReportsEqual(region.region, hub, hallId, from, to);

    play(260);
    await caughtUp('mid-day');
    const day1 = hub.current.day?.businessDay ?? '';
    expect(await compare(day1, day1)).toBeGreaterThan(20);
    const before = await region.region.reportAcross({ from: day1, to: day1, groupBy: 'hall' });
    expect(before.ok && before.value.total.served).toBeGreaterThan(10);
    expect(before.ok && before.value.total.complaints).toBeGreaterThan(0);
    expect(before.ok && before.value.total.transfers).toBeGreaterThan(0);
    expect(before.ok && before.value.total.noShow).toBeGreaterThan(0);

    // The end of the day: whoever is at a window is finished or missed, the day closes (the
    // waiting and parked expire) and the region reads it from its rollups.
    for (const [windowId] of WINDOWS) {
      const id = hub.current.windows.get(windowId)?.currentTicketId ?? null;
      const status = id === null ? null : hub.current.tickets.get(id)?.status;
      if (status === 'serving') must({ type: 'finish', windowId });
      if (status === 'called') must({ type: 'no_show', windowId });
    }
    clock.t += 60_000;
    must({ type: 'close_day' });
    await caughtUp('after the close');
    const rolled = await db.query<{ n: number }>(
      'SELECT count(*)::integer AS n FROM day_rollups WHERE hall_id = $1',
      [hallId],
    );
    expect(rolled.rows[0]?.n).toBeGreaterThan(20);
    await compare(day1, day1);
    const closed = await region.region.reportAcross({ from: day1, to: day1, groupBy: 'hall' });
    expect(closed.ok && closed.value.total.expired).toBeGreaterThan(0);

    // The next day, open: over both days the closed one comes from its rollups.
    clock.t = Date.UTC(2026, 2, 3, 0, 30);
    hub.rollDay();
    for (const [windowId, staffCode] of WINDOWS) must({ type: 'open_window', windowId, staffCode });
    play(80);
    await caughtUp('on the second day');
    const day2 = hub.current.day?.businessDay ?? '';
    expect(day2).not.toBe(day1);
    await compare(day1, day2);
    // By window and by clerk, the console and the exports name them as the hall does.
    for (const [groupBy, key, name] of [
      ['clerk', 'C04', DEMO_STAFF.find((s) => s.code === 'C04')?.name],
      ['window', 'w4', DEMO_HALL.windows.find((w) => w.id === 'w4')?.name.zh],
    ] as const) {
      const report = await region.region.reportAcross({ from: day1, to: day2, groupBy });
      if (!report.ok) throw new Error(report.refusal.message);
      const names = await region.region.reportGroupNames(report.value, 'zh');
      expect(report.value.rows.map((r) => r.key)).toContain(`${hallId}/${key}`);
      expect(names.get(`${hallId}/${key}`)).toBe(name);
    }

    const now = await region.region.hallNow(hallId);
    expect(now).toMatchObject({ hallId, businessDay: day2, dayOpen: true, windowsOpen: 4 });
    expect(now?.today?.issued).toBe(
      computeReport(hub.store, hub.config, { from: day2, to: day2, by: 'service' }).total.issued,
    );

    // Over the whole month: the closed day from its month's rollups, the open one live; and again
    // once the hall has moved to a timezone 5:45 ahead of UTC (the month's hours named anew).
    await compare('2026-03-01', '2026-03-31');
    must({
      type: 'change_config',
      config: { ...hub.config, hall: { ...hub.config.hall, timezone: 'Asia/Kathmandu' } },
    });
    await caughtUp('after the new timezone');
    expect(await compare('2026-03-01', '2026-03-31')).toBeGreaterThan(20);
    await link.stop();
    hub.close();
  }, 120_000);
});
