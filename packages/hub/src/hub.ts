import type {
  AuditOnlyEvent,
  Command,
  Complaint,
  DomainEvent,
  EngineError,
  ErrorCode,
  EventBatch,
  HallConfig,
  HallState,
  SequencedEvent,
  Ticket,
  WindowState,
} from '@onestop/shared';
import { apply, businessDayOf, decide, initialState } from '@onestop/shared';
import type { Actor, CommitInput } from './store/index.js';
import { Store, StoreError } from './store/index.js';
import { applyStartConfig, type StartConfigOutcome } from './config-replace.js';

/** How long a command's result is kept to answer a retry of it. */
export const COMMAND_RESULTS_KEPT_MS = 24 * 60 * 60_000;

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
}

/** The database holds no hall and none was given: nothing to run. */
export class NoHallError extends Error {}

interface Pending {
  actor: Actor;
  actorKey: string;
  commandId: string | null;
  command: Command;
  input: CommitInput;
  result: CommandResult;
  resolve: (outcome: Outcome<CommandResult>) => void;
}

export type EventsListener = (events: SequencedEvent[]) => void;

/** The shape every command answers with, so a retry can be answered from the store. */
export interface CommandResult {
  ticket: Ticket | null;
  window: WindowState | null;
  businessDay: string | null;
}

/**
 * The hall's single writer. Keeps the business day in memory, decides every command with the
 * engine, commits its events in one transaction, and only then lets anyone see them.
 */
export class Hub {
  readonly store: Store;
  readonly now: () => number;
  /** How fast `now` runs against real time (see `HubOptions.clockSpeed`). */
  readonly clockSpeed: number;
  private state: HallState;
  private readonly listeners = new Set<EventsListener>();
  /** Commands decided and applied, waiting for the group commit at the end of this turn. */
  private pending: Pending[] = [];
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
  private drainScheduled = false;

  private constructor(store: Store, state: HallState, now: () => number, clockSpeed: number) {
    this.store = store;
    this.state = state;
    this.now = now;
    this.clockSpeed = clockSpeed;
  }

  static open(options: HubOptions): Hub {
    const now = options.now ?? Date.now;
    const store = Store.open(options.dbPath, { now });
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
      const hub = new Hub(store, Hub.rebuild(store, config), now, options.clockSpeed ?? 1);
      hub.dayStartSeq = store.currentDayEvents()[0]?.seq ?? 0;
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
    let state = initialState(config);
    for (const event of store.currentDayEvents()) state = apply(state, event);
    return state;
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
   * Sends committed events to every listener (the sockets), after the command was acknowledged,
   * in the order of the log. A command's events are published a turn after its commit (once it
   * is acknowledged); events committed meanwhile (a day rollover, a timer) wait for them, or
   * clients would see a gap, resync, and take the command's events as replayed: a display would
   * never announce that call. Events whose publisher never comes are sent a turn later anyway.
   */
  publish(events: SequencedEvent[]): void {
    if (events.length === 0) return;
    this.unpublished.push(events);
    this.drainPublished(false);
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
   * Decides, applies and commits one command. A `commandId` seen before from the same actor
   * gets the first result back and changes nothing, so a retry never issues or calls twice.
   */
  execute(
    actor: Actor,
    actorKey: string,
    commandId: string | null,
    command: Command,
  ): Outcome<CommandResult> {
    // Commands already decided go to the log first, in the order they were decided.
    if (this.pending.length > 0) this.flush();
    if (commandId !== null) {
      const previous = this.store.commandResult(actorKey, commandId);
      if (previous) {
        return { ok: true, result: previous.result as CommandResult, events: [], replayed: true };
      }
    }
    const now = this.now();
    const decision = decide(this.state, command, now);
    if (!decision.ok) return { ok: false, error: engineError(decision.error) };

    if (decision.events.length === 0) {
      return { ok: true, result: this.resultOf(command, []), events: [], replayed: false };
    }
    for (const event of decision.events) this.state = apply(this.state, event);
    const result = this.resultOf(command, decision.events);
    try {
      const events = this.store.commit({
        commandId,
        actorKey,
        actor,
        events: decision.events,
        ...this.touched(decision.events),
        day: this.state.day,
        result,
      });
      for (const event of events) if (event.type === 'day_opened') this.dayStartSeq = event.seq;
      return { ok: true, result: structuredClone(result), events, replayed: false };
    } catch (err) {
      // Nothing was committed, so nothing happened: go back to what the log says.
      this.state = Hub.rebuild(this.store, this.committedConfig());
      return {
        ok: false,
        error: storeFailed(err),
      };
    }
  }

  /**
   * Decides and applies a command at once (so the next command of this turn sees its effect) and
   * commits it together with every other command of this event-loop turn in one transaction:
   * one fsync for the group (group commit). Resolves only after that commit, so nothing is
   * acknowledged or announced before it is durable. If the group cannot be written, the state
   * goes back to what the log says and each command of the group is decided again on its own:
   * none of them had been answered.
   */
  submit(
    actor: Actor,
    actorKey: string,
    commandId: string | null,
    command: Command,
  ): Promise<Outcome<CommandResult>> {
    const key = commandId === null ? null : `${actorKey}\u0000${commandId}`;
    const inFlight = key === null ? undefined : this.pendingByKey.get(key);
    if (inFlight) return inFlight; // a retry of a command not yet committed: the same answer
    if (commandId !== null) {
      const previous = this.store.commandResult(actorKey, commandId);
      if (previous) {
        const result = previous.result as CommandResult;
        return Promise.resolve({ ok: true, result, events: [], replayed: true });
      }
    }
    const now = this.now();
    const decision = decide(this.state, command, now);
    if (!decision.ok) return Promise.resolve({ ok: false, error: engineError(decision.error) });
    if (decision.events.length === 0) {
      const result = structuredClone(this.resultOf(command, []));
      return Promise.resolve({ ok: true, result, events: [], replayed: false });
    }
    for (const event of decision.events) this.state = apply(this.state, event);
    // Copied now: later commands of this turn go on changing the same tickets.
    const result = structuredClone(this.resultOf(command, decision.events));
    const input: CommitInput = {
      commandId,
      actorKey,
      actor,
      events: decision.events,
      ...this.touched(decision.events),
      day: this.state.day,
      result,
    };
    const promise = new Promise<Outcome<CommandResult>>((resolve) => {
      this.pending.push({ actor, actorKey, commandId, command, input, result, resolve });
    });
    if (key !== null) this.pendingByKey.set(key, promise);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return promise;
  }

  /** Commits the commands waiting for the group commit (see `submit`). */
  flush(): void {
    this.flushScheduled = false;
    const group = this.pending;
    if (group.length === 0) return;
    this.pending = [];
    this.pendingByKey.clear();
    let written: SequencedEvent[][];
    try {
      written = this.store.commitMany(group.map((p) => p.input));
    } catch (err) {
      this.state = Hub.rebuild(this.store, this.committedConfig());
      if (err instanceof StoreError && WHOLE_STORE_FAILURES.has(err.code)) {
        // The file itself refused (full, locked, read-only): each command alone would wait and
        // fail the same way, holding the hub up once per command. Refuse the group at once.
        const error = storeFailed(err);
        for (const p of group) p.resolve({ ok: false, error });
        return;
      }
      for (const p of group) p.resolve(this.execute(p.actor, p.actorKey, p.commandId, p.command));
      return;
    }
    group.forEach((p, i) => {
      const events = written[i] ?? [];
      for (const event of events) if (event.type === 'day_opened') this.dayStartSeq = event.seq;
      p.resolve({ ok: true, result: p.result, events, replayed: false });
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
        day: this.state.day,
        result,
      };
      return { input, value: result };
    });
    for (const event of written) this.state = apply(this.state, event);
    this.publish(written);
    return { result: value, events: written };
  }

  /** Runs a command of the hub itself (day rollover, timers) and publishes its events. */
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

  /** Lets time-driven rules act: parked tickets whose time has come return to their queue. */
  tick(): void {
    const now = this.now();
    for (const ticket of this.state.tickets.values()) {
      if (ticket.status === 'parked' && ticket.parkedUntil !== null && ticket.parkedUntil <= now) {
        this.system({ type: 'tick' });
        return;
      }
    }
  }

  close(): void {
    this.flush();
    this.listeners.clear();
    this.store.close();
  }

  private resultOf(command: Command, events: DomainEvent[]): CommandResult {
    let ticketId: string | null = null;
    let windowId: string | null = null;
    for (const event of events) {
      if (event.type === 'ticket_issued') ticketId = event.ticket.id;
      else if ('ticketId' in event) ticketId = event.ticketId;
      if ('windowId' in event) windowId = event.windowId;
    }
    if ('windowId' in command) windowId = command.windowId;
    return {
      ticket: ticketId ? (this.state.tickets.get(ticketId) ?? null) : null,
      window: windowId ? (this.state.windows.get(windowId) ?? null) : null,
      businessDay: this.state.day?.businessDay ?? null,
    };
  }

  /** The projection rows the events changed, read from the state they were applied to. */
  private touched(events: DomainEvent[]): {
    tickets: Ticket[];
    windows: WindowState[];
    complaints: Complaint[];
    config?: HallConfig;
  } {
    const ticketIds = new Set<string>();
    const windowIds = new Set<string>();
    const complaints: Complaint[] = [];
    for (const event of events) {
      switch (event.type) {
        case 'ticket_issued':
          ticketIds.add(event.ticket.id);
          break;
        case 'day_closed':
          event.expiredTicketIds.forEach((id) => ticketIds.add(id));
          this.state.windows.forEach((_, id) => windowIds.add(id));
          break;
        case 'day_opened':
          this.state.windows.forEach((_, id) => windowIds.add(id));
          break;
        case 'complaint_opened':
          complaints.push(event.complaint);
          ticketIds.add(event.complaint.ticketId);
          break;
        case 'ticket_called':
        case 'ticket_recalled':
        case 'service_started':
        case 'service_finished':
        case 'ticket_no_show':
        case 'ticket_requeued':
        case 'ticket_transferred':
        case 'ticket_parked':
          ticketIds.add(event.ticketId);
          windowIds.add(event.windowId);
          break;
        case 'ticket_unparked':
        case 'ticket_cancelled':
        case 'rating_recorded':
          ticketIds.add(event.ticketId);
          break;
        case 'window_opened':
        case 'window_paused':
        case 'window_resumed':
        case 'window_closed':
          windowIds.add(event.windowId);
          break;
        case 'config_changed':
          this.state.windows.forEach((_, id) => windowIds.add(id));
          break;
        case 'device_renamed':
        case 'device_unpaired':
        case 'staff_pin_reset':
        case 'complaint_entered':
        case 'complaint_followed_up':
        case 'staff_unlocked':
          break;
      }
    }
    const tickets: Ticket[] = [];
    for (const id of ticketIds) {
      const ticket = this.state.tickets.get(id);
      if (ticket) tickets.push(ticket);
    }
    const windows: WindowState[] = [];
    for (const id of windowIds) {
      const window = this.state.windows.get(id);
      if (window) windows.push(window);
    }
    // A changed configuration is kept for the next start in the same transaction as its event.
    const changed = events.some((e) => e.type === 'config_changed');
    return changed
      ? { tickets, windows, complaints, config: this.state.config }
      : { tickets, windows, complaints };
  }
}

/** Store failures of the whole file, not of one command (see `flush`). */
const WHOLE_STORE_FAILURES: ReadonlySet<string> = new Set(['disk_full', 'busy', 'not_writable']);

function storeFailed(err: unknown): HubError {
  return {
    code: 'store_failed',
    message: `the hall's database refused the change: ${String(err)}`,
  };
}

function engineError(error: EngineError): HubError {
  return { code: error.code, message: error.detail };
}

export type { EventBatch };
