import type { Hub } from './hub.js';

/** What an outbox's sender does with its rows (features/notify, features/platform-upload). */
export interface OutboxWork<Row> {
  /** For the log: `notify`, `platform upload`. */
  name: string;
  /** Whether anything may be sent now (the settings allow it). */
  ready(): boolean;
  /** The rows due at `now`, at most `limit`. */
  due(now: number, limit: number): Row[];
  /** Sends one row and marks it; throws only when the store refused a mark. */
  sendOne(row: Row): Promise<void>;
  idOf(row: Row): number;
  /**
   * Optional: a count that changes whenever this hub writes rows into the outbox (a commit's, an
   * admin's resend). Given, a commit wakes the loop only when it changed since the last pass
   * began, so most commits (which bring no row) cost no read of the outbox; rows due later and
   * those of another program are found by the poll, as before.
   */
  version?(): number;
}

const BATCH = 20;

/**
 * The loop of an outbox's sender, outside every command: woken a turn after each commit (which
 * may have brought rows; see `OutboxWork.version`), by `wake` and every `pollMs`, it takes the rows due a batch at a time and sends
 * them one by one. A command never waits for it.
 */
export class OutboxLoop<Row> {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stoppedFlag = false;
  private wakeQueued = false;
  private readonly unsubscribe: () => void;
  /** `work.version()` when the last pass began (see `OutboxWork.version`). */
  private seenVersion: number | null = null;

  constructor(
    private readonly hub: Hub,
    private readonly pollMs: number,
    private readonly work: OutboxWork<Row>,
  ) {
    this.unsubscribe = hub.onEvents(() => {
      if (work.version && work.version() === this.seenVersion) return;
      this.wake();
    });
  }

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  /** Looks at the outbox soon (after the current turn). */
  wake(): void {
    if (this.stoppedFlag || this.wakeQueued) return;
    this.wakeQueued = true;
    setImmediate(() => {
      this.wakeQueued = false;
      void this.pass();
    });
  }

  /** Sends what is due now, once; resolves when done (a pass already running is awaited). */
  async pass(): Promise<void> {
    if (this.running) return this.running;
    if (this.stoppedFlag) return;
    this.running = this.sendDue().finally(() => {
      this.running = null;
      this.schedule();
    });
    return this.running;
  }

  /** Stops the loop (`abort`: what to cut short first); resolves once the pass has ended. */
  async stop(abort: () => void = () => undefined): Promise<void> {
    this.stoppedFlag = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    abort();
    await this.running;
  }

  private schedule(): void {
    if (this.stoppedFlag) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pass();
    }, this.pollMs);
    this.timer.unref();
  }

  private async sendDue(): Promise<void> {
    const { store } = this.hub;
    const { work } = this;
    for (;;) {
      if (this.stoppedFlag || !store.isOpen || store.lost || !work.ready()) return;
      this.seenVersion = work.version?.() ?? null;
      let rows: Row[];
      try {
        rows = work.due(this.hub.now(), BATCH);
      } catch (err) {
        console.error(`onestop-hub: ${work.name}: reading the outbox: ${String(err)}`);
        return;
      }
      if (rows.length === 0) return;
      for (const row of rows) {
        if (this.stoppedFlag) return;
        try {
          await work.sendOne(row);
        } catch (err) {
          // The database refused a mark (locked by another program, gone): tried next pass.
          console.error(`onestop-hub: ${work.name}: record ${work.idOf(row)}: ${String(err)}`);
          return;
        }
      }
      if (rows.length < BATCH) return;
    }
  }
}
