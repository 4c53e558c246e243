import type { CheckpointMode, CheckpointWorkerOptions } from './checkpoints.js';
import type {
  Complaint,
  DayState,
  DeviceKind,
  DomainEvent,
  HallConfig,
  Millis,
  Ticket,
  UploadRecord,
  WindowState,
} from '@onestop/shared';
import type { NotifyWrites } from './notify.js';

/** Who made a command: recorded with each of its events (the audit's "who"). */
export type Actor =
  | { kind: 'device'; deviceId: string; deviceKind: DeviceKind }
  | { kind: 'staff'; staffCode: string; deviceId: string | null }
  | { kind: 'system' }
  /** A visitor on the phone, by the ticket's QR code (its status page). */
  | { kind: 'visitor'; ticketId: string };

/** What one command changes, written in one transaction. */
export interface CommitInput {
  /** The client's id of the command; null for the hub's own commands (day close, timers). */
  commandId: string | null;
  /** Scopes `commandId` (two clients may make the same id), e.g. `device:k1` or `staff:0042`. */
  actorKey: string;
  actor: Actor;
  events: DomainEvent[];
  /** Projection rows the command changed, as they are after its events. */
  tickets: Ticket[];
  windows: WindowState[];
  day: DayState | null;
  complaints: Complaint[];
  /** The ack's result, returned as is to a retry of the same command. Must be JSON. */
  result: unknown;
  /**
   * What is kept of `result`, as JSON text, when the caller has it already (the hub serializes a
   * result once): `result` itself, or with its `ticket` as `ISSUED_TICKET` when that ticket is
   * exactly the one the command's only event, its `ticket_issued`, holds (event-log.ts).
   */
  resultJson?: string;
  /** The hall's configuration after the command, when it changed it: saved in the same transaction. */
  config?: HallConfig;
  /** Turn-near messages' contacts and messages the command brings (features/notify). */
  notify?: NotifyWrites;
  /** Records for the provincial platform the command brings (features/platform-upload). */
  upload?: UploadRecord[];
}

export interface StoredCommandResult {
  result: unknown;
  /** The last sequence number the command produced (or the last one before it, if none). */
  seqTo: number;
}

export interface NewDevice {
  id: string;
  kind: DeviceKind;
  name: string;
  /** The window a window terminal or rating pad belongs to; null for kiosks and displays. */
  windowId: string | null;
}

/** A paired (or to-be-paired) device. Its token hash stays inside the store. */
export interface Device {
  id: string;
  kind: DeviceKind;
  name: string;
  windowId: string | null;
  createdAt: Millis;
  pairedAt: Millis | null;
  lastSeenAt: Millis | null;
  /** The last status the device reported (printer paper, serial port, ...), as JSON. */
  status: unknown;
  statusAt: Millis | null;
  revokedAt: Millis | null;
}

export interface StaffCredential {
  staffCode: string;
  /** Null until a PIN is set; failures are counted even then, so codes cannot be probed. */
  pinHash: string | null;
  failedAttempts: number;
  lockedUntil: Millis | null;
}

export interface StoreFacts {
  path: string;
  schemaVersion: number;
  sizeBytes: number;
  walBytes: number;
  events: number;
  lastSeq: number;
  /** The database's history (new at setup and at every restore): `lastSeq` counts within it. */
  historyId: string;
  journalMode: string;
  /** 2 is FULL: a commit is on disk before it returns. */
  synchronous: number;
  foreignKeys: boolean;
}

export interface CheckpointResult {
  /** 1 when a reader or writer kept the checkpoint from finishing. */
  busy: number;
  /** Frames in the WAL before the checkpoint, and how many went into the database. */
  walFrames: number;
  checkpointedFrames: number;
}

export interface StoreOptions {
  /** The clock, for backup names and record times; tests pass a fixed one. */
  now?: () => number;
  /** How long a write waits for another connection's lock. */
  busyTimeoutMs?: number;
  /**
   * Folders for a rescue copy (see `StoreLoss`) when the database's own folder cannot take one:
   * tried in order after it.
   */
  rescueDirs?: readonly string[];
  /**
   * Who checkpoints the WAL (checkpoints.ts): `worker` starts the checkpoint worker with its own
   * connection; `inline` (unless given: the short-lived maintenance commands) leaves it to
   * SQLite's automatic checkpoint. The hub passes `HubOptions.checkpoint`.
   */
  checkpoint?: CheckpointMode;
  /** Tests only: the worker's threshold and polling (checkpoints.ts). */
  checkpointWorker?: CheckpointWorkerOptions;
}

/**
 * The database file, its `-wal` or its `-shm` was deleted or replaced while the store had it
 * open. SQLite goes on writing to the open descriptors, so nothing written from then on would
 * outlive the process: the store writes nothing more and keeps what it holds.
 */
export interface StoreLoss {
  /** What was seen, e.g. `/var/lib/onestop/hall.sqlite-wal was deleted`. */
  reason: string;
  /**
   * A complete copy of everything the connection held (committed), written beside the database
   * (or in a `rescueDirs` folder) and synced; null when none could be written.
   */
  rescue: string | null;
  /**
   * True when the database file itself was still in place and a checkpoint moved everything
   * into it: the file holds every committed change, a restart finds them.
   */
  checkpointed: boolean;
  /** When it was seen (the store's clock). */
  at: number;
}
