/**
 * `npm run simulate`: a day in a demo hall, fast, to watch on the hall display and the admin
 * console. See `npm run simulate -- --help` and README.md ("Watch a simulated day").
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { businessDayOf } from '@onestop/shared';
import { DEMO_HALL, DEMO_STAFF, Store } from '@onestop/hub';
import { helpAndExit, wholeOption } from './args.js';
import { checkLog } from './check.js';
import { zonedTime } from './clock.js';
import { formatSummary, runSimulation, type Credential } from './driver.js';
import { DemoHub } from './hub-process.js';
import { DEFAULT_PROFILE, clockText, hhmm } from './model.js';

const USAGE = `npm run simulate -- [options]

A demo hub with a fast clock (default), or a running hub (--url), driven by virtual visitors at
kiosks and virtual clerks at every window, over the hub's real Socket.IO protocol.

  --speed N          hall time runs N times as fast as real time (default 60: an hour a minute)
  --from HH:MM       hall time to start at (default 08:30; with --url: the hub's time)
  --to HH:MM         hall time to stop at (default 17:30, the doors close; the clerks serve who
                     is left, then the day is closed)
  --visitors N       visitors over the whole day (default ${DEFAULT_PROFILE.visitors})
  --seed N           the day's random seed (default 1): the same seed, the same visitors
  --kiosks N         kiosks (default 2)
  --date YYYY-MM-DD  the simulated business day (default today in the hall's timezone)
  --db PATH          the demo hub's SQLite file (default a temporary one, removed at the end)
  --port N           the demo hub's port (default 7810; 0: any free port)
  --host ADDR        the demo hub's address (default 127.0.0.1; 0.0.0.0 to watch from another machine)
  --exit             stop the demo hub when the day is over (default: it keeps running for the
                     reports until Ctrl+C)
  --keep-day-open    do not close the business day at the end
  --url URL          drive a running hub instead; it must run at --speed (onestop-hub
                     --clock-speed N, development only) or the simulator's times will be wrong
  --admin CODE:PIN   an admin's staff code and PIN (default the demo's ADMIN:8642)
  --clerks LIST      windows and clerks: w1=C01:1010,w2=C02:1020 (default the demo's twelve)
`;

function fail(message: string): never {
  console.error(`simulate: ${message}\n\n${USAGE}`);
  process.exit(64);
}

const { values: v } = parseArgs({
  options: {
    speed: { type: 'string', default: '60' },
    from: { type: 'string' },
    to: { type: 'string', default: '17:30' },
    visitors: { type: 'string', default: String(DEFAULT_PROFILE.visitors) },
    seed: { type: 'string', default: '1' },
    kiosks: { type: 'string', default: '2' },
    date: { type: 'string' },
    db: { type: 'string' },
    port: { type: 'string', default: '7810' },
    host: { type: 'string', default: '127.0.0.1' },
    exit: { type: 'boolean', default: false },
    'keep-day-open': { type: 'boolean', default: false },
    url: { type: 'string' },
    admin: { type: 'string', default: 'ADMIN:8642' },
    clerks: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
helpAndExit(v.help, USAGE);

const whole = (text: string, name: string, min: number, max: number): number =>
  wholeOption(text, name, [min, max], fail);
const time = (text: string, name: string): number => {
  try {
    return hhmm(text);
  } catch {
    return fail(`--${name} must be a time of day like 09:30`);
  }
};
const credential = (text: string, name: string): Credential => {
  const [staffCode, pin] = text.split(':');
  if (!staffCode || !pin) fail(`--${name} must be CODE:PIN`);
  return { staffCode, pin };
};

const speed = whole(v.speed, 'speed', 1, 100_000);
const to = time(v.to, 'to');
const profile = { ...DEFAULT_PROFILE, visitors: whole(v.visitors, 'visitors', 0, 100_000) };
const seed = whole(v.seed, 'seed', 0, 2 ** 31);
const kiosks = whole(v.kiosks, 'kiosks', 1, 50);
const admin = credential(v.admin, 'admin');
const clerks = v.clerks
  ? v.clerks.split(',').map((item) => {
      const [windowId, rest] = item.split('=');
      if (!windowId || !rest) return fail('--clerks must be like w1=C01:1010,w2=C02:1020');
      return { windowId, ...credential(rest, 'clerks') };
    })
  : DEMO_HALL.windows.map((w, i) => {
      const code = `C${String(i + 1).padStart(2, '0')}`;
      return {
        windowId: w.id,
        staffCode: code,
        pin: DEMO_STAFF.find((s) => s.code === code)?.pin ?? '',
      };
    });

const controller = new AbortController();
process.once('SIGINT', () => {
  console.log('\nsimulate: stopping (the clerks finish their visitors; Ctrl+C again to quit now)');
  controller.abort();
  process.once('SIGINT', () => process.exit(130));
});

async function main(): Promise<void> {
  let hub: DemoHub | null = null;
  let tempDir: string | null = null;
  let url = v.url ?? null;
  let dbPath: string | null = null;
  let startAt: number | null = null;
  if (!url) {
    const timezone = DEMO_HALL.hall.timezone;
    const day = v.date ?? businessDayOf(Date.now(), timezone);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) fail('--date must be YYYY-MM-DD');
    const from = time(v.from ?? clockText(profile.open), 'from');
    if (from >= to) fail('--from must be before --to');
    if (v.db) dbPath = resolve(v.db);
    else {
      tempDir = mkdtempSync(join(tmpdir(), 'onestop-sim-'));
      dbPath = join(tempDir, 'hall.sqlite');
    }
    // The hall clock starts early enough (15 real seconds, within the day) for the devices to be
    // set up and the clerks logged in before `from`.
    const lead = Math.min((speed * 15) / 60, from - 1);
    hub = await DemoHub.start({
      dbPath,
      host: v.host,
      port: whole(v.port, 'port', 0, 65535),
      speed,
      clockStart: zonedTime(day, from - lead, timezone),
    });
    startAt = from;
    url = hub.url;
    console.log(
      `Demo hub ${url} (pid ${hub.pid}), database ${dbPath}, hall clock ${speed}x from ${day} ${clockText(from)}`,
    );
    console.log('\nWatch it live (each pairing link works once):');
    for (const page of hub.pages.filter((p) => /display|admin/i.test(p.url))) {
      console.log(`  ${page.name.padEnd(28)} ${page.url}`);
    }
    console.log(
      '  admin login: ADMIN / 8642 (a session lasts 12 hall hours: log in again when it ends)\n',
    );
  } else if (v.from) {
    fail("--from is the hub's own time with --url; leave it out");
  }
  try {
    const summary = await runSimulation({
      url,
      admin,
      clerks,
      speed,
      profile,
      ...(startAt === null ? {} : { from: startAt }),
      until: to,
      closeDay: !v['keep-day-open'],
      seed,
      kiosks,
      log: (line) => console.log(line),
      signal: controller.signal,
    });
    console.log(`\n${formatSummary(summary).join('\n')}`);
    if (dbPath) {
      const store = Store.open(dbPath);
      try {
        const check = checkLog(store.eventsAfter(0, 10_000_000));
        console.log(
          `  hub log    ${check.events} events, ${check.issued} tickets, ${check.calls} calls: ${check.problems.length === 0 ? 'consistent' : `${check.problems.length} problem(s)`}`,
        );
        for (const p of check.problems) console.log(`    ${p}`);
        if (check.problems.length > 0) process.exitCode = 1;
      } finally {
        store.close();
      }
    }
    if (hub && !v.exit && !controller.signal.aborted) {
      console.log(
        `\nThe demo hub goes on running at ${url} (admin console: ${url}/admin, reports included). Ctrl+C to stop.`,
      );
      await new Promise<void>((resolve) => process.once('SIGINT', resolve));
    }
  } finally {
    await hub?.stop();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    console.error('simulate: failed', err);
    process.exit(1);
  },
);
