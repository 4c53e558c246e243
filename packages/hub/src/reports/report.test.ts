import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent, RatingScore, ReportGrouping, ReportRow, Ticket } from '@onestop/shared';
import { DEMO_HALL } from '../demo.js';
import { ReportQueries, Store } from '../store/index.js';
import {
  commitInput,
  complaint,
  openDay,
  DAY,
  ev,
  T0,
  tempDir,
  ticket,
  type TempDir,
} from '../store/test-helpers.js';
import { computeReport, fillRollups, percentileOfCounts } from './report.js';

const MINUTE = 60_000;
let tmp: TempDir;
let store: Store;
beforeEach(() => {
  tmp = tempDir();
  store = Store.open(tmp.file('hall.sqlite'));
});
afterEach(() => {
  store.close();
  tmp.remove();
});

describe('computeReport', () => {
  /*
   * A hand-made day of events (T0 is 09:00 in Asia/Shanghai; times in minutes after it):
   *
   * A001 biz-open, issued 0: called at w1 by C01 at 5 (wait 5), started 6, transferred to
   *   biz-change at 10; called at w2 by C02 at 20 for biz-change (wait 10, from the transfer),
   *   started 20, finished 30 (10 min), rated 4 for w2/C02/biz-change.
   * A002 biz-open then biz-change (two steps), issued 90 (10:30): called at w1 by C01 at 95
   *   (wait 5), started 96, finished 100 (4 min), step 2 queued at 100; rated 2 at once for
   *   w1/C01/biz-open (a complaint); called at w2 by C02 at 110 (wait 10), started 110,
   *   finished 120 (10 min), done.
   * A003 biz-open, issued 30, cancelled 35.
   * B001 biz-change, issued 0: called at w2 by C02 at 1 (wait 1), put back at 2; called again
   *   at 4 (wait 2, from the put-back), no-show at 5 (marked by w2).
   * C001 social, issued 0: called at w3 by C03 at 3 (wait 3), started 3, parked 5, unparked
   *   15; called at 20 (wait 5, from the unpark), started 20, finished 25 (5 min).
   */
  const at = (minutes: number) => T0 + minutes * MINUTE;
  const STAFF: Record<string, string> = { w1: 'C01', w2: 'C02', w3: 'C03' };
  const called = (id: string, windowId: string, serviceId: string, m: number): DomainEvent => ({
    type: 'ticket_called',
    ticketId: `${DAY}/${id}`,
    windowId,
    staffCode: STAFF[windowId] ?? '',
    serviceId,
    reason: 'fifo',
    at: at(m),
  });
  const started = (id: string, windowId: string, serviceId: string, m: number): DomainEvent => ({
    type: 'service_started',
    ticketId: `${DAY}/${id}`,
    windowId,
    serviceId,
    at: at(m),
  });
  const finished = (
    id: string,
    windowId: string,
    serviceId: string,
    m: number,
    next: string[] = [],
  ): DomainEvent => ({
    type: 'service_finished',
    ticketId: `${DAY}/${id}`,
    windowId,
    serviceId,
    nextQueueServiceIds: next,
    nextStepIndex: next.length > 0 ? 1 : 0,
    done: next.length === 0,
    at: at(m),
  });
  const rated = (
    id: string,
    windowId: string,
    serviceId: string,
    score: RatingScore,
    m: number,
  ): DomainEvent => ({
    type: 'rating_recorded',
    ticketId: `${DAY}/${id}`,
    rating: {
      score,
      reasons: [],
      at: at(m),
      windowId,
      staffCode: STAFF[windowId] ?? null,
      serviceId,
    },
    at: at(m),
  });
  const of = (id: string) => ({ ticketId: `${DAY}/${id}` });

  function playDay(): void {
    const issued = (number: string, serviceId: string, m: number, status: Ticket['status']) =>
      ticket({ number, id: `${DAY}/${number}`, serviceId, issuedAt: at(m), status });
    store.commit(
      commitInput({
        events: [ev.dayOpened(DAY, at(-30))],
        tickets: [
          issued('A001', 'biz-open', 0, 'done'),
          issued('A002', 'biz-open', 90, 'done'),
          issued('A003', 'biz-open', 30, 'cancelled'),
          issued('B001', 'biz-change', 0, 'no_show'),
          issued('C001', 'social', 0, 'done'),
        ],
      }),
    );
    const events: DomainEvent[] = [
      called('B001', 'w2', 'biz-change', 1),
      { type: 'ticket_requeued', ...of('B001'), windowId: 'w2', reason: 'put_back', at: at(2) },
      called('C001', 'w3', 'social', 3),
      started('C001', 'w3', 'social', 3),
      called('B001', 'w2', 'biz-change', 4),
      { type: 'ticket_no_show', ...of('B001'), windowId: 'w2', reason: 'marked', at: at(5) },
      called('A001', 'w1', 'biz-open', 5),
      { type: 'ticket_parked', ...of('C001'), windowId: 'w3', until: null, note: '', at: at(5) },
      started('A001', 'w1', 'biz-open', 6),
      {
        type: 'ticket_transferred',
        ...of('A001'),
        windowId: 'w1',
        fromServiceId: 'biz-open',
        toServiceId: 'biz-change',
        toWindowId: null,
        queueServiceIds: ['biz-change'],
        note: '',
        at: at(10),
      },
      { type: 'ticket_unparked', ...of('C001'), at: at(15) },
      called('A001', 'w2', 'biz-change', 20),
      started('A001', 'w2', 'biz-change', 20),
      called('C001', 'w3', 'social', 20),
      started('C001', 'w3', 'social', 20),
      finished('C001', 'w3', 'social', 25),
      finished('A001', 'w2', 'biz-change', 30),
      rated('A001', 'w2', 'biz-change', 4, 31),
      { type: 'ticket_cancelled', ...of('A003'), by: 'visitor', at: at(35) },
      called('A002', 'w1', 'biz-open', 95),
      started('A002', 'w1', 'biz-open', 96),
      finished('A002', 'w1', 'biz-open', 100, ['biz-change']),
      rated('A002', 'w1', 'biz-open', 2, 101),
      called('A002', 'w2', 'biz-change', 110),
      started('A002', 'w2', 'biz-change', 110),
      finished('A002', 'w2', 'biz-change', 120),
    ];
    for (const event of events) store.commit(commitInput({ events: [event] }));
    store.commit(
      commitInput({
        complaints: [
          complaint({
            id: `${DAY}/C001`,
            ticketId: `${DAY}/A002`,
            windowId: 'w1',
            staffCode: 'C01',
            serviceId: 'biz-open',
            score: 2,
            openedAt: at(101),
          }),
        ],
      }),
    );
  }

  const report = (by: ReportGrouping) =>
    computeReport(store, DEMO_HALL, { from: DAY, to: DAY, by });
  /** key, issued, served, no-show, cancelled, avg wait, p90 wait, avg service, transfers, rated, score, complaints */
  const figures = (r: ReportRow) => [
    r.key,
    r.issued,
    r.served,
    r.noShow,
    r.cancelled,
    r.avgWaitMs === null ? null : r.avgWaitMs / MINUTE,
    r.p90WaitMs === null ? null : r.p90WaitMs / MINUTE,
    r.avgServiceMs === null ? null : r.avgServiceMs / MINUTE,
    r.transfers,
    r.rated,
    r.avgScore,
    r.complaints,
  ];

  it('counts each call at its window, clerk and service, with the wait of its own queue', () => {
    playDay();
    const byWindow = report('window');
    expect(byWindow.rows.map(figures)).toEqual([
      // Tickets belong to no window: issued 5, A003 cancelled.
      ['(none)', 5, 0, 0, 1, null, null, null, 0, 0, null, 0],
      // A001's transfer (waits 5) and A002's first step (waits 5, served 4, rated 2, complaint).
      ['w1', 0, 1, 0, 0, 5, 5, 4, 1, 1, 2, 1],
      // A001 after its transfer (waits 10, 10 min), A002's second step (10, 10 min), B001
      // put back (1) then a no-show (2): waits 1, 2, 10, 10.
      ['w2', 0, 2, 1, 0, 5.75, 10, 10, 0, 1, 4, 0],
      // C001 before its park (3) and after it came back (5): served once, 5 min.
      ['w3', 0, 1, 0, 0, 4, 5, 5, 0, 0, null, 0],
    ]);
    // Eight calls waiting 1, 2, 3, 5, 5, 5, 10, 10 (41 min): the 90th percentile is the 8th.
    expect(figures(byWindow.total)).toEqual(['total', 5, 4, 1, 1, 41 / 8, 10, 29 / 4, 1, 2, 3, 1]);
    expect(report('staff').rows.map((r) => [r.key, r.served, r.transfers, r.rated])).toEqual([
      ['(none)', 0, 0, 0],
      ['C01', 1, 1, 1],
      ['C02', 2, 0, 1],
      ['C03', 1, 0, 0],
    ]);
    const byService = report('service');
    expect(byService.rows.map(figures)).toEqual([
      // B001, and the second service of A001 (transferred) and of A002 (second step).
      ['biz-change', 1, 2, 1, 0, 5.75, 10, 10, 0, 1, 4, 0],
      // A001 until its transfer, A002's first step; A003 cancelled.
      ['biz-open', 3, 1, 0, 1, 5, 5, 4, 1, 1, 2, 1],
      ['social', 1, 1, 0, 0, 4, 5, 5, 0, 0, null, 0],
    ]);
    expect(byService.total).toEqual(byWindow.total);
    // Tickets by the hour issued; calls by the hour the visitor joined their queue: A002 (10:30)
    // and its second step (10:40) in 10, with its rating's complaint. Waits in 09: A001 5 and
    // 10, B001 1 and 2, C001 3 and 5 (26 min over 6 calls); in 10: A002 5 and 10.
    expect(report('hour').rows.map(figures)).toEqual([
      ['09', 4, 2, 1, 1, 26 / 6, 10, 7.5, 1, 1, 4, 0],
      ['10', 1, 2, 0, 0, 7.5, 10, 7, 0, 1, 2, 1],
    ]);
    // Another day's tickets are outside the range.
    const before = computeReport(store, DEMO_HALL, {
      from: '2025-03-01',
      to: '2025-03-02',
      by: 'service',
    });
    expect(before.total.issued).toBe(0);
    expect(before.total.served).toBe(0);
  });

  it('gives the same figures from the rollups of the closed day as live', () => {
    playDay();
    const groupings: ReportGrouping[] = ['service', 'window', 'staff', 'department', 'hour', 'tag'];
    const live = groupings.map(report);
    store.commit(
      commitInput({
        events: [ev.dayClosed(DAY, at(600))],
        day: { businessDay: DAY, status: 'closed', openedAt: at(-30), closedAt: at(600) },
      }),
    );
    fillRollups(store, { from: DAY, to: DAY });
    const kept = store.connection.prepare('SELECT count(*) AS n FROM report_rollups').get();
    expect(kept).toEqual({ n: 5 });
    expect(groupings.map(report)).toEqual(live);
  });

  it('computes again a closed day kept before the poor ratings were summed', () => {
    playDay();
    const live = report('service');
    store.commit(
      commitInput({
        events: [ev.dayClosed(DAY, at(600))],
        day: { businessDay: DAY, status: 'closed', openedAt: at(-30), closedAt: at(600) },
      }),
    );
    // What an older hub kept: a bare array of groups without `poor`, and nothing in it.
    store.keepRollups([{ businessDay: DAY, grouping: 'service', closedAt: at(600), body: '[]' }]);
    expect(report('service')).toEqual(live);
    expect(live.total.ratings?.poor).toBeGreaterThan(0);
  });
});

describe("the reports' connection", () => {
  it("is read-only: the writing connection is refused, and the store's own cannot write", () => {
    expect(() => new ReportQueries(store.connection)).toThrow(/read-only/);
    const reader = new Database(store.path, { readonly: true, fileMustExist: true });
    try {
      expect(() => new ReportQueries(reader)).not.toThrow();
      expect(() => reader.exec('DELETE FROM report_rollups')).toThrow(/readonly/);
    } finally {
      reader.close();
    }
  });

  it('sees every command committed before the report, with no rollup kept for an open day', () => {
    store.commit(commitInput({ events: [ev.dayOpened(DAY, T0)], day: openDay() }));
    const issued = ticket({ id: `${DAY}/A001`, number: 'A001', issuedAt: T0 + MINUTE });
    store.commit(commitInput({ events: [ev.issued(issued)], tickets: [issued] }));
    expect(
      computeReport(store, DEMO_HALL, { from: DAY, to: DAY, by: 'service' }).total.issued,
    ).toBe(1);
    const kept = store.connection.prepare('SELECT count(*) AS n FROM report_rollups').get();
    expect(kept).toEqual({ n: 0 });
  });
});

describe('percentileOfCounts', () => {
  it('takes the nearest rank over counted values', () => {
    expect(percentileOfCounts(new Map(), 0.9)).toBeNull();
    expect(percentileOfCounts(new Map([[5, 1]]), 0.9)).toBe(5);
    // 1..10 once each: the 9th value.
    expect(percentileOfCounts(new Map(Array.from({ length: 10 }, (_, i) => [i + 1, 1])), 0.9)).toBe(
      9,
    );
    // 9 at 1 and 1 at 100: rank 9 is still 1; 8 and 2 makes rank 9 land on 100.
    expect(
      percentileOfCounts(
        new Map([
          [100, 1],
          [1, 9],
        ]),
        0.9,
      ),
    ).toBe(1);
    expect(
      percentileOfCounts(
        new Map([
          [1, 8],
          [100, 2],
        ]),
        0.9,
      ),
    ).toBe(100);
  });
});
