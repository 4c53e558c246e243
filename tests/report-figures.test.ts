import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubClient } from '@onestop/shared/client';
import type {
  ComplaintActionKind,
  HallConfig,
  RatingScore,
  ReportGrouping,
  ReportResult,
  ReportRow,
} from '@onestop/shared';
import { DEMO_HALL } from '@onestop/hub';
import { FakeClock, HubTestHall } from './support/hall.js';
import { ok } from './support/acks.js';

/*
 * 好差评's figures checked against a day counted by hand (docs/RATINGS.md, "The figures"): a
 * real hub on a real SQLite file, one scripted business day driven through real commands from
 * real clients (kiosk, window terminals, rating pads, the status page's QR rating, the admin
 * console), the cases followed up over the next days with the hall's clock moved forward, and
 * the report of the day by every grouping compared with the numbers written down below.
 *
 * Monday 2 March 2026, Asia/Shanghai. Services biz-open (A) and biz-change (B) of department
 * market, social (C) of hrss; windows w1 (clerk C01), w3 (C03), w4 (C04). Call-back within 1
 * working day, rectification within 5: a case opened on Monday is due for its call-back on
 * Tuesday 3 March and for rectification on Monday 9 March, at the time it was opened.
 *
 *  #  ticket svc         window  outcome           rating (channel)  tags            hour
 *  1  A001  biz-open     w1 C01  served            5 pad             warm            09
 *  2  A002  biz-open     w1 C01  served            4 QR              once            09
 *  3  A003  biz-open     w3 C03  served            2 pad  -> case K1 wait, attitude  09
 *  4  B001  biz-change   w3 C03  served            (not rated)                       09
 *  5  B002  biz-change   w1 C01  no-show                                             09
 *  6  B003  biz-change   w3 C03  served            1 QR   -> case K2 errands         09
 *  7  C001  social       w4 C04  served            5 pad                             10
 *  8  C002  social       w4 C04  served            3 pad                             10
 *  9  C003  social       w4 C04  served            2 QR   -> case K3 wait            10
 * 10  A004  biz-open     w1 C01  transferred to social (not a finished step)         10
 *            social      w4 C04  served            4 pad             warm            10
 * 11  C004  social       w4 C04  no-show                                             10
 * 12  B004  biz-change   w1 C01  served            1 pad  -> case K4 (none)          10
 * K5  complaint entered by hand at 11:00 naming biz-open, w1, C01                    11
 *
 * Cases, read on Wednesday 11 March at 12:00 (on time: by the deadline; due: done, in time or
 * late, or overdue; a mistaken rating needs no rectification, so it is done but never due):
 *
 *  case  where                  call-back            rectification
 *  K1    biz-open   w3 C03      Mon 15:00   on time  closed Thu 5    on time
 *  K2    biz-change w3 C03      Wed 4       late     closed Tue 10   late
 *  K3    social     w4 C04      Tue 09:00   on time  closed mistaken (done, not due)
 *  K4    biz-change w1 C01      none        overdue  open            overdue
 *  K5    biz-open   w1 C01      Mon 16:00   on time  rectify record, not closed: overdue
 *
 * Per row below: served, rated, rating rate (rated / served), poor (1–2), satisfied (4–5),
 * complaints, then cases, call-backs, call-back rate (call-backs / cases), on time, on-time
 * rate (on time / due), rectified (closed: told or mistaken), rectification rate (rectified /
 * cases), on time, on-time rate (on time / due).
 *
 * By window (and by clerk, one clerk per window):
 *  w1: served A001 A002 B004 = 3; rated 5 4 1 = 3 -> 3/3; poor B004 = 1; satisfied 2;
 *      cases K4 K5 = 2; call-backs K5 = 1 -> 1/2; on time K5 = 1 of due K4 K5 -> 1/2;
 *      rectified 0 -> 0/2; on time 0 of due K4 K5 -> 0/2.
 *  w3: served A003 B001 B003 = 3; rated 2 1 = 2 -> 2/3; poor 2; satisfied 0;
 *      cases K1 K2 = 2; call-backs 2 -> 2/2; on time K1 of due K1 K2 -> 1/2;
 *      rectified K1 K2 = 2 -> 2/2; on time K1 of due K1 K2 -> 1/2.
 *  w4: served C001 C002 C003 A004 = 4; rated 5 3 2 4 = 4 -> 4/4; poor C003 = 1; satisfied 2;
 *      cases K3 = 1; call-backs 1 -> 1/1; on time 1 of due 1 -> 1/1;
 *      rectified K3 (mistaken) = 1 -> 1/1; on time 0 of due none -> null.
 *  (none): what happened at no window (the tickets themselves): nothing rated, no case.
 * By service (a step counts under the service it was called for):
 *  biz-open:   served A001 A002 A003 = 3 (A004 was transferred); rated 5 4 2 -> 3/3; poor 1;
 *              satisfied 2; cases K1 K5 = 2; call-backs 2 -> 2/2; on time K1 K5 of due 2 -> 2/2;
 *              rectified K1 -> 1/2; on time K1 of due K1 K5 -> 1/2.
 *  biz-change: served B001 B003 B004 = 3; rated 1 1 -> 2/3; poor 2; satisfied 0;
 *              cases K2 K4 = 2; call-backs K2 -> 1/2; on time 0 of due K2 K4 -> 0/2;
 *              rectified K2 -> 1/2; on time 0 of due K2 K4 -> 0/2.
 *  social:     as w4.
 * By department: market = biz-open + biz-change: served 6, rated 5 -> 5/6, poor 3,
 *  satisfied 2, cases 4, call-backs 3 -> 3/4, on time 2 of due 4 -> 2/4, rectified 2 -> 2/4,
 *  on time 1 of due 4 -> 1/4. hrss = social.
 * By hour (a step: the hour its visitor joined the queue; a rating's case likewise; a case
 *  entered by hand: the hour it was entered):
 *  09: served A001 A002 A003 B001 B003 = 5; rated 4 -> 4/5; poor 2; satisfied 2; cases K1 K2
 *      (as w3): 2, 2 -> 1, on time 1/2, rectified 2 -> 1, on time 1/2.
 *  10: served C001 C002 C003 A004(social) B004 = 5; rated 5 -> 5/5; poor 2; satisfied 2;
 *      cases K3 K4 = 2; call-backs K3 -> 1/2; on time K3 of due K3 K4 -> 1/2;
 *      rectified K3 -> 1/2; on time 0 of due K4 -> 0/1.
 *  11: nothing served -> null; case K5: call-back 1/1, on time 1/1, rectified 0/1, on time 0/1.
 * Total: served 10, rated 9 -> 9/10, poor 4, satisfied 4, complaints 5; cases 5,
 *  call-backs K1 K2 K3 K5 = 4 -> 4/5; on time K1 K3 K5 = 3 of due 5 -> 3/5; rectified
 *  K1 K2 K3 = 3 -> 3/5; on time K1 = 1 of due K1 K2 K4 K5 -> 1/4.
 * By tag (ratings carrying the tag; a rating with two counts under both; no rating rate, no
 *  cases): attitude 1 (poor 1), errands 1 (1), once 1 (0), wait 2 (2), warm 2 (0); total 7 (4).
 */

const DAY = '2026-03-02';
/** `hh:mm` in Asia/Shanghai on `MM-DD` of 2026. */
const at = (day: string, hhmm: string) => Date.parse(`2026-${day}T${hhmm}:00+08:00`);

const CONFIG: HallConfig = {
  ...DEMO_HALL,
  hall: {
    ...DEMO_HALL.hall,
    policy: { ...DEMO_HALL.hall.policy, callbackDeadlineDays: 1, complaintDeadlineDays: 5 },
  },
};

let clock: FakeClock;
let hall: HubTestHall;
let admin: HubClient<'admin'>;
const reports = new Map<ReportGrouping, ReportResult>();

let loggedInAt = 0;

/** Moves the hall's clock, and logs the admin in again on a later day (a session ends). */
async function moveTo(t: number): Promise<void> {
  clock.t = t;
  if (t - loggedInAt < 10 * 3_600_000) return;
  loggedInAt = t;
  admin = await hall.client('admin', await hall.login());
}

beforeAll(async () => {
  clock = new FakeClock(at('03-02', '08:55'));
  hall = await HubTestHall.start({ now: clock.now, config: CONFIG });
  loggedInAt = clock.t;
  admin = await hall.client('admin', await hall.login());
  const opened = await admin.command('open_day', { businessDay: null });
  if (!opened.ok) expect(opened.error.code).toBe('day_already_open');

  const kiosk = await hall.client('kiosk', await hall.pair('kiosk'));
  const windows = {
    w1: await hall.openWindow('w1', 'C01'),
    w3: await hall.openWindow('w3', 'C03'),
    w4: await hall.openWindow('w4', 'C04'),
  };
  type WindowId = keyof typeof windows;
  const pads = {
    w1: await hall.client('rate', await hall.pair('rating_pad', 'w1')),
    w3: await hall.client('rate', await hall.pair('rating_pad', 'w3')),
    w4: await hall.client('rate', await hall.pair('rating_pad', 'w4')),
  };
  const tick = () => clock.advance(60_000);

  /** One visitor: issued, called at `w` and (unless missed) served there. */
  const visit = async (serviceId: string, w: WindowId, outcome: 'served' | 'no_show') => {
    tick();
    const { ticket } = ok(
      await kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: [serviceId] }],
        class: 'normal',
      }),
    );
    tick();
    ok(await windows[w].command('call_next', {}));
    tick();
    if (outcome === 'no_show') {
      ok(await windows[w].command('no_show', {}));
      return ticket;
    }
    ok(await windows[w].command('start_serving', {}));
    tick();
    ok(await windows[w].command('finish', {}));
    return ticket;
  };
  const pad = async (w: WindowId, ticketId: string, score: RatingScore, reasons: string[]) => {
    tick();
    ok(await pads[w].command('rate', { ticketId, score, reasons }));
  };
  let qrNo = 0;
  const qr = async (token: string, score: RatingScore, reasons: string[]) => {
    tick();
    const res = await hall.post(`/t/${token}/rate`, {
      commandId: `figures-qr-${++qrNo}`,
      score,
      reasons,
      comment: '',
    });
    expect(res.status).toBe(200);
  };

  // 09:00–09:59
  clock.t = at('03-02', '09:00');
  const a001 = await visit('biz-open', 'w1', 'served');
  await pad('w1', a001.id, 5, ['warm']);
  const a002 = await visit('biz-open', 'w1', 'served');
  await qr(a002.accessToken, 4, ['once']);
  const a003 = await visit('biz-open', 'w3', 'served');
  await pad('w3', a003.id, 2, ['wait', 'attitude']);
  await visit('biz-change', 'w3', 'served');
  await visit('biz-change', 'w1', 'no_show');
  const b003 = await visit('biz-change', 'w3', 'served');
  await qr(b003.accessToken, 1, ['errands']);
  expect(clock.t).toBeLessThan(at('03-02', '10:00'));

  // 10:00–10:59
  clock.t = at('03-02', '10:00');
  const c001 = await visit('social', 'w4', 'served');
  await pad('w4', c001.id, 5, []);
  const c002 = await visit('social', 'w4', 'served');
  await pad('w4', c002.id, 3, []);
  const c003 = await visit('social', 'w4', 'served');
  await qr(c003.accessToken, 2, ['wait']);
  tick();
  const { ticket: a004 } = ok(
    await kiosk.command('issue_ticket', {
      itinerary: [{ serviceIds: ['biz-open'] }],
      class: 'normal',
    }),
  );
  tick();
  ok(await windows.w1.command('call_next', {}));
  ok(await windows.w1.command('start_serving', {}));
  tick();
  ok(
    await windows.w1.command('transfer', {
      toServiceId: 'social',
      toWindowId: null,
      note: '转社保',
    }),
  );
  tick();
  ok(await windows.w4.command('call_next', {}));
  ok(await windows.w4.command('start_serving', {}));
  tick();
  ok(await windows.w4.command('finish', {}));
  await pad('w4', a004.id, 4, ['warm']);
  await visit('social', 'w4', 'no_show');
  const b004 = await visit('biz-change', 'w1', 'served');
  await pad('w1', b004.id, 1, []);
  expect(clock.t).toBeLessThan(at('03-02', '11:00'));

  // 11:00: a complaint by telephone.
  await moveTo(at('03-02', '11:00'));
  const k5 = ok(
    await admin.command('open_complaint', {
      contact: '13812345678',
      summary: '材料被退回三次',
      serviceId: 'biz-open',
      windowId: 'w1',
      staffCode: 'C01',
      ticketId: null,
    }),
  ).complaint.id;
  const cases = ok(await admin.command('list_complaints', { filter: 'all' })).complaints;
  const caseOf = (ticketId: string): string => {
    const found = cases.find((c) => c.ticketId === ticketId && c.source === 'rating');
    if (!found) throw new Error(`no case for ${ticketId}`);
    return found.id;
  };
  const [k1, k2, k3, k4] = [a003.id, b003.id, c003.id, b004.id].map(caseOf);
  expect(cases).toHaveLength(5);

  const act = async (id: string | undefined, action: ComplaintActionKind, text: string) => {
    ok(
      await admin.command('complaint_action', {
        complaintId: id ?? '',
        action,
        text,
        ...(action === 'callback' || action === 'rectify' ? { by: 'S01' } : {}),
      }),
    );
  };
  await moveTo(at('03-02', '15:00'));
  await act(k1, 'callback', '等候时间太长');
  await moveTo(at('03-02', '16:00'));
  await act(k5, 'callback', '已说明材料要求');
  await moveTo(at('03-03', '09:00'));
  await act(k3, 'callback', '按错了');
  await act(k3, 'mistaken', '误评：访客按错键');
  await moveTo(at('03-04', '10:00'));
  await act(k2, 'callback', '多次跑腿');
  await act(k5, 'rectify', '一次性告知清单上墙');
  await moveTo(at('03-05', '10:00'));
  await act(k1, 'rectify', '增开窗口');
  await act(k1, 'close', '已告知访客');
  await moveTo(at('03-10', '10:00'));
  await act(k2, 'rectify', '材料清单更新');
  await act(k2, 'close', '已告知访客');

  await moveTo(at('03-11', '12:00'));
  const overdue = ok(await admin.command('list_complaints', { filter: 'overdue' })).complaints;
  expect(overdue.map((c) => c.id).sort()).toEqual([k4, k5].sort());
  for (const by of ['window', 'staff', 'service', 'department', 'hour', 'tag'] as const) {
    reports.set(by, ok(await admin.command('report', { from: DAY, to: DAY, by })));
  }
}, 60_000);

afterAll(async () => {
  await hall?.close();
});

/** served, rated, ratingRate, poor, satisfied, complaints */
type Ratings = [number, number, number | null, number, number, number];
/** cases, callbacks, rate, on time, rate, rectified, rate, on time, rate */
type Cases = [
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
  number | null,
];

function figures(r: ReportRow): [string, ...Ratings, ...Cases] {
  const f = r.ratings;
  if (!f) throw new Error(`row ${r.key} has no ratings' figures`);
  return [
    r.key,
    r.served,
    r.rated,
    f.ratingRate,
    f.poor,
    r.satisfied,
    r.complaints,
    f.cases,
    f.callbacks,
    f.callbackRate,
    f.callbacksOnTime,
    f.callbackOnTimeRate,
    f.rectified,
    f.rectificationRate,
    f.rectifiedOnTime,
    f.rectificationOnTimeRate,
  ];
}

function table(by: ReportGrouping): [string, ...Ratings, ...Cases][] {
  const r = reports.get(by);
  if (!r) throw new Error(`no report by ${by}`);
  return [...r.rows, r.total].map(figures);
}

// prettier-ignore
const TOTAL: [string, ...Ratings, ...Cases] =
  ['total', 10, 9, 9 / 10, 4, 4, 5,  5, 4, 4 / 5, 3, 3 / 5, 3, 3 / 5, 1, 1 / 4];
const NO_CASE: Cases = [0, 0, null, 0, null, 0, null, 0, null];

describe("the report's figures of a day counted by hand", () => {
  it('by window and by clerk', () => {
    // prettier-ignore
    const w1: [...Ratings, ...Cases] = [3, 3, 1, 1, 2, 2,  2, 1, 1 / 2, 1, 1 / 2, 0, 0, 0, 0];
    // prettier-ignore
    const w3: [...Ratings, ...Cases] = [3, 2, 2 / 3, 2, 0, 2,  2, 2, 1, 1, 1 / 2, 2, 1, 1, 1 / 2];
    // prettier-ignore
    const w4: [...Ratings, ...Cases] = [4, 4, 1, 1, 2, 1,  1, 1, 1, 1, 1, 1, 1, 0, null];
    const none: [...Ratings, ...Cases] = [0, 0, null, 0, 0, 0, ...NO_CASE];
    expect(table('window')).toEqual([
      ['(none)', ...none],
      ['w1', ...w1],
      ['w3', ...w3],
      ['w4', ...w4],
      TOTAL,
    ]);
    expect(table('staff')).toEqual([
      ['(none)', ...none],
      ['C01', ...w1],
      ['C03', ...w3],
      ['C04', ...w4],
      TOTAL,
    ]);
  });

  it('by service and by department', () => {
    // prettier-ignore
    const social: [...Ratings, ...Cases] = [4, 4, 1, 1, 2, 1,  1, 1, 1, 1, 1, 1, 1, 0, null];
    // prettier-ignore
    expect(table('service')).toEqual([
      ['biz-change', 3, 2, 2 / 3, 2, 0, 2,  2, 1, 1 / 2, 0, 0, 1, 1 / 2, 0, 0],
      ['biz-open', 3, 3, 1, 1, 2, 2,  2, 2, 1, 2, 1, 1, 1 / 2, 1, 1 / 2],
      ['social', ...social],
      TOTAL,
    ]);
    // prettier-ignore
    expect(table('department')).toEqual([
      ['hrss', ...social],
      ['market', 6, 5, 5 / 6, 3, 2, 4,  4, 3, 3 / 4, 2, 2 / 4, 2, 2 / 4, 1, 1 / 4],
      TOTAL,
    ]);
  });

  it('by hour', () => {
    // prettier-ignore
    expect(table('hour')).toEqual([
      ['09', 5, 4, 4 / 5, 2, 2, 2,  2, 2, 1, 1, 1 / 2, 2, 1, 1, 1 / 2],
      ['10', 5, 5, 1, 2, 2, 2,  2, 1, 1 / 2, 1, 1 / 2, 1, 1 / 2, 0, 0],
      ['11', 0, 0, null, 0, 0, 1,  1, 1, 1, 1, 1, 0, 0, 0, 0],
      TOTAL,
    ]);
  });

  it('by tag: the ratings that carried each, of which poor; no rating rate and no cases', () => {
    const r = reports.get('tag');
    const rows = r ? [...r.rows, r.total] : [];
    expect(rows.map((x) => [x.key, x.rated, x.ratings?.poor])).toEqual([
      ['attitude', 1, 1],
      ['errands', 1, 1],
      ['once', 1, 0],
      ['wait', 2, 2],
      ['warm', 2, 0],
      ['total', 7, 4],
    ]);
    for (const x of rows) {
      expect(x.ratings).toMatchObject({ ratingRate: null, cases: null, callbackRate: null });
      expect(x.served).toBe(0);
    }
  });
});
