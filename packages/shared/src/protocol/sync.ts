import type { SequencedEvent } from '../domain/events.js';
import type {
  AssistRequest,
  Complaint,
  HallConfig,
  Millis,
  Ticket,
  WindowState,
} from '../domain/types.js';
import type { DayState, HallState } from '../engine/state.js';
import type { CommandAck } from './errors.js';

/**
 * The events of one command as a role sees them: `[from, to]` is the full range of sequence
 * numbers; events the role may not see are left out but the range still covers them, so a
 * client that applied up to `lastSeq` knows it missed something when `from > lastSeq + 1`.
 */
export interface EventBatch {
  from: number;
  to: number;
  events: SequencedEvent[];
}

/** Sent on every connect and reconnect: the last sequence number the client applied (0: none). */
export interface SyncRequest {
  lastSeq: number;
}

/** The whole state at `seq`, as JSON: what a client starts from when events alone cannot catch it up. */
export interface StateSnapshot {
  seq: number;
  /** When the hub made it. */
  at: Millis;
  config: HallConfig;
  day: DayState | null;
  tickets: Ticket[];
  windows: WindowState[];
  sequences: [string, number][];
  issuedCount: number;
  recentServiceMs: [string, number[]][];
  complaints: Complaint[];
  /** 帮办代办: today's calls for help. Absent from a hub before them: none. */
  assists?: AssistRequest[];
}

/**
 * The hub's clock when it answered a sync: pages show the hall's time from it (the hall display's
 * clock, the kiosk's date, waits), so every screen of the hall agrees with the hub and with each
 * other whatever their own clocks say, and under the simulator's fast clock shows the hall's.
 */
export interface HubClock {
  /** The hub's time (ms since the epoch) when it answered. */
  now: Millis;
  /** Hall milliseconds per real millisecond: 1 in a hall, N under `--clock-speed N`. */
  speed: number;
}

export type SyncPayload = (
  { kind: 'events'; batch: EventBatch } | { kind: 'snapshot'; snapshot: StateSnapshot }
) & {
  /** Absent from a hub before this field: the client then goes by its own clock. */
  clock?: HubClock;
  /**
   * The id of the hub database's history: made new when the hall is set up and at every restore
   * of a backup, after which the hub numbers events again from the backup's last one. Sequence
   * numbers count within one history: a client that applied events of another history (or of a
   * hub before this field) takes a snapshot. Absent from a hub before this field.
   */
  history?: string;
};

export type SyncResult = CommandAck<SyncPayload>;

// Present in Node and in browsers alike; declared here because packages/shared has neither's types.
declare function structuredClone<T>(value: T): T;

/** A snapshot that shares nothing with `state`, which the engine goes on changing in place. */
export function serializeState(state: HallState, seq: number, at: Millis): StateSnapshot {
  return structuredClone({
    seq,
    at,
    config: state.config,
    day: state.day,
    tickets: [...state.tickets.values()],
    windows: [...state.windows.values()],
    sequences: [...state.sequences.entries()],
    issuedCount: state.issuedCount,
    recentServiceMs: [...state.recentServiceMs.entries()],
    complaints: [...state.complaints.values()],
    assists: [...state.assists.values()],
  });
}

/** The engine's state from a snapshot; it takes a copy, so the snapshot stays as it was. */
export function deserializeState(snapshot: StateSnapshot): HallState {
  const s = structuredClone(snapshot);
  return {
    config: s.config,
    day: s.day,
    tickets: new Map(s.tickets.map((t) => [t.id, t])),
    windows: new Map(s.windows.map((w) => [w.windowId, w])),
    sequences: new Map(s.sequences),
    issuedCount: s.issuedCount,
    recentServiceMs: new Map(s.recentServiceMs),
    complaints: new Map(s.complaints.map((c) => [c.id, c])),
    assists: new Map((s.assists ?? []).map((a) => [a.id, a])),
  };
}
