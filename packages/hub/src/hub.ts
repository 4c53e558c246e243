import type {
  AuditOnlyEvent,
  Command,
  DomainEvent,
  EngineError,
  ErrorCode,
  EventBatch,
  HallConfig,
  HealthStore,
  HallState,
  SequencedEvent,
} from '@onestop/shared';
import { apply, businessDayOf, decide, initialState } from '@onestop/shared';
import { performance } from 'node:perf_hooks';
import type { Actor, CommitInput } from './store/index.js';
import type {
  CheckpointMode,
  CheckpointWorkerOptions,
  DurabilityMode,
  SyncFile,
} from './store/index.js';
import {
  DEFAULT_CHECKPOINT,
  DEFAULT_DURABILITY,
  Durability,
  lossAdvice,
  Store,
  StoreError,
} from './store/index.js';
import { applyStartConfig, type StartConfigOutcome } from './config-replace.js';
import { issuedAnswer, resultOf, touched, type CommandResult } from './projections.js';
import { NotifyPlanner } from './features/notify/planner.js';
import { ratingRecords } from './features/platform-upload/records.js';
import { StartPins } from './start-pins.js';

/** How long a command's result is kept to answer a retry of it. */
export const COMMAND_RESULTS_KEPT_MS = 24 * 60 * 60_000;

/**
 * How long a write of the serving hub waits for another program's write lock (SQLite's busy
 * timeout). The wait blocks the whole hub, so it is short: commands that find the database
 * locked wait in a queue instead, tried again every `STORE_BUSY_RETRY_MS` (see `submit`).
 */
export const HUB_BUSY_TIMEOUT_MS = 20;
/** How often commands waiting for a locked database are tried again. */
export const STORE_BUSY_RETRY_MS = 100;
/**
 * How long a command waits for a locked database before it is answered `store_busy` (and never
 * written): under a client's 5 s acknowledgement timeout, so it gets the reason, not a timeout.
 */
export const STORE_BUSY_ANSWER_MS = 4_000;
/** Commands waiting for a locked database beyond this many are answered `store_busy` at once. */
export const MAX_WAITING_COMMANDS = 5_000;

export interface HubError {
  code: ErrorCode;
  message: string;
}

export type Outcome<R> =
  | { ok: true; result: R; events: SequencedEvent[]; replayed: boolean }
  | { ok: false; error: HubError };

export interface HubOptions {
  dbPath: string;
  /**
   * The configuration of a new hall (kept in the database). For a database that holds one
   * already it must be the same (else `ConfigDiffersError`) unless `replaceConfig`.
   */
  config?: HallConfig;
  /**
   * Apply a `config` that differs from the stored one as a `config_changed` event, with the
   * rules of a console change (`ConfigRefusedError` when one refuses it). See config-replace.ts.
   */
  replaceConfig?: boolean;
  now?: () => number;
  /**
   * Hall milliseconds per real millisecond of `now` (the simulator's `--clock-speed`; 1 in a
   * hall). Told to every client at its sync, so pages show the hall's time, not their own.
   */
  clockSpeed?: number;
  /** SQLite's busy timeout for this hub's writes; `HUB_BUSY_TIMEOUT_MS` unless given. */
  busyTimeoutMs?: number;
  /** How long a command waits for a locked database; `STORE_BUSY_ANSWER_MS` unless given. */
  storeBusyAnswerMs?: number;
  /** Folders for a rescue copy when the database's own cannot take one (StoreOptions). */
  rescueDirs?: readonly string[];
  /**
   * How a group commit becomes durable (store/durability.ts): `async` syncs the WAL off the
   * event loop and holds the group's answers and broadcast until it is on the disk; `inline`
   * syncs it inside the `COMMIT`, on the event loop. `DEFAULT_DURABILITY` unless given.
   */
  durability?: DurabilityMode;
  /**
   * Who checkpoints the WAL (store/checkpoints.ts): `worker`, a worker thread with its own
   * connection, off the event loop; `inline`, SQLite's automatic checkpoint inside the commit
   * that crosses 1,000 WAL pages. `DEFAULT_CHECKPOINT` unless given.
   */
  checkpoint?: CheckpointMode;
  /** Tests only: the checkpoint worker's threshold and polling. */
  checkpointWorker?: CheckpointWorkerOptions;
  /** Tests only: how the WAL is synced in `async` mode (`fs.fdatasync` unless given). */
  syncFile?: SyncFile;
  /** Tests only: what a failed sync of the WAL does (the process stops unless given). */
  onSyncFailed?: (err: unknown) => void;
}

/** The database holds no hall and none was given: nothing to run. */
export class NoHallError extends Error {}

/** A command not yet decided: it came while the database was locked (see `submit`). */
interface Queued {
  actor: Actor;
  actorKey: string;
  commandId: string | null;
  /** Its key in `pendingByKey` (`keyOf`), or null without a command id. */
  key: string | null;
  command: Command;
  /** When it came (`performance.now()`, not the hall's clock), for `storeBusyAnswerMs`. */
  since: number;
  promise: Promise<Outcome<CommandResult>>;
  resolve: (outcome: Outcome<CommandResult>) => void;
}

/** A command decided and applied, waiting for the group commit. */
interface Pending extends Queued {
  input: CommitInput;
  result: CommandResult;
}

export type EventsListener = (events: SequencedEvent[]) => void;

export type { CommandResult } from './projections.js';

/**
 * The hall's single writer. Keeps the business day in memory, decides every command with the
 * engine, commits its events in one transaction, and only then lets anyone see them.
 */
export class Hub {
  readonly store: Store;
  /** The PINs given at start, hashed after the hub listens; logins wait for them (start-pins.ts). */
  readonly startPins = new StartPins();
  readonly now: () => number;
  /** How fast `now` runs against real time (see `HubOptions.clockSpeed`). */
  readonly clockSpeed: number;
  private state: HallState;
  private readonly listeners = new Set<EventsListener>();
  /** Commands decided and applied, waiting for the group commit at the end of this turn. */
  private pending: Pending[] = [];
  /**
   * Commands that came while another program held the database's write lock, in order, not yet
   * decided: decided and committed once the lock is free, or answered `store_busy` after
   * `storeBusyAnswerMs`. While any wait, every new command waits behind them.
   */
  private waiting: Queued[] = [];
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly storeBusyAnswerMs: number;
  /** Commands pending or waiting, by actor and command id: a retry gets the same answer. */
  private readonly pendingByKey = new Map<string, Promise<Outcome<CommandResult>>>();
  private flushScheduled = false;
  /** Sequence number of the current business day's `day_opened` (0 before any day). */
  dayStartSeq = 0;
  /**
   * What became of the configuration given to `open`: `new` set up the hall, `same` matched the
   * stored one, `replaced` was applied as a change; null when none was given.
   */
  startConfig: StartConfigOutcome | 'new' | null = null;
  /** The last sequence number published, and batches waiting for earlier ones (see `publish`). */
  private publishedSeq = 0;
  private unpublished: SequencedEvent[][] = [];
  /** Batches published or queued to be (see `publish`): each goes out once. */
  private readonly sent = new WeakSet<SequencedEvent[]>();
  private drainScheduled = false;
  /** The turn-near messages each command brings, written in its transaction (features/notify). */
  private readonly notify: NotifyPlanner;
  /** When the group commits are on the disk; their answers and broadcasts wait for it. */
  private readonly durability: Durability;
  /** Callers of `whenDurable` waiting for the group commit of this turn. */
  private afterFlush: (() => void)[] = [];

  private constructor(
    store: Store,
    state: HallState,
    now: () => number,
    clockSpeed: number,
    storeBusyAnswerMs: number,
    durability: Durability,
  ) {
    this.store = store;
    this.durability = durability;
    this.state = state;
    this.now = now;
    this.clockSpeed = clockSpeed;
    this.storeBusyAnswerMs = storeBusyAnswerMs;
    this.notify = new NotifyPlanner(store.notify);
    this.notify.reload(state);
  }

  static open(options: HubOptions): Hub {
    const now = options.now ?? Date.now;
    const store = Store.open(options.dbPath, {
      now,
      busyTimeoutMs: options.busyTimeoutMs ?? HUB_BUSY_TIMEOUT_MS,
      ...(options.rescueDirs ? { rescueDirs: options.rescueDirs } : {}),
      checkpoint: options.checkpoint ?? DEFAULT_CHECKPOINT,
      ...(options.checkpointWorker ? { checkpointWorker: options.checkpointWorker } : {}),
    });
    try {
      const stored = store.loadConfig();
      // A new hall is set up with the configuration given; a stored one is the truth.
      if (stored === null && options.config) store.saveConfig(options.config);
      const config = stored ?? options.config;
      if (!config) {
        throw new NoHallError(
          `${options.dbPath} holds no hall configuration: start the hub with --config hall.json or --demo`,
        );
      }
      const { state, firstSeq } = Hub.fold(config, store.eachCurrentDayEvent());
      const hub = new Hub(
        store,
        state,
        now,
        options.clockSpeed ?? 1,
        options.storeBusyAnswerMs ?? STORE_BUSY_ANSWER_MS,
        new Durability(`${store.path}-wal`, {
          mode: options.durability ?? DEFAULT_DURABILITY,
          ...(options.syncFile ? { syncFile: options.syncFile } : {}),
          ...(options.onSyncFailed ? { onFatal: options.onSyncFailed } : {}),
        }),
      );
      hub.dayStartSeq = firstSeq;
      hub.publishedSeq = store.lastSeq();
      if (stored === null && options.config) hub.startConfig = 'new';
      if (stored !== null && options.config) {
        hub.startConfig = applyStartConfig(hub, options.config, options.replaceConfig ?? false);
      }
      return hub;
    } catch (err) {
      store.close();
      throw err;
    }
  }

  /** Folds the current business day's events from the log: the same engine, the same state. */
  private static rebuild(store: Store, config: HallConfig): HallState {
    return Hub.fold(config, store.eachCurrentDayEvent()).state;
  }

  /**
   * Folds events as they are read, one at a time (none is kept: the state holds copies), and
   * notes the first one's sequence number (0 when there is none).
   */
  private static fold(
    config: HallConfig,
    events: Iterable<SequencedEvent>,
  ): { state: HallState; firstSeq: number } {
    let state = initialState(config);
    let firstSeq = 0;
    for (const event of events) {
      if (firstSeq === 0) firstSeq = event.seq;
      state = apply(state, event);
    }
    return { state, firstSeq };
  }

  /**
   * The configuration as committed: saved in the same transaction as its `config_changed`, so
   * a change whose commit failed is not in it (the state in memory may already have it).
   */
  private committedConfig(): HallConfig {
    return this.store.loadConfig() ?? this.state.config;
  }

  /** The current state. Callers must not change it. */
  get current(): Readonly<HallState> {
    return this.state;
  }

  get config(): HallConfig {
    return this.state.config;
  }

  today(): string {
    return businessDayOf(this.now(), this.state.config.hall.timezone);
  }

  onEvents(listener: EventsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Sends committed events to every listener (the sockets, the reactions), in the order of the
   * log. The hub publishes every commit itself, a turn after it (once the command's caller has
   * been answered: nothing is announced before its acknowledgement); `system` and `record`
   * publish at once. Events committed meanwhile (a day rollover, a timer) wait for earlier ones,
   * or clients would see a gap, resync, and take the command's events as replayed: a display
   * would never announce that call. Events whose turn never comes are sent a turn later anyway.
   * A batch already published (or queued), or a command's events its group's batch carries, is
   * not sent again, so a caller may publish too.
   */
  publish(events: SequencedEvent[]): void {
    if (events.length === 0 || this.sent.has(events)) return;
    this.sent.add(events);
    this.unpublished.push(events);
    this.drainPublished(false);
  }

  /** Publishes a commit's events a turn later: after its caller's answer (see `publish`). */
  private publishSoon(events: SequencedEvent[]): void {
    if (events.length > 0) setImmediate(() => this.publish(events));
  }

  private drainPublished(force: boolean): void {
    this.unpublished.sort((a, b) => (a[0]?.seq ?? 0) - (b[0]?.seq ?? 0));
    for (;;) {
      const next = this.unpublished[0];
      const first = next?.[0];
      const last = next?.[next.length - 1];
      if (!next || !first || !last) return;
      if (!force && first.seq > this.publishedSeq + 1) {
        if (!this.drainScheduled) {
          this.drainScheduled = true;
          setImmediate(() => {
            this.drainScheduled = false;
            this.drainPublished(true);
          });
        }
        return;
      }
      this.unpublished.shift();
      this.publishedSeq = Math.max(this.publishedSeq, last.seq);
      for (const listener of this.listeners) listener(next);
    }
  }

  /**
   * The result of a command this actor has committed before under this id, or null. The one
   * place a retry is recognised: `execute`, `submit` and the command pipeline ask here.
   */
  committedResult(actorKey: string, commandId: string | null): unknown {
    if (commandId === null) return null;
    return this.store.commandResult(actorKey, commandId)?.result ?? null;
  }

  /** A retry's answer: the first result, nothing changed, nothing to publish. */
  private replay(actorKey: string, commandId: string | null): Outcome<CommandResult> | null {
    const previous = this.committedResult(actorKey, commandId);
    if (previous === null) return null;
    return { ok: true, result: previous as CommandResult, events: [], replayed: true };
  }

  /**
   * Decides, applies and commits one command at once; its events are published a turn later.
   * A `commandId` seen before from the same actor gets the first result back and changes
   * nothing, so a retry never issues or calls twice.
   */
  execute(
    actor: Actor,
    actorKey: string,
    commandId: string | null,
    command: Command,
  ): Outcome<CommandResult> {
    const refused = this.storeRefusal();
    if (refused) return { ok: false, error: refused };
    // Commands already decided go to the log first, in the order they were decided.
    if (this.pending.length > 0) this.flush();
    // Those waiting for the write lock go first: this one is refused rather than jump the line
    // (a system command comes again with the next clock tick).
    if (this.waiting.length > 0) return { ok: false, error: busyError(this.waiting.length) };
    const replayed = this.replay(actorKey, commandId);
    if (replayed) return replayed;
    const decided = this.decideOne({ actor, actorKey, commandId, command });
    if ('answer' in decided) return decided.answer;
    try {
      const events = this.store.commit(decided.input);
      // Its COMMIT synced the WAL: the group commits before it are durable too, and go out first.
      this.durability.syncedInline();
      this.committed(events);
      return { ok: true, result: decided.result, events, replayed: false };
    } catch (err) {
      // Nothing was committed, so nothing happened: go back to what the log says.
      this.state = Hub.rebuild(this.store, this.committedConfig());
      this.notify.reload(this.state);
      return { ok: false, error: storeFailed(err) };
    }
  }

  /** After a commit: the day's first event noted, its events published a turn later. */
  private committed(events: SequencedEvent[]): void {
    for (const event of events) if (event.type === 'day_opened') this.dayStartSeq = event.seq;
    this.publishSoon(events);
  }

  /**
   * Decides and applies a command at once (so the next command of this turn sees its effect) and
   * commits it together with every other command of this event-loop turn in one transaction:
   * one fsync for the group (group commit). Resolves only after that commit, so nothing is
   * acknowledged or announced before it is durable; the events are published a turn after the
   * answer. If the group cannot be written, the state
   * goes back to what the log says and each command of the group is decided again on its own:
   * none of them had been answered.
   */
  submit(
    actor: Actor,
    actorKey: string,
    commandId: string | null,
    command: Command,
    known: { noStoredResult: boolean } = STORED_RESULT_UNKNOWN,
  ): Promise<Outcome<CommandResult>> {
    const refused = this.storeRefusal();
    if (refused) return Promise.resolve({ ok: false, error: refused });
    const key = keyOf(actorKey, commandId);
    const inFlight = key === null ? undefined : this.pendingByKey.get(key);
    if (inFlight) return inFlight; // a retry of a command not yet committed: the same answer
    // The command pipeline has just read it (in this same turn, so nothing committed since).
    const replayed = known.noStoredResult ? null : this.replay(actorKey, commandId);
    if (replayed) return Promise.resolve(replayed);
    let resolve: (outcome: Outcome<CommandResult>) => void = () => undefined;
    const promise = new Promise<Outcome<CommandResult>>((r) => (resolve = r));
    const queued: Queued = {
      actor,
      actorKey,
      commandId,
      key,
      command,
      since: performance.now(),
      promise,
      resolve,
    };
    if (this.waiting.length > 0) {
      // The database is locked: decided later, behind those already waiting, in order.
      if (this.waiting.length >= MAX_WAITING_COMMANDS) {
        return Promise.resolve({ ok: false, error: busyError(this.waiting.length) });
      }
      this.waiting.push(queued);
      if (key !== null) this.pendingByKey.set(key, promise);
      return promise;
    }
    const answer = this.decideInto(queued);
    if (answer) return Promise.resolve(answer);
    if (key !== null) this.pendingByKey.set(key, promise);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return promise;
  }

  /**
   * Decides a command on the current state: a refusal or a command with nothing to write is
   * answered; otherwise its events are applied and what to commit is returned (`execute` commits
   * it at once, `submit` with the group).
   */
  private decideOne(q: {
    actor: Actor;
    actorKey: string;
    commandId: string | null;
    command: Command;
  }): { answer: Outcome<CommandResult> } | { input: CommitInput; result: CommandResult } {
    const decision = decide(this.state, q.command, this.now());
    if (!decision.ok) return { answer: { ok: false, error: engineError(decision.error) } };
    if (decision.events.length === 0) {
      const result = structuredClone(resultOf(this.state, q.command, []));
      return { answer: { ok: true, result, events: [], replayed: false } };
    }
    for (const event of decision.events) this.state = apply(this.state, event);
    // Copied now, as the JSON the store keeps for a retry (serialized once): later commands of
    // this turn go on changing the same tickets, and a retry gets what the first answer said.
    // An issue answers with its event's ticket, which never changes, and keeps the result
    // without it: the ticket is not serialized here at all.
    const answered = resultOf(this.state, q.command, decision.events);
    const issued = issuedAnswer(answered, decision.events);
    const resultJson = issued ? issued.json : JSON.stringify(answered);
    const result = issued ? issued.result : (JSON.parse(resultJson) as CommandResult);
    const notify = this.notify.plan(this.state, q.command, decision.events);
    const upload = ratingRecords(this.state.config, () => this.store.hallId(), decision.events);
    const input: CommitInput = {
      commandId: q.commandId,
      actorKey: q.actorKey,
      actor: q.actor,
      events: decision.events,
      ...touched(this.state, decision.events),
      // The day's row changes only when the day opens or closes.
      day: decision.events.some((e) => e.type === 'day_opened' || e.type === 'day_closed')
        ? this.state.day
        : null,
      result,
      // An issue's ticket is kept once, in its event: the stored result names it.
      resultJson,
      ...(notify ? { notify } : {}),
      ...(upload.length > 0 ? { upload } : {}),
    };
    return { input, result };
  }

  /** Decides a queued command: answered now (returned), or joins the group commit. */
  private decideInto(q: Queued): Outcome<CommandResult> | null {
    const decided = this.decideOne(q);
    if ('answer' in decided) return decided.answer;
    this.pending.push({ ...q, ...decided });
    return null;
  }

  /** Answers a pending or waiting command; a retry of it is then a new command (or a replay). */
  private answer(q: Queued, outcome: Outcome<CommandResult>): void {
    const { key } = q;
    if (key !== null && this.pendingByKey.get(key) === q.promise) this.pendingByKey.delete(key);
    q.resolve(outcome);
  }

  private scheduleRetry(): void {
    this.retryTimer ??= setTimeout(() => this.retryWaiting(), STORE_BUSY_RETRY_MS);
  }

  /**
   * Tries the commands waiting for the write lock again: those past `storeBusyAnswerMs` are
   * answered `store_busy` (nothing of them is written, ever); when the lock is free the others
   * are decided in the order they came and committed as one group.
   */
  private retryWaiting(): void {
    this.retryTimer = null;
    const refused = this.storeRefusal();
    if (refused) {
      for (const q of this.waiting.splice(0)) this.answer(q, { ok: false, error: refused });
      return;
    }
    const now = performance.now();
    const waited = this.waiting.filter((q) => now - q.since >= this.storeBusyAnswerMs);
    if (waited.length > 0) {
      this.waiting = this.waiting.filter((q) => now - q.since < this.storeBusyAnswerMs);
      const error = busyError(this.waiting.length);
      for (const q of waited) this.answer(q, { ok: false, error });
    }
    if (this.waiting.length === 0) return;
    let free = true;
    try {
      free = this.store.writeLockFree();
    } catch {
      // Not a lock: the commit below meets the same failure and answers with it.
    }
    if (!free) {
      this.scheduleRetry();
      return;
    }
    for (const q of this.waiting.splice(0)) {
      const answer = this.decideInto(q);
      if (answer) this.answer(q, answer);
    }
    this.flush();
  }

  /**
   * Resolves once everything decided so far is committed and on the disk; null when it already
   * is. What shows state to a client (a sync answer) waits for it, so nothing is ever shown that
   * a power loss could take back.
   */
  whenDurable(): Promise<void> | null {
    if (this.pending.length > 0) {
      return new Promise<void>((resolve) => this.afterFlush.push(resolve)).then(() =>
        this.durability.whenDurable(),
      );
    }
    return this.durability.settled ? null : this.durability.whenDurable();
  }

  /** Commits the commands waiting for the group commit (see `submit`). */
  flush(): void {
    this.flushScheduled = false;
    const group = this.pending;
    const waiters = this.afterFlush;
    this.afterFlush = [];
    // Whatever becomes of the group, those waiting for it wait for the disk from here on.
    for (const waiter of waiters) waiter();
    if (group.length === 0) return;
    this.pending = [];
    let written: SequencedEvent[][];
    try {
      written = this.store.commitMany(
        group.map((p) => p.input),
        this.durability.mode === 'async' ? 'deferred' : 'full',
      );
    } catch (err) {
      this.state = Hub.rebuild(this.store, this.committedConfig());
      this.notify.reload(this.state);
      if (err instanceof StoreError && err.code === 'busy') {
        // Another program holds the write lock: nothing was written or answered. The commands
        // wait, undecided, at the head of the line, and are tried again off the event loop.
        this.waiting.unshift(...group.map(queuedOf));
        this.scheduleRetry();
        return;
      }
      if (err instanceof StoreError && WHOLE_STORE_FAILURES.has(err.code)) {
        // The file itself refused (full, read-only, gone): each command alone would fail the
        // same way. Refuse the group at once.
        const error = storeFailed(err);
        for (const p of group) this.answer(p, { ok: false, error });
        return;
      }
      for (const p of group) {
        this.answer(p, this.execute(p.actor, p.actorKey, p.commandId, p.command));
      }
      return;
    }
    // The group's events go out as one batch (they are consecutive in the log): each socket is
    // written to once per group, not once per command. A command's own events are in that
    // batch, so a caller publishing them too sends nothing again (see `publish`).
    const all: SequencedEvent[] = [];
    for (const events of written) {
      for (const event of events) if (event.type === 'day_opened') this.dayStartSeq = event.seq;
      all.push(...events);
      this.sent.add(events);
    }
    // Answered and announced only once on the disk, in the order of the commits (durability.ts).
    this.durability.afterCommit(() => {
      group.forEach((p, i) => {
        const events = written[i] ?? [];
        this.answer(p, { ok: true, result: p.result, events, replayed: false });
      });
      this.publishSoon(all);
    });
  }

  /**
   * Makes an admin change outside the engine (`change`: a device renamed, a PIN reset...) and
   * commits the events that record it, with the person and the command's result, in the same
   * transaction: if either fails, neither is kept (and `record` throws). Publishes the events.
   * Only events that `apply` leaves the state unchanged by: the queue is the engine's alone.
   */
  record<T>(
    actor: Actor,
    actorKey: string,
    commandId: string | null,
    change: () => { events: AuditOnlyEvent[]; result: T },
  ): { result: T; events: SequencedEvent[] } {
    if (this.pending.length > 0) this.flush();
    const at = this.now();
    const { events: written, value } = this.store.commitWith(() => {
      const { events: bodies, result } = change();
      const events: DomainEvent[] = bodies.map((body) => ({ ...body, at }));
      const input: CommitInput = {
        commandId,
        actorKey,
        actor,
        events,
        tickets: [],
        windows: [],
        complaints: [],
        day: null, // audit-only events leave the day as it is
        result,
      };
      return { input, value: result };
    });
    this.durability.syncedInline();
    for (const event of written) this.state = apply(this.state, event);
    this.publish(written);
    return { result: value, events: written };
  }

  /** Runs a command of the hub itself (day rollover, timers) and publishes its events at once. */
  system(command: Command): Outcome<CommandResult> {
    const outcome = this.execute({ kind: 'system' }, 'system', null, command);
    if (outcome.ok) this.publish(outcome.events);
    return outcome;
  }

  /**
   * Keeps the business day current: opens today when no day is open, and when the clock has
   * passed into a new day, closes the old one (its waiting tickets expire) and opens today.
   */
  rollDay(): void {
    const today = this.today();
    const day = this.state.day;
    if (day && day.businessDay >= today && day.status === 'open') return;
    if (day && day.businessDay > today) return; // the clock stepped back: keep the later day
    if (day && day.status === 'open') {
      const closed = this.system({ type: 'close_day' });
      if (!closed.ok) return; // someone is still being served; try again on the next tick
    }
    if (!this.state.day || this.state.day.businessDay < today) {
      const opened = this.system({ type: 'open_day', businessDay: today });
      // Retries come within seconds; results older than a day only take room.
      if (opened.ok) this.store.pruneCommandResults(this.now() - COMMAND_RESULTS_KEPT_MS);
    }
  }

  /**
   * Lets time-driven rules act: parked tickets whose time has come return to their queue; a
   * remote number not confirmed is marked first in line, and expires after its minutes there.
   * A tick is only logged when it changes something.
   */
  tick(): void {
    const due = decide(this.state, { type: 'tick' }, this.now());
    if (due.ok && due.events.length > 0) this.system({ type: 'tick' });
  }

  /**
   * Why no command can be written now: the database files are gone (`store_lost`, until the
   * hub is restarted). Null otherwise. Only what is known; `watchStore` looks at the files.
   */
  private storeRefusal(): HubError | null {
    const loss = this.store.lost;
    return loss ? { code: 'store_lost', message: `${loss.reason}; ${lossAdvice(loss)}` } : null;
  }

  /**
   * Looks at the database files between commands (the store does before and after each write),
   * so a deletion is noticed, and what the hub holds saved, even when the hall is quiet.
   */
  watchStore(): void {
    if (this.store.isOpen) this.store.verifyFiles();
  }

  /** What `/api/health` says about the store: `ok`, `busy` (locked by another program) or `lost`. */
  storeHealth(): HealthStore {
    const loss = this.store.verifyFiles();
    if (loss) {
      return { state: 'lost', message: `${loss.reason}; ${lossAdvice(loss)}`, rescue: loss.rescue };
    }
    let free = this.waiting.length === 0;
    if (free) {
      try {
        free = this.store.writeLockFree();
      } catch {
        free = true; // not a lock; a command would say what it is
      }
    }
    return free
      ? { state: 'ok' }
      : { state: 'busy', queued: this.waiting.length, message: BUSY_MESSAGE };
  }

  close(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.flush();
    // Committed groups still waiting for the disk: synced here, then answered.
    this.durability.syncNow();
    this.durability.close();
    // Never written: answered, so their clients try again once the hub is back.
    const error = busyError(this.waiting.length);
    for (const q of this.waiting.splice(0)) this.answer(q, { ok: false, error });
    this.listeners.clear();
    this.store.close();
  }
}

/** Store failures of the whole file, not of one command (see `flush`). */
const WHOLE_STORE_FAILURES: ReadonlySet<string> = new Set(['disk_full', 'not_writable', 'lost']);

const BUSY_MESSAGE =
  "another program holds the hall database's write lock (a sqlite3 shell, a backup or sync tool); commands wait for it";

function busyError(waiting: number): HubError {
  return {
    code: 'store_busy',
    message: `${BUSY_MESSAGE}: not written after waiting (${waiting} waiting); try again`,
  };
}

/** The answer to a command the store refused; `StoreError`s keep their reason. */
export function storeFailed(err: unknown): HubError {
  if (err instanceof StoreError && err.code === 'busy') {
    return { code: 'store_busy', message: `${BUSY_MESSAGE}: ${err.message}` };
  }
  if (err instanceof StoreError && err.code === 'lost') {
    return { code: 'store_lost', message: err.message };
  }
  return {
    code: 'store_failed',
    message: `the hall's database refused the change: ${String(err)}`,
  };
}

/** `submit`'s default: the stored result is read (no caller read it in this turn). */
const STORED_RESULT_UNKNOWN = { noStoredResult: false } as const;

function keyOf(actorKey: string, commandId: string | null): string | null {
  return commandId === null ? null : `${actorKey}\u0000${commandId}`;
}

function queuedOf(p: Pending): Queued {
  const { actor, actorKey, commandId, key, command, since, promise, resolve } = p;
  return { actor, actorKey, commandId, key, command, since, promise, resolve };
}

function engineError(error: EngineError): HubError {
  return { code: error.code, message: error.detail };
}

export type { EventBatch };
