import {
  redactBatchFor,
  redactSnapshotFor,
  serializeState,
  type Role,
  type StateSnapshot,
  type SyncPayload,
  type SyncRequest,
} from '@onestop/shared';
import type { Hub } from '../hub.js';
import { MAX_CATCHUP_EVENTS, type SyncAnswers } from './pipeline.js';

/** What a sync answer costs (see `SYNC_COST_BURST`); the answer itself is not read yet. */
export type SyncPlan =
  | { kind: 'up_to_date'; last: number; cost: 0 }
  | { kind: 'events'; last: number; cost: number }
  | { kind: 'snapshot'; last: number; cost: number };

/**
 * Answers `sync`: nothing new, the events a client missed, or a snapshot of the day when it is
 * further behind than `catchUpLimit` (or on another day, or new).
 */
export class Syncs implements SyncAnswers<SyncPlan> {
  /** One snapshot per role and sequence number: a reconnect storm would otherwise copy the day once per client. */
  private readonly snapshots = new Map<Role, { seq: number; snapshot: StateSnapshot }>();

  constructor(
    private readonly hub: Hub,
    private readonly catchUpLimit: number,
  ) {}

  plan(request: SyncRequest): SyncPlan {
    const { hub } = this;
    // Commands decided but not yet written go to the log first: a snapshot shows only what is durable.
    hub.flush();
    const last = hub.store.lastSeq();
    const { lastSeq } = request;
    // Up to date (every display after a restart of the hub): nothing to read.
    if (lastSeq === last && last > 0) return { kind: 'up_to_date', last, cost: 0 };
    const fresh =
      lastSeq === 0 ||
      lastSeq > last ||
      lastSeq < hub.dayStartSeq - 1 ||
      last - lastSeq > this.catchUpLimit;
    // At most MAX_CATCHUP_EVENTS: a full budget always pays for one answer, however big the day.
    if (fresh) {
      const size = 1 + hub.current.tickets.size + hub.current.complaints.size;
      return { kind: 'snapshot', last, cost: Math.min(size, MAX_CATCHUP_EVENTS) };
    }
    return { kind: 'events', last, cost: Math.min(last - lastSeq, MAX_CATCHUP_EVENTS) };
  }

  answer(role: Role, request: SyncRequest, plan: SyncPlan): SyncPayload {
    const payload = this.payload(role, request, plan);
    // Read last: the moment the answer leaves, for the client to set its hall clock by.
    const clock = { now: this.hub.now(), speed: this.hub.clockSpeed };
    return { ...payload, clock, history: this.hub.store.historyId() };
  }

  private payload(role: Role, request: SyncRequest, plan: SyncPlan): SyncPayload {
    const { last } = plan;
    switch (plan.kind) {
      case 'up_to_date':
        return {
          kind: 'events',
          batch: redactBatchFor(role, { from: last + 1, to: last, events: [] }),
        };
      case 'snapshot':
        return { kind: 'snapshot', snapshot: this.snapshotFor(role, last) };
      case 'events': {
        const events = this.hub.store.eventsAfter(request.lastSeq, this.catchUpLimit);
        return {
          kind: 'events',
          batch: redactBatchFor(role, { from: request.lastSeq + 1, to: last, events }),
        };
      }
    }
  }

  private snapshotFor(role: Role, seq: number): StateSnapshot {
    const cached = this.snapshots.get(role);
    if (cached?.seq === seq) return cached.snapshot;
    const snapshot = redactSnapshotFor(role, serializeState(this.hub.current, seq, this.hub.now()));
    this.snapshots.set(role, { seq, snapshot });
    return snapshot;
  }
}
