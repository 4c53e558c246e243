import { join } from 'node:path';
import type { HubClient } from '@onestop/shared/client';
import { hubCaller, relayCaller, runSegment, summarize, type Caller } from './calls.js';
import { connectBare, connectMany, handshake, type Display, type OnCall } from './displays.js';
import {
  connectClient,
  ISSUE_SERVICES,
  openWindow,
  pairAll,
  registerDevices,
  WINDOWS,
} from './hall.js';
import { HubChild } from './hub-child.js';
import { RelayChild } from './relay-child.js';
import { pool } from './util.js';

export interface CapacityOptions {
  dir: string;
  /** Displays connected at each step, growing; the run stops at the first step over the threshold. */
  steps: number[];
  /** p99 call→display latency (ms) a hall accepts. */
  thresholdMs: number;
  rate: number;
  seconds: number;
  log: (line: string) => void;
}

export interface CapacityStep {
  clients: number;
  p50: number;
  p99: number;
  missing: number;
}

export interface CapacityResult {
  thresholdMs: number;
  hub: CapacityStep[];
  relay: CapacityStep[];
  /** The most clients held within the threshold (0: not even the first step); capped by the last step. */
  hubMax: number;
  relayMax: number;
  bounded: number;
}

interface Side {
  who: string;
  connect: (i: number) => Promise<Display>;
  measure: (clients: number) => Promise<CapacityStep>;
  displays: Display[];
  steps: CapacityStep[];
  max: number;
  over: boolean;
}

/**
 * Both sides take the same steps in turns (hub, relay, hub, relay, ...), so both see the same
 * machine; a side stops climbing at its first step over the threshold.
 */
async function climb(
  steps: number[],
  thresholdMs: number,
  sides: Side[],
  log: (line: string) => void,
): Promise<void> {
  for (const n of steps) {
    for (const side of sides) {
      if (side.over) continue;
      const more = await connectMany(n - side.displays.length, (i) =>
        side.connect(side.displays.length + i),
      );
      side.displays.push(...more);
      const step = await side.measure(side.displays.length);
      side.steps.push(step);
      log(
        `    ${side.who}: ${n} displays, p50/p99 ${step.p50.toFixed(1)}/${step.p99.toFixed(1)} ms`,
      );
      if (step.p99 > thresholdMs || step.missing > 0) side.over = true;
      else side.max = n;
    }
    if (sides.every((s) => s.over)) break;
  }
}

/** How many displays the hub holds before a call takes longer than the threshold to reach them (p99), against the relay. */
export async function measureCapacity(options: CapacityOptions): Promise<CapacityResult> {
  const { dir, log } = options;
  const dbPath = join(dir, 'capacity.sqlite');
  const most = Math.max(...options.steps);
  const callsPerStep = Math.ceil(options.rate * options.seconds);
  const perService = Math.ceil((callsPerStep * options.steps.length) / 2) + 20;
  const devices = registerDevices(dbPath, [
    { kind: 'kiosk', count: 4 },
    { kind: 'window_terminal', count: WINDOWS.length, windowIds: WINDOWS.map((w) => w.windowId) },
    { kind: 'display', count: most },
  ]);
  const hub = await HubChild.start({ dbPath });
  const clients: { close(): void }[] = [];
  let displays: Display[] = [];
  let relay: RelayChild | null = null;
  let sink: OnCall = () => {};
  const onCall: OnCall = (k, at) => sink(k, at);
  try {
    const tokens = await pairAll(hub.url, devices);
    const kiosks: HubClient<'kiosk'>[] = await Promise.all(
      tokens.slice(0, 4).map((t) => connectClient(hub.url, 'kiosk', t)),
    );
    clients.push(...kiosks);
    const toIssue = ISSUE_SERVICES.flatMap((s) => Array.from({ length: perService }, () => s));
    await pool(toIssue, 4, async (serviceId, i) => {
      const ack = await kiosks[i % 4]?.command('issue_ticket', {
        itinerary: [{ serviceIds: [serviceId] }],
        class: 'normal',
      });
      if (!ack?.ok) throw new Error(`issue failed: ${ack ? ack.error.code : 'no kiosk'}`);
    });
    const windowTokens = tokens.slice(4, 4 + WINDOWS.length);
    const windows = await Promise.all(
      WINDOWS.map((w, i) => openWindow(hub.url, windowTokens[i] ?? '', w.windowId, w.staffCode)),
    );
    clients.push(...windows);
    const displayTokens = tokens.slice(4 + WINDOWS.length);
    const segment = async (
      callers: Caller[],
      n: number,
      cpu: () => number,
    ): Promise<CapacityStep> => {
      const s = summarize([
        await runSegment({
          callers,
          displays: n,
          rate: options.rate,
          seconds: options.seconds,
          serverCpuMs: cpu,
          listen: (f) => (sink = f),
        }),
      ]);
      return { clients: n, p50: s.p50, p99: s.p99, missing: s.missing };
    };
    const hubCallers = windows.map(hubCaller);
    relay = await RelayChild.start();
    const relayUrl = relay.url;
    const relayCpu = (): number => relay?.cpuMs() ?? 0;
    const relayCallers = await Promise.all(
      WINDOWS.map((w) =>
        relayCaller(relayUrl, w.windowId, { called: 190, started: 160, finished: 210 }),
      ),
    );
    clients.push(...relayCallers);
    const onHub: Side = {
      who: 'hub',
      connect: (i) => connectBare(hub.url, handshake(displayTokens[i] ?? ''), onCall, null),
      measure: (n) => segment(hubCallers, n, () => hub.cpuMs()),
      displays: [],
      steps: [],
      max: 0,
      over: false,
    };
    const onRelay: Side = {
      who: 'relay',
      connect: () => connectBare(relayUrl, null, onCall, null),
      measure: (n) => segment(relayCallers, n, relayCpu),
      displays: [],
      steps: [],
      max: 0,
      over: false,
    };
    try {
      await climb(options.steps, options.thresholdMs, [onHub, onRelay], log);
    } finally {
      displays = [...onHub.displays, ...onRelay.displays];
    }
    return {
      thresholdMs: options.thresholdMs,
      hub: onHub.steps,
      relay: onRelay.steps,
      hubMax: onHub.max,
      relayMax: onRelay.max,
      bounded: most,
    };
  } finally {
    for (const d of displays) d.close();
    for (const c of clients) c.close();
    await relay?.stop();
    await hub.stop();
  }
}
