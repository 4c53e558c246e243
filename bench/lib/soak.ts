import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { businessDayOf, type HealthResponse } from '@onestop/shared';
import { checkLog } from '../../tools/simulate/check.js';
import { zonedTime } from '../../tools/simulate/clock.js';
import { runSimulation } from '../../tools/simulate/driver.js';
import { DemoHub } from '../../tools/simulate/hub-process.js';
import { DEFAULT_PROFILE } from '../../tools/simulate/model.js';
import { Store } from '@onestop/hub';
import { connectBare, connectMany, handshake, type Display } from './displays.js';
import { DEMO_HALL, pairAll, pinOf, registerDevices, WINDOWS } from './hall.js';
import { rssBytes, sleep } from './util.js';

export interface SoakOptions {
  dir: string;
  /** Simulated business days, one after the other (each closed, the night passes, the next opens). */
  days: number;
  speed: number;
  visitors: number;
  displays: number;
  log: (line: string) => void;
}

export interface SoakDay {
  businessDay: string;
  issued: number;
  commands: number;
  /** Hub RSS after the day was closed (MB), and of it anonymous memory (heaps) and mapped files. */
  rssMb: number;
  anonMb: number;
  fileMb: number;
}

export interface SoakResult {
  days: SoakDay[];
  /** Mean RSS (MB) after the first third of the days (day 1 left out from 3 days on) and the last third. */
  early: number;
  late: number;
  /** late against early. */
  growth: number;
  realSeconds: number;
  logProblems: string[];
  events: number;
  /** Why the soak ended before its last day (a day not closed, or the next never opened), or null. */
  stopped: string | null;
}

const DAY_MS = 24 * 3_600_000;

/** RssAnon and RssFile of a process (Linux), in MB. */
function rssParts(pid: number): { anonMb: number; fileMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string): number =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { anonMb: kb('RssAnon') / 1024, fileMb: kb('RssFile') / 1024 };
}

async function health(url: string): Promise<HealthResponse> {
  const res = await fetch(`${url}/api/health`);
  return (await res.json()) as HealthResponse;
}

/**
 * Whole hall days, one after another, on one demo hub with a fast clock and displays watching:
 * the hub's memory after each day's close. Growth from the first day to the last is what a
 * hub running for weeks would keep.
 */
export async function measureSoak(options: SoakOptions): Promise<SoakResult> {
  const { dir, log } = options;
  const started = performance.now();
  const dbPath = join(dir, 'soak.sqlite');
  const devices = registerDevices(dbPath, [{ kind: 'display', count: options.displays }]);
  const tz = DEMO_HALL.hall.timezone;
  const open = DEFAULT_PROFILE.open;
  const lead = Math.min((options.speed * 20) / 60, open - 1);
  const hub = await DemoHub.start({
    dbPath,
    host: '127.0.0.1',
    port: 0,
    speed: options.speed,
    clockStart: zonedTime(businessDayOf(Date.now(), tz), open - lead, tz),
  });
  let displays: Display[] = [];
  const days: SoakDay[] = [];
  let stopped: string | null = null;
  try {
    const tokens = await pairAll(hub.url, devices);
    displays = await connectMany(options.displays, (i) =>
      connectBare(hub.url, handshake(tokens[i] ?? ''), () => {}, null),
    );
    for (let d = 0; d < options.days; d++) {
      // The hub opens the next business day by itself once its clock passes midnight.
      // A whole hall day of the fast clock twice over, and a minute: a hub that has not opened
      // the next day by then will not (the soak says so rather than wait for ever).
      const previous = days[days.length - 1]?.businessDay ?? '';
      const deadline = performance.now() + (2 * DAY_MS) / options.speed + 60_000;
      let opened = false;
      while (!opened && performance.now() < deadline) {
        const h = await health(hub.url);
        opened = h.businessDay !== null && h.businessDay > previous && h.dayStatus === 'open';
        if (!opened) await sleep(100);
      }
      if (!opened) {
        stopped = `the hub did not open day ${d + 1} (after ${previous || 'its start'})`;
        break;
      }
      const summary = await runSimulation({
        url: hub.url,
        admin: { staffCode: 'ADMIN', pin: pinOf('ADMIN') },
        clerks: WINDOWS.map((w) => ({ ...w, pin: pinOf(w.staffCode) })),
        speed: options.speed,
        profile: { ...DEFAULT_PROFILE, visitors: options.visitors },
        from: open,
        until: DEFAULT_PROFILE.close,
        closeDay: true,
        seed: 100 + d,
        kiosks: 2,
        log: () => {},
        progressEvery: 0,
        deviceLabel: `soak ${d + 1}`,
      });
      await sleep(1_000);
      const rssMb = rssBytes(hub.pid).rss / 1024 / 1024;
      const { anonMb, fileMb } = rssParts(hub.pid);
      const businessDay = (await health(hub.url)).businessDay ?? '?';
      days.push({
        businessDay,
        issued: summary.issued,
        commands: summary.commands,
        rssMb,
        anonMb,
        fileMb,
      });
      log(
        `    day ${d + 1} (${businessDay}): ${summary.issued} tickets, ${summary.commands} commands, ${summary.dayClosed ? 'closed' : 'NOT closed'}; hub RSS ${rssMb.toFixed(1)} MB (anonymous ${anonMb.toFixed(1)}, files ${fileMb.toFixed(1)})`,
      );
      if (!summary.dayClosed) {
        // An open day is never followed by the next: the simulator could not keep up with the
        // fast clock (a busy machine) and ran out of hall time before closing.
        stopped = `day ${d + 1} was not closed: the simulator could not keep up with ${options.speed}x`;
        break;
      }
    }
    if (stopped !== null) log(`    soak stopped: ${stopped}`);
  } finally {
    for (const x of displays) x.close();
    await hub.stop();
  }
  const store = Store.open(dbPath);
  let check;
  try {
    check = checkLog(store.eventsAfter(0, 50_000_000));
  } finally {
    store.close();
  }
  // The collector gives memory back now and then, so a single day says little: the mean of the
  // last third of the days against the first third (day 1, the warm-up, left out from 3 days on).
  const warm = days.length >= 3 ? days.slice(1) : days;
  const k = Math.max(1, Math.floor(warm.length / 3));
  const mean = (list: SoakDay[]): number => list.reduce((s, d) => s + d.rssMb, 0) / list.length;
  const early = mean(warm.slice(0, k));
  const late = mean(warm.slice(-k));
  return {
    days,
    early,
    late,
    growth: (late - early) / early,
    realSeconds: (performance.now() - started) / 1000,
    logProblems: check.problems,
    events: check.events,
    stopped,
  };
}
