import {
  LINK_LIMITS,
  type HallConfig,
  type HealthLink,
  type LinkBatch,
  type LinkEvent,
  type LinkInstruction,
} from '@onestop/shared';
import type { Hub } from '../../hub.js';
import type { RegionLinkRecords, RegionLinkRow } from '../../store/index.js';
import { receiveInstructions } from './instructions.js';
import {
  requestBatch,
  requestInstructions,
  requestPosition,
  RegionRequestError,
} from './region-client.js';
import { linkEventOf } from './what-crosses.js';

/*
 * The hall link (docs/OPERATIONS.md, "Linking the hall to a region"): streams the hall's
 * committed events to the region, behind the hall's commits, never in front of them. It reads
 * the log on the store's read-only connection a page at a time, sends batches in sequence order,
 * keeps the region's acknowledged position in SQLite after each answer, and retries with a
 * capped backoff while the region is away. The hub only tells it that something was committed
 * (`notify`, a flag and a resolved promise); nothing on the command path waits for it.
 */

/** What the link needs of the hub. */
export interface LinkSource {
  readonly records: Pick<
    RegionLinkRecords,
    'link' | 'ackedSeq' | 'setAcked' | 'eventsAfter' | 'lastSeq'
  >;
  /** The database's history now: sequence numbers count within it. */
  historyId(): string;
  /** The hall's configuration now (for `withholdComplaintTexts`). */
  config(): HallConfig;
  now(): number;
  /**
   * Keeps the region's supervision instructions (features/region-link/instructions.ts). Without
   * it the link does not ask for them.
   */
  receiveInstructions?(instructions: readonly LinkInstruction[]): void;
}

export interface RegionLinkOptions {
  /** Events read from the log at a time (and the most a batch carries). */
  pageEvents?: number;
  /** The largest batch body in bytes. */
  maxBatchBytes?: number;
  /** The first wait after a failure, doubled at each failure up to `maxRetryMs`. */
  minRetryMs?: number;
  maxRetryMs?: number;
  /** How long one request may take before the region counts as unreachable. */
  timeoutMs?: number;
  /** How often the link looks at the log even when told nothing (a safety net). */
  idleCheckMs?: number;
  /**
   * How often, while caught up, the link asks the region for its supervision instructions (and
   * tells it the hall's newest sequence, which the regional console shows as "N behind").
   */
  instructionPollMs?: number;
  /** Where the link says what happened (a line each time its state changes). */
  log?: (line: string) => void;
}

const DEFAULTS = {
  pageEvents: LINK_LIMITS.maxBatchEvents,
  maxBatchBytes: LINK_LIMITS.maxBatchBytes,
  minRetryMs: 1_000,
  maxRetryMs: 60_000,
  timeoutMs: 30_000,
  idleCheckMs: 60_000,
  instructionPollMs: 5_000,
};

/** The batch's envelope around its events, in bytes (generous). */
const ENVELOPE_BYTES = 1_024;

export class RegionLink {
  private readonly opts: typeof DEFAULTS & { log: (line: string) => void };
  /** The region's position for `ackedHistory`, as last answered; null until asked. */
  private acked: number | null = null;
  private ackedHistory: string | null = null;
  /** Since when no request succeeded, and why; null while the region answers. */
  private offline: { since: number; reason: string } | null = null;
  private failures = 0;
  /** When (wall clock, ms) the link next asks for instructions. */
  private nextPollAt = 0;
  private running: Promise<void> | null = null;
  private stopped = false;
  private waiter: { onNotify: boolean; done: () => void } | null = null;
  /** Aborts the request under way at `stop`. */
  private readonly aborts = new AbortController();

  constructor(
    private readonly source: LinkSource,
    options: RegionLinkOptions = {},
  ) {
    const { log, ...rest } = options;
    this.opts = {
      ...DEFAULTS,
      ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
      log: log ?? ((line) => console.log(`onestop-hub: ${line}`)),
    };
    if (this.opts.pageEvents < 1 || this.opts.pageEvents > LINK_LIMITS.maxBatchEvents) {
      throw new RangeError(`pageEvents must be from 1 to ${LINK_LIMITS.maxBatchEvents}`);
    }
  }

  /** Starts streaming (once); does nothing while the hall is not linked. */
  start(): void {
    if (this.running || this.stopped) return;
    this.running = this.run().catch((err: unknown) => {
      this.opts.log(`region link stopped: ${String(err)}`);
    });
  }

  /** Something was committed: look at the log again. Cheap; never waits. */
  notify(): void {
    if (this.waiter?.onNotify) this.waiter.done();
  }

  /** Stops the link: a request under way is abandoned (the region keeps what it committed). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.aborts.abort();
    this.waiter?.done();
    await this.running;
  }

  /** The link's state, for `/api/health` and the admin console's monitor. */
  health(): HealthLink {
    const link = this.source.records.link();
    if (!link) return { state: 'not_linked' };
    const history = this.source.historyId();
    const acked =
      this.ackedHistory === history && this.acked !== null
        ? this.acked
        : this.source.records.ackedSeq(history);
    const last = this.source.records.lastSeq();
    const base = { region: link.url, hallName: link.hallName };
    if (this.offline) {
      return {
        state: 'offline',
        ...base,
        ackedSeq: acked,
        behind: Math.max(0, last - (acked ?? 0)),
        since: this.offline.since,
        reason: this.offline.reason,
      };
    }
    const behind = Math.max(0, last - (acked ?? 0));
    return behind === 0 && acked !== null
      ? { state: 'caught_up', ...base, ackedSeq: acked }
      : { state: 'behind', ...base, ackedSeq: acked ?? 0, behind };
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const link = this.source.records.link();
      if (!link) return;
      try {
        let more = await this.step(link);
        if (!more && Date.now() >= this.nextPollAt) more = await this.poll(link);
        this.succeeded();
        if (!more) await this.idle();
      } catch (err) {
        if (this.stopped) return;
        // The region's fault, or the hall's database busy or failing: tried again later, the
        // hall's work unhindered either way.
        this.failed(
          err instanceof RegionRequestError ? err.message : `the hall's database: ${String(err)}`,
        );
        await this.idle(this.retryMs());
      }
    }
  }

  /** One exchange with the region. Returns whether more events wait to be sent. */
  private async step(link: RegionLinkRow): Promise<boolean> {
    const history = this.source.historyId();
    const request = {
      url: link.url,
      token: link.token,
      timeoutMs: this.opts.timeoutMs,
      signal: this.aborts.signal,
    };
    if (this.ackedHistory !== history || this.acked === null) {
      // A new run, or a new history after a restore: the region says where it stands.
      const position = await requestPosition(request, history);
      this.expectHistory(position.historyId, history);
      this.accept(history, this.checkWithinLog(position.ackedSeq));
    }
    const afterSeq = this.acked ?? 0;
    const batch = this.batchAfter(history, afterSeq);
    if (!batch) return false;
    const sent = batch.events.at(-1)?.seq ?? afterSeq;
    let result;
    try {
      result = await requestBatch(request, batch);
    } catch (err) {
      const gapAt = err instanceof RegionRequestError ? err.refusal : null;
      if (gapAt?.code === 'gap' && gapAt.ackedSeq !== undefined && gapAt.ackedSeq !== afterSeq) {
        // The region holds another position: resume from there.
        this.opts.log(`region link: the region holds up to ${gapAt.ackedSeq}; resuming there`);
        this.accept(history, this.checkWithinLog(gapAt.ackedSeq));
        return true;
      }
      throw err;
    }
    this.expectHistory(result.historyId, history);
    // Nothing acknowledged (a stale answer) is no progress: tried again after a pause.
    if (result.ackedSeq <= afterSeq || result.ackedSeq > sent) {
      throw new RegionRequestError(
        'bad_answer',
        `the region acknowledged ${result.ackedSeq} for a batch of ${afterSeq + 1}–${sent}`,
      );
    }
    this.accept(history, result.ackedSeq);
    return result.ackedSeq < this.source.records.lastSeq();
  }

  /**
   * Asks the region for its instructions and keeps the new ones. Returns whether events wait to
   * be sent (their `instruction_received`).
   */
  private async poll(link: RegionLinkRow): Promise<boolean> {
    const receive = this.source.receiveInstructions?.bind(this.source);
    if (receive === undefined) {
      this.nextPollAt = Number.POSITIVE_INFINITY;
      return false;
    }
    const answer = await requestInstructions(
      {
        url: link.url,
        token: link.token,
        timeoutMs: this.opts.timeoutMs,
        signal: this.aborts.signal,
      },
      this.source.historyId(),
      this.source.records.lastSeq(),
    );
    receive(answer.instructions);
    this.nextPollAt = Date.now() + this.opts.instructionPollMs;
    return this.source.records.lastSeq() > (this.acked ?? 0);
  }

  /** The next batch after `afterSeq`: at most a page of events and `maxBatchBytes`. */
  private batchAfter(historyId: string, afterSeq: number): LinkBatch | null {
    const rows = this.source.records.eventsAfter(afterSeq, this.opts.pageEvents);
    const crossing = {
      withholdComplaintTexts: this.source.config().hall.withholdComplaintTexts === true,
    };
    const events: LinkEvent[] = [];
    let bytes = ENVELOPE_BYTES;
    for (const row of rows) {
      const event = linkEventOf(row, crossing);
      bytes += Buffer.byteLength(JSON.stringify(event)) + 1;
      if (bytes > this.opts.maxBatchBytes && events.length > 0) break;
      events.push(event);
    }
    return events.length === 0 ? null : { historyId, afterSeq, events };
  }

  private expectHistory(answered: string, sent: string): void {
    if (answered !== sent) {
      throw new RegionRequestError(
        'bad_answer',
        `the region answered for history ${answered}, not the hall's ${sent}`,
      );
    }
  }

  /** A position the region names must be one of the hall's events (or 0). */
  private checkWithinLog(seq: number): number {
    const last = this.source.records.lastSeq();
    if (seq > last) {
      throw new RegionRequestError(
        'bad_answer',
        `the region says it holds event ${seq}, beyond the hall's last (${last})`,
      );
    }
    return seq;
  }

  private accept(history: string, seq: number): void {
    this.source.records.setAcked(history, seq, this.source.now());
    this.acked = seq;
    this.ackedHistory = history;
  }

  private succeeded(): void {
    if (this.offline) this.opts.log('region link: the region answers again');
    this.offline = null;
    this.failures = 0;
  }

  private failed(reason: string): void {
    if (!this.offline || this.offline.reason !== reason) {
      this.opts.log(`region link: ${reason}; trying again`);
    }
    this.offline = { since: this.offline?.since ?? this.source.now(), reason };
    this.failures += 1;
  }

  /** Capped exponential backoff, with a little jitter so many halls do not retry in step. */
  private retryMs(): number {
    const base = Math.min(this.opts.maxRetryMs, this.opts.minRetryMs * 2 ** (this.failures - 1));
    return Math.round(base * (0.8 + Math.random() * 0.2));
  }

  /**
   * Waits for `notify`, `stop` or the time. A wait after a failure (`retryMs`) ignores
   * `notify`: new commits do not hurry a region that is away.
   */
  private idle(retryMs?: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.waiter === waiter) this.waiter = null;
        resolve();
      };
      const untilPoll = Math.max(0, this.nextPollAt - Date.now());
      const timer = setTimeout(done, retryMs ?? Math.min(this.opts.idleCheckMs, untilPoll));
      timer.unref();
      const waiter = { onNotify: retryMs === undefined, done };
      this.waiter = waiter;
    });
  }
}

/**
 * The link of a running hub: told of each published batch (a flag, nothing more), started at
 * once. `stop` ends it and its subscription.
 */
export function startRegionLink(
  hub: Hub,
  options: RegionLinkOptions = {},
): { link: RegionLink; stop: () => Promise<void> } {
  const link = new RegionLink(
    {
      records: hub.store.regionLink,
      historyId: () => hub.store.historyId(),
      config: () => hub.config,
      now: hub.now,
      receiveInstructions: (instructions) => {
        receiveInstructions(hub, instructions);
      },
    },
    options,
  );
  const off = hub.onEvents(() => link.notify());
  link.start();
  return {
    link,
    stop: async () => {
      off();
      await link.stop();
    },
  };
}
