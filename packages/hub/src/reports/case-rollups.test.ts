import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HallConfig, ReportGrouping, ReportResult } from '@onestop/shared';
import { DEMO_HALL } from '../demo.js';
import { Store, type ReportQueries } from '../store/index.js';
import { tempDir, type TempDir } from '../store/test-helpers.js';
import { computeReport, fillCaseRollups, type ReportSource } from './report.js';

/*
 * The days' cases kept in `case_rollups`: a report gives the same figures from them as counted
 * live, reads live only the days not kept or not standing still, and counts a day again when
 * one of its cases is followed up or opened, or the hall's calendar changes.
 */

const HOUR = 3_600_000;
const DAY_MS = 24 * HOUR;
const DAYS = ['2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06'] as const;
const RANGE = { from: DAYS[0], to: DAYS[3] };
const GROUPINGS: readonly ReportGrouping[] = ['service', 'window', 'staff', 'hour', 'department'];
/** 10:00 in Asia/Shanghai on the day. */
const tenOn = (day: string): number => Date.parse(`${day}T02:00:00Z`);

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

/** Three cases a day: two poor ratings' (one without a call-back deadline of its own), one by hand. */
function seedCases(): void {
  const db = store.connection;
  const rated = db.prepare(
    `INSERT INTO complaints (id, ticket_id, window_id, staff_code, service_id, score, opened_at,
       deadline_at, status, body) VALUES (?, ?, ?, ?, ?, 1, ?, ?, 'open', ?)`,
  );
  const manual = db.prepare(
    `INSERT INTO manual_complaints (id, opened_at, deadline_at, opened_by, contact_masked, summary,
       service_id, window_id, staff_code, callback_due_at)
     VALUES (?, ?, ?, 'S01', '138****5678', 'rude', 'social', NULL, NULL, ?)`,
  );
  DAYS.forEach((day, i) => {
    const opened = tenOn(day);
    rated.run(
      `${day}/C001`,
      `${day}/A001`,
      'w1',
      'C01',
      'biz-open',
      opened,
      opened + 5 * DAY_MS,
      JSON.stringify({ callbackDueAt: opened + DAY_MS }),
    );
    rated.run(
      `${day}/C002`,
      `${day}/B001`,
      'w2',
      'C02',
      'biz-change',
      opened + i * HOUR,
      opened + 6 * DAY_MS,
      '{}',
    );
    manual.run(`${day}/M-001`, opened + 3 * HOUR, opened + 4 * DAY_MS, opened + 2 * DAY_MS);
  });
}

function act(complaintId: string, action: string, at: number): void {
  store.connection
    .prepare(
      `INSERT INTO complaint_actions (complaint_id, at, staff_code, action, text, done_by, done_at)
       VALUES (?, ?, 'S01', ?, 'x', 'S01', ?)`,
    )
    .run(complaintId, at, action, at);
}

/** The store as a report sees it, with the days' cases read live asked for logged. */
function logged(reads: string[]): ReportSource {
  const reports = Object.create(store.reports) as ReportQueries;
  reports.cases = (days) => {
    reads.push(days.from === days.to ? days.from : `${days.from}..${days.to}`);
    return store.reports.cases(days);
  };
  return {
    reports,
    keepRollups: (r) => store.keepRollups(r),
    keepCaseRollups: (r) => store.keepCaseRollups(r),
  };
}

/** Every case counted live, nothing read from or written to `case_rollups`. */
function live(): ReportSource {
  const reports = Object.create(store.reports) as ReportQueries;
  reports.keptCases = () => [];
  return { reports, keepRollups: () => undefined, keepCaseRollups: () => undefined };
}

function reportsOf(
  source: ReportSource,
  now: number,
  config: HallConfig = DEMO_HALL,
): ReportResult[] {
  return GROUPINGS.map((by) => computeReport(source, config, { ...RANGE, by }, now));
}

function rows(): { business_day: string; settled: number }[] {
  return store.connection
    .prepare(
      `SELECT business_day, settled_at <= computed_at AS settled FROM case_rollups ORDER BY 1`,
    )
    .all() as { business_day: string; settled: number }[];
}

describe('the days’ cases kept', () => {
  it('give the live figures while the cases move on, and are read once every case stands still', () => {
    seedCases();
    act(`${DAYS[0]}/C001`, 'callback', tenOn(DAYS[0]) + 2 * HOUR);
    act(`${DAYS[1]}/M-001`, 'callback', tenOn(DAYS[1]) + 3 * DAY_MS);
    const reads: string[] = [];
    const source = logged(reads);

    // The evening of the last day: every case pending or due soon, so each day is counted
    // live and kept with the instant it will stand still.
    const evening = tenOn(DAYS[3]) + 9 * HOUR;
    expect(reportsOf(source, evening)).toEqual(reportsOf(live(), evening));
    expect(rows()).toEqual(DAYS.map((business_day) => ({ business_day, settled: 0 })));
    reads.length = 0;
    expect(reportsOf(source, evening)).toEqual(reportsOf(live(), evening));
    expect(reads).toEqual(GROUPINGS.map(() => `${RANGE.from}..${RANGE.to}`));

    // A month on: every deadline passed. Counted live once more, kept as standing still, and
    // then read from the rows alone.
    const later = evening + 30 * DAY_MS;
    const figures = reportsOf(live(), later);
    expect(figures[0]?.total.ratings?.callbacksOnTime).toBe(1);
    reads.length = 0;
    expect(reportsOf(source, later)).toEqual(figures);
    expect(reads).toEqual([`${RANGE.from}..${RANGE.to}`]);
    expect(rows()).toEqual(DAYS.map((business_day) => ({ business_day, settled: 1 })));
    reads.length = 0;
    expect(reportsOf(source, later + HOUR)).toEqual(reportsOf(live(), later + HOUR));
    expect(reads).toEqual([]);

    // A late call-back on the second day and a complaint entered by hand for the third:
    // those days are counted again, the others still read from their rows.
    act(`${DAYS[1]}/C002`, 'callback', later + 2 * HOUR);
    store.connection
      .prepare(
        `INSERT INTO manual_complaints (id, opened_at, deadline_at, opened_by, contact_masked,
           summary) VALUES (?, ?, ?, 'S01', '139****0000', 'late')`,
      )
      .run(`${DAYS[2]}/M-002`, later, later + 4 * DAY_MS);
    const after = later + 3 * HOUR;
    const moved = reportsOf(live(), after);
    expect(moved[0]?.total.ratings?.callbacks).toBe(
      (figures[0]?.total.ratings?.callbacks ?? 0) + 1,
    );
    expect(moved[0]?.total.ratings?.cases).toBe((figures[0]?.total.ratings?.cases ?? 0) + 1);
    reads.length = 0;
    expect(reportsOf(source, after)).toEqual(moved);
    // The third day's new case is not due yet: that day is read live until it stands still.
    expect(reads).toEqual([`${DAYS[1]}..${DAYS[2]}`, ...GROUPINGS.slice(1).map(() => DAYS[2])]);
  });

  it('are counted at a day’s close, and again at a later close once they stand still', () => {
    seedCases();
    const closeOf = (day: string) => tenOn(day) + 8 * HOUR;
    fillCaseRollups(store, DEMO_HALL, DAYS[0], closeOf(DAYS[0]));
    expect(rows()).toEqual([{ business_day: DAYS[0], settled: 0 }]);
    expect(store.reports.settlingCases(closeOf(DAYS[3]))).toEqual([]);
    const later = closeOf(DAYS[0]) + 10 * DAY_MS;
    expect(store.reports.settlingCases(later)).toEqual([DAYS[0]]);
    fillCaseRollups(store, DEMO_HALL, DAYS[3], later);
    expect(rows()).toEqual([
      { business_day: DAYS[0], settled: 1 },
      { business_day: DAYS[3], settled: 1 },
    ]);
    expect(store.reports.settlingCases(later)).toEqual([]);
    const reads: string[] = [];
    const day0 = { from: DAYS[0], to: DAYS[0], by: 'staff' as const };
    expect(computeReport(logged(reads), DEMO_HALL, day0, later + HOUR)).toEqual(
      computeReport(live(), DEMO_HALL, day0, later + HOUR),
    );
    expect(reads).toEqual([]);
  });

  it('are not read for a time before they were counted, nor after the calendar changed', () => {
    seedCases();
    // Opened at 10:00 on Monday, called back at 11:00 on Tuesday: one working day late, in time
    // when Tuesday is a holiday (the case has no call-back deadline of its own).
    act(`${DAYS[0]}/C002`, 'callback', tenOn(DAYS[1]) + HOUR);
    const later = tenOn(DAYS[3]) + 30 * DAY_MS;
    const reads: string[] = [];
    const source = logged(reads);
    reportsOf(source, later);
    expect(rows().every((r) => r.settled === 1)).toBe(true);

    const before = tenOn(DAYS[3]) + 9 * HOUR;
    reads.length = 0;
    expect(reportsOf(source, before)).toEqual(reportsOf(live(), before));
    expect(reads).toHaveLength(GROUPINGS.length);
    expect(rows().every((r) => r.settled === 1)).toBe(true);

    const holiday: HallConfig = { ...DEMO_HALL, hall: { ...DEMO_HALL.hall, holidays: [DAYS[1]] } };
    const onTime = (r: ReportResult[]) => r[0]?.total.ratings?.callbacksOnTime;
    reads.length = 0;
    const withHoliday = reportsOf(source, later, holiday);
    expect(withHoliday).toEqual(reportsOf(live(), later, holiday));
    expect(onTime(withHoliday)).toBe((onTime(reportsOf(live(), later)) ?? 0) + 1);
    expect(reads).toEqual([`${RANGE.from}..${RANGE.to}`]);
    reads.length = 0;
    reportsOf(source, later, holiday);
    expect(reads).toEqual([]);
  });
});
