import { fork } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { businessDayOf } from '@onestop/shared';
import { io, type Socket } from 'socket.io-client';
import { checkLog } from '../../tools/simulate/check.js';
import { zonedTime } from '../../tools/simulate/clock.js';
import type { SimulationSummary } from '../../tools/simulate/driver.js';
import type { SimChildMessage, SimChildOptions } from '../sim-child.js';
import { DemoHub } from '../../tools/simulate/hub-process.js';
import { DEFAULT_PROFILE, hhmm } from '../../tools/simulate/model.js';
import { connectBare, connectMany, handshake, type BareBatch, type Display } from './displays.js';
import { DEMO_HALL, pairAll, pinOf, registerDevices, WINDOWS } from './hall.js';
import { RelayChild } from './relay-child.js';
import { cpuMs, percentile, rssBytes, sleep } from './util.js';
import { Store } from '@onestop/hub';

export interface SimLoadOptions {
  dir: string;
  name: string;
  /** Hall ms per real ms of the hub's clock and the simulator. */
  speed: number;
  /** Visitors over a whole day (the slice gets its share by the arrival curve). */
  visitors: number;
  from: string;
  until: string;
  displays: number;
  seed: number;
  log: (line: string) => void;
}

export interface Latency {
  samples: number;
  missing: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface SimLoadResult {
  name: string;
  speed: number;
  displays: number;
  summary: SimulationSummary;
  /** call_next sent by a clerk → the batch with its `ticket_called` at each display. */
  hub: Latency;
  /** The part after the clerk had the acknowledgement (the commit is behind): the fan-out. */
  hubAfterAck: Latency;
  /**
   * `call_next` sent → its acknowledgement at the clerk's terminal, one sample per call: the
   * part before the fan-out (the durable commit). The simulator's `ackMs` is over every
   * command, most of them cheap refusals and commands that write nothing.
   */
  callAck: { p50: number; p90: number; p99: number; max: number };
  /** The same batches, at the same moments, through the bare relay to as many displays. */
  relay: Latency;
  batches: number;
  /** Commands per real second the hub took. */
  commandsPerS: number;
  hubCpuShare: number;
  /**
   * The simulator's process (its clerks, kiosks, admin): share of a core, and its event-loop
   * delay p99/max (ms): what a clerk's acknowledgement waited there to be read.
   */
  simCpuShare: number;
  simLoop: { p99: number; max: number };
  hubRssMb: number;
  /**
   * The bench process's own event loop in each phase (its displays; the simulator's devices run
   * in a process of their own): how long a message waited there to be read.
   */
  benchLoop: { hub: LoopFigures; relay: LoopFigures };
  logCheck: { events: number; issued: number; problems: string[] };
}

export interface LoopFigures {
  /** Event-loop delay p99 and max, ms. */
  p99: number;
  max: number;
  /** The bench process's CPU over the phase, share of a core. */
  cpuShare: number;
}

/** Watches this process's event loop and CPU from now until `stop`. */
function watchLoop(): { stop: () => LoopFigures } {
  const h: IntervalHistogram = monitorEventLoopDelay({ resolution: 5 });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  h.enable();
  return {
    stop: () => {
      h.disable();
      const cpu = process.cpuUsage(cpu0);
      return {
        p99: h.percentile(99) / 1e6,
        max: h.max / 1e6,
        cpuShare: (cpu.user + cpu.system) / 1000 / (performance.now() - t0),
      };
    },
  };
}

export function loopText(f: LoopFigures): string {
  return `${f.p99.toFixed(1)}/${f.max.toFixed(1)} ms, ${(f.cpuShare * 100).toFixed(0)}% of a core`;
}

const SIM_CHILD = fileURLToPath(new URL('../sim-child.ts', import.meta.url));

/** The machine's monotonic clock (`process.hrtime`) minus this process's `performance.now()`. */
const MONOTONIC_OFFSET = Number(process.hrtime.bigint()) / 1e6 - performance.now();

/**
 * Runs the simulator in a child process (bench/sim-child.ts): its clerks, kiosks and admin are
 * other machines in a hall, so their work stays out of this process, where the displays time
 * their arrivals. `onCall` gets the child's times on this process's `performance.now()`.
 */
async function runSimulationChild(
  options: SimChildOptions,
  log: (line: string) => void,
  onCall: (ticketId: string, sentAt: number, ackedAt: number) => void,
  onStart: (pid: number) => void,
): Promise<{ summary: SimulationSummary; cpuMs: number; loop: { p99: number; max: number } }> {
  const child = fork(SIM_CHILD, [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if (child.pid !== undefined) onStart(child.pid);
  return new Promise((resolve, reject) => {
    let settled = false;
    child.on('message', (raw) => {
      const m = raw as SimChildMessage;
      switch (m.type) {
        case 'log':
          log(m.line);
          break;
        case 'call':
          onCall(m.ticketId, m.sentAt - MONOTONIC_OFFSET, m.ackedAt - MONOTONIC_OFFSET);
          break;
        case 'done':
          settled = true;
          resolve({ summary: m.summary, cpuMs: m.cpuMs, loop: m.loop });
          break;
        case 'error':
          settled = true;
          reject(new Error(`the simulator failed: ${m.message}`));
          break;
      }
    });
    child.once('exit', (code) => {
      if (!settled)
        reject(new Error(`the simulator exited with ${String(code)} before its summary`));
    });
  });
}

/** Where each display reports arrivals; set per run. */
type OnCall = (key: string, at: number) => void;

function latency(
  sent: Map<string, number>,
  arrivals: Map<string, number[]>,
  displays: number,
): Latency {
  const all: number[] = [];
  let missing = 0;
  for (const [key, t0] of sent) {
    const list = arrivals.get(key) ?? [];
    for (const at of list) all.push(at - t0);
    missing += Math.max(0, displays - list.length);
  }
  all.sort((a, b) => a - b);
  return {
    samples: all.length,
    missing,
    p50: percentile(all, 0.5),
    p90: percentile(all, 0.9),
    p99: percentile(all, 0.99),
    max: all[all.length - 1] ?? Number.NaN,
  };
}

async function settle(
  sent: Map<string, number>,
  arrivals: Map<string, number[]>,
  displays: number,
): Promise<void> {
  const deadline = performance.now() + 10_000;
  const complete = (): boolean =>
    [...sent.keys()].every((k) => (arrivals.get(k)?.length ?? 0) >= displays);
  while (!complete() && performance.now() < deadline) await sleep(20);
}

/**
 * The hall simulator's load on a demo hub with a fast clock (every command over the real
 * protocol), watched by `displays` bare displays; then the same batches, at the same moments,
 * through the bare relay to as many displays.
 */
export async function measureSimLoad(options: SimLoadOptions): Promise<SimLoadResult> {
  const { dir, log } = options;
  const dbPath = join(dir, `${options.name}.sqlite`);
  const devices = registerDevices(dbPath, [{ kind: 'display', count: options.displays }]);
  const tz = DEMO_HALL.hall.timezone;
  const day = businessDayOf(Date.now(), tz);
  const from = hhmm(options.from);
  // 20 real seconds (within the day) for the devices and the clerks' logins.
  const lead = Math.min((options.speed * 20) / 60, from - 1);
  const hub = await DemoHub.start({
    dbPath,
    host: '127.0.0.1',
    port: 0,
    speed: options.speed,
    clockStart: zonedTime(day, from - lead, tz),
  });
  let displays: Display[] = [];
  let relay: RelayChild | null = null;
  try {
    const tokens = await pairAll(hub.url, devices);
    let sink: OnCall = () => {};
    const record: { at: number; batch: BareBatch }[] = [];
    let recording = false;
    displays = await connectMany(options.displays, (i) =>
      i === 0
        ? connectBare(hub.url, handshake(tokens[0] ?? ''), (k, at) => sink(k, at), {
            add: (batch) => {
              if (recording) record.push({ at: performance.now(), batch });
            },
          })
        : connectBare(hub.url, handshake(tokens[i] ?? ''), (k, at) => sink(k, at), null),
    );
    log(
      `  ${displays.length} displays on the hub; the simulator at ${options.speed}x, ${options.from}–${options.until}`,
    );
    const sent = new Map<string, number>();
    const acked = new Map<string, number>();
    const arrivals = new Map<string, number[]>();
    sink = (key, at) => {
      const list = arrivals.get(key);
      if (list) list.push(at);
      else arrivals.set(key, [at]);
    };
    const cpu0 = cpuMs(hub.pid);
    let t0 = 0;
    let hubLoop: { stop: () => LoopFigures } | null = null;
    let simPid = 0;
    let simCpu0 = 0;
    const sim = await runSimulationChild(
      {
        url: hub.url,
        admin: { staffCode: 'ADMIN', pin: pinOf('ADMIN') },
        clerks: WINDOWS.map((w) => ({ ...w, pin: pinOf(w.staffCode) })),
        speed: options.speed,
        profile: { ...DEFAULT_PROFILE, visitors: options.visitors },
        from,
        until: hhmm(options.until),
        closeDay: false,
        seed: options.seed,
        kiosks: 3,
        progressEvery: 0,
        deviceLabel: 'bench',
      },
      (line) => {
        if (!line.startsWith('  ')) log(`    ${line}`);
        if (line.startsWith('hall time')) {
          recording = true;
          t0 = performance.now();
          simCpu0 = cpuMs(simPid);
          hubLoop = watchLoop();
        }
      },
      (ticketId, at, ackAt) => {
        sent.set(ticketId, at);
        acked.set(ticketId, ackAt);
      },
      (pid) => (simPid = pid),
    );
    const { summary } = sim;
    recording = false;
    const benchLoopHub = (hubLoop as { stop: () => LoopFigures } | null)?.stop() ?? {
      p99: Number.NaN,
      max: Number.NaN,
      cpuShare: Number.NaN,
    };
    const seconds = (performance.now() - t0) / 1000;
    await settle(sent, arrivals, displays.length);
    const hubCpuShare = (cpuMs(hub.pid) - cpu0) / 1000 / seconds;
    const simCpuShare = (sim.cpuMs - simCpu0) / 1000 / seconds;
    const hubRssMb = rssBytes(hub.pid).rss / 1024 / 1024;
    const hubLatency = latency(sent, arrivals, displays.length);
    const hubAfterAck = latency(acked, arrivals, displays.length);
    const acks = [...sent].map(([k, t]) => (acked.get(k) ?? t) - t).sort((a, b) => a - b);
    const callAck = {
      p50: percentile(acks, 0.5),
      p90: percentile(acks, 0.9),
      p99: percentile(acks, 0.99),
      max: acks[acks.length - 1] ?? Number.NaN,
    };
    log(
      `    call→display p50/p99 ${hubLatency.p50.toFixed(1)}/${hubLatency.p99.toFixed(1)} ms over ${sent.size} calls (${hubLatency.missing} missed); ${summary.commands} commands in ${seconds.toFixed(0)} s`,
    );
    for (const d of displays) d.close();
    displays = [];
    await hub.stop();
    const store = Store.open(dbPath);
    let logCheck: SimLoadResult['logCheck'];
    try {
      const c = checkLog(store.eventsAfter(0, 10_000_000));
      logCheck = { events: c.events, issued: c.issued, problems: c.problems };
    } finally {
      store.close();
    }

    // The baseline: the same batches through the bare relay, at the same moments.
    relay = await RelayChild.start();
    const relaySent = new Map<string, number>();
    const relayArrivals = new Map<string, number[]>();
    sink = (key, at) => {
      const list = relayArrivals.get(key);
      if (list) list.push(at);
      else relayArrivals.set(key, [at]);
    };
    const relayUrl = relay.url;
    displays = await connectMany(options.displays, () =>
      connectBare(relayUrl, null, (k, at) => sink(k, at), null),
    );
    const windowSocket: Socket = io(`${relayUrl}/window`, {
      transports: ['websocket'],
      forceNew: true,
    });
    await new Promise<void>((resolve) => windowSocket.once('connect', () => resolve()));
    const start = performance.now() + 200;
    const first = record[0]?.at ?? 0;
    const relayLoop = watchLoop();
    for (const { at, batch } of record) {
      await sleep(start + (at - first) - performance.now());
      const called = batch.events.find((e) => e.type === 'ticket_called');
      if (called && typeof called.ticketId === 'string')
        relaySent.set(called.ticketId, performance.now());
      windowSocket.emit('relay', batch, () => {});
    }
    const benchLoopRelay = relayLoop.stop();
    await settle(relaySent, relayArrivals, displays.length);
    windowSocket.disconnect();
    const relayLatency = latency(relaySent, relayArrivals, displays.length);
    log(
      `    relay p50/p99 ${relayLatency.p50.toFixed(1)}/${relayLatency.p99.toFixed(1)} ms (${record.length} batches replayed); the bench's event loop delay p99/max, CPU: hub phase ${loopText(benchLoopHub)}, relay phase ${loopText(benchLoopRelay)}`,
    );
    return {
      name: options.name,
      speed: options.speed,
      displays: options.displays,
      summary,
      hub: hubLatency,
      hubAfterAck,
      callAck,
      relay: relayLatency,
      batches: record.length,
      commandsPerS: summary.commands / seconds,
      hubCpuShare,
      simCpuShare,
      simLoop: sim.loop,
      hubRssMb,
      benchLoop: { hub: benchLoopHub, relay: benchLoopRelay },
      logCheck,
    };
  } finally {
    for (const d of displays) d.close();
    await relay?.stop();
    await hub.stop();
  }
}
