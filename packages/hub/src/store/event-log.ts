import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { BusinessDay, DomainEvent, HallConfig, SequencedEvent } from '@onestop/shared';
import { withCalendar } from '@onestop/shared';
import type { StoreContext } from './context.js';
import { StoreError, toStoreError } from './errors.js';
import { beginHistory, currentHistory, type EventIdentity } from './history.js';
import {
  complaintRow,
  dayRow,
  eventDay,
  eventRefs,
  secretInJson,
  ticketRow,
  windowRow,
  type CommitOutcome,
} from './projections.js';
import { ResultKeys } from './result-keys.js';
import { fromJson, toJson, toSequencedEvent } from './rows.js';
import type { NotifyRecords } from './notify.js';
import type { PlatformUploadRecords } from './platform-upload.js';
import { StepProjector } from './steps.js';
import type { CommitInput, StoredCommandResult } from './types.js';

const HALL_ID_KEY = 'hall_id';

/**
 * A stored result's `ticket` in place of the ticket itself: the ticket as the command's first
 * event, its `ticket_issued`, holds it. The hub keeps an issue's result so (hub.ts) only when its
 * answer's ticket is exactly that, so the ticket is not written a second time in the same commit
 * (a stored result was as large as the ticket's row and its event each); a retry gets the same
 * answer, rebuilt from the event (`commandResult`), which never changes, unlike the ticket's row.
 */
export const ISSUED_TICKET = 'issued';
const CREATED_AT_KEY = 'created_at';

/**
 * The event log and its projections: each command's events, the rows they changed and its
 * result for retries, written in one transaction; the hall's configuration and meta records.
 */
export class EventLog {
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
  /**
   * The id of the database's history (see history.ts): new at setup and at every restore, which
   * happen with the hub stopped, so it is read once.
   */
  private readonly history: string;
  private readonly historyOfSeq: Database.Statement<[number], string>;
  /** Where each stored result is (the table has no index of its key since migration 026). */
  private readonly resultKeys: ResultKeys;
  /**
   * The results written by the transaction under way (key and row id): put in `resultKeys` once
   * it holds, dropped when it is rolled back. Also a group's guard against one command twice.
   */
  private readonly pendingResults: { actorKey: string; commandId: string; id: number }[] = [];

  constructor(
    private readonly ctx: StoreContext,
    /** The turn-near messages' tables: a command's contacts and messages go with its events. */
    private readonly notify: NotifyRecords,
    private readonly platformUpload: PlatformUploadRecords,
  ) {
    const { db, stmts } = ctx;
    this.steps = new StepProjector(db);
    this.currentDay = stmts.latestOpenedDay.get() ?? null;
    this.eventCount = stmts.eventCount.get() ?? 0;
    this.resultKeys = new ResultKeys(db, (fresh) => ctx.dataVersion(fresh));
    // Each looks at the files once, after its rows and before its COMMIT (`checkFiles`).
    this.commitTx = db.transaction((input: CommitInput, at: number) => {
      const outcome = this.writeCommit(input, at);
      ctx.checkFiles();
      return outcome;
    });
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
      ctx.checkFiles();
      return outcomes;
    });
    if (this.getMeta(HALL_ID_KEY) === null) {
      db.transaction(() => {
        this.setMeta(HALL_ID_KEY, randomUUID());
        this.setMeta(CREATED_AT_KEY, String(ctx.now()));
      })();
    }
    // A new file's history begins here (an older one's began at migration 008 or a restore).
    this.history = currentHistory(db) ?? beginHistory(db, 'setup', ctx.now());
    this.historyOfSeq = db
      .prepare<[number], string>(
        'SELECT id FROM histories WHERE after_seq < ? ORDER BY rowid DESC LIMIT 1',
      )
      .pluck();
  }

  /** How many events the log holds. */
  get count(): number {
    return this.eventCount;
  }

  /**
   * Writes one command in one transaction: its events (numbered by the log), the projection
   * rows it changed and, when it has a `commandId`, its result for retries. Nothing is kept if
   * any part fails. Returns the events with their sequence numbers, in order.
   */
  commit(input: CommitInput): SequencedEvent[] {
    if (this.ctx.db.inTransaction) {
      // Inside another transaction a commit would not be durable on its own.
      throw new StoreError('write_failed', 'commit must not run inside another transaction');
    }
    this.ctx.refuseIfLost();
    let outcome: CommitOutcome;
    this.pendingResults.length = 0;
    try {
      outcome = this.commitTx.immediate(input, this.ctx.now());
    } catch (err) {
      // Files no longer there (seen before the COMMIT): rolled back, not to be acknowledged.
      throw (
        this.ctx.lostAfter(err) ??
        toStoreError(err, 'write_failed', 'commit failed; nothing was written')
      );
    }
    this.currentDay = outcome.currentDay;
    this.eventCount += outcome.events.length;
    this.keepPendingResults();
    return outcome.events;
  }

  /**
   * Writes several commands in one transaction, in order, all or nothing: one fsync for a group
   * of commands that arrived together (group commit). Each command's rows are those `commit`
   * writes. Returns each command's sequenced events.
   */
  commitMany(inputs: CommitInput[]): SequencedEvent[][] {
    if (this.ctx.db.inTransaction) {
      throw new StoreError('write_failed', 'commitMany must not run inside another transaction');
    }
    this.ctx.refuseIfLost();
    let outcomes: CommitOutcome[];
    this.pendingResults.length = 0;
    try {
      outcomes = this.groupTx.immediate(inputs, this.ctx.now());
    } catch (err) {
      throw (
        this.ctx.lostAfter(err) ??
        toStoreError(err, 'write_failed', 'group commit failed; nothing was written')
      );
    }
    const last = outcomes.at(-1);
    if (last) this.currentDay = last.currentDay;
    for (const o of outcomes) this.eventCount += o.events.length;
    this.keepPendingResults();
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
    if (this.ctx.db.inTransaction) {
      throw new StoreError('write_failed', 'commitWith must not run inside another transaction');
    }
    this.ctx.refuseIfLost();
    const run = this.ctx.db.transaction(() => {
      const { input, value } = change();
      const outcome = this.writeCommit(input, this.ctx.now());
      this.ctx.checkFiles();
      return { outcome, value };
    });
    let ran: { outcome: CommitOutcome; value: T };
    this.pendingResults.length = 0;
    try {
      ran = run.immediate();
    } catch (err) {
      throw this.ctx.lostAfter(err) ?? err;
    }
    const { outcome, value } = ran;
    this.currentDay = outcome.currentDay;
    this.eventCount += outcome.events.length;
    this.keepPendingResults();
    return { events: outcome.events, value };
  }

  /** After its transaction held: the results it wrote are found by their key from now on. */
  private keepPendingResults(): void {
    for (const { actorKey, commandId, id } of this.pendingResults) {
      this.resultKeys.added(actorKey, commandId, id);
    }
    this.pendingResults.length = 0;
  }

  /** Whether a result is kept for this key: committed before, or written earlier in this group. */
  private resultKept(actorKey: string, commandId: string): boolean {
    const id = this.resultKeys.find(actorKey, commandId, true);
    if (id !== undefined && this.ctx.stmts.getCommandResult.get(id, actorKey, commandId)) {
      return true;
    }
    return this.pendingResults.some((p) => p.commandId === commandId && p.actorKey === actorKey);
  }

  private writeCommit(input: CommitInput, at: number): CommitOutcome {
    const s = this.ctx.stmts;
    const actor = toJson(input.actor);
    let day = this.currentDay;
    const events: SequencedEvent[] = [];
    // A plain issue (its one event issued the ticket) serializes its ticket once, for the
    // event's body and the ticket's row: the ticket as issued is the row's state after this
    // command, and a later command of the same group that changes it writes the row again.
    const only = input.events.length === 1 ? input.events[0] : undefined;
    const issued = only?.type === 'ticket_issued' ? only.ticket : null;
    const issuedJson = issued ? toJson(issued) : null;
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
        body: issuedJson === null ? toJson(event) : issuedBody(event, issuedJson),
      });
      events.push({ ...event, seq: Number(lastInsertRowid) });
    }
    for (const t of input.tickets) {
      s.upsertTicket.run(
        issued && issuedJson !== null && t.id === issued.id
          ? ticketRow(issued, issuedJson)
          : ticketRow(t),
      );
    }
    for (const e of events) this.steps.apply(e, e.seq);
    for (const w of input.windows) s.upsertWindow.run(windowRow(w, at));
    if (input.day) s.upsertDay.run(dayRow(input.day));
    for (const c of input.complaints) s.upsertComplaint.run(complaintRow(c));
    if (input.config) s.saveConfig.run({ body: toJson(input.config), updatedAt: at });
    if (input.notify) this.notify.write(input.notify, at);
    this.notify.afterEvents(input.events);
    if (input.upload) this.platformUpload.add(input.upload, at);
    if (input.commandId !== null) {
      const result = input.resultJson ?? toJson(input.result);
      const secret = secretInJson(result);
      // A programming error: the result is kept for retries, so in the WAL and every backup.
      if (secret !== null)
        throw new Error(`a stored command result must hold no secret: ${secret}`);
      // The last guard against a command done twice (the hub looks its result up before it
      // decides): the transaction is rolled back with everything this command wrote before it.
      if (this.resultKept(input.actorKey, input.commandId)) {
        throw new StoreError(
          'duplicate_command',
          `command ${input.commandId} of ${input.actorKey} was already committed`,
        );
      }
      const { lastInsertRowid } = s.insertCommandResult.run({
        actorKey: input.actorKey,
        commandId: input.commandId,
        result,
        seqFrom: events[0]?.seq ?? null,
        seqTo: events.at(-1)?.seq ?? s.lastSeq.get() ?? 0,
        at,
      });
      this.pendingResults.push({
        actorKey: input.actorKey,
        commandId: input.commandId,
        id: Number(lastInsertRowid),
      });
    }
    return { events, currentDay: day };
  }

  /** The stored result of a committed command, for a retry after a lost ack; null if none. */
  commandResult(actorKey: string, commandId: string): StoredCommandResult | null {
    const id = this.resultKeys.find(actorKey, commandId, false);
    const row =
      id === undefined ? undefined : this.ctx.stmts.getCommandResult.get(id, actorKey, commandId);
    if (!row) return null;
    const result = fromJson(row.result);
    if (!isRecord(result) || result.ticket !== ISSUED_TICKET) {
      return { result, seqTo: row.seq_to };
    }
    const body = row.seq_from === null ? undefined : this.ctx.stmts.eventBody.get(row.seq_from);
    const event = body === undefined ? null : fromJson(body);
    if (!isRecord(event) || event.type !== 'ticket_issued' || !isRecord(event.ticket)) {
      throw new StoreError(
        'corrupt',
        `the stored result of ${commandId} names an issued ticket its first event does not hold`,
      );
    }
    return { result: { ...result, ticket: event.ticket }, seqTo: row.seq_to };
  }

  /**
   * Forgets command results older than `before` (retries come within minutes); the events stay.
   * Returns how many were removed.
   */
  pruneCommandResults(before: number): number {
    this.ctx.guard();
    const removed = this.ctx.stmts.pruneCommandResults.run(before).changes;
    // Filled again from what the table keeps, at the next look-up.
    if (removed > 0) this.resultKeys.forget();
    return removed;
  }

  /** The sequence number of the newest event; 0 when the log is empty. */
  lastSeq(): number {
    return this.ctx.stmts.lastSeq.get() ?? 0;
  }

  /** Events with a sequence number above `seq`, oldest first, at most `limit`. */
  eventsAfter(seq: number, limit: number): SequencedEvent[] {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`limit must be a positive integer, got ${limit}`);
    }
    return this.ctx.stmts.eventsAfter.all(seq, limit).map(toSequencedEvent);
  }

  /** Every event from the latest `day_opened` on (the day's state is folded from them). */
  currentDayEvents(): SequencedEvent[] {
    return this.ctx.stmts.eventsFromLatestDay.all().map(toSequencedEvent);
  }

  /**
   * The same events one at a time, read as they are used: folding a busy day (12,000 events)
   * from an array of them all kept every row and every parsed event alive to the end, and the
   * collector copied them over and over (most of the fold's CPU went to it).
   */
  *eachCurrentDayEvent(): Generator<SequencedEvent, void, undefined> {
    for (const row of this.ctx.stmts.eventsFromLatestDay.iterate()) yield toSequencedEvent(row);
  }

  // ---- configuration and meta ---------------------------------------------------------------

  loadConfig(): HallConfig | null {
    const body = this.ctx.stmts.loadConfig.get();
    // Written by saveConfig from a typed HallConfig; the hub validates it when it changes.
    return body === undefined ? null : withCalendar(fromJson(body) as HallConfig);
  }

  /**
   * The configuration the hall is set up or restarted with (not a change in the console: that
   * is a `config_changed` event, saved by `commit`). Kept in `config_history` too, after the
   * newest event, so the audit can show what the next change changed.
   */
  saveConfig(config: HallConfig): void {
    this.ctx.guard();
    const body = toJson(config);
    const at = this.ctx.now();
    this.ctx.db.transaction(() => {
      this.ctx.stmts.saveConfig.run({ body, updatedAt: at });
      this.ctx.stmts.keepConfig.run({ body, at });
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
    return this.ctx.stmts.getMeta.get(key) ?? null;
  }

  setMeta(key: string, value: string): void {
    this.ctx.guard();
    this.ctx.stmts.setMeta.run({ key, value });
  }
}

/**
 * The body of a `ticket_issued` event whose ticket's JSON is `ticketJson` already: the event's
 * other fields, then its ticket (the same object as `toJson(event)` gives, its ticket last).
 */
function issuedBody(event: DomainEvent, ticketJson: string): string {
  // Its fields but the ticket copied, not `delete` on a copy: a deleted key turns the object
  // into a slow dictionary, which then serializes slower too.
  // (`for...in`: a plain object of the engine, no inherited keys; 0.4 against 1.1 µs a call.)
  const fields = event as unknown as Record<string, unknown>;
  const rest: Record<string, unknown> = {};
  for (const key in fields) if (key !== 'ticket') rest[key] = fields[key];
  return `${toJson(rest).slice(0, -1)},"ticket":${ticketJson}}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
