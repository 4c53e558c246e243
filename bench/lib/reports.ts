/**
 * Admin reports over a large hall: generates a year of tickets straight into the `tickets`,
 * `ticket_steps` (one row per call; a transferred ticket has two) and `complaints` projections
 * of a fresh store (the shape the hub writes), closes each day as the
 * hub does (its report rollups are summed at close, as `AdminCommands` does on `day_closed`),
 * then times the report the admin console runs, for a month and for the whole year, by each
 * grouping, the evening the last day closed. A poor rating's case is never followed up here:
 * every case stays open, read live until its deadline passes (three weeks), counted and kept
 * after (`case_rollups`). Target (issue 6): a year of a large hall (≥ 3 million tickets) in
 * under a second.
 */
import { join } from 'node:path';
import type { ReportGrouping } from '@onestop/shared';
import { computeReport, DEMO_HALL, fillCaseRollups, fillRollups, Store } from '@onestop/hub';
import { median } from './util.js';

const MINUTE = 60_000;
const GROUPINGS: readonly ReportGrouping[] = ['service', 'window', 'staff', 'department', 'hour'];

export interface ReportTiming {
  range: 'a month' | 'the year';
  by: ReportGrouping;
  ms: number;
  rows: number;
  issued: number;
}

export interface ReportsResult {
  tickets: number;
  days: number;
  generateS: number;
  /** Summing one closed day's rollups (every grouping), as at day close. */
  closeDayMs: { median: number; max: number };
  timings: ReportTiming[];
  /** The slowest year report: the figure held to the target. */
  yearMaxMs: number;
  dbMb: number;
}

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/** When the hub closed the day: 18:00 in Asia/Shanghai. */
const closedAt = (day: string): number => Date.parse(`${day}T10:00:00Z`);

function businessDays(count: number): string[] {
  const days: string[] = [];
  const d = new Date(Date.UTC(2025, 0, 1));
  while (days.length < count) {
    const wd = d.getUTCDay();
    if (wd !== 0 && wd !== 6) days.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return days;
}

export function measureReports(opts: {
  dir: string;
  tickets: number;
  days?: number;
  log: (line: string) => void;
}): ReportsResult {
  const DAYS = opts.days ?? 250;
  const file = join(opts.dir, 'reports.sqlite');
  const store = Store.open(file);
  try {
    store.saveConfig(DEMO_HALL);
    const db = store.connection;
    const days = businessDays(DAYS);
    const services = DEMO_HALL.services;
    const windows = DEMO_HALL.windows;
    const clerks = DEMO_HALL.staff.filter((s) => s.role === 'clerk');
    const rnd = lcg(42);
    const insert = db.prepare(
      `INSERT INTO tickets (id, business_day, number, service_id, class, status, issued_at, called_at,
         started_at, finished_at, window_id, staff_code, call_reason, recall_count, rating_score, body)
       VALUES (?, ?, ?, ?, 'normal', ?, ?, ?, ?, ?, ?, ?, 'fifo', 0, ?, ?)`,
    );
    const step = db.prepare(
      `INSERT INTO ticket_steps (seq, ticket_id, business_day, service_id, window_id, staff_code,
         queued_at, called_at, started_at, ended_at, outcome, requeued_at, rating_score)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    let stepSeq = 0;
    const complaint = db.prepare(
      `INSERT INTO complaints (id, ticket_id, window_id, staff_code, service_id, score, opened_at,
         deadline_at, status, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', '{}')`,
    );
    const closeDay = db.prepare(
      `INSERT INTO days (business_day, status, opened_at, closed_at) VALUES (?, 'closed', ?, ?)`,
    );
    const perDay = Math.ceil(opts.tickets / DAYS);
    const started = performance.now();
    const closeMs: number[] = [];
    let made = 0;
    for (const day of days) {
      db.transaction(() => {
        const open = Date.parse(`${day}T01:00:00Z`); // 09:00 in Asia/Shanghai
        const seq = new Map<string, number>();
        let complaints = 0;
        for (let i = 0; i < perDay && made < opts.tickets; i++, made++) {
          const service = services[Math.floor(rnd() * services.length)] ?? services[0];
          if (!service) throw new Error('no services');
          const n = (seq.get(service.id) ?? 0) + 1;
          seq.set(service.id, n);
          const number = `${service.prefix}${String(n).padStart(3, '0')}`;
          const issuedAt = open + Math.floor(rnd() * 8 * 60) * MINUTE;
          const r = rnd();
          const status =
            r < 0.85 ? 'done' : r < 0.92 ? 'no_show' : r < 0.97 ? 'cancelled' : 'expired';
          const called = status === 'done' || status === 'no_show';
          const calledAt = called ? issuedAt + Math.floor(rnd() * 90) * MINUTE : null;
          const startedAt = status === 'done' && calledAt !== null ? calledAt + MINUTE : null;
          const finishedAt =
            startedAt !== null ? startedAt + (3 + Math.floor(rnd() * 20)) * MINUTE : null;
          const window = called ? windows[Math.floor(rnd() * windows.length)] : undefined;
          const clerk = called ? clerks[Math.floor(rnd() * clerks.length)] : undefined;
          const score = status === 'done' && rnd() < 0.6 ? 1 + Math.floor(rnd() * 5) : null;
          const id = `${day}/${number}`;
          const transferred = called && rnd() < 0.03;
          const transfers = transferred ? '[{"note":""}]' : '[]';
          insert.run(
            id,
            day,
            number,
            service.id,
            status,
            issuedAt,
            calledAt,
            startedAt,
            finishedAt,
            window?.id ?? null,
            clerk?.code ?? null,
            score,
            `{"transfers":${transfers}}`,
          );
          if (calledAt !== null && window && clerk) {
            let queuedAt = issuedAt;
            if (transferred) {
              // First called to another window, which transferred it 2 minutes later.
              const other = windows[Math.floor(rnd() * windows.length)] ?? window;
              const firstCall = issuedAt + Math.floor((calledAt - issuedAt) / 2);
              step.run(
                ++stepSeq,
                id,
                day,
                service.id,
                other.id,
                clerk.code,
                issuedAt,
                firstCall,
                firstCall,
                firstCall + 2 * MINUTE,
                'transferred',
                firstCall + 2 * MINUTE,
                null,
              );
              queuedAt = Math.min(calledAt, firstCall + 2 * MINUTE);
            }
            step.run(
              ++stepSeq,
              id,
              day,
              service.id,
              window.id,
              clerk.code,
              queuedAt,
              calledAt,
              startedAt,
              status === 'done' ? finishedAt : calledAt + 3 * MINUTE,
              status === 'done' ? 'done' : 'no_show',
              null,
              score,
            );
          }
          if (score !== null && score <= 2) {
            complaints += 1;
            complaint.run(
              `${day}/C${String(complaints).padStart(3, '0')}`,
              id,
              window?.id ?? 'w1',
              clerk?.code ?? null,
              service.id,
              score,
              finishedAt ?? issuedAt,
              (finishedAt ?? issuedAt) + 21 * 24 * 60 * MINUTE,
            );
          }
        }
        closeDay.run(day, Date.parse(`${day}T00:00:00Z`), closedAt(day));
      }).immediate();
      // The day is closed: its rollups are summed now, as the hub does on `day_closed`, and its
      // cases counted with those of the days whose cases stand still by now.
      const t0 = performance.now();
      fillRollups(store, { from: day, to: day });
      fillCaseRollups(store, DEMO_HALL, day, closedAt(day));
      closeMs.push(performance.now() - t0);
    }
    db.pragma('optimize');
    const generateS = (performance.now() - started) / 1000;
    opts.log(
      `  ${made.toLocaleString('en-US')} tickets over ${DAYS} business days, each closed with its rollups, in ${generateS.toFixed(1)} s`,
    );

    const first = days[0] ?? '';
    const last = days.at(-1) ?? '';
    // The manager reads the reports the evening the last day closed: its last three weeks'
    // cases are still open and not yet due (read live), the earlier ones overdue.
    const reportAt = closedAt(last) + 60 * MINUTE;
    const ranges: [ReportTiming['range'], string, string][] = [
      ['a month', first, days[20] ?? last],
      ['the year', first, last],
    ];
    const timings: ReportTiming[] = [];
    for (const [range, from, to] of ranges) {
      for (const by of GROUPINGS) {
        const t0 = performance.now();
        const report = computeReport(store, DEMO_HALL, { from, to, by }, reportAt);
        const ms = performance.now() - t0;
        timings.push({ range, by, ms, rows: report.rows.length, issued: report.total.issued });
        opts.log(
          `  ${range.padEnd(8)} by ${by.padEnd(10)} ${ms.toFixed(0).padStart(5)} ms  ${String(report.rows.length).padStart(3)} rows  ${report.total.issued.toLocaleString('en-US')} issued`,
        );
      }
    }
    const dbMb =
      (Number(db.pragma('page_count', { simple: true })) *
        Number(db.pragma('page_size', { simple: true }))) /
      1_048_576;
    return {
      tickets: made,
      days: DAYS,
      generateS,
      closeDayMs: { median: median(closeMs), max: Math.max(...closeMs) },
      timings,
      yearMaxMs: Math.max(...timings.filter((t) => t.range === 'the year').map((t) => t.ms)),
      dbMb,
    };
  } finally {
    store.close();
  }
}
