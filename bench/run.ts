/**
 * OneStop hub benchmark: `npm run bench` (about 10 minutes), `npm run bench -- --quick` (under 3
 * minutes, smaller loads: a smoke run, not figures to quote) or `-- --long` (a long soak).
 *
 * Each figure is measured against a baseline in the same run and printed as a ratio:
 *   1. durable ticket issues per second      vs raw better-sqlite3 INSERT commits (same pragmas)
 *   2. call-to-display latency, many displays vs a bare Socket.IO relay (same clients, same rate)
 *   3. hub memory (RSS) idle, 1,000 and 2,000 displays
 *   4. hub start (spawn → /api/health), empty and busy-day database; Hub.open in-process
 *   5. admin reports over a year of a large hall (3 million tickets; --quick 300,000)
 *   6. the hall simulator's day (tools/simulate) on a hub with a fast clock vs the relay replaying it
 *   7. a stress profile of the same (three times the visitors, more displays)
 *   8. displays per hub within a p99 call-to-display threshold, vs the relay
 *   9. hub memory over a soak of simulated days (< 10% growth in --long)
 *  10. 1,000 displays reconnecting after a hub restart, vs the relay
 * The figures go to bench/results/<time>.json and latest.json. Traffic stays on 127.0.0.1.
 *
 * The hub runs as a child process from its build (packages/hub/dist/cli.js); the bench itself
 * runs under tsx and imports the hub's modules from the same build.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureDisplayLoad, type DisplayLoadResult } from './lib/display-load.js';
import { measureIssueRate, type IssueResult } from './lib/issue.js';
import { measureReports, type ReportsResult } from './lib/reports.js';
import { measureCapacity, type CapacityResult } from './lib/capacity.js';
import { measureReconnect, type ReconnectResult } from './lib/reconnect.js';
import { measureRegion, type RegionBenchResult } from './lib/region.js';
import { loopText, measureSimLoad, type SimLoadResult } from './lib/sim-load.js';
import { measureSoak, type SoakResult } from './lib/soak.js';
import { ROOT } from './lib/paths.js';
import { BusyLoad } from './lib/busy-load.js';
import { atLeast, atMost, fmt, renderTable, type Row } from './lib/report.js';
import { measureStart, type StartResult } from './lib/start.js';
import { fdLimits, median } from './lib/util.js';

const PHASES = [
  'issue',
  'displays',
  'start',
  'reports',
  'hall',
  'stress',
  'clients',
  'soak',
  'reconnect',
  'region',
] as const;
type Phase = (typeof PHASES)[number];

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
    long: { type: 'boolean', default: false },
    busy: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(`npm run bench [-- --quick | --long] [-- --only ${PHASES.join(',')}] [-- --keep]
  --quick   a short smoke run (under 3 minutes) with smaller loads
  --long    the full run with a long soak (many simulated days; target: < 10% memory growth)
  --only    run some of the phases: ${PHASES.join(', ')}
  --keep    keep the temporary folder (databases) and print where it is
  --busy    run beside a second load (a core kept busy computing, the disk written and synced)
            and compare with a run without it`);
  process.exit(0);
}
const quick = args.quick === true;
const long = args.long === true && !quick;
const busyLoad = args.busy === true;
const only = new Set<Phase>(
  args.only
    ? args.only.split(',').map((p) => {
        if (!(PHASES as readonly string[]).includes(p)) throw new Error(`--only: no phase "${p}"`);
        return p as Phase;
      })
    : PHASES,
);

const PLAN = quick
  ? {
      issue: { kiosks: 16, rounds: 2, sliceS: 1 },
      displays: {
        displays: 200,
        moreDisplays: 200,
        ticketsPerService: 30,
        rate: 4,
        seconds: 4,
        segments: 2,
        hubClientRun: false,
        settleMs: 500,
      },
      start: { tickets: 1000, repeats: 1 },
      reports: { tickets: 300_000 },
      hall: { speed: 600, visitors: 450, from: '09:30', until: '10:30', displays: 50 },
      stress: { speed: 1200, visitors: 1350, from: '09:30', until: '10:30', displays: 50 },
      clients: { steps: [100, 400], thresholdMs: 250, rate: 4, seconds: 2 },
      soak: { days: 2, speed: 7200, visitors: 300, displays: 20 },
      reconnect: { clients: 300, rounds: 3 },
      region: {
        halls: 10,
        tickets: 300,
        reportHalls: 100,
        reportDays: 60,
        live: { halls: 20, preload: 500, seconds: 15 },
      },
    }
  : {
      issue: { kiosks: 16, rounds: 5, sliceS: 2 },
      displays: {
        displays: 1000,
        moreDisplays: 1000,
        ticketsPerService: 50,
        rate: 4,
        seconds: 20,
        segments: 4,
        hubClientRun: true,
        settleMs: 1500,
      },
      start: { tickets: 3000, repeats: 3 },
      reports: { tickets: 3_000_000 },
      hall: { speed: 600, visitors: 450, from: '08:30', until: '17:30', displays: 200 },
      stress: { speed: 1200, visitors: 1350, from: '08:30', until: '17:30', displays: 100 },
      clients: { steps: [500, 1000, 2000, 4000], thresholdMs: 250, rate: 4, seconds: 5 },
      soak: long
        ? { days: 20, speed: 3600, visitors: 450, displays: 50 }
        : { days: 4, speed: 3600, visitors: 450, displays: 50 },
      reconnect: { clients: 1000, rounds: 3 },
      region: {
        halls: 100,
        tickets: 1000,
        reportHalls: 100,
        reportDays: 365,
        live: { halls: 100, preload: 2000, seconds: 60 },
      },
    };

const TARGETS = {
  issueShareOfRaw: 0.7,
  p99OfRelay: 1.5,
  rssMb2000: 300,
  startMs: 1000,
  yearReportMs: 1000,
  /** The simulator's load: p99 call→display against the relay replaying the same batches. */
  simP99OfRelay: 1.5,
  /** Clients per hub: at least half of what the bare relay holds within the threshold. */
  clientsShareOfRelay: 0.5,
  /** Soak: hub RSS after the last simulated day against after the first (held in --long). */
  soakGrowth: 0.1,
  /** 1,000 displays back and resynced after a restart: within 2x the relay's reconnect. */
  reconnectOfRelay: 2,
  /** Region: events ingested (with projections) against a raw COPY of them. */
  regionIngestOfRaw: 0.5,
  /** Region: a year's report over 100 halls from rollups, slowest grouping. */
  regionYearReportMs: 2000,
  /** Region: a hall's commit → the regional console's live board, p99, 100 halls streaming. */
  regionLiveP99Ms: 1000,
};

/** Sockets: each display is one in this process and one in the hub (or relay) child. */
const FDS_NEEDED = 4096;

/**
 * 2,000 displays need about 2,100 open files in this process and as many in the hub child.
 * Node raises its own soft limit to the hard limit when it starts (and children inherit it), so
 * only a low hard limit stops the bench; say so rather than fail halfway with EMFILE.
 */
function ensureFileDescriptors(): void {
  const { soft, hard } = fdLimits();
  if (soft >= FDS_NEEDED) return;
  console.error(
    `bench: needs ${FDS_NEEDED} open files per process (2,000 sockets in the hub and in the bench); the limit is ${soft} (hard ${hard}). Raise it (as root: ulimit -Hn 8192; in a service unit: LimitNOFILE=8192) and run again.`,
  );
  process.exit(1);
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
  } catch {
    return 'unknown';
  }
}

const log = (line: string): void => console.log(line);

function issueRows(r: IssueResult): Row[] {
  const ratio = r.hub.perSecond / r.raw.perSecond;
  const local = r.inProcess.perSecond / r.raw.perSecond;
  return [
    {
      metric: `Durable issues/s (${r.kiosks} kiosks)`,
      hub: fmt.rate(r.hub.perSecond),
      baseline: `raw INSERT ${fmt.rate(r.raw.perSecond)}`,
      ratio: fmt.ratio(ratio),
      target: `>= ${TARGETS.issueShareOfRaw}x raw`,
      ...atLeast(
        ratio,
        TARGETS.issueShareOfRaw,
        `needs ${fmt.rate(TARGETS.issueShareOfRaw * r.raw.perSecond)}`,
      ),
    },
    {
      metric: '  same, HubClient kiosks (mirrors folded in the bench)',
      hub: fmt.rate(r.hubClient.perSecond),
      baseline: `raw INSERT ${fmt.rate(r.raw.perSecond)}`,
      ratio: fmt.ratio(r.hubClient.perSecond / r.raw.perSecond),
      target: 'info',
      pass: null,
      miss: '',
    },
    {
      metric: '  same, --durability inline (WAL synced in the COMMIT)',
      hub: fmt.rate(r.inline.perSecond),
      baseline: `raw INSERT ${fmt.rate(r.raw.perSecond)}`,
      ratio: fmt.ratio(r.inline.perSecond / r.raw.perSecond),
      target: 'info',
      pass: null,
      miss: '',
    },
    {
      metric: '  same, Hub.execute in-process (no sockets)',
      hub: fmt.rate(r.inProcess.perSecond),
      baseline: `raw INSERT ${fmt.rate(r.raw.perSecond)}`,
      ratio: fmt.ratio(local),
      target: 'info',
      pass: null,
      miss: '',
    },
  ];
}

function displayRows(r: DisplayLoadResult): Row[] {
  const n = r.hub.displays;
  const p99Ratio = r.hub.p99 / r.relay.p99;
  const rows: Row[] = [
    {
      metric: `Call->display p50 (${n} displays)`,
      hub: fmt.ms(r.hub.p50),
      baseline: `relay ${fmt.ms(r.relay.p50)}`,
      ratio: fmt.ratio(r.hub.p50 / r.relay.p50),
      target: 'info',
      pass: null,
      miss: '',
    },
    {
      metric: `Call->display p99 (${n} displays)`,
      hub: fmt.ms(r.hub.p99),
      baseline: `relay ${fmt.ms(r.relay.p99)}`,
      ratio: fmt.ratio(p99Ratio),
      target: `<= ${TARGETS.p99OfRelay}x relay`,
      ...atMost(p99Ratio, TARGETS.p99OfRelay, (x) => `${x.toFixed(2)}x`),
    },
  ];
  if (r.hubClient && r.relayWithHubClient) {
    rows.push({
      metric: `  p99 with HubClient displays (mirrors)`,
      hub: fmt.ms(r.hubClient.p99),
      baseline: `relay ${fmt.ms(r.relayWithHubClient.p99)}`,
      ratio: fmt.ratio(r.hubClient.p99 / r.relayWithHubClient.p99),
      target: 'info',
      pass: null,
      miss: '',
    });
  }
  const idle = r.memory.find((m) => m.when.startsWith('idle'));
  const afterCalls = r.memory.find((m) => m.clients === n && m.when === 'after the calls');
  const most = r.memory.reduce((a, b) => (b.clients > a.clients ? b : a));
  if (idle) {
    rows.push({
      metric: `Hub RSS idle (${r.ticketsIssued} tickets)`,
      hub: fmt.mb(idle.rssMb),
      baseline: '',
      ratio: '',
      target: 'info',
      pass: null,
      miss: '',
    });
  }
  if (afterCalls) {
    rows.push({
      metric: `Hub RSS, ${n} displays`,
      hub: fmt.mb(afterCalls.rssMb),
      baseline: `relay ${fmt.mb(r.relayMemory.rssMb)}`,
      ratio: fmt.ratio(afterCalls.rssMb / r.relayMemory.rssMb),
      target: 'info',
      pass: null,
      miss: '',
    });
  }
  if (most.clients > n) {
    const target = quick ? 'info (quick)' : `< ${TARGETS.rssMb2000} MB`;
    rows.push({
      metric: `Hub RSS, ${most.clients} displays`,
      hub: fmt.mb(most.rssMb),
      baseline: '',
      ratio: '',
      target,
      ...(quick ? { pass: null, miss: '' } : atMost(most.rssMb, TARGETS.rssMb2000, fmt.mb)),
    });
  }
  return rows;
}

function startRows(r: StartResult): Row[] {
  const bare = median(r.bareNodeMs);
  const row = (metric: string, samples: number[], baseline: boolean): Row => {
    const ms = median(samples);
    return {
      metric,
      hub: fmt.ms(ms),
      baseline: baseline ? `bare node ${fmt.ms(bare)}` : '',
      ratio: baseline ? fmt.ratio(ms / bare) : '',
      target: `< ${TARGETS.startMs} ms`,
      ...atMost(ms, TARGETS.startMs, fmt.ms),
    };
  };
  return [
    row('Start->/api/health, empty DB (1st start)', r.emptyMs, true),
    {
      ...row('  same, DB with PINs set, no events', r.seededMs, true),
      target: 'info',
      pass: null,
      miss: '',
    },
    row(`Start->/api/health, busy day (${r.busyDay.tickets} tickets)`, r.busyMs, true),
    row(`Hub.open in-process, busy day (${r.busyDay.events} events)`, r.openMs, false),
    {
      metric: '  unbundled dist/cli.js: empty / PINs set / busy day',
      hub: [r.unbundled.emptyMs, r.unbundled.seededMs, r.unbundled.busyMs]
        .map((samples) => fmt.ms(median(samples)))
        .join(' / '),
      baseline: 'the bundle, in turns',
      ratio: fmt.ratio(median(r.unbundled.busyMs) / median(r.busyMs)),
      target: 'info',
      pass: null,
      miss: '',
    },
    ...(['bundle', 'unbundled'] as const).map((which): Row => ({
      metric: `  CPU by the answer, ${which}: empty / PINs set / busy day`,
      hub: [r.cpu[which].emptyMs, r.cpu[which].seededMs, r.cpu[which].busyMs]
        .map((samples) => fmt.ms(median(samples)))
        .join(' / '),
      baseline: `bare node ${fmt.ms(median(r.cpu.bareNodeMs))}`,
      ratio: fmt.ratio(median(r.cpu[which].seededMs) / median(r.cpu.bareNodeMs)),
      target: 'info',
      pass: null,
      miss: '',
    })),
  ];
}

function regionRows(r: RegionBenchResult): Row[] {
  const ratio = r.ingestPerSecond / r.rawPerSecond;
  const slowest = r.reportMs.reduce((a, b) => (b.ms > a.ms ? b : a));
  const hall = r.reportMs.find((x) => x.groupBy === 'hall');
  return [
    {
      metric: `Region: events ingested/s (${r.halls} halls at once, ${r.events} events)`,
      hub: fmt.rate(r.ingestPerSecond),
      baseline: `raw COPY ${fmt.rate(r.rawPerSecond)}`,
      ratio: fmt.ratio(ratio),
      target: `>= ${TARGETS.regionIngestOfRaw}x raw`,
      ...atLeast(
        ratio,
        TARGETS.regionIngestOfRaw,
        `needs ${fmt.rate(TARGETS.regionIngestOfRaw * r.rawPerSecond)}`,
      ),
    },
    {
      metric: `Region: the replay (${r.halls} halls x one busy day at once), total time`,
      hub: `${r.ingestS.toFixed(1)} s`,
      baseline: `raw COPY ${r.rawS.toFixed(1)} s`,
      ratio: '—',
      target: 'info',
      pass: null,
      miss: '',
    },
    {
      metric: `Region: hall commit -> console live board p50 (${r.live.halls} halls streaming ${r.live.eventsPerSecond.toFixed(1)} events/s)`,
      hub: fmt.ms(r.live.p50Ms),
      baseline: '—',
      ratio: '—',
      target: 'info',
      pass: null,
      miss: '',
    },
    {
      metric: `Region: same, p99 (${r.live.samples} events, ${r.live.unseen} unseen)`,
      hub: fmt.ms(r.live.p99Ms),
      baseline: '—',
      ratio: '—',
      target: `< ${TARGETS.regionLiveP99Ms} ms`,
      ...atMost(r.live.p99Ms, TARGETS.regionLiveP99Ms, fmt.ms),
    },
    {
      metric: `Region: report over ${r.reportDays} days x ${r.reportHalls} halls by hall`,
      hub: fmt.ms(hall?.ms ?? Number.NaN),
      baseline: '—',
      ratio: '—',
      target: 'info',
      pass: null,
      miss: '',
    },
    {
      metric: `Region: same, slowest grouping (${slowest.groupBy})`,
      hub: fmt.ms(slowest.ms),
      baseline: '—',
      ratio: '—',
      target: `< ${TARGETS.regionYearReportMs} ms`,
      ...atMost(slowest.ms, TARGETS.regionYearReportMs, fmt.ms),
    },
  ];
}

function reportsRows(r: ReportsResult): Row[] {
  const year = r.timings.filter((t) => t.range === 'the year');
  return [
    {
      metric: `Report over a year (${(r.tickets / 1e6).toFixed(1)}M tickets), slowest grouping`,
      hub: fmt.ms(r.yearMaxMs),
      baseline: '',
      ratio: '',
      target: `< ${TARGETS.yearReportMs} ms`,
      ...atMost(r.yearMaxMs, TARGETS.yearReportMs, fmt.ms),
    },
    {
      metric: '  by grouping',
      hub: year.map((t) => `${t.by} ${Math.round(t.ms)}`).join(', '),
      baseline: '',
      ratio: '',
      target: 'info',
      pass: null,
      miss: '',
    },
    {
      metric: `Day close: report rollups of a day (${Math.round(r.tickets / r.days).toLocaleString('en-US')} tickets)`,
      hub: fmt.ms(r.closeDayMs.median),
      baseline: '',
      ratio: '',
      target: 'info',
      pass: null,
      miss: '',
    },
  ];
}

function simRows(r: SimLoadResult, label: string, held: boolean): Row[] {
  const ratio = r.hub.p99 / r.relay.p99;
  const s = r.summary;
  return [
    {
      metric: `${label}: call->display p99 (${r.displays} displays, ${r.speed}x)`,
      hub: fmt.ms(r.hub.p99),
      baseline: `relay ${fmt.ms(r.relay.p99)}`,
      ratio: fmt.ratio(ratio),
      ...(held
        ? {
            target: `<= ${TARGETS.simP99OfRelay}x relay`,
            ...atMost(ratio, TARGETS.simP99OfRelay, (x) => `${x.toFixed(2)}x`),
          }
        : { target: 'info (overload)', pass: null, miss: '' }),
    },
    {
      metric: `  p50; ${s.calls} calls, ${s.issued} tickets, ${fmt.rate(r.commandsPerS)} commands`,
      hub: fmt.ms(r.hub.p50),
      baseline: `relay ${fmt.ms(r.relay.p50)}`,
      ratio: fmt.ratio(r.hub.p50 / r.relay.p50),
      target: 'info',
      pass: null,
      miss: '',
    },
    {
      metric: '  p50/p99 after the call was acknowledged (fan-out)',
      hub: `${fmt.ms(r.hubAfterAck.p50)}/${fmt.ms(r.hubAfterAck.p99)}`,
      baseline: `relay ${fmt.ms(r.relay.p50)}/${fmt.ms(r.relay.p99)}`,
      ratio: fmt.ratio(r.hubAfterAck.p99 / r.relay.p99),
      target: 'info',
      pass: null,
      miss: '',
    },
    {
      metric: `  call ack p50/p99 · every command's ack p99; hub log check (${r.logCheck.events} events)`,
      hub: `${fmt.ms(r.callAck.p50)}/${fmt.ms(r.callAck.p99)} · ${fmt.ms(s.ackMs.p99)}`,
      baseline: '',
      ratio: '',
      target: 'consistent',
      pass: r.logCheck.problems.length === 0 && r.hub.missing === 0,
      miss: r.logCheck.problems.length
        ? `${r.logCheck.problems.length} problem(s): ${r.logCheck.problems[0] ?? ''}`
        : `${r.hub.missing} arrivals missed`,
    },
  ];
}

function clientsRows(r: CapacityResult): Row[] {
  const ratio = r.relayMax > 0 ? r.hubMax / r.relayMax : Number.NaN;
  const capped = (n: number): string => `${n.toLocaleString('en-US')}${n === r.bounded ? '+' : ''}`;
  return [
    {
      metric: `Displays per hub, p99 call->display <= ${r.thresholdMs} ms (steps to ${r.bounded})`,
      hub: capped(r.hubMax),
      baseline: `relay ${capped(r.relayMax)}`,
      ratio: fmt.ratio(ratio),
      target: `>= ${TARGETS.clientsShareOfRelay}x relay`,
      ...atLeast(
        ratio,
        TARGETS.clientsShareOfRelay,
        `needs ${Math.ceil(TARGETS.clientsShareOfRelay * r.relayMax)}`,
      ),
    },
    {
      metric: '  p99 by step (ms)',
      hub: r.hub.map((s) => `${s.clients}:${Math.round(s.p99)}`).join(' '),
      baseline: `relay ${r.relay.map((s) => `${s.clients}:${Math.round(s.p99)}`).join(' ')}`,
      ratio: '',
      target: 'info',
      pass: null,
      miss: '',
    },
  ];
}

function soakRows(r: SoakResult): Row[] {
  const first = r.days[0];
  const last = r.days[r.days.length - 1];
  return [
    {
      metric: `Soak: hub RSS growth over ${r.days.length} simulated days (first third -> last)`,
      hub: fmt.pct(r.growth),
      baseline: `${fmt.mb(r.early)} -> ${fmt.mb(r.late)}`,
      ratio: '',
      target: long
        ? `< ${fmt.pct(TARGETS.soakGrowth)}`
        : `info (< ${fmt.pct(TARGETS.soakGrowth)} in --long)`,
      ...(r.stopped !== null
        ? { pass: long ? false : null, miss: `the soak stopped early: ${r.stopped}` }
        : long
          ? atMost(r.growth, TARGETS.soakGrowth, fmt.pct)
          : { pass: null, miss: '' }),
    },
    {
      metric: '  of it anonymous memory (heaps), day 1 -> last',
      hub: fmt.pct(((last?.anonMb ?? 0) - (first?.anonMb ?? 0)) / (first?.anonMb ?? 1)),
      baseline: `${fmt.mb(first?.anonMb ?? 0)} -> ${fmt.mb(last?.anonMb ?? 0)}`,
      ratio: '',
      target: 'info',
      pass: null,
      miss: '',
    },
    {
      metric: `  hub log check (${r.events} events)`,
      hub: r.logProblems.length === 0 ? 'consistent' : `${r.logProblems.length} problems`,
      baseline: '',
      ratio: '',
      target: 'consistent',
      pass: r.logProblems.length === 0,
      miss: r.logProblems[0] ?? '',
    },
  ];
}

function reconnectRows(r: ReconnectResult): Row[] {
  const ratio = r.hub.afterListeningMs / r.relay.afterListeningMs;
  return [
    {
      metric: `Reconnect ${r.hub.clients} displays after a restart (listening again -> all resynced)`,
      hub: fmt.ms(r.hub.afterListeningMs),
      baseline: `relay ${fmt.ms(r.relay.afterListeningMs)}`,
      ratio: fmt.ratio(ratio),
      target: `<= ${TARGETS.reconnectOfRelay}x relay`,
      ...atMost(ratio, TARGETS.reconnectOfRelay, (x) => `${x.toFixed(2)}x`),
    },
    {
      metric: `  each of ${r.hub.rounds.length} restarts in turns, hub/relay`,
      hub: r.hub.rounds.map((h) => fmt.ms(h.afterListeningMs)).join(' '),
      baseline: `relay ${r.relay.rounds.map((h) => fmt.ms(h.afterListeningMs)).join(' ')}`,
      ratio: r.hub.rounds
        .map((h, i) => h.afterListeningMs / (r.relay.rounds[i]?.afterListeningMs ?? NaN))
        .map((x) => x.toFixed(2))
        .join(' '),
      target: 'info',
      pass: null,
      miss: '',
    },
    {
      metric: '  from the stop: all back (restart); per display p50/p99',
      hub: `${fmt.ms(r.hub.allBackMs)} (${fmt.ms(r.hub.restartMs)}); ${fmt.ms(r.hub.p50Ms)}/${fmt.ms(r.hub.p99Ms)}`,
      baseline: `relay ${fmt.ms(r.relay.allBackMs)} (${fmt.ms(r.relay.restartMs)}); ${fmt.ms(r.relay.p50Ms)}/${fmt.ms(r.relay.p99Ms)}`,
      ratio: '',
      target: 'info',
      pass: null,
      miss: '',
    },
  ];
}

async function main(): Promise<void> {
  ensureFileDescriptors();
  const dir = mkdtempSync(join(tmpdir(), 'onestop-bench-'));
  const started = performance.now();
  const load0 = loadavg();
  console.log(
    `OneStop hub benchmark${quick ? ' (--quick: smaller loads, a smoke run)' : ''} — node ${process.version}, ${cpus().length} cores, load ${load0.map((l) => l.toFixed(2)).join(' ')}`,
  );
  console.log(`temporary folder ${dir}`);
  const beside = busyLoad ? BusyLoad.start(dir) : null;
  if (beside) {
    console.log(
      '--busy: a second load runs beside the bench (one core computing, 1 MB writes each synced)',
    );
  }
  const busy = (load: number[]): boolean => (load[0] ?? 0) > cpus().length * 0.5;
  if (busy(load0)) {
    console.log(
      `note: the machine is busy before the bench starts (1-minute load ${load0[0]?.toFixed(2)} on ${cpus().length} cores): other processes compete for the CPU and the disk, so the figures will be noisy`,
    );
  }
  let issue: IssueResult | null = null;
  let displays: DisplayLoadResult | null = null;
  let start: StartResult | null = null;
  let reports: ReportsResult | null = null;
  let hall: SimLoadResult | null = null;
  let stress: SimLoadResult | null = null;
  let clients: CapacityResult | null = null;
  let soak: SoakResult | null = null;
  let reconnect: ReconnectResult | null = null;
  let region: RegionBenchResult | null = null;
  try {
    if (only.has('issue')) {
      log('\n[1/9] durable ticket issues per second');
      issue = await measureIssueRate({ dir, ...PLAN.issue, log });
    }
    if (only.has('displays')) {
      log('\n[2/9] call-to-display latency and hub memory');
      displays = await measureDisplayLoad({ dir, ...PLAN.displays, log });
    }
    if (only.has('start')) {
      log('\n[3/9] hub start');
      start = await measureStart({ dir, ...PLAN.start, log });
    }
    if (only.has('reports')) {
      log('\n[4/9] admin reports over a year');
      reports = measureReports({ dir, ...PLAN.reports, log });
    }
    if (only.has('hall')) {
      log("\n[5/9] realistic hall: the simulator's day on the hub, against the relay");
      hall = await measureSimLoad({ dir, name: 'hall', seed: 1, ...PLAN.hall, log });
    }
    if (only.has('stress')) {
      log('\n[6/9] stress: three times the visitors at 1200x');
      stress = await measureSimLoad({ dir, name: 'stress', seed: 2, ...PLAN.stress, log });
    }
    if (only.has('clients')) {
      log('\n[7/9] displays per hub within the latency threshold');
      clients = await measureCapacity({ dir, ...PLAN.clients, log });
    }
    if (only.has('soak')) {
      log(`\n[8/9] memory over a soak of ${PLAN.soak.days} simulated days`);
      soak = await measureSoak({ dir, ...PLAN.soak, log });
    }
    if (only.has('reconnect')) {
      log(`\n[9/9] ${PLAN.reconnect.clients} displays reconnecting after a restart`);
      reconnect = await measureReconnect({ dir, ...PLAN.reconnect, log });
    }
    if (only.has('region')) {
      log('\n[10] the region: ingest against a raw COPY, a year of reports over 100 halls');
      region = await measureRegion({ ...PLAN.region, log });
    }
  } finally {
    await beside?.stop();
    if (args.keep) console.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }

  const rows = [
    ...(issue ? issueRows(issue) : []),
    ...(displays ? displayRows(displays) : []),
    ...(start ? startRows(start) : []),
    ...(reports ? reportsRows(reports) : []),
    ...(hall ? simRows(hall, 'Hall day', true) : []),
    ...(stress ? simRows(stress, 'Stress', false) : []),
    ...(clients ? clientsRows(clients) : []),
    ...(soak ? soakRows(soak) : []),
    ...(reconnect ? reconnectRows(reconnect) : []),
    ...(region ? regionRows(region) : []),
  ];
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `\nResults (${seconds.toFixed(0)} s${quick ? ', --quick' : long ? ', --long' : ''}${busyLoad ? ', --busy' : ''}):\n`,
  );
  console.log(renderTable(rows));
  const notes: string[] = [];
  if (issue) {
    const refused = Object.entries(issue.hub.refused);
    const cores = cpus().length;
    // The bench's kiosks run on the same cores as the hub: what the machine allows the two
    // together, beside what one free core allows the hub alone (in a hall the kiosks are other
    // machines).
    const side = (name: string, f: IssueResult['hub']): string => {
      const pairCap = (cores * 1000) / (f.hubCpuMsPerIssue + f.kioskCpuMsPerIssue);
      return `${name}: hub ${f.hubCpuMsPerIssue.toFixed(2)} ms (${fmt.pct(f.hubCpuShare)} of a core), kiosks ${f.kioskCpuMsPerIssue.toFixed(2)} ms (${fmt.pct(f.kioskCpuShare)}); one free core caps the hub at ${fmt.rate(1000 / f.hubCpuMsPerIssue)} = ${fmt.ratio(1000 / f.hubCpuMsPerIssue / issue.raw.perSecond)} raw, the ${cores} cores shared with its kiosks cap the pair at ${fmt.rate(pairCap)} = ${fmt.ratio(pairCap / issue.raw.perSecond)} raw; the hub sent per issue 1 ack and ${f.batchMessagesPerIssue.toFixed(1)} batch messages`;
    };
    notes.push(
      `issues: CPU per durable write, ${side('bare kiosks', issue.hub)}; ${side('HubClient kiosks', { ...issue.hubClient, refused: {} })}; Hub.execute in-process ${issue.inProcess.cpuMsPerIssue.toFixed(2)} ms, raw INSERT ${issue.raw.cpuMsPerCommit.toFixed(2)} ms`,
    );
    notes.push(
      `issues: ack p50 ${fmt.ms(issue.ackMs.p50)}, p99 ${fmt.ms(issue.ackMs.p99)}; WAL pages per commit: issue ${issue.walFrames.hubIssue.toFixed(1)}, raw INSERT ${issue.walFrames.rawInsert.toFixed(1)}; per-round hub/raw ${issue.roundRatios.map((x) => x.toFixed(2)).join(' ')}${refused.length ? `; refused ${refused.map(([c, n]) => `${c} ${n}`).join(', ')}` : ''}`,
    );
  }
  if (displays) {
    const { hub, relay, hubClient } = displays;
    notes.push(
      `calls: ${hub.calls} on the hub, ${relay.calls} on the relay at ${PLAN.displays.rate}/s; CPU hub ${fmt.pct(hub.serverCpu)} / relay ${fmt.pct(relay.serverCpu)}, bench ${fmt.pct(hub.benchCpu)} / ${fmt.pct(relay.benchCpu)}; missed arrivals hub ${hub.missing}, relay ${relay.missing}${hubClient ? `, HubClient ${hubClient.missing}` : ''}; batch bytes ${displays.batchBytes.called}/${displays.batchBytes.started}/${displays.batchBytes.finished}`,
    );
    notes.push(
      `connect ${hub.displays} displays: hub ${displays.connectSeconds.hub.toFixed(1)} s (each syncs a snapshot), relay ${displays.connectSeconds.relay.toFixed(1)} s${displays.connectSeconds.hubClient !== null ? `, HubClients ${displays.connectSeconds.hubClient.toFixed(1)} s` : ''}; hub RSS: ${displays.memory.map((m) => `${m.rssMb} MB ${m.clients} displays, ${m.when}`).join('; ')}`,
    );
    const errors = Object.entries(hub.errors);
    if (errors.length)
      notes.push(`call errors on the hub: ${errors.map(([c, n]) => `${c} ${n}`).join(', ')}`);
  }
  if (start) {
    notes.push(
      `start samples (ms): empty ${start.emptyMs.map(Math.round).join(' ')}, PINs set ${start.seededMs.map(Math.round).join(' ')}, busy ${start.busyMs.map(Math.round).join(' ')}, Hub.open ${start.openMs.map(Math.round).join(' ')}, bare node ${start.bareNodeMs.map(Math.round).join(' ')}; unbundled: empty ${start.unbundled.emptyMs.map(Math.round).join(' ')}, PINs set ${start.unbundled.seededMs.map(Math.round).join(' ')}, busy ${start.unbundled.busyMs.map(Math.round).join(' ')}; CPU by the answer: bundle ${start.cpu.bundle.seededMs.map(Math.round).join(' ')} (PINs set), unbundled ${start.cpu.unbundled.seededMs.map(Math.round).join(' ')}, bare node ${start.cpu.bareNodeMs.map(Math.round).join(' ')}; busy day DB ${start.busyDay.dbMb} MB`,
    );
  }
  if (reports) {
    notes.push(
      `reports: ${reports.tickets.toLocaleString('en-US')} tickets generated and closed day by day in ${reports.generateS.toFixed(0)} s; rollups per day close median ${fmt.ms(reports.closeDayMs.median)}, max ${fmt.ms(reports.closeDayMs.max)}; database ${fmt.mb(reports.dbMb)}; a month: ${reports.timings
        .filter((t) => t.range === 'a month')
        .map((t) => `${t.by} ${Math.round(t.ms)} ms`)
        .join(', ')}`,
    );
  }
  for (const r of [hall, stress]) {
    if (!r) continue;
    const errors = Object.entries(r.summary.errors)
      .map(([c, n]) => `${c} ${n}`)
      .join(', ');
    notes.push(
      `${r.name}: ${r.summary.issued} tickets, ${r.summary.calls} calls, ${r.summary.served} served, ${r.summary.noShows} no-shows, ${r.summary.transfers} transfers, ${r.summary.parks} parks, ${r.summary.ratings} ratings (${r.summary.poorRatings} poor), ${r.summary.pauses} pauses; ${r.batches} batches replayed on the relay; hub CPU ${fmt.pct(r.hubCpuShare)} of a core, RSS ${fmt.mb(r.hubRssMb)}; the simulator's devices (a process of their own) ${fmt.pct(r.simCpuShare)}, event-loop delay p99/max ${r.simLoop.p99.toFixed(1)}/${r.simLoop.max.toFixed(1)} ms; the displays' process: hub phase ${loopText(r.benchLoop.hub)}, relay phase ${loopText(r.benchLoop.relay)} (event-loop delay p99/max); refused: ${errors || 'none'}`,
    );
  }
  if (region) {
    notes.push(
      `region: ${region.rollupRows.toLocaleString('en-US')} synthetic rollup rows made in ${region.generateS.toFixed(0)} s; reports: ${region.reportMs.map((x) => `${x.groupBy} ${Math.round(x.ms)} ms`).join(', ')}; the raw baseline is a COPY per batch of 500 (pg-copy-streams)`,
    );
  }
  if (soak) {
    notes.push(
      `soak: ${soak.days.map((d) => `${d.businessDay} ${d.issued} tickets ${fmt.mb(d.rssMb)}`).join('; ')}; ${soak.realSeconds.toFixed(0)} s`,
    );
  }
  const load1 = loadavg();
  if (busy(load0) || busy(load1)) {
    notes.push(
      `the machine was busy (1-minute load ${load0[0]?.toFixed(2)} at the start, ${load1[0]?.toFixed(2)} at the end, on ${cpus().length} cores, this bench included): each figure is measured against its baseline in turns, but absolute figures are noisy`,
    );
  }
  console.log(`\n${notes.map((n) => `- ${n}`).join('\n')}`);

  const out = join(ROOT, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  const file = join(out, 'latest.json');
  const stamped = join(out, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const json = `${JSON.stringify(
    {
      at: new Date().toISOString(),
      commit: gitCommit(),
      quick,
      busy: busyLoad,
      node: process.version,
      cpus: cpus().length,
      loadavg: { start: load0, end: load1 },
      seconds,
      plan: PLAN,
      targets: TARGETS,
      rows,
      issue,
      displays,
      start,
      reports,
      hall,
      stress,
      clients,
      soak,
      reconnect,
      long,
    },
    null,
    2,
  )}\n`;
  writeFileSync(stamped, json);
  writeFileSync(file, json);
  console.log(`\nFigures written to ${stamped} and ${file}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('bench: failed', err);
    process.exit(1);
  },
);
