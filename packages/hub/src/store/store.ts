import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { HallConfig, SequencedEvent } from '@onestop/shared';
import { AppointmentBook } from './appointments.js';
import { VisitorIdRecords } from './visitor-ids.js';
import { AuditLog } from './audit.js';
import { CheckpointWorker } from './checkpoints.js';
import { CaseAlertRecords } from './case-alerts.js';
import { ClerkSessionRecords } from './clerk-sessions.js';
import { ComplaintRecords } from './complaints.js';
import type { StoreContext } from './context.js';
import { DeviceRegistry } from './devices.js';
import { StoreError, sqliteCode, toStoreError } from './errors.js';
import { EventLog } from './event-log.js';
import type { EventIdentity } from './history.js';
import { checkIntegrity, checkWritable, fileSize, integer, Maintenance } from './maintenance.js';
import { latestVersion, migrate, schemaVersion } from './migrations/index.js';
import { ReportQueries, RollupWriter, type BaseKind, type KeptCases } from './reports.js';
import { prepareStatements } from './statements.js';
import { RegionLinkRecords } from './region-link.js';
import { NotifyRecords } from './notify.js';
import { PlatformUploadRecords } from './platform-upload.js';
import { RegionInstructionRecords } from './region-instructions.js';
import { StaffPhotoRecords } from './staff-photos.js';
import { RatingFollowUpRecords } from './rating-follow-ups.js';
import { RemoteNumberRecords } from './remote-numbers.js';
import type {
  CheckpointResult,
  CommitInput,
  Device,
  NewDevice,
  StaffCredential,
  StoreFacts,
  StoreLoss,
  StoreOptions,
  StoredCommandResult,
} from './types.js';

export { SEEN_FLUSH_MS } from './devices.js';
export { lossAdvice } from './maintenance.js';

const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
/** After a checkpoint SQLite truncates the WAL to this size, so a burst does not stay on disk. */
const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * The hub's durable store: one SQLite file, one writing connection, one writer (the hub
 * process), and a second connection opened read-only for the reports and the audit. Every
 * method is synchronous except `backup`; a command's `commit` is one transaction.
 *
 * It is made of parts by concern, each with its own file: the event log and its projections
 * (event-log.ts, projections.ts), devices and credentials (devices.ts), maintenance: the watch
 * on its files, backup and checkpoint (maintenance.ts; restore.ts with the hub stopped); the
 * features' tables (appointments.ts, complaints.ts) and the clerks' logins (clerk-sessions.ts);
 * and read-only queries (audit.ts, reports.ts). The methods below hand each call to its part.
 */
export class Store {
  readonly path: string;
  /** The appointment book's table (features/appointments). */
  readonly appointments: AppointmentBook;
  /** Complaints opened by ratings or by hand, and their follow-ups (features/complaints). */
  readonly complaints: ComplaintRecords;
  /** The clerks' logins at window terminals (server/clerk-sessions). */
  readonly clerkSessions: ClerkSessionRecords;
  /** The hall's link to a region and its reads of the log (features/region-link). */
  readonly regionLink: RegionLinkRecords;
  /** The ID card's hashes and masked names for the day (features/visitor-ids). */
  readonly visitorIds: VisitorIdRecords;
  /** The turn-near messages' contacts and outbox (features/notify). */
  readonly notify: NotifyRecords;
  /** The records for the provincial platform (features/platform-upload). */
  readonly platformUpload: PlatformUploadRecords;
  /** The case alerts to the duty supervisors (features/case-alerts). */
  readonly caseAlerts: CaseAlertRecords;
  /** The region's supervision instructions and their answers (features/region-link). */
  readonly regionInstructions: RegionInstructionRecords;
  readonly staffPhotos: StaffPhotoRecords;
  readonly ratingFollowUps: RatingFollowUpRecords;
  /** 远程取号: numbers taken from the phone, their codes and answers (features/remote-numbers). */
  readonly remoteNumbers: RemoteNumberRecords;
  /** The event log searched for the audit, on the read-only connection. */
  readonly audit: AuditLog;
  /** The reports' queries, on the read-only connection: a report cannot write. */
  readonly reports: ReportQueries;
  private readonly db: Database.Database;
  private readonly reader: Database.Database;
  private readonly log: EventLog;
  private readonly registry: DeviceRegistry;
  private readonly maintenance: Maintenance;
  private readonly rollups: RollupWriter;
  /** The connection's `synchronous` around a deferred group commit (see `commitMany`). */
  private readonly syncNormal: Database.Statement;
  private readonly syncFull: Database.Statement;
  /** The checkpoint worker (checkpoints.ts), or null when SQLite checkpoints inline. */
  private readonly checkpointer: CheckpointWorker | null;

  /**
   * Opens (or creates) the database at `path`: checks it can be written, checks its integrity,
   * refuses a schema newer than this hub, turns on WAL and runs the pending migrations.
   */
  static open(path: string, opts: StoreOptions = {}): Store {
    const file = resolve(path);
    checkWritable(file);
    let db: Database.Database;
    let reader: Database.Database | undefined;
    try {
      db = new Database(file);
    } catch (err) {
      throw toStoreError(err, 'open_failed', `cannot open ${file}`);
    }
    try {
      db.pragma(`busy_timeout = ${integer(opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS)}`);
      // Read-only checks first: a file we refuse must be left exactly as it was.
      checkIntegrity(db, file);
      const version = schemaVersion(db);
      const newest = latestVersion();
      if (version > newest) {
        throw new StoreError(
          'newer_schema',
          `database schema version ${version} is newer than this hub (${newest}); upgrade the hub`,
        );
      }
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') {
        throw new StoreError(
          'open_failed',
          `${file}: cannot use WAL (journal mode is ${String(mode)}); use a local disk`,
        );
      }
      // FULL: a committed command survives power loss, not only a crash of the process.
      db.pragma('synchronous = FULL');
      // A deleted row's bytes are overwritten, not only freed: a visitor's phone number is gone
      // from the file once its day closes (features/notify).
      db.pragma('secure_delete = ON');
      db.pragma('foreign_keys = ON');
      db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
      migrate(db);
      reader = openReader(file, opts.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
      // Last: nothing after it can fail and leave a worker running.
      const checkpointer =
        opts.checkpoint === 'worker'
          ? new CheckpointWorker(db, file, opts.checkpointWorker ?? {})
          : null;
      return new Store(db, reader, file, opts.now ?? Date.now, opts.rescueDirs ?? [], checkpointer);
    } catch (err) {
      reader?.close();
      db.close();
      throw toStoreError(err, 'open_failed', `cannot open ${file}`);
    }
  }

  private constructor(
    db: Database.Database,
    reader: Database.Database,
    path: string,
    now: () => number,
    rescueDirs: readonly string[],
    checkpointer: CheckpointWorker | null,
  ) {
    this.db = db;
    this.reader = reader;
    this.path = path;
    this.checkpointer = checkpointer;
    const maintenance = new Maintenance(db, path, now, rescueDirs, (fn) => this.exclusive(fn));
    this.maintenance = maintenance;
    this.syncNormal = db.prepare('PRAGMA synchronous = NORMAL');
    this.syncFull = db.prepare('PRAGMA synchronous = FULL');
    const stmts = prepareStatements(db);
    /** `data_version` as read in this turn of the event loop, or null (StoreContext.dataVersion). */
    let dataVersionOfTurn: number | null = null;
    const ctx: StoreContext = {
      db,
      stmts,
      now,
      guard: () => maintenance.guard(),
      refuseIfLost: () => maintenance.refuseIfLost(),
      checkFiles: () => maintenance.checkFiles(),
      lostAfter: (err) => maintenance.lostAfter(err),
      verifyFiles: () => maintenance.verifyFiles(),
      dataVersion: (fresh = false) => {
        if (dataVersionOfTurn === null) setImmediate(() => (dataVersionOfTurn = null));
        else if (!fresh) return dataVersionOfTurn;
        dataVersionOfTurn = stmts.dataVersion.get() ?? 0;
        return dataVersionOfTurn;
      },
    };
    this.notify = new NotifyRecords(db);
    this.platformUpload = new PlatformUploadRecords(db);
    this.caseAlerts = new CaseAlertRecords(db);
    this.log = new EventLog(ctx, this.notify, this.platformUpload);
    this.registry = new DeviceRegistry(ctx);
    this.appointments = new AppointmentBook(db);
    this.complaints = new ComplaintRecords(db);
    this.clerkSessions = new ClerkSessionRecords(db);
    this.rollups = new RollupWriter(db);
    this.regionLink = new RegionLinkRecords(db, reader);
    this.visitorIds = new VisitorIdRecords(db, () => this.checkpoint());
    this.regionInstructions = new RegionInstructionRecords(db);
    this.staffPhotos = new StaffPhotoRecords(db);
    this.ratingFollowUps = new RatingFollowUpRecords(db);
    this.remoteNumbers = new RemoteNumberRecords(db);
    this.audit = new AuditLog(reader);
    this.reports = new ReportQueries(reader);
  }

  /**
   * Runs `fn` in one transaction (nested calls become savepoints): for a caller that writes
   * several records that only make sense together, e.g. a device and its first pairing code.
   * Not for `commit`, which is a transaction of its own.
   */
  transaction<T>(fn: () => T): T {
    this.maintenance.guard();
    const value = this.db.transaction(fn)();
    this.maintenance.guard();
    return value;
  }

  /**
   * The writing connection itself, for tests (to look at rows or break things on purpose). The
   * hub's own SQL stays behind the store's methods and parts.
   */
  get connection(): Database.Database {
    return this.db;
  }

  // ---- the files under the store (maintenance.ts) ---------------------------------------------

  /**
   * Checks that the database, its `-wal` and its `-shm` are still the files opened; once one was
   * deleted or replaced, saves what the connection holds and refuses every write (`lost`).
   * Returns the loss, or null while all is well. See `Maintenance.verifyFiles`.
   */
  verifyFiles(): StoreLoss | null {
    return this.maintenance.verifyFiles();
  }

  /** What `verifyFiles` saw, or null. */
  get lost(): StoreLoss | null {
    return this.maintenance.lost;
  }

  // ---- the write lock -----------------------------------------------------------------------

  /** How long a write waits for another connection's write lock before it fails `busy`. */
  setBusyTimeout(ms: number): void {
    this.db.pragma(`busy_timeout = ${integer(ms)}`);
  }

  /**
   * Whether the write lock can be had now (waiting at most the busy timeout): takes and gives
   * it back at once, writing nothing. False while another connection holds it.
   */
  writeLockFree(): boolean {
    if (this.db.inTransaction) return true;
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } catch (err) {
      const code = sqliteCode(err) ?? '';
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return false;
      throw toStoreError(err, 'write_failed', 'cannot take the write lock');
    }
    this.db.exec('ROLLBACK');
    return true;
  }

  // ---- commands and events (event-log.ts) ------------------------------------------------------

  /**
   * Writes one command in one transaction: its events (numbered by the log), the projection
   * rows it changed and, when it has a `commandId`, its result for retries. Nothing is kept if
   * any part fails. Returns the events with their sequence numbers, in order.
   */
  commit(input: CommitInput): SequencedEvent[] {
    return this.log.commit(input);
  }

  /**
   * Several commands in one transaction, in order, all or nothing (group commit). `full`: the
   * `COMMIT` syncs the WAL before it returns (`synchronous=FULL`, as every other write of the
   * store). `deferred`: the `COMMIT` only writes its frames to the WAL (`synchronous=NORMAL` for
   * this one transaction) and the caller makes them durable off the event loop (durability.ts)
   * before it answers or shows anything of them; the next `full` commit syncs them too.
   */
  commitMany(inputs: CommitInput[], sync: 'full' | 'deferred' = 'full'): SequencedEvent[][] {
    if (sync === 'full') return this.log.commitMany(inputs);
    this.syncNormal.run();
    try {
      return this.log.commitMany(inputs);
    } finally {
      this.syncFull.run();
    }
  }

  /** Runs `change` and commits the command it returns, in one transaction. */
  commitWith<T>(change: () => { input: CommitInput; value: T }): {
    events: SequencedEvent[];
    value: T;
  } {
    return this.log.commitWith(change);
  }

  /** The stored result of a committed command, for a retry after a lost ack; null if none. */
  commandResult(actorKey: string, commandId: string): StoredCommandResult | null {
    return this.log.commandResult(actorKey, commandId);
  }

  /** Forgets command results older than `before`; returns how many were removed. */
  pruneCommandResults(before: number): number {
    return this.log.pruneCommandResults(before);
  }

  /** The sequence number of the newest event; 0 when the log is empty. */
  lastSeq(): number {
    return this.log.lastSeq();
  }

  /** Events with a sequence number above `seq`, oldest first, at most `limit`. */
  eventsAfter(seq: number, limit: number): SequencedEvent[] {
    return this.log.eventsAfter(seq, limit);
  }

  /** Every event from the latest `day_opened` on (the day's state is folded from them). */
  currentDayEvents(): SequencedEvent[] {
    return this.log.currentDayEvents();
  }

  /** The same, one at a time as they are read (for a fold: see EventLog.eachCurrentDayEvent). */
  eachCurrentDayEvent(): Generator<SequencedEvent, void, undefined> {
    return this.log.eachCurrentDayEvent();
  }

  loadConfig(): HallConfig | null {
    return this.log.loadConfig();
  }

  /** The configuration the hall is set up or restarted with (kept in `config_history` too). */
  saveConfig(config: HallConfig): void {
    this.log.saveConfig(config);
  }

  /** The hall's id, made when the file was created; it names the hall in exports and backups. */
  hallId(): string {
    return this.log.hallId();
  }

  /** The id of the database's history: sequence numbers count within it. */
  historyId(): string {
    return this.log.historyId();
  }

  /** What names event `seq` beyond this file: the hall, the history it was written in, its number. */
  eventIdentity(seq: number): EventIdentity {
    return this.log.eventIdentity(seq);
  }

  getMeta(key: string): string | null {
    return this.log.getMeta(key);
  }

  setMeta(key: string, value: string): void {
    this.log.setMeta(key, value);
  }

  // ---- devices and credentials (devices.ts) ----------------------------------------------------

  /** Registers a device to be paired; a second device with the same id is a `conflict`. */
  createDevice(device: NewDevice): Device {
    return this.registry.createDevice(device);
  }

  device(id: string): Device | null {
    return this.registry.device(id);
  }

  /** Stores the hash of a new one-time pairing code for a device (replacing its unused ones). */
  createPairingCode(deviceId: string, codeHash: string, expiresAt: number): void {
    this.registry.createPairingCode(deviceId, codeHash, expiresAt);
  }

  /** Redeems a pairing code once, giving its device `tokenHash`; null when it cannot be. */
  redeemPairingCode(codeHash: string, tokenHash: string, now: number): Device | null {
    return this.registry.redeemPairingCode(codeHash, tokenHash, now);
  }

  /** The unrevoked device holding this token hash, or null. */
  deviceByTokenHash(tokenHash: string): Device | null {
    return this.registry.deviceByTokenHash(tokenHash);
  }

  /**
   * Changes whenever a device may have lost its token (paired again or revoked, here or by
   * another program): while it is the same, tokens found good before are good still.
   */
  tokensVersion(): string {
    return this.registry.tokensVersion();
  }

  listDevices(): Device[] {
    return this.registry.listDevices();
  }

  /** `touchDevice` for a device just read, as a connection's token look-up: no second read. */
  sawDevice(id: string, now: number): void {
    this.registry.sawDevice(id, now);
  }

  /** Records that the device was seen (written within `SEEN_FLUSH_MS`); false when unknown. */
  touchDevice(id: string, now: number): boolean {
    return this.registry.touchDevice(id, now);
  }

  /** Writes the last-seen times kept in memory, in one transaction. Returns how many. */
  flushSeen(): number {
    return this.registry.flushSeen();
  }

  /**
   * Renames a device (the admin console's command, run inside its transaction with its audit
   * event); false when there is no such device.
   */
  renameDevice(id: string, name: string): boolean {
    return this.registry.renameDevice(id, name);
  }

  /** Stores the status a device reported (JSON); false when there is no such device. */
  setDeviceStatus(id: string, status: unknown, now: number): boolean {
    return this.registry.setDeviceStatus(id, status, now);
  }

  /** Revokes a device for good: its token stops working and it cannot be paired again. */
  revokeDevice(id: string, now: number): boolean {
    return this.registry.revokeDevice(id, now);
  }

  getCredential(staffCode: string): StaffCredential | null {
    return this.registry.getCredential(staffCode);
  }

  /** Sets a clerk's PIN hash and clears any lockout. */
  setPinHash(staffCode: string, pinHash: string): void {
    this.registry.setPinHash(staffCode, pinHash);
  }

  // ---- the reports' rollups (reports.ts) -------------------------------------------------------

  /** Keeps closed days' report figures (`report_rollups`), in one transaction. */
  keepRollups(
    rollups: readonly { businessDay: string; grouping: BaseKind; closedAt: number; body: string }[],
  ): void {
    this.rollups.keep(rollups);
  }

  /** Keeps business days' counted cases (`case_rollups`), in one transaction. */
  keepCaseRollups(rollups: readonly KeptCases[]): void {
    this.rollups.keepCases(rollups);
  }

  // ---- maintenance (maintenance.ts) ------------------------------------------------------------

  /**
   * Copies the live database with SQLite's online backup to `dir/onestop-YYYYMMDD-HHMMSS.sqlite`
   * (UTC, from the store's clock), checked and complete under its final name. Returns its path.
   */
  backup(dir: string): Promise<string> {
    return this.maintenance.backup(dir, () => this.flushSeen());
  }

  /**
   * Moves the WAL into the database and truncates it, so it stays bounded: on the hub's
   * connection, with the checkpoint worker held (none of its own under way meanwhile).
   */
  checkpoint(): CheckpointResult {
    return this.exclusive(() => this.maintenance.checkpoint());
  }

  /** The checkpoint worker, or null when SQLite checkpoints inline (tests look at it). */
  get checkpointWorker(): CheckpointWorker | null {
    return this.checkpointer;
  }

  /** Runs a checkpoint of the hub's connection with the worker's held (checkpoints.ts). */
  private exclusive<T>(fn: () => T): T {
    return this.checkpointer ? this.checkpointer.exclusive(fn) : fn();
  }

  /** What the health endpoint shows about the store. */
  facts(): StoreFacts {
    return {
      path: this.path,
      schemaVersion: schemaVersion(this.db),
      sizeBytes: fileSize(this.path),
      walBytes: fileSize(`${this.path}-wal`),
      events: this.log.count,
      lastSeq: this.lastSeq(),
      historyId: this.historyId(),
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.db.pragma('synchronous', { simple: true })),
      foreignKeys: this.db.pragma('foreign_keys', { simple: true }) === 1,
    };
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  /**
   * Closes the connections, the read-only one and the checkpoint worker's first: the writer,
   * closing last, checkpoints and removes the WAL. Closing twice is harmless.
   */
  close(): void {
    if (!this.db.open) return;
    try {
      this.reader.close();
      this.flushSeen();
    } finally {
      this.checkpointer?.stop();
      this.db.close();
    }
  }
}

/**
 * The reports' and the audit's connection: read-only, so nothing they run can write. In WAL mode
 * each of its reads sees every transaction committed before the read began.
 */
function openReader(file: string, busyTimeoutMs: number): Database.Database {
  const reader = new Database(file, { readonly: true, fileMustExist: true });
  try {
    reader.pragma(`busy_timeout = ${integer(busyTimeoutMs)}`);
    return reader;
  } catch (err) {
    reader.close();
    throw err;
  }
}
