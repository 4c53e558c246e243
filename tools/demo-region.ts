/**
 * `npm run demo:region`: an embedded region (PGlite, --data DIR) and three demo halls linked to
 * it, each driven by the simulator at speed; prints the region's pages and the halls' consoles.
 * See `npm run demo:region -- --help` and docs/REGION.md ("A demo on one machine").
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { businessDayOf } from '@onestop/shared';
import { DEMO_HALL, DEMO_STAFF } from '@onestop/hub';
import { buildRegionServer, listen, migrate, openStore, Region } from '@onestop/region';
import { helpAndExit, wholeOption } from './simulate/args.js';
import { zonedTime } from './simulate/clock.js';
import { formatSummary, runSimulation } from './simulate/driver.js';
import { DemoHub } from './simulate/hub-process.js';
import { DEFAULT_PROFILE, clockText, hhmm } from './simulate/model.js';

const USAGE = `npm run demo:region -- [options]

An embedded region and three demo halls linked to it, each with the simulator at speed.

  --data DIR     the region's and the halls' files (default ./demo-region-data); run again
                 with the same folder and the halls' days add up in the region
  --port N       the region's port (default 7900; 0: any free port)
  --speed N      hall time runs N times as fast as real time (default 60: an hour a minute)
  --visitors N   visitors per hall over the day (default ${DEFAULT_PROFILE.visitors})
`;

function fail(message: string): never {
  console.error(`demo:region: ${message}\n\n${USAGE}`);
  process.exit(64);
}

const { values: v } = parseArgs({
  options: {
    data: { type: 'string', default: './demo-region-data' },
    port: { type: 'string', default: '7900' },
    speed: { type: 'string', default: '60' },
    visitors: { type: 'string', default: String(DEFAULT_PROFILE.visitors) },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
helpAndExit(v.help, USAGE);
const whole = (text: string, name: string, min: number, max: number): number =>
  wholeOption(text, name, [min, max], fail);
const port = whole(v.port, 'port', 0, 65535);
const speed = whole(v.speed, 'speed', 1, 10_000);
const visitors = whole(v.visitors, 'visitors', 0, 100_000);

const HALLS = ['东城区政务服务中心', '西城区政务服务中心', '南湖街道便民服务站'];

async function main(): Promise<void> {
  const dataDir = resolve(v.data);
  mkdirSync(dataDir, { recursive: true });
  // The region's embedded PostgreSQL in DIR/region (locked: one process at a time).
  const db = await openStore({ kind: 'pglite', dir: join(dataDir, 'region') });
  await migrate(db);
  const region = new Region(db);
  await region.watchHalls();
  const app = await buildRegionServer({ region });
  const url = await listen(app, '127.0.0.1', port);
  let changes = 0;
  region.onHallChanged(() => {
    changes += 1;
  });

  const hubs: DemoHub[] = [];
  const controller = new AbortController();
  // Ctrl+C or a SIGTERM: the simulations stop, then the halls and the region.
  const stopped = new Promise<void>((resolveStop) => {
    const stop = (): void => {
      console.log('\ndemo:region: stopping (Ctrl+C again to quit now)');
      controller.abort();
      process.once('SIGINT', () => process.exit(130));
      resolveStop();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  try {
    const timezone = DEMO_HALL.hall.timezone;
    const day = businessDayOf(Date.now(), timezone);
    const from = hhmm('08:30');
    const lead = Math.min((speed * 15) / 60, from - 1);
    for (const [i, name] of HALLS.entries()) {
      const dbPath = join(dataDir, `hall-${i + 1}.sqlite`);
      // A hall already linked (a second run on the same folder) keeps its link.
      const linked = (await region.listHalls()).find((h) => h.name === name);
      const args = ['--region', url];
      if (linked === undefined) args.push('--region-code', (await region.addHall(name)).code);
      hubs.push(
        await DemoHub.start({
          dbPath,
          host: '127.0.0.1',
          port: 0,
          speed,
          clockStart: zonedTime(day, from - lead, timezone),
          args,
        }),
      );
    }
    console.log(`OneStop region demo — 区域平台演示, data in ${dataDir}\n`);
    console.log(`  阳光政务 public page      ${url}/public/`);
    console.log(`  Public page in English    ${url}/public/?lang=en`);
    console.log(`  Region health             ${url}/api/health`);
    for (const [i, hub] of hubs.entries()) {
      console.log(`  ${HALLS[i] ?? ''} admin console  ${hub.url}/admin`);
    }
    console.log('  Hall admin login: ADMIN / 8642\n');
    console.log(`Simulating ${day} in each hall at ${speed}x from ${clockText(from)}…`);
    const clerks = DEMO_HALL.windows.map((w, i) => {
      const code = `C${String(i + 1).padStart(2, '0')}`;
      return {
        windowId: w.id,
        staffCode: code,
        pin: DEMO_STAFF.find((s) => s.code === code)?.pin ?? '',
      };
    });
    const summaries = await Promise.all(
      hubs.map((hub, i) =>
        runSimulation({
          url: hub.url,
          admin: { staffCode: 'ADMIN', pin: '8642' },
          clerks,
          speed,
          profile: { ...DEFAULT_PROFILE, visitors },
          from,
          until: hhmm('17:30'),
          closeDay: true,
          seed: i + 1,
          kiosks: 2,
          log: () => undefined,
          progressEvery: 0,
          signal: controller.signal,
        }),
      ),
    );
    for (const [i, summary] of summaries.entries()) {
      console.log(`\n${HALLS[i] ?? ''}\n${formatSummary(summary).join('\n')}`);
    }
    console.log(`\nThe region heard ${changes} committed batches. Ctrl+C to stop.`);
    await stopped;
  } finally {
    await Promise.all(hubs.map((h) => h.stop()));
    await app.close();
    await region.close();
    await db.close();
  }
}

await main();
