/**
 * The reports part of the benchmark on its own (`npm run bench -- --only reports` runs it in the
 * table with its target):
 *
 *   npx tsx bench/reports.ts                    # 3,000,000 tickets over 250 business days
 *   npx tsx bench/reports.ts --tickets 300000   # a quicker run
 *
 * It imports the hub from its build: run `npx tsc -b` first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureReports } from './lib/reports.js';

const arg = process.argv.indexOf('--tickets');
const tickets = arg > 0 ? Number(process.argv[arg + 1]) : 3_000_000;
const dir = mkdtempSync(join(tmpdir(), 'onestop-report-bench-'));
try {
  const r = measureReports({ dir, tickets, log: (line) => console.log(line) });
  console.log(
    `slowest report over the year: ${r.yearMaxMs.toFixed(0)} ms (target < 1000 ms); day close rollups: median ${r.closeDayMs.median.toFixed(1)} ms, max ${r.closeDayMs.max.toFixed(1)} ms; database ${r.dbMb.toFixed(0)} MB`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
