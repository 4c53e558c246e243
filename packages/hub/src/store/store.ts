import { randomUUID } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type {
  BusinessDay,
  Complaint,
  DayState,
  DomainEvent,
  HallConfig,
  SequencedEvent,
  Ticket,
  WindowState,
} from '@onestop/shared';
import { withCalendar } from '@onestop/shared';
import { backupFileName } from './backup-files.js';
import { beginHistory, currentHistory, type EventIdentity } from './history.js';
import { StoreError, sqliteCode, toStoreError } from './errors.js';
import { latestVersion, migrate, schemaVersion } from './migrations/index.js';
import { fromJson, toCredential, toDevice, toJson, toSequencedEvent } from './rows.js';
import { prepareStatements, type Statements } from './statements.js';
import { StepProjector } from './steps.js';
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

const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
/** Devices' last-seen times are written at most this long after they were noted (`touchDevice`). */
export const SEEN_FLUSH_MS = 5_000;
/** After a checkpoint SQLite truncates the WAL to this size, so a burst does not stay on disk. */
const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;
/** How often a rescue copy that could not be written is tried again (see `verifyFiles`). */
const RESCUE_RETRY_MS = 5_000;
/** How many integrity problems a `corrupt` error names. */
const REPORTED_PROBLEMS = 5;

const HALL_ID_KEY = 'hall_id';
const CREATED_AT_KEY = 'created_at';

/**
 * The hub's durable store: one SQLite file, one connection, one writer (the hub process).
 * Every method is synchronous except `backup`; a command's `commit` is one transaction.
 */
export class Store {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly now: () => number;
  private readonly stmts: Statements;
  /** Each call of a ticket, for the reports (`ticket_steps`), folded from the events written. */
  private readonly steps: StepProjector;
  /** The business day of the latest `day_opened`: stamped on events that carry none. */
  private currentDay: BusinessDay | null;
  /** Events are never deleted, so the count is read once and kept (the health check polls it). */
  private eventCount: number;
  // Write transactions, run IMMEDIATE: the write lock is taken up front, never upgraded later.
  private readonly commitTx: Database.Transaction<
    (input: CommitInput, at: number) => CommitOutcome
  >;
  private readonly groupTx: Database.Transaction<
    (inputs: CommitInput[], at: number) => CommitOutcome[]
  >;
  private readonly redeemTx: Database.Transaction<
    (codeHash: string, tokenHash: string, now: number) => Device | null
  >;
  private readonly pairingCodeTx: Database.Transaction<
    (deviceId: string, codeHash: string, expiresAt: number) => void
  >;
  /**
   * Last-seen times not written yet (device id -> time): a reconnect storm of 1,000 displays
   * would otherwise be 1,000 fsynced transactions. Written in one transaction `SEEN_FLUSH_MS`
   * after the first, before a backup and at close; every read of a device shows them.
   */
  private readonly seen = new Map<string, number>();
  private seenTimer: NodeJS.Timeout | null = null;
  /**
   * The id of the database's history (see history.ts): new at setup and at every restore, which
   * happen with the hub stopped, so it is read once.
   */
  private readonly history: string;
  private readonly historyOfSeq: Database.Statement<[number], string>;
  /**
   * The device and inode of the database, its `-wal` and its `-shm` as opened (null: not there
   * yet, taken when first seen). A path that no longer leads to them means the files SQLite
   * writes to are unlinked or replaced: see `verifyFiles`.
   */
  private readonly files = new Map<string, FileId | null>();
  private readonly rescueDirs: readonly string[];
  private loss: StoreLoss | null = null;
  private rescueTriedAt = 0;

  /**
   * Opens (or creates) the database at `path`: checks it can be written, checks its integrity,
   * refuses a schema newer than this hub, turns on WAL and runs the pending migrations.
   */
  static open(path: string, opts: StoreOptions = {}): Store {
    const file = resolve(path);
    checkWritable(file);
    let db: Database.Database;
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
      db.pragma('foreign_keys = ON');
      db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
      migrate(db);
      return new Store(db, file, opts.now ?? Date.now, opts.rescueDirs ?? []);
    } catch (err) {
      db.close();
      throw toStoreError(err, 'open_failed', `cannot open ${file}`);
    }
  }

  private constructor(
    db: Database.Database,
    path: string,
    now: () => number,
    rescueDirs: readonly string[],
  ) {
    this.db = db;
    this.path = path;
    this.now = now;
    this.rescueDirs = rescueDirs;
    for (const file of [path, `${path}-wal`, `${path}-shm`]) this.files.set(file, fileId(file));
    this.stmts = prepareStatements(db);
    this.steps = new StepProjector(db);
    this.currentDay = this.stmts.latestOfType.get('day_opened') ?? null;
    this.eventCount = this.stmts.eventCount.get() ?? 0;
    this.commitTx = db.transaction((input: CommitInput, at: number) => this.writeCommit(input, at));
    this.groupTx = db.transaction((inputs: CommitInput[], at: number) => {
      const start = this.currentDay;
      const outcomes: CommitOutcome[] = [];
      try {
        for (const input of inputs) {
          const outcome = this.writeCommit(input, at);
          // The next command's events without a day of their own belong to this one's day.
          this.currentDay = outcome.currentDay;
          outcomes.push(outcome);
        }
      } finally {
        this.currentDay = start; // set for good by commitMany, once the transaction held
      }
      return outcomes;
    });
    this.redeemTx = db.transaction((codeHash: string, tokenHash: string, now: number) =>
      this.writeRedeem(codeHash, tokenHash, now),
    );
    this.pairingCodeTx = db.transaction((deviceId: string, codeHash: string, expiresAt: number) =>
      this.writePairingCode(deviceId, codeHash, expiresAt),
    );
    if (this.getMeta(HALL_ID_KEY) === null) {
      this.db.transaction(() => {
        this.setMeta(HALL_ID_KEY, randomUUID());
        this.setMeta(CREATED_AT_KEY, String(this.now()));
      })();
    }
    // A new file's history begins here (an older one's began at migration 008 or a restore).
    this.history = currentHistory(db) ?? beginHistory(db, 'setup', this.now());
    this.historyOfSeq = db
      .prepare<[number], string>(
        'SELECT id FROM histories WHERE after_seq < ? ORDER BY rowid DESC LIMIT 1',
      )
      .pluck();
  }

  /**
   * Runs `fn` in one transaction (nested calls become savepoints): for a caller that writes
   * several records that only make sense together, e.g. a device and its first pairing code.
   * Not for `commit`, which is a transaction of its own.
   */
  transaction<T>(fn: () => T): T {
    this.guard();
    const value = this.db.transaction(fn)();
    this.guard();
    return value;
  }

  // ---- the files under the store ------------------------------------------------------------

  /**
   * Checks that the database, its `-wal` and its `-shm` are still the files opened (a `stat` of
   * each path, compared by device and inode: a few microseconds). When one was deleted or
   * replaced, the store saves what the connection holds (a checkpoint into the database file
   * when that is still in place, and a rescue copy beside it), says so on stderr, and from then
   * on refuses every write (`lost`). Returns the loss, or null while all is well.
   * Called before and after every write, and by the hub's watch between commands.
   */
  verifyFiles(): StoreLoss | null {
    if (!this.db.open) return this.loss;
    if (this.loss) {
      // No copy could be written (a full disk, the folder gone): tried again now and then, so
      // one is made as soon as the operator has made room.
      const { loss } = this;
      if (
        !loss.rescue &&
        !loss.checkpointed &&
        this.now() - this.rescueTriedAt >= RESCUE_RETRY_MS
      ) {
        this.loss = { ...this.rescue(loss.reason), at: loss.at };
      }
      return this.loss;
    }
    const reason = this.changedFile();
    if (reason !== null) this.loss = this.rescue(reason);
    return this.loss;
  }

  /** What `verifyFiles` saw, or null. */
  get lost(): StoreLoss | null {
    return this.loss;
  }

  private changedFile(): string | null {
    for (const [file, known] of this.files) {
      const current = fileId(file);
      if (known === null) {
        // SQLite makes the -wal and -shm at the first read; taken as they are then.
        if (current !== null && file !== this.path) this.files.set(file, current);
        else if (current === null && file === this.path) return `${file} was deleted`;
        continue;
      }
      if (current === null) return `${file} was deleted`;
      if (current.dev !== known.dev || current.ino !== known.ino) {
        return `${file} was replaced by another file`;
      }
    }
    return null;
  }

  /**
   * Keeps what the connection holds after its files went: the descriptors SQLite has open still
   * read and write the unlinked files, so everything committed can still be read through them.
   */
  private rescue(reason: string): StoreLoss {
    const at = this.now();
    this.rescueTriedAt = at;
    let checkpointed = false;
    const own = this.files.get(this.path);
    const current = fileId(this.path);
    if (own && current && own.dev === current.dev && own.ino === current.ino) {
      // The database file is still the one at its path (only the -wal or -shm went): a
      // checkpoint writes every committed page into it and syncs it (synchronous = FULL).
      try {
        const rows = this.db.pragma('wal_checkpoint(FULL)');
        const row: unknown = Array.isArray(rows) ? rows[0] : undefined;
        checkpointed =
          numberField(row, 'busy') === 0 &&
          numberField(row, 'log') === numberField(row, 'checkpointed');
      } catch (err) {
        console.error(`onestop-hub: the checkpoint after the loss failed: ${String(err)}`);
      }
    }
    let rescue: string | null = null;
    for (const dir of [dirname(this.path), ...this.rescueDirs]) {
      const target = join(dir, rescueFileName(basename(this.path), at));
      try {
        writeRescue(this.db, target);
        rescue = target;
        break;
      } catch (err) {
        console.error(`onestop-hub: cannot write a rescue copy to ${target}: ${String(err)}`);
      }
    }
    const loss: StoreLoss = { reason, rescue, checkpointed, at };
    console.error(lossReport(this.path, loss));
    return loss;
  }

  /** Throws `lost` once the files are gone (see `verifyFiles`): nothing is written after. */
  private guard(): void {
    const loss = this.verifyFiles();
    if (loss) throw lostError(loss);
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

  // ---- commands and events ------------------------------------------------------------------

  /**
   * Writes one command in one transaction: its events (numbered by the log), the projection
   * rows it changed and, when it has a `commandId`, its result for retries. Nothing is kept if
   * any part fails. Returns the events with their sequence numbers, in order.
   */
  commit(input: CommitInput): SequencedEvent[] {
    if (this.db.inTransaction) {
      // Inside another transaction a commit would not be durable on its own.
      throw new StoreError('write_failed', 'commit must not run inside another transaction');
    }
    this.guard();
    let outcome: CommitOutcome;
    try {
      outcome = this.commitTx.immediate(input, this.now());
    } catch (err) {
      throw toStoreError(err, 'write_failed', 'commit failed; nothing was written');
    }
    this.currentDay = outcome.currentDay;
    this.eventCount += outcome.events.length;
    // Written to files no longer there: not durable, so not to be acknowledged.
    this.guard();
    return outcome.events;
  }

  /**
   * Writes several commands in one transaction, in order, all or nothing: one fsync for a group
   * of commands that arrived together (group commit). Each command's rows are those `commit`
   * writes. Returns each command's sequenced events.
   */
  commitMany(inputs: CommitInput[]): SequencedEvent[][] {
    if (this.db.inTransaction) {
      throw new StoreError('write_failed', 'commitMany must not run inside another transaction');
    }
    this.guard();
    let outcomes: CommitOutcome[];
    try {
      outcomes = this.groupTx.immediate(inputs, this.now());
    } catch (err) {
      throw toStoreError(err, 'write_failed', 'group commit failed; nothing was written');
    }
    const last = outcomes.at(-1);
    if (last) this.currentDay = last.currentDay;
    for (const o of outcomes) this.eventCount += o.events.length;
    this.guard();
    return outcomes.map((o) => o.events);
  }

  /**
   * Runs `change` (writes to tables outside the log: a device renamed, a PIN reset...) and
   * commits the command it returns, in one transaction: the change and its audit events are
   * both kept or neither is. `change` may throw to keep nothing.
   */
  commitWith<T>(change: () => { input: CommitInput; value: T }): {
    events: SequencedEvent[];
    value: T;
  } {
    if (this.db.inTransaction) {
      throw new StoreError('write_failed', 'commitWith must not run inside another transaction');
    }
    this.guard();
    const run = this.db.transaction(() => {
      const { input, value } = change();
      return { outcome: this.writeCommit(input, this.now()), value };
    });
    const { outcome, value } = run.immediate();
    this.currentDay = outcome.currentDay;
    this.eventCount += outcome.events.length;
    this.guard();
    return { events: outcome.events, value };
  }

  private writeCommit(input: CommitInput, at: number): CommitOutcome {
    const s = this.stmts;
    if (input.commandId !== null && s.getCommandResult.get(input.actorKey, input.commandId)) {
      throw new StoreError(
        'duplicate_command',
        `command ${input.commandId} of ${input.actorKey} was already committed`,
      );
    }
    const actor = toJson(input.actor);
    let day = this.currentDay;
    const events: SequencedEvent[] = [];
    for (const event of input.events) {
      if (event.type === 'day_opened') day = event.businessDay;
      const { ticketId, windowId } = eventRefs(event);
      const { lastInsertRowid } = s.insertEvent.run({
        at: event.at,
        type: event.type,
        businessDay: eventDay(event) ?? day,
        ticketId,
        windowId,
        actor,
        commandId: input.commandId,
        body: toJson(event),
      });
      events.push({ ...event, seq: Number(lastInsertRowid) });
    }
    for (const t of input.tickets) s.upsertTicket.run(ticketRow(t));
    for (const e of events) this.steps.apply(e, e.seq);
    for (const w of input.windows) s.upsertWindow.run(windowRow(w, at));
    if (input.day) s.upsertDay.run(dayRow(input.day));
    for (const c of input.complaints) s.upsertComplaint.run(complaintRow(c));
    if (input.config) s.saveConfig.run({ body: toJson(input.config), updatedAt: at });
    if (input.commandId !== null) {
      const secret = secretIn(input.result, 'result');
      // A programming error: the result is kept for retries, so in the WAL and every backup.
      if (secret !== null)
        throw new Error(`a stored command result must hold no secret: ${secret}`);
      s.insertCommandResult.run({
        actorKey: input.actorKey,
        commandId: input.commandId,
        result: toJson(input.result),
        seqFrom: events[0]?.seq ?? null,
        seqTo: events.at(-1)?.seq ?? s.lastSeq.get() ?? 0,
        at,
      });
    }
    return { events, currentDay: day };
  }

  /** The stored result of a committed command, for a retry after a lost ack; null if none. */
  commandResult(actorKey: string, commandId: string): StoredCommandResult | null {
    const row = this.stmts.getCommandResult.get(actorKey, commandId);
    return row ? { result: fromJson(row.result), seqTo: row.seq_to } : null;
  }

  /**
   * Forgets command results older than `before` (retries come within minutes); the events stay.
   * Returns how many were removed.
   */
  pruneCommandResults(before: number): number {
    this.guard();
    return this.stmts.pruneCommandResults.run(before).changes;
  }

  /** The sequence number of the newest event; 0 when the log is empty. */
  lastSeq(): number {
    return this.stmts.lastSeq.get() ?? 0;
  }

  /** Events with a sequence number above `seq`, oldest first, at most `limit`. */
  eventsAfter(seq: number, limit: number): SequencedEvent[] {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`limit must be a positive integer, got ${limit}`);
    }
    return this.stmts.eventsAfter.all(seq, limit).map(toSequencedEvent);
  }

  /** Every event from the latest `day_opened` on (the day's state is folded from them). */
  currentDayEvents(): SequencedEvent[] {
    return this.stmts.eventsFromLatest.all('day_opened').map(toSequencedEvent);
  }

  /**
   * The connection itself, for the admin console's own tables (complaint follow-ups) and its
   * read-only report and audit queries (hub/src/server/admin-*.ts, hub/src/reports). Same
   * process, same single writer; only parameterized statements.
   */
  get connection(): Database.Database {
    return this.db;
  }

  // ---- configuration and meta ---------------------------------------------------------------

  loadConfig(): HallConfig | null {
    const body = this.stmts.loadConfig.get();
    // Written by saveConfig from a typed HallConfig; the hub validates it when it changes.
    return body === undefined ? null : withCalendar(fromJson(body) as HallConfig);
  }

  /**
   * The configuration the hall is set up or restarted with (not a change in the console: that
   * is a `config_changed` event, saved by `commit`). Kept in `config_history` too, after the
   * newest event, so the audit can show what the next change changed.
   */
  saveConfig(config: HallConfig): void {
    this.guard();
    const body = toJson(config);
    const at = this.now();
    this.db.transaction(() => {
      this.stmts.saveConfig.run({ body, updatedAt: at });
      this.stmts.keepConfig.run({ body, at });
    })();
  }

  /** The hall's id, made when the file was created; it names the hall in exports and backups. */
  hallId(): string {
    const id = this.getMeta(HALL_ID_KEY);
    if (id === null) throw new StoreError('not_found', 'the database has no hall id');
    return id;
  }

  /**
   * The id of the database's history: sequence numbers count within it. A restore begins a new
   * one, so a client that knew another history knows its sequence numbers mean nothing here.
   */
  historyId(): string {
    return this.history;
  }

  /**
   * What names event `seq` beyond this file: the hall, the history it was written in (the newest
   * begun before it) and its number. Sequence numbers alone repeat after a restore.
   */
  eventIdentity(seq: number): EventIdentity {
    if (!Number.isSafeInteger(seq) || seq < 1 || seq > this.lastSeq()) {
      throw new RangeError(`no event ${seq} in the log`);
    }
    const historyId = this.historyOfSeq.get(seq);
    // Every file has a history begun after event 0 at the latest (setup, migration 008).
    if (historyId === undefined) throw new StoreError('not_found', `no history holds event ${seq}`);
    return { hallId: this.hallId(), historyId, seq };
  }

  getMeta(key: string): string | null {
    return this.stmts.getMeta.get(key) ?? null;
  }

  setMeta(key: string, value: string): void {
    this.guard();
    this.stmts.setMeta.run({ key, value });
  }

  // ---- devices and pairing ------------------------------------------------------------------

  /** Registers a device to be paired; a second device with the same id is a `conflict`. */
  createDevice(device: NewDevice): Device {
    this.guard();
    try {
      this.stmts.insertDevice.run({ ...device, createdAt: this.now() });
      this.guard();
    } catch (err) {
      if (isConstraint(err)) {
        throw new StoreError('conflict', `device ${device.id} exists already`, { cause: err });
      }
      throw toStoreError(err, 'write_failed', `cannot create device ${device.id}`);
    }
    return this.mustGetDevice(device.id);
  }

  device(id: string): Device | null {
    const row = this.stmts.deviceById.get(id);
    return row ? this.withSeen(toDevice(row)) : null;
  }

  /** The device with its last-seen time not written yet, if any. */
  private withSeen(device: Device): Device {
    const seen = this.seen.get(device.id);
    return seen === undefined ? device : { ...device, lastSeenAt: seen };
  }

  /**
   * Stores the hash of a new one-time pairing code for a device. It replaces the device's
   * unused codes. A code whose hash is still live for another device is a `conflict` (the
   * caller makes another); an unknown or revoked device is `not_found`.
   */
  createPairingCode(deviceId: string, codeHash: string, expiresAt: number): void {
    this.guard();
    try {
      this.pairingCodeTx.immediate(deviceId, codeHash, expiresAt);
    } catch (err) {
      throw toStoreError(err, 'write_failed', `cannot make a pairing code for ${deviceId}`);
    }
    this.guard();
  }

  private writePairingCode(deviceId: string, codeHash: string, expiresAt: number): void {
    const s = this.stmts;
    const device = s.deviceById.get(deviceId);
    if (!device || device.revoked_at !== null) {
      throw new StoreError('not_found', `no device ${deviceId} to pair (unknown or revoked)`);
    }
    const now = this.now();
    s.deleteUnusedCodesOfDevice.run(deviceId);
    // Short codes come round again: a spent or expired one with the same hash may go.
    s.deleteDeadCode.run({ codeHash, now });
    if (s.pairingCode.get(codeHash)) {
      throw new StoreError('conflict', 'this pairing code is in use for another device');
    }
    s.insertPairingCode.run({ codeHash, deviceId, createdAt: now, expiresAt });
  }

  /**
   * Redeems a pairing code once: when it is unused, unexpired and its device not revoked, marks
   * it used and gives the device `tokenHash` (replacing any earlier token). Otherwise null.
   */
  redeemPairingCode(codeHash: string, tokenHash: string, now: number): Device | null {
    this.guard();
    let device: Device | null;
    try {
      device = this.redeemTx.immediate(codeHash, tokenHash, now);
    } catch (err) {
      throw toStoreError(err, 'write_failed', 'cannot redeem the pairing code');
    }
    this.guard();
    return device;
  }

  private writeRedeem(codeHash: string, tokenHash: string, now: number): Device | null {
    const s = this.stmts;
    const code = s.pairingCode.get(codeHash);
    if (!code || code.used_at !== null || code.expires_at <= now) return null;
    const device = s.deviceById.get(code.device_id);
    if (!device || device.revoked_at !== null) return null;
    if (s.useCode.run({ now, codeHash }).changes !== 1) return null;
    s.setDeviceToken.run({ tokenHash, now, id: code.device_id });
    return this.mustGetDevice(code.device_id);
  }

  /** The unrevoked device holding this token hash, or null. */
  deviceByTokenHash(tokenHash: string): Device | null {
    const row = this.stmts.deviceByTokenHash.get(tokenHash);
    return row ? this.withSeen(toDevice(row)) : null;
  }

  listDevices(): Device[] {
    return this.stmts.listDevices.all().map((row) => this.withSeen(toDevice(row)));
  }

  /**
   * Records that the device was seen; false when there is no such device. Kept in memory and
   * written with the others within `SEEN_FLUSH_MS` (a last-seen time is not worth an fsync per
   * connection); reads show it at once.
   */
  touchDevice(id: string, now: number): boolean {
    if (!this.stmts.deviceById.get(id)) return false;
    this.seen.set(id, now);
    this.seenTimer ??= setTimeout(() => {
      try {
        this.flushSeen();
      } catch (err) {
        // Kept for the next try (the next touch, a backup or close); nothing else depends on it.
        console.error(`onestop-hub: writing devices' last-seen times failed: ${String(err)}`);
      }
    }, SEEN_FLUSH_MS).unref();
    return true;
  }

  /** Writes the last-seen times kept in memory, in one transaction. Returns how many. */
  flushSeen(): number {
    if (this.seenTimer) clearTimeout(this.seenTimer);
    this.seenTimer = null;
    // Once the files are gone nothing is written; last-seen times are not worth a message.
    if (this.seen.size === 0 || !this.db.open || this.verifyFiles()) return 0;
    const entries = [...this.seen];
    this.db.transaction(() => {
      for (const [id, now] of entries) this.stmts.touchDevice.run({ now, id });
    })();
    // Only what was written: nothing can touch a device during the (synchronous) transaction.
    this.seen.clear();
    return entries.length;
  }

  /** Stores the status a device reported (JSON); false when there is no such device. */
  setDeviceStatus(id: string, status: unknown, now: number): boolean {
    this.guard();
    this.seen.delete(id); // this write sets last_seen_at too, to a later time
    return this.stmts.setDeviceStatus.run({ status: toJson(status), now, id }).changes === 1;
  }

  /** Revokes a device for good: its token stops working and it cannot be paired again. */
  revokeDevice(id: string, now: number): boolean {
    this.guard();
    const changed = this.db.transaction(() => {
      const changed = this.stmts.revokeDevice.run({ now, id }).changes === 1;
      if (changed) this.stmts.deleteUnusedCodesOfDevice.run(id);
      return changed;
    })();
    this.guard();
    return changed;
  }

  private mustGetDevice(id: string): Device {
    const device = this.device(id);
    if (!device) throw new StoreError('not_found', `no device ${id}`);
    return device;
  }

  // ---- staff credentials --------------------------------------------------------------------

  getCredential(staffCode: string): StaffCredential | null {
    const row = this.stmts.getCredential.get(staffCode);
    return row ? toCredential(row) : null;
  }

  /** Sets a clerk's PIN hash and clears any lockout. */
  setPinHash(staffCode: string, pinHash: string): void {
    this.guard();
    this.stmts.setPinHash.run({ staffCode, pinHash, now: this.now() });
    this.guard();
  }

  // ---- maintenance --------------------------------------------------------------------------

  /**
   * Copies the live database with SQLite's online backup to `dir/onestop-YYYYMMDD-HHMMSS.sqlite`
   * (UTC, from the store's clock). Commands keep running meanwhile. The copy is written under a
   * `.partial` name, checked, made a single self-contained file, then renamed: a file with the
   * final name is always complete. Returns its path.
   */
  async backup(dir: string): Promise<string> {
    const target = join(resolve(dir), backupFileName(this.now()));
    const partial = `${target}.partial`;
    try {
      mkdirSync(dirname(target), { recursive: true });
      rmSync(partial, { force: true });
      this.flushSeen();
      await this.db.backup(partial);
      finishBackup(partial, schemaVersion(this.db));
      renameSync(partial, target);
    } catch (err) {
      removeQuietly(partial);
      throw toStoreError(err, 'backup_failed', `backup to ${target} failed`);
    }
    return target;
  }

  /** Moves the WAL into the database and truncates it, so it stays bounded. */
  checkpoint(): CheckpointResult {
    const rows = this.db.pragma('wal_checkpoint(TRUNCATE)');
    const row: unknown = Array.isArray(rows) ? rows[0] : undefined;
    return {
      busy: numberField(row, 'busy'),
      walFrames: numberField(row, 'log'),
      checkpointedFrames: numberField(row, 'checkpointed'),
    };
  }

  /** What the health endpoint shows about the store. */
  facts(): StoreFacts {
    return {
      path: this.path,
      schemaVersion: schemaVersion(this.db),
      sizeBytes: fileSize(this.path),
      walBytes: fileSize(`${this.path}-wal`),
      events: this.eventCount,
      lastSeq: this.lastSeq(),
      historyId: this.history,
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.db.pragma('synchronous', { simple: true })),
      foreignKeys: this.db.pragma('foreign_keys', { simple: true }) === 1,
    };
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  /** Closes the connection; SQLite checkpoints and removes the WAL. Closing twice is harmless. */
  close(): void {
    if (!this.db.open) return;
    try {
      this.flushSeen();
    } finally {
      this.db.close();
    }
  }
}

/**
 * Field names that hold a secret (a pairing code, a PIN or its hash, a device or session token, a
 * reset code). A ticket's `accessToken` (the key of the visitor's own status page) is not among
 * them: the ticket's row and its `ticket_issued` event hold it for as long as the ticket lives.
 */
const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'pairingCode',
  'pin',
  'pinHash',
  'token',
  'tokenHash',
  'sessionToken',
  'resetCode',
  'password',
]);

/** The path of the first secret field with a value in `value`, or null. */
function secretIn(value: unknown, path: string): string | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = secretIn(value[i], `${path}.${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_FIELDS.has(key) && v !== null && v !== undefined) return `${path}.${key}`;
    const found = secretIn(v, `${path}.${key}`);
    if (found !== null) return found;
  }
  return null;
}

interface CommitOutcome {
  events: SequencedEvent[];
  currentDay: BusinessDay | null;
}

/** The ticket and window an event is about, for the log's indexed columns. */
function eventRefs(e: DomainEvent): { ticketId: string | null; windowId: string | null } {
  switch (e.type) {
    case 'day_opened':
    case 'day_closed':
      return { ticketId: null, windowId: null };
    case 'ticket_issued':
      return { ticketId: e.ticket.id, windowId: null };
    case 'ticket_called':
    case 'ticket_recalled':
    case 'service_started':
    case 'service_finished':
    case 'ticket_no_show':
    case 'ticket_requeued':
    case 'ticket_transferred':
    case 'ticket_parked':
      return { ticketId: e.ticketId, windowId: e.windowId };
    case 'ticket_unparked':
    case 'ticket_cancelled':
      return { ticketId: e.ticketId, windowId: null };
    case 'window_opened':
    case 'window_paused':
    case 'window_resumed':
    case 'window_closed':
      return { ticketId: null, windowId: e.windowId };
    case 'rating_recorded':
      return { ticketId: e.ticketId, windowId: e.rating.windowId };
    case 'complaint_opened':
      return { ticketId: e.complaint.ticketId, windowId: e.complaint.windowId };
    case 'config_changed':
    case 'staff_pin_reset':
      return { ticketId: null, windowId: null };
    case 'device_renamed':
    case 'device_unpaired':
      return { ticketId: null, windowId: e.windowId };
    case 'complaint_entered':
      return { ticketId: e.complaint.ticketId, windowId: e.complaint.windowId };
    case 'complaint_followed_up':
    case 'staff_unlocked':
      return { ticketId: null, windowId: null };
  }
}

/** The business day an event names itself; the others belong to the latest opened day. */
function eventDay(e: DomainEvent): BusinessDay | null {
  switch (e.type) {
    case 'day_opened':
    case 'day_closed':
      return e.businessDay;
    case 'ticket_issued':
      return e.ticket.businessDay;
    default:
      return null;
  }
}

function ticketRow(t: Ticket) {
  return {
    id: t.id,
    businessDay: t.businessDay,
    number: t.number,
    serviceId: t.serviceId,
    class: t.class,
    status: t.status,
    issuedAt: t.issuedAt,
    calledAt: t.calledAt,
    startedAt: t.startedAt,
    finishedAt: t.finishedAt,
    windowId: t.windowId,
    staffCode: t.staffCode,
    callReason: t.callReason,
    recallCount: t.recallCount,
    ratingScore: t.rating?.score ?? null,
    body: toJson(t),
  };
}

function windowRow(w: WindowState, at: number) {
  return {
    windowId: w.windowId,
    status: w.status,
    staffCode: w.staffCode,
    currentTicketId: w.currentTicketId,
    since: w.since,
    body: toJson(w),
    updatedAt: at,
  };
}

function dayRow(d: DayState) {
  return {
    businessDay: d.businessDay,
    status: d.status,
    openedAt: d.openedAt,
    closedAt: d.closedAt,
  };
}

function complaintRow(c: Complaint) {
  return {
    id: c.id,
    ticketId: c.ticketId,
    windowId: c.windowId,
    staffCode: c.staffCode,
    serviceId: c.serviceId,
    score: c.score,
    openedAt: c.openedAt,
    deadlineAt: c.deadlineAt,
    status: c.status,
    body: toJson(c),
  };
}

/** SQLite writes `-wal` and `-shm` beside the file, so the folder must be writable too. */
function checkWritable(file: string): void {
  const dir = dirname(file);
  let dirStat;
  try {
    dirStat = statSync(dir);
  } catch (err) {
    throw new StoreError('open_failed', `the folder ${dir} of the database does not exist`, {
      cause: err,
    });
  }
  if (!dirStat.isDirectory()) throw new StoreError('open_failed', `${dir} is not a folder`);
  const fileStat = statSync(file, { throwIfNoEntry: false });
  if (fileStat && !fileStat.isFile()) throw new StoreError('open_failed', `${file} is not a file`);
  for (const [path, what] of [[dir, 'folder'], ...(fileStat ? [[file, 'file']] : [])] as const) {
    try {
      accessSync(path, constants.R_OK | constants.W_OK);
    } catch (err) {
      throw new StoreError('not_writable', `the database ${what} ${path} is not writable`, {
        cause: err,
      });
    }
  }
}

/** `PRAGMA quick_check`: the b-trees and records, without the (slow) index cross-check. */
function checkIntegrity(db: Database.Database, file: string): void {
  let problems: string[];
  try {
    const rows = db.prepare<[], string>('PRAGMA quick_check').pluck().all();
    problems = rows.filter((r) => r !== 'ok');
  } catch (err) {
    const code = sqliteCode(err);
    if (code?.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
      throw new StoreError('corrupt', `${file} is not a OneStop database or is damaged`, {
        cause: err,
      });
    }
    throw toStoreError(err, 'open_failed', `cannot check ${file}`);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, REPORTED_PROBLEMS).join('; ');
    throw new StoreError(
      'corrupt',
      `${file} failed its integrity check (${problems.length} problems: ${shown}); restore a backup`,
    );
  }
}

/** Makes the copy a plain rollback-journal file (no `-wal` needed) and checks it. */
function finishBackup(file: string, expectedVersion: number): void {
  const copy = new Database(file);
  try {
    copy.pragma('journal_mode = DELETE');
    checkIntegrity(copy, file);
    const version = schemaVersion(copy);
    if (version !== expectedVersion) {
      throw new StoreError(
        'backup_failed',
        `the copy has schema ${version}, not ${expectedVersion}`,
      );
    }
  } finally {
    copy.close();
  }
}

/** Cleanup after a failure must not hide the failure itself. */
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // The folder is unusable (the failure being reported): there is nothing to remove.
  }
}

function fileSize(path: string): number {
  return statSync(path, { throwIfNoEntry: false })?.size ?? 0;
}

function isConstraint(err: unknown): boolean {
  return sqliteCode(err)?.startsWith('SQLITE_CONSTRAINT') ?? false;
}

function numberField(row: unknown, key: string): number {
  if (typeof row === 'object' && row !== null && key in row) {
    const value: unknown = (row as Record<string, unknown>)[key];
    if (typeof value === 'number') return value;
  }
  return 0;
}

/** Pragma values cannot be bound; only checked integers are put into one. */
function integer(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a count: ${n}`);
  return n;
}

/** Which file a path leads to; null when there is none. */
interface FileId {
  dev: bigint;
  ino: bigint;
}

function fileId(path: string): FileId | null {
  const stat = statSync(path, { bigint: true, throwIfNoEntry: false });
  return stat ? { dev: stat.dev, ino: stat.ino } : null;
}

/** `hall.sqlite-rescue-20250304-093012.sqlite`: the time (UTC) the loss was seen. */
function rescueFileName(base: string, at: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp =
    `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}-` +
    `${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;
  return `${base}-rescue-${stamp}.sqlite`;
}

/**
 * `VACUUM INTO` a new file: read through the connection, so through the descriptors still open
 * on unlinked files; then checked like a backup, synced, and renamed into place.
 */
function writeRescue(db: Database.Database, target: string): void {
  const partial = `${target}.partial`;
  try {
    rmSync(partial, { force: true });
    db.prepare('VACUUM INTO ?').run(partial);
    finishBackup(partial, schemaVersion(db));
    syncFile(partial);
    renameSync(partial, target);
    syncFile(dirname(target));
  } catch (err) {
    removeQuietly(partial);
    throw err;
  }
}

/** fsync: a file's data, or a folder's entries (a rename in it). */
function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function lostError(loss: StoreLoss): StoreError {
  return new StoreError('lost', `${loss.reason}; ${lossAdvice(loss)}`);
}

/** What the operator does, in one sentence (the log, the health answer, refused commands). */
export function lossAdvice(loss: StoreLoss): string {
  const rescue = loss.rescue ? `a copy of everything committed is in ${loss.rescue}` : null;
  if (loss.checkpointed) {
    return `the hub takes no more changes; everything committed was written into the database file${rescue ? ` (and ${rescue})` : ''}: restart the hub`;
  }
  return rescue
    ? `the hub takes no more changes; ${rescue}: stop the hub, restore that copy (onestop-hub restore --from ${loss.rescue}), then start it`
    : 'the hub takes no more changes and could not save a copy: do not stop it; copy its data out before anything else (see docs/OPERATIONS.md)';
}

function lossReport(path: string, loss: StoreLoss): string {
  const rule = '='.repeat(78);
  return [
    rule,
    `onestop-hub: DATABASE FILES LOST — ${loss.reason}`,
    `onestop-hub: ${path}: ${lossAdvice(loss)}`,
    `onestop-hub: every command is refused (store_lost) until the hub is restarted`,
    rule,
  ].join('\n');
}
