import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DEMO_HALL, Hub, ISSUE_SERVICES, pairAll, registerDevices } from './hall.js';
import { HubChild } from './hub-child.js';
import { connectKiosk, type Kiosk, type KioskKind } from './kiosks.js';
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

/** What one hub child and its kiosks did in the measured slices. */
export interface SideFigures {
  issued: number;
  seconds: number;
  perSecond: number;
  /** CPU the hub process used per issued ticket. */
  hubCpuMsPerIssue: number;
  /** CPU the bench process (its kiosks) used per issued ticket while the hub's slices ran. */
  kioskCpuMsPerIssue: number;
  /** The share of a core the hub and the kiosks used. */
  hubCpuShare: number;
  kioskCpuShare: number;
  /** `batch` messages the hub sent the kiosks per issue (each batch to every kiosk). */
  batchMessagesPerIssue: number;
}

export interface IssueResult {
  kiosks: number;
  rounds: number;
  /** The hub as it runs (`durability: 'async'`, the default), with bare kiosks. */
  hub: SideFigures & { refused: Record<string, number> };
  /** The same hub with HubClient kiosks (mirrors folded and all) in this process. */
  hubClient: SideFigures;
  /** The same over sockets with `--durability inline` (the WAL synced inside each COMMIT). */
  inline: SideFigures;
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
  /** WAL frames (4 KiB pages) one commit writes: an issue's transaction, a raw single-row INSERT. */
  walFrames: { hubIssue: number; rawInsert: number };
}

const rate = (t: Tally): number => (t.seconds > 0 ? t.count / t.seconds : 0);

/**
 * The hub children's `--message-rate` here. A hall's hub lets each connection send 100 messages
 * a second, 200 at once (server/pipeline.ts: a flooding device is refused); the bench's kiosks
 * issue in a closed loop, each far past any real kiosk, and with 16 of them that budget, not the
 * hub, set the figure (16 x (200 + 2 x 100) in a 2-s slice: 3,200/s, where a quiet run measured
 * 3,178/s with 1,306 issues refused `rate_limited`). The limit's check runs as before.
 */
const KIOSK_MESSAGES_PER_S = 100_000;

/** The issue phase's kiosks, issuing in a closed loop while a slice runs. */
interface Fleet {
  slice: (seconds: number) => Promise<Tally>;
  stop: () => Promise<void>;
  reset: () => void;
  sampleBody: () => string;
  /** The `batch` messages all the fleet's kiosks have received so far. */
  batches: () => number;
  /** Every issue answered so far, in a slice or after it (the hub's acks). */
  acks: () => number;
  ackMs: number[];
  refused: Record<string, number>;
}

/**
 * Kiosks issuing in a closed loop while a slice runs (`slice`), waiting at a gate between slices.
 */
function kioskFleet(kiosks: Kiosk[]): Fleet {
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
  let answered = 0;
  let sampleBody = '';
  const refused: Record<string, number> = {};
  const ackMs: number[] = [];
  const loop = async (kiosk: Kiosk, k: number): Promise<void> => {
    let n = k;
    for (;;) {
      if (!running) await gate;
      if (stop) return;
      const serviceId = ISSUE_SERVICES[n++ % ISSUE_SERVICES.length] ?? 'biz-open';
      const t0 = performance.now();
      inFlight++;
      const ack = await kiosk.issue(serviceId);
      inFlight--;
      answered++;
      if (!running) continue; // finished after its slice ended: not counted
      if (ack.ok) {
        issued++;
        ackMs.push(performance.now() - t0);
        if (!sampleBody) {
          sampleBody = JSON.stringify({ type: 'ticket_issued', ticket: ack.ticket, at: 0 });
        }
      } else {
        refused[ack.code] = (refused[ack.code] ?? 0) + 1;
        if (ack.code === 'rate_limited') await sleep(20);
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
    batches: () => kiosks.reduce((sum, kiosk) => sum + kiosk.batches, 0),
    acks: () => answered,
    ackMs,
    refused,
  };
}

/**
 * One hub child on its own file with its own kiosks, and what its slices issued and cost: the
 * hub's CPU (its process) and the bench's (this process, where the kiosks live) while they ran.
 */
export class Side {
  readonly total: Tally = { count: 0, seconds: 0 };
  hubCpuMs = 0;
  benchCpuMs = 0;
  /** `batch` messages the kiosks received, and issues answered, in the measured slices. */
  batches = 0;
  acks = 0;
  private constructor(
    readonly hub: HubChild,
    readonly kiosks: Kiosk[],
    readonly fleet: Fleet,
  ) {}

  static async start(
    dbPath: string,
    count: number,
    kind: KioskKind,
    /** The hub child's `--durability`, Node's options (`--cpu-prof`, ...), its command's file. */
    hubOptions: { durability?: 'inline'; nodeArgs?: string[]; cli?: string } = {},
  ): Promise<Side> {
    const devices = registerDevices(dbPath, [{ kind: 'kiosk', count }]);
    const hub = await HubChild.start({ dbPath, messagesPerS: KIOSK_MESSAGES_PER_S, ...hubOptions });
    try {
      const tokens = await pairAll(hub.url, devices);
      const kiosks = await Promise.all(tokens.map((t) => connectKiosk(kind, hub.url, t)));
      return new Side(hub, kiosks, kioskFleet(kiosks));
    } catch (err) {
      await hub.stop();
      throw err;
    }
  }

  /** One slice of this side's fleet; adds what it issued and what it cost. */
  async slice(seconds: number): Promise<Tally> {
    const hubBefore = this.hub.cpuMs();
    const benchBefore = process.cpuUsage();
    const batchesBefore = this.fleet.batches();
    const acksBefore = this.fleet.acks();
    const t = await this.fleet.slice(seconds);
    this.hubCpuMs += this.hub.cpuMs() - hubBefore;
    this.benchCpuMs += cpuOf(process.cpuUsage(benchBefore));
    this.batches += this.fleet.batches() - batchesBefore;
    this.acks += this.fleet.acks() - acksBefore;
    this.total.count += t.count;
    this.total.seconds += t.seconds;
    return t;
  }

  /** What the measured slices issued and cost. */
  figures(): SideFigures {
    const { count, seconds } = this.total;
    return {
      issued: count,
      seconds,
      perSecond: rate(this.total),
      hubCpuMsPerIssue: count > 0 ? this.hubCpuMs / count : NaN,
      kioskCpuMsPerIssue: count > 0 ? this.benchCpuMs / count : NaN,
      hubCpuShare: seconds > 0 ? this.hubCpuMs / 1000 / seconds : NaN,
      kioskCpuShare: seconds > 0 ? this.benchCpuMs / 1000 / seconds : NaN,
      batchMessagesPerIssue: this.acks > 0 ? this.batches / this.acks : NaN,
    };
  }

  async stop(): Promise<void> {
    await this.fleet.stop();
    for (const kiosk of this.kiosks) kiosk.close();
    await this.hub.stop();
  }
}

const cpuOf = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

/**
 * Durable ticket issues per second: `kiosks` kiosks each issue in a closed loop (the next issue
 * goes when the previous one is acknowledged, and the hub acknowledges only after the ticket's
 * transaction committed with synchronous=FULL). The kiosks are bare socket.io-client sockets
 * (kiosks.ts): the hub does for them what it does for kiosk pages, while the bench spends little
 * CPU on them, since in a hall they are other machines. Baseline: single-row INSERT commits with
 * the same pragmas on a file in the same folder. The disk of a shared machine speeds up and slows
 * down by the minute, so the two take turns in short slices and are summed. Beside them, each in
 * its own turn: the same with `HubClient` kiosks (on a hub of their own), with `--durability
 * inline`, and `Hub.execute` in this process.
 */
export async function measureIssueRate(options: IssueOptions): Promise<IssueResult> {
  const { dir, log } = options;
  const sides: Side[] = [];
  let raw: RawInserts | null = null;
  let local: Hub | null = null;
  try {
    const start = (name: string, kind: KioskKind, durability?: 'inline'): Promise<Side> =>
      Side.start(
        join(dir, `${name}.sqlite`),
        options.kiosks,
        kind,
        durability ? { durability } : {},
      ).then((side) => {
        sides.push(side);
        return side;
      });
    const bare = await start('issue', 'bare');
    const hubClient = await start('issue-hubclient', 'hubclient');
    // The same hub with the WAL synced inside each COMMIT, on its event loop (the design before
    // bench/README.md's "durability off the event loop"), on its own file and kiosks.
    const inline = await start('issue-inline', 'bare', 'inline');

    // Warm-up: connections, JIT, the database's first pages.
    for (const side of [bare, hubClient, inline]) {
      await side.fleet.slice(Math.min(1, options.sliceS));
      side.fleet.reset();
    }
    const sampleBody = bare.fleet.sampleBody();

    raw = new RawInserts(join(dir, 'raw.sqlite'), sampleBody || 'x'.repeat(660));
    local = Hub.open({ dbPath: join(dir, 'in-process.sqlite'), config: DEMO_HALL });
    local.rollDay();
    const inProcessSlice = (hubInProcess: Hub, seconds: number): Tally => {
      const actor = { kind: 'device', deviceId: 'bench', deviceKind: 'kiosk' } as const;
      let count = 0;
      const begin = performance.now();
      const end = begin + seconds * 1000;
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
      return { count, seconds: (performance.now() - begin) / 1000 };
    };
    inProcessSlice(local, 0.2); // warm-up

    const rawT: Tally = { count: 0, seconds: 0 };
    const localT: Tally = { count: 0, seconds: 0 };
    const roundRatios: number[] = [];
    let rawCpuMs = 0;
    let localCpuMs = 0;
    log(
      `  ${options.kiosks} kiosks; ${options.rounds} rounds of ${options.sliceS} s hub (bare kiosks) / hub (HubClient kiosks) / durability inline / raw / in-process`,
    );
    for (let r = 0; r < options.rounds; r++) {
      // The two kinds of kiosk in turns, the first of each round swapped every round.
      const [first, second] = r % 2 === 0 ? [bare, hubClient] : [hubClient, bare];
      const a = await first.slice(options.sliceS);
      const b = await second.slice(options.sliceS);
      const [h, c] = first === bare ? [a, b] : [b, a];
      const i = await inline.slice(options.sliceS);
      let usage = process.cpuUsage();
      const w = raw.run(options.sliceS);
      rawCpuMs += cpuOf(process.cpuUsage(usage));
      usage = process.cpuUsage();
      const l = inProcessSlice(local, options.sliceS / 2);
      localCpuMs += cpuOf(process.cpuUsage(usage));
      rawT.count += w.commits;
      rawT.seconds += w.seconds;
      localT.count += l.count;
      localT.seconds += l.seconds;
      roundRatios.push(rate(h) / rate({ count: w.commits, seconds: w.seconds }));
      log(
        `    round ${r + 1}: hub ${Math.round(rate(h))}/s, with HubClient kiosks ${Math.round(rate(c))}/s, durability inline ${Math.round(rate(i))}/s, raw ${Math.round(w.commits / w.seconds)}/s, in-process ${Math.round(rate(l))}/s`,
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
    const { ackMs, refused } = bare.fleet;
    ackMs.sort((a, b) => a - b);
    return {
      kiosks: options.kiosks,
      rounds: options.rounds,
      hub: { ...bare.figures(), refused: { ...refused } },
      hubClient: hubClient.figures(),
      inline: inline.figures(),
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
      walFrames,
    };
  } finally {
    raw?.close();
    local?.close();
    for (const side of sides) await side.stop();
  }
}
