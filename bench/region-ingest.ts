/**
 * The region's ingest against a raw COPY of the same rows, in turns, with the CPU each side
 * spent (bench/README.md, "Region"): on a busy shared machine wall-clock figures move by the
 * minute, CPU time far less. Each round replays a busy day of `--halls` fresh halls at once
 * through `Region.ingest`, then the same rows raw with a COPY per batch (as `npm run bench`
 * does), and prints for each the wall time, this process's CPU (Node) and the PostgreSQL
 * server's (the postmaster and all its processes, from /proc), per event.
 *
 *   npx tsx bench/region-ingest.ts [--halls 20] [--tickets 1000] [--rounds 3] [--against DIST]
 *
 * `--against path/to/dist/index.js`: a second build of @onestop/region (e.g. the one before a
 * change) ingesting in turns with this one in every round (A, B, A, B…), on the same cluster.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Region, migrate, openPostgres, type RegionDb } from '@onestop/region';
import { startPgCluster } from '@onestop/region/testing';
import { hallDay, ingestAll, rawAll } from './lib/region.js';

const { values: args } = parseArgs({
  options: {
    halls: { type: 'string', default: '20' },
    tickets: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
    against: { type: 'string' },
  },
});

/** utime + stime (+ reaped children's) of a process, in ms (clock ticks of 10 ms). */
function procCpuMs(pid: number, children: boolean): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields from 3 (state): utime is 14, stime 15, cutime 16, cstime 17 → index 11..14 here.
    const own = Number(f[11]) + Number(f[12]);
    return (own + (children ? Number(f[13]) + Number(f[14]) : 0)) * 10;
  } catch {
    return 0;
  }
}

function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

/** The server's CPU so far: the postmaster, the processes it reaped and those it runs. */
function serverCpuMs(postmaster: number): number {
  let ms = procCpuMs(postmaster, true);
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === postmaster) continue;
    try {
      if (parentOf(pid) === postmaster) ms += procCpuMs(pid, false);
    } catch {
      // gone meanwhile
    }
  }
  return ms;
}

interface Sample {
  wallS: number;
  nodeMs: number;
  pgMs: number;
}

async function measured(postmaster: number, run: () => Promise<number>): Promise<Sample> {
  const cpu = process.cpuUsage();
  const pg0 = serverCpuMs(postmaster);
  const wallS = await run();
  const used = process.cpuUsage(cpu);
  return { wallS, nodeMs: (used.user + used.system) / 1000, pgMs: serverCpuMs(postmaster) - pg0 };
}

const cluster = await startPgCluster();
try {
  const url = await cluster.createDatabase();
  const db: RegionDb = openPostgres(url, { max: 10 });
  try {
    await migrate(db);
    await db.query('CREATE TABLE raw_events (LIKE events INCLUDING DEFAULTS)');
    await db.query('ALTER TABLE raw_events ADD PRIMARY KEY (hall_id, history_id, seq, at)');
    const backend = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const postmaster = parentOf(backend.rows[0]?.pid ?? 0);
    const day = hallDay(Number(args.tickets));
    const halls = Number(args.halls);
    const events = day.length * halls;
    const kinds: { name: string; region: Region }[] = [{ name: 'this', region: new Region(db) }];
    if (args.against !== undefined) {
      const other = (await import(pathToFileURL(resolve(args.against)).href)) as {
        Region: typeof Region;
      };
      kinds.push({ name: 'against', region: new other.Region(db) });
    }
    const line = (name: string, s: Sample): void =>
      console.log(
        `  ${name.padEnd(8)} ${s.wallS.toFixed(2).padStart(6)} s ${Math.round(events / s.wallS)
          .toString()
          .padStart(
            7,
          )}/s  node ${((s.nodeMs * 1000) / events).toFixed(1).padStart(5)} µs/evt  pg ${((s.pgMs * 1000) / events).toFixed(1).padStart(5)} µs/evt  both ${(((s.nodeMs + s.pgMs) * 1000) / events).toFixed(1).padStart(5)} µs/evt`,
      );
    console.log(`${halls} halls x ${day.length} events per round (${events}), batches of 500`);
    let n = 0;
    const newHalls = async (region: Region): Promise<string[]> => {
      const ids: string[] = [];
      for (let i = 0; i < halls; i++) ids.push((await region.addHall(`大厅${n++}`)).hallId);
      return ids;
    };
    for (let round = 1; round <= Number(args.rounds); round++) {
      console.log(`round ${round} (load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]})`);
      const raw = await newHalls(kinds[0]!.region);
      line('COPY', await measured(postmaster, () => rawAll(url, raw, day)));
      for (const kind of round % 2 === 1 ? kinds : [...kinds].reverse()) {
        const ids = await newHalls(kind.region);
        line(kind.name, await measured(postmaster, () => ingestAll(kind.region, ids, day)));
      }
    }
  } finally {
    await db.close();
  }
} finally {
  await cluster.stop();
}
