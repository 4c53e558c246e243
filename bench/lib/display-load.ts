import { join } from 'node:path';
import type { HubClient } from '@onestop/shared/client';
import {
  hubCaller,
  relayCaller,
  runSegment,
  summarize,
  type Caller,
  type LatencyResult,
  type Segment,
} from './calls.js';
import {
  BatchSizes,
  connectBare,
  connectHubClient,
  connectMany,
  handshake,
  type Display,
  type OnCall,
} from './displays.js';
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
import { pool, sleep } from './util.js';

export interface DisplayLoadOptions {
  dir: string;
  displays: number;
  /** Displays connected for the second memory reading. */
  moreDisplays: number;
  ticketsPerService: number;
  rate: number;
  /** Seconds of calls on each side, in `segments` turns: hub, relay, hub, relay, ... */
  seconds: number;
  segments: number;
  /** Also run the calls with HubClient displays (mirrors and all) on the hub. */
  hubClientRun: boolean;
  /** How long the hub is left to settle before a memory reading. */
  settleMs: number;
  log: (line: string) => void;
}

export interface MemoryReading {
  clients: number;
  rssMb: number;
  hwmMb: number;
  when: string;
}

export interface DisplayLoadResult {
  ticketsIssued: number;
  /** Latency with bare socket.io-client displays, the same client the relay's displays are. */
  hub: LatencyResult;
  relay: LatencyResult;
  /** Latency with HubClient displays (each keeps a mirror of the hall), when run... */
  hubClient: LatencyResult | null;
  /** ...and the relay's, in turns with those. */
  relayWithHubClient: LatencyResult | null;
  batchBytes: { called: number; started: number; finished: number };
  memory: MemoryReading[];
  relayMemory: MemoryReading;
  connectSeconds: { hub: number; relay: number; hubClient: number | null };
}

/** Where every display reports its calls; set for each run. */
class Sink {
  current: OnCall = () => {};
  readonly onCall: OnCall = (key, at) => this.current(key, at);
}

const bytesOf = (sizes: BatchSizes): { called: number; started: number; finished: number } => ({
  called: sizes.size('ticket_called', 190),
  started: sizes.size('service_started', 160),
  finished: sizes.size('service_finished', 210),
});

const toMb = (bytes: number): number => Math.round(bytes / 1024 / 102.4) / 10;

/**
 * Call-to-display latency with many displays, on the hub and on a bare Socket.IO relay, and the
 * hub's memory with those displays connected.
 */
export async function measureDisplayLoad(options: DisplayLoadOptions): Promise<DisplayLoadResult> {
  const { dir, log } = options;
  const dbPath = join(dir, 'hall.sqlite');
  const totalDisplays = options.displays + options.moreDisplays;
  const devices = registerDevices(dbPath, [
    { kind: 'kiosk', count: 4 },
    { kind: 'window_terminal', count: WINDOWS.length, windowIds: WINDOWS.map((w) => w.windowId) },
    { kind: 'display', count: totalDisplays },
  ]);
  const hub = await HubChild.start({ dbPath });
  const clients: { close(): void }[] = [];
  let displays: Display[] = [];
  let relayDisplays: Display[] = [];
  let relay: RelayChild | null = null;
  const memory: MemoryReading[] = [];
  const readMemory = async (
    clientsNow: number,
    when: string,
    settleMs = options.settleMs,
  ): Promise<void> => {
    await sleep(settleMs); // let the hub settle after the connections' bursts
    const m = hub.memory();
    memory.push({ clients: clientsNow, rssMb: toMb(m.rss), hwmMb: toMb(m.hwm), when });
    log(`    hub RSS ${toMb(m.rss)} MB with ${clientsNow} displays (${when})`);
  };
  try {
    await readMemory(0, 'started (first start: 14 PINs hashed with scrypt)', 300);
    log(`  pairing ${devices.length} devices over POST /api/pair`);
    const tokens = await pairAll(hub.url, devices);
    const kioskTokens = tokens.slice(0, 4);
    const windowTokens = tokens.slice(4, 4 + WINDOWS.length);
    const displayTokens = tokens.slice(4 + WINDOWS.length);

    const kiosks: HubClient<'kiosk'>[] = await Promise.all(
      kioskTokens.map((t) => connectClient(hub.url, 'kiosk', t)),
    );
    clients.push(...kiosks);
    const toIssue = ISSUE_SERVICES.flatMap((serviceId) =>
      Array.from({ length: options.ticketsPerService }, () => serviceId),
    );
    await pool(toIssue, kiosks.length, async (serviceId, i) => {
      const kiosk = kiosks[i % kiosks.length];
      const ack = await kiosk?.command('issue_ticket', {
        itinerary: [{ serviceIds: [serviceId] }],
        class: 'normal',
      });
      if (!ack?.ok) throw new Error(`issue failed: ${ack ? ack.error.code : 'no kiosk'}`);
    });
    await readMemory(0, `${toIssue.length} tickets issued`, 300);
    log(`  opening ${WINDOWS.length} windows (each clerk's PIN checked with scrypt)`);
    const windows = await Promise.all(
      WINDOWS.map((w, i) => openWindow(hub.url, windowTokens[i] ?? '', w.windowId, w.staffCode)),
    );
    clients.push(...windows);
    await readMemory(0, 'idle: tickets issued, windows open');

    const sink = new Sink();
    const sizes = new BatchSizes();
    let t0 = performance.now();
    displays = await connectMany(options.displays, (i) =>
      connectBare(hub.url, handshake(displayTokens[i] ?? ''), sink.onCall, i === 0 ? sizes : null),
    );
    const hubConnectS = (performance.now() - t0) / 1000;
    log(`  ${displays.length} displays connected and synced in ${hubConnectS.toFixed(1)} s`);
    await readMemory(displays.length, 'connected');

    // The relay runs beside the hub, and the two take turns, so both see the same machine.
    relay = await RelayChild.start();
    t0 = performance.now();
    relayDisplays = await connectMany(options.displays, () =>
      connectBare(relay?.url ?? '', null, sink.onCall, null),
    );
    const relayConnectS = (performance.now() - t0) / 1000;
    log(`  ${relayDisplays.length} relay displays connected in ${relayConnectS.toFixed(1)} s`);

    const hubCallers = windows.map(hubCaller);
    let relayCallers: Caller[] | null = null;
    const segmentS = options.seconds / options.segments;
    const segment = (callers: Caller[], count: number, cpuOf: () => number): Promise<Segment> =>
      runSegment({
        callers,
        displays: count,
        rate: options.rate,
        seconds: segmentS,
        serverCpuMs: cpuOf,
        listen: (onCall) => (sink.current = onCall),
      });
    const relayCpu = (): number => relay?.cpuMs() ?? 0;
    const relayTurn = async (): Promise<Segment> => {
      if (!relayCallers) {
        // Batches as large as the hub's, learnt from its first turn.
        const batchBytes = bytesOf(sizes);
        log(
          `  relay batches of ${batchBytes.called}/${batchBytes.started}/${batchBytes.finished} bytes, as the hub's displays got them`,
        );
        relayCallers = await Promise.all(
          WINDOWS.map((w) => relayCaller(relay?.url ?? '', w.windowId, batchBytes)),
        );
        clients.push(...relayCallers);
      }
      return segment(relayCallers, relayDisplays.length, relayCpu);
    };

    log(
      `  ${options.rate} calls/s to ${displays.length} displays: ${options.segments} turns of ${segmentS} s each on the hub and on the relay`,
    );
    const hubSegments: Segment[] = [];
    const relaySegments: Segment[] = [];
    for (let i = 0; i < options.segments; i++) {
      hubSegments.push(await segment(hubCallers, displays.length, () => hub.cpuMs()));
      relaySegments.push(await relayTurn());
    }
    const hubLatency = summarize(hubSegments);
    const relayLatency = summarize(relaySegments);
    log(
      `    p50/p99: hub ${hubLatency.p50.toFixed(1)}/${hubLatency.p99.toFixed(1)} ms, relay ${relayLatency.p50.toFixed(1)}/${relayLatency.p99.toFixed(1)} ms`,
    );
    await readMemory(displays.length, 'after the calls');
    const rm = relay.memory();
    const relayMemory: MemoryReading = {
      clients: relayDisplays.length,
      rssMb: toMb(rm.rss),
      hwmMb: toMb(rm.hwm),
      when: 'after the calls',
    };

    if (options.moreDisplays > 0) {
      const more = await connectMany(options.moreDisplays, (i) =>
        connectBare(
          hub.url,
          handshake(displayTokens[options.displays + i] ?? ''),
          sink.onCall,
          null,
        ),
      );
      displays.push(...more);
      await readMemory(displays.length, 'connected');
    }
    for (const d of displays) d.close();
    displays = [];

    let hubClient: LatencyResult | null = null;
    let relayWithHubClient: LatencyResult | null = null;
    let hubClientConnectS: number | null = null;
    if (options.hubClientRun) {
      await sleep(500);
      t0 = performance.now();
      displays = await connectMany(options.displays, (i) =>
        connectHubClient(hub.url, displayTokens[i] ?? '', sink.onCall),
      );
      hubClientConnectS = (performance.now() - t0) / 1000;
      log(
        `  ${displays.length} HubClient displays online in ${hubClientConnectS.toFixed(1)} s; the calls again`,
      );
      const mine: Segment[] = [];
      const theirs: Segment[] = [];
      // Half as many turns: a second opinion on the displays' side, not the figure held to the target.
      for (let i = 0; i < Math.max(1, Math.floor(options.segments / 2)); i++) {
        mine.push(await segment(hubCallers, displays.length, () => hub.cpuMs()));
        theirs.push(await relayTurn());
      }
      hubClient = summarize(mine);
      relayWithHubClient = summarize(theirs);
      log(
        `    p50/p99: HubClient displays ${hubClient.p50.toFixed(1)}/${hubClient.p99.toFixed(1)} ms, relay ${relayWithHubClient.p50.toFixed(1)}/${relayWithHubClient.p99.toFixed(1)} ms`,
      );
    }
    const batchBytes = bytesOf(sizes);
    return {
      ticketsIssued: toIssue.length,
      hub: hubLatency,
      relay: relayLatency,
      hubClient,
      relayWithHubClient,
      batchBytes,
      memory,
      relayMemory,
      connectSeconds: { hub: hubConnectS, relay: relayConnectS, hubClient: hubClientConnectS },
    };
  } finally {
    for (const d of [...displays, ...relayDisplays]) d.close();
    for (const c of clients) c.close();
    await relay?.stop();
    await hub.stop();
  }
}
