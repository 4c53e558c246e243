import { io, type Socket } from 'socket.io-client';
import type { SequencedEvent } from '../domain/events.js';
import type { HallState } from '../engine/state.js';
import type { ClientErrorCode, CommandAck } from '../protocol/errors.js';
import type {
  CommandInput,
  CommandName,
  CommandResultOf,
  ServerToClientEvents,
} from '../protocol/events.js';
import {
  END_REASONS,
  REFUSAL_REASONS,
  type EndNotice,
  type EndReason,
  type RefusalReason,
} from '../protocol/handshake.js';
import {
  NAMESPACES,
  PROTOCOL_VERSION,
  type ConnectionState,
  type Role,
} from '../protocol/roles.js';
import type { EventBatch, SyncRequest, SyncResult } from '../protocol/sync.js';
import { anchorOf, hallSpeed, hallTime, type HallClockAnchor } from './hall-clock.js';
import { Mirror, type MirrorUpdate } from './mirror.js';

// Present in Node and in browsers alike; packages/shared is built without either's types.
declare function setTimeout(callback: () => void, ms: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare function queueMicrotask(callback: () => void): void;
declare const crypto: {
  /** Only in secure contexts in a browser: a page from http://hub:PORT has no randomUUID. */
  randomUUID?: () => string;
  getRandomValues(array: Uint8Array): Uint8Array;
};

export interface HubClientOptions<R extends Role> {
  /** The hub's base URL, e.g. `http://192.168.1.10:8080`; the role's namespace is added. */
  url: string;
  role: R;
  /** The device's token, or the staff session's token for `admin`. */
  token: string;
  /** socket.io-client's `io`, replaceable in tests. */
  io?: typeof io;
  /** How long one attempt waits for its acknowledgement. */
  ackTimeoutMs?: number;
  /** Attempts after the first; the whole command waits at most `ackTimeoutMs × (retries + 1)`. */
  retries?: number;
  now?: () => number;
}

/** A command's answer: the hub's acknowledgement, or the client's own failure. */
export type CommandOutcome<Result> =
  CommandAck<Result> | { ok: false; error: { code: ClientErrorCode; message: string } };

export interface EventsInfo {
  /** True for a sync's catch-up: what happened while away, not to be announced as new. */
  replayed: boolean;
}

export type ConnectionListener = (connection: ConnectionState) => void;
export type StateListener = (state: HallState) => void;
export type EventsListener = (events: SequencedEvent[], info: EventsInfo) => void;

/** What a command's emit sees of the socket: any event, one message, one acknowledgement. */
type CommandEmits = Record<string, (message: unknown, ack: (answer: unknown) => void) => void>;
interface SyncEmits {
  sync: (request: SyncRequest, ack: (result: SyncResult) => void) => void;
}
type ClientSocket = Socket<ServerToClientEvents, CommandEmits & SyncEmits>;

type Readiness = 'connected' | 'closed' | RefusalReason;
type EmitOutcome = { ok: true; answer: unknown } | { ok: false };

const REFUSALS: ReadonlySet<string> = new Set(REFUSAL_REASONS);
const isRefusal = (message: string): message is RefusalReason => REFUSALS.has(message);
const ENDS: ReadonlySet<string> = new Set(END_REASONS);
const isEndReason = (code: unknown): code is EndReason =>
  typeof code === 'string' && ENDS.has(code);

/** A delay that grows with each failure in a row, up to 5 s. */
const backoff = (failures: number): number => Math.min(250 * 2 ** failures, 5_000);

/** A v4 UUID; from random bytes where `randomUUID` is missing (plain-http pages). */
export function newCommandId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const hex = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');
  const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The typed connection of one role to the hub: sends commands with acknowledgement and
 * idempotent retries, and keeps a mirror of the hall that resyncs on every (re)connect.
 */
export class HubClient<R extends Role> {
  readonly role: R;
  private readonly socket: ClientSocket;
  private readonly mirror = new Mirror();
  private readonly ackTimeoutMs: number;
  private readonly retries: number;
  private readonly now: () => number;

  private currentConnection: ConnectionState = 'connecting';
  private refusalReason: RefusalReason | null = null;
  private closed = false;
  /** Answers to an older sync are ignored: a newer one has been sent since. */
  private syncRound = 0;
  private syncFailures = 0;
  private reconnectFailures = 0;
  /** The hub's clock as of the last sync; null before the first (or from a hub without one). */
  private clockAnchor: HallClockAnchor | null = null;
  private readonly timers = new Set<unknown>();

  private readonly connectionListeners = new Set<ConnectionListener>();
  private readonly stateListeners = new Set<StateListener>();
  private readonly eventsListeners = new Set<EventsListener>();
  /** Commands waiting for a connection; told whenever it may have come (or gone for good). */
  private readonly waiters = new Set<() => void>();

  constructor(options: HubClientOptions<R>) {
    this.role = options.role;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 5_000;
    this.retries = options.retries ?? 3;
    this.now = options.now ?? Date.now;
    const connect = options.io ?? io;
    this.socket = connect(`${options.url.replace(/\/+$/, '')}${NAMESPACES[options.role]}`, {
      transports: ['websocket'],
      auth: { protocolVersion: PROTOCOL_VERSION, token: options.token },
      // One connection per client: close() must end it whatever other clients share the hub.
      forceNew: true,
      reconnectionDelayMax: 5_000,
      // A hub that dies between the WebSocket upgrade and its handshake would otherwise keep
      // the client waiting for socket.io's default 20 s before it tries again.
      timeout: this.ackTimeoutMs,
    });
    this.socket.on('connect', () => this.onConnect());
    this.socket.on('disconnect', (reason) => this.onDisconnect(reason));
    this.socket.on('connect_error', (err) => this.onConnectError(err));
    this.socket.on('batch', (batch) => this.onBatch(batch));
    this.socket.on('ended', (notice) => this.onEnded(notice));
  }

  get connection(): ConnectionState {
    return this.currentConnection;
  }

  /**
   * Why the hub refused the connection, when `connection` is `refused`: `unauthorized` (pair
   * again or log in again), `protocol_mismatch` (update), or `replaced` — the same paired device
   * connected again elsewhere (another tab, another machine with its token). A replaced client
   * does not reconnect by itself, so two tabs of one device do not take turns forever; reload
   * the page (a new client) to take the connection back.
   */
  get refusal(): RefusalReason | null {
    return this.refusalReason;
  }

  /** The mirror of the hall as this role sees it; null until the first sync. Read, never change. */
  get state(): HallState | null {
    return this.mirror.state;
  }

  get lastSeq(): number {
    return this.mirror.lastSeq;
  }

  /**
   * The hub database's history the mirror counts `lastSeq` in (new at every restore of a backup);
   * events of another history are refused at the sync for a snapshot. Null before the first sync.
   */
  get history(): string | null {
    return this.mirror.history;
  }

  /**
   * The hall's time: the hub's clock, as of the last sync, run on by this client's clock (at the
   * hub's speed under the simulator). What pages show and count waits by; this client's own
   * clock until the first sync.
   */
  hallNow(): number {
    return hallTime(this.clockAnchor, this.now());
  }

  /**
   * Whether `hallNow()` is the hub's clock: true once a sync has brought it. Before that it is
   * this machine's own clock, which may be far off: show nothing computed from it.
   */
  get clockKnown(): boolean {
    return this.clockAnchor !== null;
  }

  /** Hall milliseconds per real millisecond (1 in a hall; N under the simulator's fast clock). */
  get clockSpeed(): number {
    return hallSpeed(this.clockAnchor);
  }

  onConnection(listener: ConnectionListener): () => void {
    return subscribe(this.connectionListeners, listener);
  }

  /** After every change of the mirror (events applied or a snapshot taken). */
  onState(listener: StateListener): () => void {
    return subscribe(this.stateListeners, listener);
  }

  /** Events as they are applied, live or `replayed` by a sync's catch-up. */
  onEvents(listener: EventsListener): () => void {
    return subscribe(this.eventsListeners, listener);
  }

  /**
   * Sends a command and waits for its acknowledgement. A timeout or a lost connection retries
   * with the same `commandId`, so the hub answers a retry with the first result and never acts
   * twice. While offline it waits for the connection, within the same time budget.
   */
  async command<E extends CommandName<R>>(
    event: E,
    input: CommandInput<R, E>,
  ): Promise<CommandOutcome<CommandResultOf<R, E>>> {
    const message = { ...input, commandId: newCommandId() };
    const deadline = this.now() + this.ackTimeoutMs * (this.retries + 1);
    let attempts = 0;
    while (attempts <= this.retries) {
      const ready = await this.whenConnected(deadline);
      if (ready === null) break;
      if (ready !== 'connected') return refusedOrClosed(ready, event);
      const budget = Math.min(this.ackTimeoutMs, deadline - this.now());
      if (budget <= 0) break;
      attempts++;
      const sent = await this.emit(event, message, budget);
      if (sent.ok) return sent.answer as CommandAck<CommandResultOf<R, E>>;
    }
    return {
      ok: false,
      error: {
        code: this.closed ? 'client_closed' : 'timeout',
        message: `no answer to ${event} after ${attempts} attempt(s)`,
      },
    };
  }

  /** Ends the connection for good; waiting commands fail with `client_closed`. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.socket.disconnect();
    this.setConnection('offline');
    this.wake();
    this.connectionListeners.clear();
    this.stateListeners.clear();
    this.eventsListeners.clear();
  }

  // ---- connection -----------------------------------------------------------------------------

  private onConnect(): void {
    this.refusalReason = null;
    this.reconnectFailures = 0;
    this.startSync();
    this.wake();
  }

  private onDisconnect(reason: Socket.DisconnectReason): void {
    if (this.closed) return;
    if (this.refusalReason !== null) {
      // The hub said why it ended the connection (`onEnded`): no reconnecting.
      this.setConnection('refused');
      return;
    }
    this.setConnection('offline');
    // The hub ended this connection itself (a restart, a revoked device): try again; a token it
    // no longer accepts is refused at the handshake.
    if (reason === 'io server disconnect') this.reconnectLater();
  }

  private onConnectError(err: Error): void {
    if (this.closed) return;
    if (isRefusal(err.message)) {
      this.refusalReason = err.message;
      this.socket.disconnect();
      this.setConnection('refused');
      this.wake();
      return;
    }
    this.setConnection('offline');
    // A transport failure is retried by socket.io itself; a refusal by the hub's middleware
    // for another reason (busy, internal) leaves the socket inactive, so retry here.
    if (!this.socket.active) this.reconnectLater();
  }

  /** The hub ends this connection for good and says why, just before it disconnects it. */
  private onEnded(notice: EndNotice): void {
    if (this.closed) return;
    const code: unknown = (notice as { code?: unknown } | null)?.code;
    if (!isEndReason(code)) return;
    this.refusalReason = code;
    this.socket.disconnect(); // no automatic reconnection either
    this.setConnection('refused');
    this.wake();
  }

  private reconnectLater(): void {
    this.later(backoff(this.reconnectFailures++), () => this.socket.connect());
  }

  private setConnection(next: ConnectionState): void {
    if (this.currentConnection === next) return;
    this.currentConnection = next;
    notify(this.connectionListeners, (l) => l(next));
  }

  // ---- sync -----------------------------------------------------------------------------------

  private startSync(): void {
    if (this.closed || !this.socket.connected) return;
    const round = ++this.syncRound;
    const request = this.mirror.beginSync();
    this.setConnection('syncing');
    const sentAt = this.now();
    this.socket.timeout(this.ackTimeoutMs).emit('sync', request, (err, result) => {
      if (round !== this.syncRound || this.closed) return;
      if (err === null && result.ok) {
        this.clockAnchor = anchorOf(result.result.clock, sentAt, this.now()) ?? this.clockAnchor;
      }
      if (err !== null || !result.ok) {
        // No answer, or the hub could not answer now: ask again, a little later each time.
        this.later(backoff(this.syncFailures++), () => {
          if (round === this.syncRound) this.startSync();
        });
        return;
      }
      const update = this.mirror.completeSync(result.result);
      this.publish(update);
      if (update.resync) {
        // A second resync in a row waits a little, so a confused hub is not hammered.
        this.later(this.syncFailures === 0 ? 0 : backoff(this.syncFailures), () => {
          if (round === this.syncRound) this.startSync();
        });
        this.syncFailures++;
        return;
      }
      this.syncFailures = 0;
      this.setConnection('online');
    });
  }

  private onBatch(batch: EventBatch): void {
    if (this.closed) return;
    const update = this.mirror.receiveBatch(batch);
    this.publish(update);
    if (update.resync) this.startSync();
  }

  private publish(update: MirrorUpdate): void {
    for (const { events, replayed } of update.applied) {
      notify(this.eventsListeners, (l) => l(events, { replayed }));
    }
    const state = this.mirror.state;
    if (state !== null && (update.replaced || update.applied.length > 0)) {
      notify(this.stateListeners, (l) => l(state));
    }
  }

  // ---- commands -------------------------------------------------------------------------------

  private readiness(): Readiness | undefined {
    if (this.closed) return 'closed';
    if (this.refusalReason !== null) return this.refusalReason;
    return this.socket.connected ? 'connected' : undefined;
  }

  /** Resolves when connected (or refused, or closed); null when the deadline comes first. */
  private whenConnected(deadline: number): Promise<Readiness | null> {
    return new Promise((resolve) => {
      const finish = (value: Readiness | null): void => {
        this.waiters.delete(check);
        this.clearLater(timer);
        resolve(value);
      };
      const check = (): void => {
        const ready = this.readiness();
        if (ready !== undefined) finish(ready);
      };
      const timer = this.later(Math.max(0, deadline - this.now()), () => finish(null));
      this.waiters.add(check);
      check();
    });
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  /** One attempt: the acknowledgement, or nothing (timed out, or the connection dropped). */
  private emit(event: string, message: unknown, timeoutMs: number): Promise<EmitOutcome> {
    return new Promise((resolve) => {
      this.socket.timeout(timeoutMs).emit(event, message, (err: Error | null, answer: unknown) => {
        resolve(err === null ? { ok: true, answer } : { ok: false });
      });
    });
  }

  // ---- timers ---------------------------------------------------------------------------------

  private later(ms: number, run: () => void): unknown {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) run();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  private clearLater(timer: unknown): void {
    clearTimeout(timer);
    this.timers.delete(timer);
  }
}

function refusedOrClosed(
  ready: Exclude<Readiness, 'connected'>,
  event: string,
): CommandOutcome<never> {
  if (ready === 'closed') {
    return {
      ok: false,
      error: { code: 'client_closed', message: `closed before ${event} was sent` },
    };
  }
  return { ok: false, error: { code: ready, message: `the hub refused the connection: ${ready}` } };
}

function subscribe<L>(set: Set<L>, listener: L): () => void {
  set.add(listener);
  return () => set.delete(listener);
}

/** Calls every listener; one that throws is reported without stopping the others or the sync. */
function notify<L>(listeners: Set<L>, call: (listener: L) => void): void {
  for (const listener of [...listeners]) {
    try {
      call(listener);
    } catch (err) {
      queueMicrotask(() => {
        throw err;
      });
    }
  }
}
