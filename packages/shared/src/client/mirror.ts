import type { SequencedEvent } from '../domain/events.js';
import { apply } from '../engine/index.js';
import type { HallState } from '../engine/state.js';
import {
  deserializeState,
  type EventBatch,
  type SyncPayload,
  type SyncRequest,
} from '../protocol/sync.js';

/** Events folded into the mirror together: the catch-up of a sync, or live ones. */
export interface AppliedEvents {
  events: SequencedEvent[];
  /** True for a sync's catch-up: these happened while the client was away. */
  replayed: boolean;
}

export interface MirrorUpdate {
  /** In the order applied; groups that only moved `lastSeq` (all events redacted) are left out. */
  applied: AppliedEvents[];
  /** The state was replaced by a snapshot. */
  replaced: boolean;
  /** The mirror cannot go on from what it has: send `sync` again (`beginSync()`). */
  resync: boolean;
}

/** Live batches held during a sync before giving up on them and asking for a snapshot. */
export const MAX_HELD_BATCHES = 10_000;

const nothing = (): MirrorUpdate => ({ applied: [], replaced: false, resync: false });

/**
 * A client's copy of the hall, kept by the hub's sequence numbers. No socket here: the client
 * feeds it sync answers and live batches, and it says what it applied and when to sync again.
 *
 * - A sync answer brings the events after `lastSeq`, or a snapshot to start over from. Events
 *   of another history of the hub's database (a backup was restored: the numbers come again
 *   with other events), or ending before `lastSeq`, are refused for a snapshot.
 * - Live batches arriving during a sync are held and applied after it, minus what it covered.
 * - A live batch that does not start at `lastSeq + 1` means something was missed: sync again.
 * - A batch that ends at or before `lastSeq` was already applied: ignored.
 */
export class Mirror {
  private current: HallState | null = null;
  private seq = 0;
  private syncing = false;
  private held: EventBatch[] = [];
  /** Set when events cannot repair the mirror: the next sync asks for a snapshot. */
  private wantSnapshot = false;
  /** The hub's history the mirror's sequence numbers count in; null before one (or an old hub). */
  private historyId: string | null = null;

  get state(): HallState | null {
    return this.current;
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** The hub's history as of the last sync (see `SyncPayload.history`). */
  get history(): string | null {
    return this.historyId;
  }

  get isSyncing(): boolean {
    return this.syncing;
  }

  /** Starts a sync (again): from here live batches are held. Returns what to send. */
  beginSync(): SyncRequest {
    this.syncing = true;
    // 0 asks the hub for a snapshot.
    return { lastSeq: this.current === null || this.wantSnapshot ? 0 : this.seq };
  }

  /** Applies a sync's answer, then the live batches held meanwhile. */
  completeSync(payload: SyncPayload): MirrorUpdate {
    const update = nothing();
    switch (payload.kind) {
      case 'snapshot':
        this.current = deserializeState(payload.snapshot);
        this.seq = payload.snapshot.seq;
        this.historyId = payload.history ?? null;
        this.wantSnapshot = false;
        update.replaced = true;
        break;
      case 'events':
        if (
          this.current === null ||
          this.wantSnapshot ||
          // The hub could not fill the gap with events.
          payload.batch.from > this.seq + 1 ||
          // The hub's log ends before what the mirror applied: it is not the log the mirror knew.
          payload.batch.to < this.seq ||
          // Another history (a backup was restored): the same numbers name other events.
          (payload.history !== undefined && payload.history !== this.historyId)
        ) {
          // Start over from a snapshot.
          this.wantSnapshot = true;
          update.resync = true;
          return update;
        }
        this.applyBatch(payload.batch, true, update);
        if (update.resync) return update;
        break;
    }
    this.syncing = false;
    this.drain(update);
    return update;
  }

  /** A live batch: applied, held (during a sync or after a gap) or ignored (already applied). */
  receiveBatch(batch: EventBatch): MirrorUpdate {
    const update = nothing();
    if (this.syncing || this.current === null) {
      this.hold(batch);
      update.resync = !this.syncing;
      return update;
    }
    if (batch.to <= this.seq) return update;
    if (batch.from > this.seq + 1) {
      this.hold(batch);
      update.resync = true;
      return update;
    }
    this.applyBatch(batch, false, update);
    return update;
  }

  private hold(batch: EventBatch): void {
    if (this.held.length >= MAX_HELD_BATCHES) {
      // A sync that never ends should not eat the memory: drop them, start over from a snapshot.
      this.held = [];
      this.wantSnapshot = true;
    }
    this.held.push(batch);
  }

  /** Applies held batches in order until the first gap (which asks for a new sync). */
  private drain(update: MirrorUpdate): void {
    const held = this.held.sort((a, b) => a.from - b.from);
    this.held = [];
    for (let i = 0; i < held.length; i++) {
      const batch = held[i];
      if (batch === undefined || batch.to <= this.seq) continue;
      if (batch.from > this.seq + 1) {
        this.held = held.slice(i);
        update.resync = true;
        return;
      }
      this.applyBatch(batch, false, update);
      if (update.resync) {
        this.held = held.slice(i + 1);
        return;
      }
    }
  }

  private applyBatch(batch: EventBatch, replayed: boolean, update: MirrorUpdate): void {
    const state = this.current;
    if (state === null) return;
    const fresh = batch.events.filter((e) => e.seq > this.seq);
    try {
      for (const event of fresh) apply(state, event);
    } catch {
      // An event the mirror cannot fold means the mirror is wrong: only a snapshot mends it.
      this.wantSnapshot = true;
      this.syncing = true;
      update.resync = true;
      return;
    }
    this.seq = Math.max(this.seq, batch.to);
    if (fresh.length > 0) update.applied.push({ events: fresh, replayed });
  }
}
