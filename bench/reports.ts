/**
 * Admin reports over a large hall: generates a year of tickets straight into the `tickets` and
 * `complaints` projections of a fresh store (the shape the hub writes), then times the report
 * the admin console runs, for a month and for the whole year, by each grouping.
 *
 *   npx tsx bench/reports.ts                    # 3,000,000 tickets over 250 business days
 *   npx tsx bench/reports.ts --tickets 300000   # a quicker run
 *
 * Target (issue 6): a year of a large hall (≥ 3 million tickets) answers in under a second.
 * Closed days are summed once into `report_rollups` (the first report over them pays for it);
 * the "again" column is what every later report over those days costs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportGrouping } from '@onestop/shared';
import { DEMO_HALL } from '../packages/hub/src/demo.js';
import { computeReport } from '../packages/hub/src/reports/report.js';
import { Store } from '../packages/hub/src/store/index.js';

const arg = process.argv.indexOf('--tickets');
const TICKETS = arg > 0 ? Number(process.argv[arg + 1]) : 3_000_000;
const DAYS = 250;
const MINUTE = 60_000;

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

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

const dir = mkdtempSync(join(tmpdir(), 'onestop-report-bench-'));
try {
  const store = Store.open(join(dir, 'hall.sqlite'));
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
  const complaint = db.prepare(
    `INSERT INTO complaints (id, ticket_id, window_id, staff_code, service_id, score, opened_at,
       deadline_at, status, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', '{}')`,
  );
  const perDay = Math.ceil(TICKETS / DAYS);
  const started = performance.now();
  let made = 0;
  for (const day of days) {
    db.transaction(() => {
      const open = Date.parse(`${day}T01:00:00Z`); // 09:00 in Asia/Shanghai
      const seq = new Map<string, number>();
      let complaints = 0;
      for (let i = 0; i < perDay && made < TICKETS; i++, made++) {
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
        const transfers = rnd() < 0.03 ? '[{"note":""}]' : '[]';
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
    }).immediate();
  }
  // Every generated day is over: closed, as the hub records it at day close.
  const closeDay = db.prepare(
    `INSERT INTO days (business_day, status, opened_at, closed_at) VALUES (?, 'closed', ?, ?)`,
  );
  db.transaction(() => {
    for (const day of days)
      closeDay.run(day, Date.parse(`${day}T00:00:00Z`), Date.parse(`${day}T10:00:00Z`));
  })();
  db.pragma('optimize');
  const generatedS = (performance.now() - started) / 1000;
  console.log(
    `${made.toLocaleString('en-US')} tickets over ${DAYS} business days in ${generatedS.toFixed(1)} s`,
  );

  const first = days[0] ?? '';
  const last = days.at(-1) ?? '';
  const month = days.slice(0, 21);
  const ranges: [string, string, string][] = [
    ['a month', first, month.at(-1) ?? first],
    ['the year', first, last],
  ];
  const groupings: ReportGrouping[] = ['service', 'window', 'staff', 'department', 'hour'];
  console.log('range     | by         | first ms (fills day rollups) | again ms | rows | issued');
  for (const [label, from, to] of ranges) {
    for (const by of groupings) {
      const t0 = performance.now();
      computeReport(db, DEMO_HALL, { from, to, by });
      const t1 = performance.now();
      const report = computeReport(db, DEMO_HALL, { from, to, by });
      const t2 = performance.now();
      console.log(
        `${label.padEnd(9)} | ${by.padEnd(10)} | ${(t1 - t0).toFixed(0).padStart(28)} | ${(t2 - t1).toFixed(0).padStart(8)} | ${String(report.rows.length).padStart(4)} | ${report.total.issued}`,
      );
    }
  }
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
