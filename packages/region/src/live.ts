import { EventEmitter } from 'node:events';
import { z } from 'zod';
import type { RegionDb } from './db/types.js';

/** A hall's events were committed: its history and the last sequence the region now holds. */
export interface HallChange {
  hallId: string;
  historyId: string;
  seq: number;
}

const HallChangeSchema = z.strictObject({
  hallId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  historyId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  seq: z.int().min(1),
});

/** The PostgreSQL channel every region instance listens on. */
export const HALL_CHANGED_CHANNEL = 'onestop_hall_changed';

/**
 * Live news of the halls among the region instances that share one database: each batch's
 * transaction says so with NOTIFY (hall, history, seq; delivered at its COMMIT), and every
 * instance listening (itself too) tells its own listeners. On PGlite (one process, no other
 * instance) the news is told locally. A notice is news, not a fact: a listener reads the store
 * for what changed (a notice may be missed while a connection is made again).
 */
export class HallChanges {
  private readonly emitter = new EventEmitter();
  private stopListening: (() => Promise<void>) | null = null;
  private starting: Promise<void> | null = null;

  constructor(private readonly db: RegionDb) {
    // A console per browser tab may listen: no leak warning at 10.
    this.emitter.setMaxListeners(0);
  }

  /** Starts hearing the other instances (PostgreSQL); at once on PGlite. Idempotent. */
  start(): Promise<void> {
    const listen = this.db.listen;
    if (listen === undefined) return Promise.resolve();
    this.starting ??= listen(HALL_CHANGED_CHANNEL, (payload) => this.heard(payload)).then(
      (stop) => {
        this.stopListening = stop;
      },
    );
    return this.starting;
  }

  /**
   * Whether the news goes through the database (PostgreSQL: NOTIFY, which the ingest puts in a
   * batch's own transaction) rather than `announce` after the COMMIT (PGlite).
   */
  bySql(): boolean {
    return this.db.listen !== undefined;
  }

  /** Tells every instance (on PGlite: this one) that a batch of `change.hallId` is committed. */
  async announce(change: HallChange): Promise<void> {
    if (this.db.listen === undefined) {
      this.emitter.emit('change', change);
      return;
    }
    await this.db.query('SELECT pg_notify($1, $2)', [HALL_CHANGED_CHANNEL, JSON.stringify(change)]);
  }

  /** Calls `listener` on every change; gives the function that stops it. */
  on(listener: (change: HallChange) => void): () => void {
    this.emitter.on('change', listener);
    return () => {
      this.emitter.off('change', listener);
    };
  }

  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const stop = this.stopListening;
    this.stopListening = null;
    this.starting = null;
    if (stop !== null) await stop();
  }

  /** A notice from the database, read from `unknown`; anything else is ignored. */
  private heard(payload: string): void {
    let json: unknown;
    try {
      json = JSON.parse(payload) as unknown;
    } catch {
      return;
    }
    const parsed = HallChangeSchema.safeParse(json);
    if (parsed.success) this.emitter.emit('change', parsed.data);
  }
}
