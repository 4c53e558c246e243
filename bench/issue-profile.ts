/**
 * The `issue` phase's in-process path under the microscope (bench/README.md, "Less per issue"):
 * `Hub.execute` of `issue_ticket` on the demo hall in this process, no sockets, on a file in a
 * temporary folder (WAL, `synchronous=FULL`, as the hub runs). Prints the CPU per issue, the WAL
 * pages one issue's commit writes, and the bytes of the rows an issue leaves (the stored result,
 * the ticket). Run it under `node --cpu-prof` for the profile (after `npm run build`):
 *
 *   npx tsx bench/issue-profile.ts [--issues 6000]
 *   node --cpu-prof --cpu-prof-dir /tmp/prof --import tsx bench/issue-profile.ts
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { DEMO_HALL, Hub, ISSUE_SERVICES } from './lib/hall.js';
import { walFramesPerCommit } from './lib/raw-sqlite.js';

const { values: args } = parseArgs({
  options: {
    issues: { type: 'string', default: '6000' },
  },
});

const dir = mkdtempSync(join(tmpdir(), 'onestop-issue-profile-'));
try {
  const dbPath = join(dir, 'hall.sqlite');
  const hub = Hub.open({ dbPath, config: DEMO_HALL });
  hub.rollDay();
  const actor = { kind: 'device', deviceId: 'bench', deviceKind: 'kiosk' } as const;
  let n = 0;
  const issue = (): void => {
    const outcome = hub.execute(actor, 'device:bench', randomUUID(), {
      type: 'issue_ticket',
      itinerary: [{ serviceIds: [ISSUE_SERVICES[n % ISSUE_SERVICES.length] ?? 'biz-open'] }],
      class: 'normal',
      appointment: null,
      accessToken: randomUUID(),
    });
    if (!outcome.ok) throw new Error(`issue failed: ${outcome.error.code}`);
    n++;
  };
  for (let i = 0; i < 300; i++) issue(); // warm-up: JIT, the first pages
  const count = Number(args.issues);
  const before = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < count; i++) issue();
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(before);
  const pages = walFramesPerCommit(dbPath, issue, 50);
  const sizes = new Database(dbPath, { readonly: true });
  const avg = (sql: string): number => Math.round(sizes.prepare(sql).pluck().get() as number);
  const resultBytes = avg('SELECT avg(length(result)) FROM command_results');
  const ticketBytes = avg('SELECT avg(length(body)) FROM tickets');
  const eventBytes = avg(`SELECT avg(length(body)) FROM events WHERE type = 'ticket_issued'`);
  sizes.close();
  hub.close();
  console.log(
    [
      `issues: ${count} in ${Math.round(wallMs)} ms `,
      `CPU per issue: ${((cpu.user + cpu.system) / 1000 / count).toFixed(3)} ms`,
      `WAL pages per issue commit: ${pages.toFixed(1)}`,
      `bytes: stored result ${resultBytes}, ticket row body ${ticketBytes}, ticket_issued body ${eventBytes}`,
    ].join('\n'),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
