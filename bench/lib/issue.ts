import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { HubClient } from '@onestop/shared/client';
import { connectClient, DEMO_HALL, Hub, ISSUE_SERVICES, pairAll, registerDevices } from './hall.js';
import { HubChild } from './hub-child.js';
import { RawInserts, walFramesPerCommit } from './raw-sqlite.js';
import { percentile, sleep } from './util.js';

export interface IssueOptions {
  dir: string;
  kiosks: number;
  /**
   * Rounds of (hub, hub with durability inline, raw, in-process hub) slices, interleaved so all
   * see the same disk.
   */
  rounds: number;
  sliceS: number;
  log: (line: string) => void;
}

interface Tally {
  count: number;
  seconds: number;
}

export interface IssueResult {
  kiosks: number;
  rounds: number;
  /** The hub as it runs (`durability: 'async'`, the default). */
  hub: { issued: number; seconds: number; perSecond: number; refused: Record<string, number> };
  /** The same over sockets with `--durability inline` (the WAL synced inside each COMMIT). */
  inline: { issued: number; seconds: number; perSecond: number };
  raw: {
    commits: number;
    seconds: number;
    perSecond: number;
    bodyBytes: number;
    cpuMsPerCommit: number;
  };
  /** Hub.execute in this process, no sockets: the engine and the store alone. */
  inProcess: { issued: number; seconds: number; perSecond: number; cpuMsPerIssue: number };
  /** hub / raw of each round: the disk's speed drifts, each round's pair saw the same disk. */
  roundRatios: number[];
  ackMs: { p50: number; p99: number };
  /** CPU the hub process used per issued ticket, and the share of a core it used. */
  hubCpuMsPerIssue: number;
  hubCpuShare: number;
  benchCpuShare: number;
  /** WAL frames (4 KiB pages) one commit writes: an issue's transaction, a raw single-row INSERT. */
  walFrames: { hubIssue: number; rawInsert: number };
}

const rate = (t: Tally): number => (t.seconds > 0 ? t.count / t.seconds : 0);

/**
 * Kiosks issuing in a closed loop while a slice runs (`slice`), waiting at a gate between slices.
 */
function kioskFleet(kiosks: HubClient<'kiosk'>[]): {
  slice: (seconds: number) => Promise<Tally>;
  stop: () => Promise<void>;
  reset: () => void;
  sampleBody: () => string;
  ackMs: number[];
  refused: Record<string, number>;
} {
  // The kiosks issue while `running`; between slices they wait at the gate.
  let running = false;
  let stop = false;
  let gate: Promise<void> = Promise.resolve();
  let openGate = (): void => {};
  const close = (): void => {
    gate = new Promise((resolve) => (openGate = resolve));
  };
  close();
  let issued = 0;
  let inFlight = 0;
  let sampleBody = '';
  const refused: Record<string, number> = {};
  const ackMs: number[] = [];
  const loop = async (kiosk: HubClient<'kiosk'>, k: number): Promise<void> => {
    let n = k;
    for (;;) {
      if (!running) await gate;
      if (stop) return;
      const serviceId = ISSUE_SERVICES[n++ % ISSUE_SERVICES.length] ?? 'biz-open';
      const t0 = performance.now();
      inFlight++;
      const ack = await kiosk.command('issue_ticket', {
        itinerary: [{ serviceIds: [serviceId] }],
        class: 'normal',
      });
      inFlight--;
      if (!running) continue; // finished after its slice ended: not counted
      if (ack.ok) {
        issued++;
        ackMs.push(performance.now() - t0);
        if (!sampleBody) {
          sampleBody = JSON.stringify({
            type: 'ticket_issued',
            ticket: ack.result.ticket,
            at: 0,
          });
        }
      } else {
        refused[ack.error.code] = (refused[ack.error.code] ?? 0) + 1;
        if (ack.error.code === 'rate_limited') await sleep(20);
      }
    }
  };
  const loops = kiosks.map((kiosk, k) => loop(kiosk, k));

  const hubSlice = async (seconds: number): Promise<Tally> => {
    const before = issued;
    const t0 = performance.now();
    running = true;
    openGate();
    await sleep(seconds * 1000);
    running = false;
    const elapsed = (performance.now() - t0) / 1000;
    close();
    // Let the commands in flight finish, so the next slice starts from an idle hub.
    while (inFlight > 0) await sleep(2);
    return { count: issued - before, seconds: elapsed };
  };

  const reset = (): void => {
    issued = 0;
    ackMs.length = 0;
    for (const key of Object.keys(refused)) delete refused[key];
  };
  const stopAll = async (): Promise<void> => {
    stop = true;
    openGate();
    await Promise.all(loops);
  };
  return {
    slice: hubSlice,
    stop: stopAll,
    reset,
    sampleBody: () => sampleBody,
    ackMs,
    refused,
  };
}

/**
 * Durable ticket issues per second: `kiosks` HubClients each issue in a closed loop (the next
 * issue goes when the previous one is acknowledged, and the hub acknowledges only after the
 * ticket's transaction committed with synchronous=FULL). Baseline: single-row INSERT commits
 * with the same pragmas on a file in the same folder. The disk of a shared machine speeds up and
 * slows down by the minute, so the two take turns in short slices and are summed.
 */
export async function measureIssueRate(options: IssueOptions): Promise<IssueResult> {
  const { dir, log } = options;
  const dbPath = join(dir, 'issue.sqlite');
  const devices = registerDevices(dbPath, [{ kind: 'kiosk', count: options.kiosks }]);
  const hub = await HubChild.start({ dbPath });
  // The same hub with the WAL synced inside each COMMIT, on its event loop (the design before
  // bench/README.md's "durability off the event loop"), on its own file and kiosks.
  const inlinePath = join(dir, 'issue-inline.sqlite');
  const inlineDevices = registerDevices(inlinePath, [{ kind: 'kiosk', count: options.kiosks }]);
  const inlineHub = await HubChild.start({ dbPath: inlinePath, durability: 'inline' });
  const kiosks: HubClient<'kiosk'>[] = [];
  const inlineKiosks: HubClient<'kiosk'>[] = [];
  let raw: RawInserts | null = null;
  let local: Hub | null = null;
  try {
    const tokens = await pairAll(hub.url, devices);
    kiosks.push(...(await Promise.all(tokens.map((t) => connectClient(hub.url, 'kiosk', t)))));
    const inlineTokens = await pairAll(inlineHub.url, inlineDevices);
    inlineKiosks.push(
      ...(await Promise.all(inlineTokens.map((t) => connectClient(inlineHub.url, 'kiosk', t)))),
    );

    const fleet = kioskFleet(kiosks);
    const inlineFleet = kioskFleet(inlineKiosks);
    const { ackMs, refused } = fleet;
    const hubSlice = fleet.slice;

    // Warm-up: connections, JIT, the database's first pages.
    await hubSlice(Math.min(1, options.sliceS));
    await inlineFleet.slice(Math.min(1, options.sliceS));
    fleet.reset();
    inlineFleet.reset();
    const sampleBody = fleet.sampleBody();

    raw = new RawInserts(join(dir, 'raw.sqlite'), sampleBody || 'x'.repeat(660));
    local = Hub.open({ dbPath: join(dir, 'in-process.sqlite'), config: DEMO_HALL });
    local.rollDay();
    const inProcessSlice = (hubInProcess: Hub, seconds: number): Tally => {
      const actor = { kind: 'device', deviceId: 'bench', deviceKind: 'kiosk' } as const;
      let count = 0;
      const start = performance.now();
      const end = start + seconds * 1000;
      do {
        const outcome = hubInProcess.execute(actor, 'device:bench', randomUUID(), {
          type: 'issue_ticket',
          itinerary: [
            { serviceIds: [ISSUE_SERVICES[count % ISSUE_SERVICES.length] ?? 'biz-open'] },
          ],
          class: 'normal',
          appointment: null,
          accessToken: randomUUID(),
        });
        if (!outcome.ok) throw new Error(`in-process issue failed: ${outcome.error.code}`);
        count++;
      } while (performance.now() < end);
      return { count, seconds: (performance.now() - start) / 1000 };
    };
    inProcessSlice(local, 0.2); // warm-up

    const hubT: Tally = { count: 0, seconds: 0 };
    const inlineT: Tally = { count: 0, seconds: 0 };
    const rawT: Tally = { count: 0, seconds: 0 };
    const localT: Tally = { count: 0, seconds: 0 };
    const roundRatios: number[] = [];
    let hubCpuMs = 0;
    let benchCpuS = 0;
    let rawCpuMs = 0;
    let localCpuMs = 0;
    const cpuOf = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
    log(
      `  ${options.kiosks} kiosks; ${options.rounds} rounds of ${options.sliceS} s hub / raw / in-process`,
    );
    for (let r = 0; r < options.rounds; r++) {
      const cpuBefore = hub.cpuMs();
      const benchBefore = process.cpuUsage();
      const h = await hubSlice(options.sliceS);
      hubCpuMs += hub.cpuMs() - cpuBefore;
      const b = process.cpuUsage(benchBefore);
      benchCpuS += (b.user + b.system) / 1e6;
      const i = await inlineFleet.slice(options.sliceS);
      let usage = process.cpuUsage();
      const w = raw.run(options.sliceS);
      rawCpuMs += cpuOf(process.cpuUsage(usage));
      usage = process.cpuUsage();
      const l = inProcessSlice(local, options.sliceS / 2);
      localCpuMs += cpuOf(process.cpuUsage(usage));
      for (const [total, slice] of [
        [hubT, h],
        [inlineT, i],
        [rawT, { count: w.commits, seconds: w.seconds }],
        [localT, l],
      ] as const) {
        total.count += slice.count;
        total.seconds += slice.seconds;
      }
      roundRatios.push(rate(h) / rate({ count: w.commits, seconds: w.seconds }));
      log(
        `    round ${r + 1}: hub ${Math.round(rate(h))}/s, durability inline ${Math.round(rate(i))}/s, raw ${Math.round(w.commits / w.seconds)}/s, in-process ${Math.round(rate(l))}/s`,
      );
    }
    const localHub = local;
    const walFrames = {
      hubIssue: walFramesPerCommit(
        join(dir, 'in-process.sqlite'),
        () => void inProcessSlice(localHub, 0),
        20,
      ),
      rawInsert: walFramesPerCommit(raw.dbPath, () => raw?.commit(Date.now()), 20),
    };
    await fleet.stop();
    await inlineFleet.stop();
    ackMs.sort((a, b) => a - b);
    return {
      kiosks: options.kiosks,
      rounds: options.rounds,
      hub: { issued: hubT.count, seconds: hubT.seconds, perSecond: rate(hubT), refused },
      inline: { issued: inlineT.count, seconds: inlineT.seconds, perSecond: rate(inlineT) },
      raw: {
        commits: rawT.count,
        seconds: rawT.seconds,
        perSecond: rate(rawT),
        bodyBytes: Buffer.byteLength(sampleBody),
        cpuMsPerCommit: rawCpuMs / rawT.count,
      },
      inProcess: {
        issued: localT.count,
        seconds: localT.seconds,
        perSecond: rate(localT),
        cpuMsPerIssue: localCpuMs / localT.count,
      },
      roundRatios,
      ackMs: { p50: percentile(ackMs, 0.5), p99: percentile(ackMs, 0.99) },
      hubCpuMsPerIssue: hubT.count > 0 ? hubCpuMs / hubT.count : NaN,
      hubCpuShare: hubCpuMs / 1000 / hubT.seconds,
      benchCpuShare: benchCpuS / hubT.seconds,
      walFrames,
    };
  } finally {
    for (const kiosk of [...kiosks, ...inlineKiosks]) kiosk.close();
    raw?.close();
    local?.close();
    await hub.stop();
    await inlineHub.stop();
  }
}
