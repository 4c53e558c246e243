/**
 * The `issue` phase's in-process path under the microscope (bench/README.md, "Less per issue"):
 * `Hub.execute` of `issue_ticket` on the demo hall in this process, no sockets, on a file in a
 * temporary folder (WAL, `synchronous=FULL`, as the hub runs). Prints the CPU per issue, the WAL
 * pages one issue's commit writes, and the bytes of the rows an issue leaves (the stored result,
 * the ticket); with `--profile`, a CPU profile of those issues (after `npm run build`):
 *
 *   npx tsx bench/issue-profile.ts [--issues 6000] [--sync off]
 *   npx tsx bench/issue-profile.ts --sync off --profile /tmp/issue.cpuprofile
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import type { Command } from '@onestop/shared';
import { DEMO_HALL, Hub, ISSUE_SERVICES } from './lib/hall.js';
import { walFramesPerCommit } from './lib/raw-sqlite.js';

const { values: args } = parseArgs({
  options: {
    issues: { type: 'string', default: '6000' },
    /**
     * `off`: the WAL's sync left out (`--durability async` with a sync that does nothing, through
     * `Hub.submit`), so a profile shows the CPU, not the wait for the disk. Never for a hall.
     */
    sync: { type: 'string', default: 'on' },
    /** A CPU profile of the measured issues alone (not the start), as a `.cpuprofile` file. */
    profile: { type: 'string' },
  },
});

/** For `--sync off`: reports the WAL synced without syncing it. */
function noDiskSync(_fd: number, done: (err: NodeJS.ErrnoException | null) => void): void {
  done(null);
}

const dir = mkdtempSync(join(tmpdir(), 'onestop-issue-profile-'));
try {
  const dbPath = join(dir, 'hall.sqlite');
  const noSync = args.sync === 'off';
  const hub = Hub.open({
    dbPath,
    config: DEMO_HALL,
    ...(noSync ? { durability: 'async' as const, syncFile: noDiskSync } : {}),
  });
  hub.rollDay();
  const actor = { kind: 'device', deviceId: 'bench', deviceKind: 'kiosk' } as const;
  let n = 0;
  const command = (): Command => ({
    type: 'issue_ticket',
    itinerary: [{ serviceIds: [ISSUE_SERVICES[n++ % ISSUE_SERVICES.length] ?? 'biz-open'] }],
    class: 'normal',
    appointment: null,
    accessToken: randomUUID(),
  });
  /** `Hub.execute`: its COMMIT syncs the WAL on the event loop, as the bench's in-process column. */
  const issue = (): void => {
    const outcome = hub.execute(actor, 'device:bench', randomUUID(), command());
    if (!outcome.ok) throw new Error(`issue failed: ${outcome.error.code}`);
  };
  /** `Hub.submit`, one at a time (a group of one), as a kiosk's command over a socket. */
  const submit = async (): Promise<void> => {
    const outcome = await hub.submit(actor, 'device:bench', randomUUID(), command());
    if (!outcome.ok) throw new Error(`issue failed: ${outcome.error.code}`);
  };
  const one = noSync
    ? submit
    : (): Promise<void> => {
        issue();
        return Promise.resolve();
      };
  for (let i = 0; i < 300; i++) await one(); // warm-up: JIT, the first pages
  const count = Number(args.issues);
  const session = args.profile === undefined ? null : new Session();
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const before = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < count; i++) await one();
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(before);
  if (session && args.profile !== undefined) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(args.profile, JSON.stringify(profile));
    session.disconnect();
  }
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
      `issues: ${count} in ${Math.round(wallMs)} ms, sync ${args.sync}`,
      `CPU per issue: ${((cpu.user + cpu.system) / 1000 / count).toFixed(3)} ms`,
      `WAL pages per issue commit: ${pages.toFixed(1)}`,
      `bytes: stored result ${resultBytes}, ticket row body ${ticketBytes}, ticket_issued body ${eventBytes}`,
    ].join('\n'),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
