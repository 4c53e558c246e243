import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubClient } from '@onestop/shared/client';
import {
  PUBLIC_NOW_PATH,
  PublicNowSchema,
  type Command,
  type HallConfig,
  type LinkEvent,
  type Sunshine,
} from '@onestop/shared';
import { DEMO_HALL, computeReport, linkEventOf, setUpLink, startRegionLink } from '@onestop/hub';
import { openPostgres, type RegionDb } from '@onestop/region';
import {
  startPgCluster,
  startTestRegion,
  type PgCluster,
  type TestRegion,
} from '@onestop/region/testing';
import { FakeClock, HubTestHall, waitFor } from './support/hall.js';
import { ok } from './support/acks.js';
import { expectRegionReportsEqual, FAST_LINK } from './support/region-report.js';

/*
 * What the region knows of a hall that never changed its configuration: the hub sends it with
 * the first batch of the history, so the region's figures by department and hour, its public
 * page (service names, waiting per service, windows, the day's wait and satisfaction) and its
 * complaint supervision (a complaint entered by hand carries its deadline) are the hall's own.
 */

const SYSTEM = { kind: 'system' } as const;
/** Not the region's default timezone (Asia/Shanghai): UTC+6, so every hour differs. */
const CONFIG: HallConfig = {
  ...DEMO_HALL,
  hall: { ...DEMO_HALL.hall, timezone: 'Asia/Urumqi', sunshine: true },
};
let cluster: PgCluster;
let db: RegionDb;
let region: TestRegion;
let hall: HubTestHall;
let admin: HubClient<'admin'>;
const clock = new FakeClock(Date.UTC(2026, 2, 2, 3, 0)); // 09:00 in Urumqi

beforeAll(async () => {
  cluster = await startPgCluster();
  db = openPostgres(await cluster.createDatabase(), { max: 4 });
  region = await startTestRegion(db);
  hall = await HubTestHall.start({ now: clock.now, config: CONFIG });
  admin = await hall.client('admin', await hall.login());
}, 120_000);
afterAll(async () => {
  await hall?.close();
  await region?.close();
  await db?.close();
  await cluster?.stop();
});

let commandNo = 0;
function must(command: Command): void {
  const outcome = hall.hub.execute(SYSTEM, 'test', `f${++commandNo}`, command);
  if (!outcome.ok) throw new Error(`${command.type}: ${outcome.error.message}`);
}

/** A morning: four windows (one paused), visits served, rated, transferred; some still waiting. */
function morning(): void {
  const hub = hall.hub;
  hub.rollDay();
  const step = (): void => clock.advance(97_000);
  for (const [windowId, staffCode] of [
    ['w1', 'C01'],
    ['w4', 'C04'],
    ['w10', 'C10'],
    ['w12', 'C12'],
  ] as const) {
    must({ type: 'open_window', windowId, staffCode });
  }
  const services = ['biz-open', 'social', 'tax', 'fund', 'medical', 'invoice'];
  for (let i = 0; i < 14; i++) {
    step();
    must({
      type: 'issue_ticket',
      itinerary: [{ serviceIds: [services[i % services.length] ?? 'tax'] }],
      class: 'normal',
      appointment: null,
      accessToken: `tok${i}`,
    });
  }
  const scores = [5, 2, 4, 5, 3] as const;
  let served = 0;
  for (let round = 0; round < 2; round++) {
    for (const windowId of ['w1', 'w4', 'w10', 'w12']) {
      step();
      if (!hub.execute(SYSTEM, 'test', `f${++commandNo}`, { type: 'call_next', windowId }).ok) {
        continue;
      }
      step();
      must({ type: 'start_serving', windowId });
      step();
      const ticketId = hub.current.windows.get(windowId)?.currentTicketId ?? '';
      if (served === 3) {
        const from = hub.current.tickets.get(ticketId)?.currentServiceId;
        const to = from === 'tax' ? 'fund' : 'tax';
        must({ type: 'transfer', windowId, toServiceId: to, toWindowId: null, note: '转' });
      } else {
        must({ type: 'finish', windowId });
        const score = scores[served % scores.length] ?? 5;
        must({ type: 'rate', ticketId, score, reasons: score <= 2 ? ['slow'] : [] });
      }
      served += 1;
    }
  }
  must({ type: 'pause_window', windowId: 'w12', reason: 'break' });
}

describe('a hall that never changed its configuration, at the region', () => {
  it("shows the hall's departments, names, hours and deadlines, and figures equal to its own", async () => {
    const hub = hall.hub;
    const { hallId, code } = await region.region.addHall('乌鲁木齐市政务服务中心');
    await setUpLink(
      hub.store.regionLink,
      { url: region.url, code },
      { hubVersion: 'test', now: hub.now() },
    );
    morning();
    const complaint = ok(
      await admin.command('open_complaint', {
        contact: '13812345678',
        summary: '材料被退回三次',
        serviceId: 'tax',
        windowId: 'w4',
        staffCode: 'C04',
        ticketId: null,
      }),
    ).complaint;
    expect(hub.store.lastSeq()).toBeGreaterThan(40);
    const link = startRegionLink(hub, FAST_LINK);
    try {
      hub.flush();
      await waitFor(() => link.link.health().state === 'caught_up', 20_000, 'caught up');
    } finally {
      await link.stop();
    }
    const day = hub.current.day?.businessDay ?? '';

    // The figures by department and by hour are the hall's: its departments and its timezone.
    await expectRegionReportsEqual(region.region, hub, hallId, day, day);
    const departments = await region.region.reportAcross({
      from: day,
      to: day,
      groupBy: 'department',
      halls: [hallId],
    });
    expect(departments.ok && departments.value.rows.map((r) => r.key)).not.toContain('(none)');

    // The public page: the hall's names and figures, as the hall has them now.
    const res = await fetch(`${region.url}${PUBLIC_NOW_PATH}`);
    const pub = PublicNowSchema.parse(await res.json()).halls.find((h) => h.hallId === hallId);
    const tickets = [...hub.current.tickets.values()].filter((t) => t.status === 'waiting');
    const own = computeReport(hub.store, hub.config, { from: day, to: day, by: 'service' }).total;
    expect(pub).toMatchObject({
      businessDay: day,
      waiting: tickets.length,
      windowsOpen: [...hub.current.windows.values()].filter((w) => w.status === 'open').length,
      averageWaitS: Math.round((own.avgWaitMs ?? 0) / 1000),
      rated: own.rated,
      satisfiedPct: Math.round((own.satisfactionRate ?? 0) * 100),
    });
    expect(pub?.waiting).toBeGreaterThan(3);
    expect(pub?.windowsOpen).toBe(3);
    expect(pub?.services).toEqual(
      CONFIG.services.map((s) => ({
        serviceId: s.id,
        name: s.name,
        waiting: tickets.filter((t) => t.queueServiceIds.includes(s.id)).length,
      })),
    );

    // 阳光运行: each window's month and clerk on duty, as the hall's own /api/sunshine has them.
    const sunshine = (await (await fetch(`${hall.url}/api/sunshine`)).json()) as Sunshine;
    expect(pub?.windows).toEqual(
      sunshine.windows.map((w) => ({
        number: w.number,
        clerk: w.clerk,
        rated: w.rated,
        satisfiedPct:
          w.satisfactionRate === null ? null : Math.floor(w.satisfactionRate * 100 + 1e-9),
      })),
    );
    expect(pub?.windows?.filter((w) => w.rated > 0 && w.clerk !== null).length).toBeGreaterThan(1);

    // The complaint entered by hand carries its deadline: overdue at the region once past it.
    const supervised = async (view: 'all' | 'overdue') => {
      const answer = await region.region.complaints({ view, halls: [hallId] });
      if (!answer.ok) throw new Error(answer.refusal.message);
      return answer.value.filter((c) => c.kind === 'manual');
    };
    region.clock.now = complaint.deadlineAt - 1;
    expect(await supervised('all')).toMatchObject([
      { complaintId: complaint.id, deadlineAt: complaint.deadlineAt, overdue: false },
    ]);
    expect(await supervised('overdue')).toEqual([]);
    region.clock.now = complaint.deadlineAt + 1;
    expect(await supervised('overdue')).toMatchObject([
      { complaintId: complaint.id, serviceId: 'tax', overdue: true },
    ]);

    // The head of the history again, with another configuration: held already, changes nothing.
    const settings = () =>
      db.query('SELECT timezone, departments, services FROM hall_settings WHERE hall_id = $1', [
        hallId,
      ]);
    const before = (await settings()).rows;
    expect(before).toMatchObject([{ timezone: 'Asia/Urumqi' }]);
    const head: LinkEvent[] = hub.store.regionLink
      .eventsAfter(0, 5)
      .map((row) => linkEventOf(row, { withholdComplaintTexts: false }));
    const again = await region.region.ingest(hallId, {
      historyId: hub.store.historyId(),
      afterSeq: 0,
      events: head,
      config: { ...CONFIG, hall: { ...CONFIG.hall, timezone: 'Europe/London' } },
    });
    expect(again).toEqual({
      ok: true,
      value: { historyId: hub.store.historyId(), ackedSeq: hub.store.lastSeq() },
    });
    expect((await settings()).rows).toEqual(before);
    // A configuration with a later batch, or one the region cannot read, is refused.
    const late = await region.region.ingest(hallId, {
      historyId: hub.store.historyId(),
      afterSeq: 1,
      events: head.slice(1),
      config: CONFIG,
    });
    expect(late.ok ? null : late.refusal.code).toBe('invalid_message');
    const unreadable = await region.region.ingest(hallId, {
      historyId: hub.store.historyId(),
      afterSeq: 0,
      events: head,
      config: { hall: {} },
    });
    expect(unreadable.ok ? null : unreadable.refusal.message).toMatch(/configuration/);
  }, 120_000);

  it('reads a complaint entered by hand before hubs sent its deadline as one with none', async () => {
    const { hallId, code } = await region.region.addHall('旧版大厅');
    const paired = await region.region.pair({ code, hubVersion: '0.1.0' });
    expect(paired.ok).toBe(true);
    const at = Date.UTC(2026, 2, 2, 2, 0);
    const ingested = await region.region.ingest(hallId, {
      historyId: 'old-hub-history',
      afterSeq: 0,
      events: [
        {
          seq: 1,
          at,
          type: 'complaint_entered',
          businessDay: null,
          ticketId: null,
          windowId: null,
          body: {
            complaint: {
              id: '2026-03-02/M-001',
              serviceId: null,
              windowId: null,
              staffCode: null,
              ticketId: null,
            },
          },
        },
      ],
    });
    expect(ingested.ok).toBe(true);
    region.clock.now = at + 365 * 86_400_000;
    const all = await region.region.complaints({ view: 'all', halls: [hallId] });
    expect(all.ok && all.value).toMatchObject([
      { complaintId: '2026-03-02/M-001', kind: 'manual', deadlineAt: null, overdue: false },
    ]);
    const overdue = await region.region.complaints({ view: 'overdue', halls: [hallId] });
    expect(overdue.ok && overdue.value).toEqual([]);
  });
});
