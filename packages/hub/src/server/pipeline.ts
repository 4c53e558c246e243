import {
  COMMAND_SCHEMAS,
  commandNames,
  parseMessage,
  type Command,
  type CommandAck,
  type CommandMessage,
  type CommandName,
  type CommandResultOf,
  type DeviceKind,
  type ErrorCode,
  type Role,
  type SyncRequest,
  type SyncPayload,
} from '@onestop/shared';
import { storeFailed, type CommandResult, type Hub, type Outcome } from '../hub.js';
import { StoreError, type Actor } from '../store/index.js';
import type { Session } from './sessions.js';

/** A client this far behind (or more) gets a snapshot instead of the events it missed. */
export const MAX_CATCHUP_EVENTS = 2000;
/** Each connection may send this many messages in a burst, refilled at `RATE_PER_S`. */
export const RATE_BURST = 200;
export const RATE_PER_S = 100;
/**
 * A connection's message budget: up to `burst` at once, refilled at `perS`. The hall's is
 * `RATE_BURST` at `RATE_PER_S`; `onestop-hub --message-rate` (development only: the bench's
 * kiosks issue in a closed loop, far past any real device) raises it.
 */
export interface MessageRate {
  burst: number;
  perS: number;
}
export const HALL_MESSAGE_RATE: MessageRate = { burst: RATE_BURST, perS: RATE_PER_S };
/**
 * What a `sync` answer costs, in items sent: an up-to-date one nothing, a catch-up the events it
 * reads, a snapshot one plus its tickets and complaints; at most `MAX_CATCHUP_EVENTS`. Each
 * paired device (each console session) pays from one budget shared by all its connections, so
 * reconnecting does not refill it: up to `SYNC_COST_BURST` at once (two of the deepest
 * catch-ups: a snapshot and one more resync), refilled at `SYNC_COST_PER_S` (one of them per
 * 10 s). A sync it cannot pay for is answered `rate_limited` without reading anything; the
 * client asks again a little later.
 */
export const SYNC_COST_BURST = 2 * MAX_CATCHUP_EVENTS;
export const SYNC_COST_PER_S = MAX_CATCHUP_EVENTS / 10;
/** The sync budgets are pruned at most this often (`Pipeline.pruneSyncBudgets`). */
export const SYNC_BUDGETS_PRUNE_MS = 1_000;

/** A token bucket: `tokens` as of `refilledAt` (performance.now(), not the hall's clock). */
export interface Bucket {
  tokens: number;
  refilledAt: number;
}

/** Refills `bucket` up to `burst` at `perS`; takes `cost` when it is there. */
function take(bucket: Bucket, cost: number, burst: number, perS: number): boolean {
  const now = performance.now(); // the machine's monotonic clock, not the hall's (it may step)
  bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.refilledAt) / 1000) * perS);
  bucket.refilledAt = now;
  if (bucket.tokens < cost) return false;
  bucket.tokens -= cost;
  return true;
}

/** Who is on the other end of one socket, settled at the handshake. */
export interface Conn {
  role: Role;
  deviceId: string | null;
  /** The paired device's kind, settled at the handshake (a device never changes kind). */
  deviceKind: DeviceKind | null;
  windowId: string | null;
  session: Session | null;
  /** Whose commands these are, for idempotency: the device or staff. */
  actorKey: string;
  /** Hash of the handshake's token, checked again before every message and every batch. */
  tokenHash: string;
  /** Messages this connection may still send (`MessageRate`: `RATE_BURST`, `RATE_PER_S`). */
  messages: Bucket;
  /** Whose `sync` budget this connection spends: the device, or the console session. */
  principal: string;
  /** The caller's address: login failures are counted per staff code and address. */
  address: string;
}

/** `socket.data` of every namespace. */
export interface SocketData {
  conn: Conn;
}

export type Refusal = { ok: false; error: { code: ErrorCode; message: string } };

export function fail(code: ErrorCode, message: string): Refusal {
  return { ok: false, error: { code, message } };
}

/** One command of one connection, as its handler sees it. */
export interface Call {
  /** The connection, as settled at the handshake. */
  conn: Conn;
  actor: Actor;
  /**
   * Whose command it is, for idempotency: the connection's actor key and the command's name
   * (a commandId counts per actor and per command).
   */
  actorKey: string;
  /** Hands an engine command to the hub: decided, committed, then published by the hub. */
  submit(command: Command): Promise<Outcome<CommandResult>>;
}

type Answer<T> = CommandAck<T> | Promise<CommandAck<T>>;

/**
 * What a role's command does. `may`: who may, beyond the role's requirement (a window acts for
 * its own tickets). `run`: the command itself, committing at most once. `replay`: makes the
 * command idempotent: a retry with the same commandId is answered from the result stored with
 * its first commit and `run` is not called.
 */
export interface Handler<R extends Role, E extends CommandName<R>> {
  may?: (call: Call, m: CommandMessage<R, E>) => Refusal | null;
  run: (call: Call, m: CommandMessage<R, E>) => Answer<CommandResultOf<R, E>>;
  replay?: (call: Call, m: CommandMessage<R, E>, stored: unknown) => Answer<CommandResultOf<R, E>>;
}

/** A role's handlers: every command of the role, each with its own message and result types. */
export type Handlers<R extends Role> = { [E in CommandName<R>]: Handler<R, E> };
export type HandlerTable = { [R in Role]: Handlers<R> };

/**
 * An engine command: `check` (what the engine cannot know), then the hub decides and commits
 * `command`, and `answer` words its result for the caller; a retry is answered from the result
 * stored with the commit, by the same `answer`.
 */
export function engine<R extends Role, E extends CommandName<R>>(spec: {
  may?: (call: Call, m: CommandMessage<R, E>) => Refusal | null;
  check?: (call: Call, m: CommandMessage<R, E>) => Refusal | null;
  command: (call: Call, m: CommandMessage<R, E>) => Command;
  answer: (
    call: Call,
    m: CommandMessage<R, E>,
    r: CommandResult,
  ) => CommandAck<CommandResultOf<R, E>>;
}): Handler<R, E> {
  return {
    ...(spec.may ? { may: spec.may } : {}),
    run: async (call, m) => {
      const refused = spec.check?.(call, m);
      if (refused) return refused;
      const outcome = await call.submit(spec.command(call, m));
      return outcome.ok ? spec.answer(call, m, outcome.result) : outcome;
    },
    replay: (call, m, stored) => spec.answer(call, m, stored as CommandResult),
  };
}

/** A command outside the engine whose stored result is its answer (`Hub.record`). */
export function recorded<R extends Role, E extends CommandName<R>>(
  run: Handler<R, E>['run'],
): Handler<R, E> {
  return {
    run,
    replay: (_call, _m, stored) => ({ ok: true, result: stored as CommandResultOf<R, E> }),
  };
}

/** What the pipeline needs of the hub's sync answers (server/sync.ts). */
export interface SyncAnswers<P extends { cost: number }> {
  /** What answering costs, decided before anything is read. */
  plan(request: SyncRequest): P;
  answer(role: Role, request: SyncRequest, plan: P): SyncPayload;
}

export interface PipelineDeps<P extends { cost: number }> {
  hub: Hub;
  handlers: HandlerTable;
  sync: SyncAnswers<P>;
  /** The connection's token is still good: not unpaired, re-paired, expired or ended. */
  stillValid(conn: Conn): boolean;
  /** Whose command it is, for the log and the audit. */
  actorOf(conn: Conn): Actor;
  /** Why a command that needs a logged-in clerk is refused at this connection, or null. */
  loginRefusal(conn: Conn): Refusal | null;
  /** Each connection's message budget; default `HALL_MESSAGE_RATE`. */
  messageRate?: MessageRate;
}

/** The pipeline's answer to one message, and whether the socket is to be ended for it. */
export interface Reply {
  ack: CommandAck<unknown>;
  endSocket?: 'unauthorized';
}

/** A handler as the pipeline calls it: the message was parsed by the schema of its event. */
interface AnyHandler {
  may?: (call: Call, m: unknown) => Refusal | null;
  run: (call: Call, m: unknown) => unknown;
  replay?: (call: Call, m: unknown, stored: unknown) => unknown;
}

export const ENDED_UNAUTHORIZED =
  'this device was unpaired or paired again, or the session has ended';

/**
 * The one way every message of every namespace is handled, in this order:
 * 1. rate limit: the connection's message bucket (`RATE_BURST`, `RATE_PER_S`);
 * 2. credentials: the handshake's token is still good (else the socket is ended);
 * 3. parse: from `unknown`, with the event's zod schema;
 *    (a `sync` is then paid from its principal's cost budget and answered);
 * 4. idempotency: the result stored for this actor's commandId, read once;
 * 5. who may: the role's requirement (a clerk logged in, unless the command was done before;
 *    an admin), then the handler's own `may` (skipped for a retry: it was allowed once);
 * 6. a retry is answered from the stored result; otherwise the handler runs and commits;
 * 7. the answer goes back (the ack); a store failure is worded, anything else is `internal`;
 * 8. the hub publishes the commit's events itself, a turn later (Hub.publish).
 */
export class Pipeline<P extends { cost: number }> {
  /** Sync budgets by principal (see `SYNC_COST_BURST`); a full one is dropped, as a new one is full. */
  private readonly syncBudgets = new Map<string, Bucket>();
  /** When the sync budgets were last pruned (`pruneSyncBudgets`). */
  private prunedAt = -Infinity;
  private readonly names = new Map<Role, ReadonlySet<string>>();
  private readonly rate: MessageRate;

  constructor(private readonly deps: PipelineDeps<P>) {
    this.rate = deps.messageRate ?? HALL_MESSAGE_RATE;
  }

  /** A new connection's message bucket, full. */
  static bucket(rate: MessageRate = HALL_MESSAGE_RATE): Bucket {
    return { tokens: rate.burst, refilledAt: performance.now() };
  }

  handle(conn: Conn, event: unknown, payload: unknown): Reply | Promise<Reply> {
    const { role } = conn;
    if (typeof event !== 'string' || !this.eventsOf(role).has(event)) {
      return refuse(
        fail('invalid_message', `${role} has no event "${String(event).slice(0, 64)}"`),
      );
    }
    if (!take(conn.messages, 1, this.rate.burst, this.rate.perS)) {
      return refuse(fail('rate_limited', 'too many messages; slow down'));
    }
    // Every message, a sync too: nothing is answered to a token that is no longer good.
    if (!this.deps.stillValid(conn)) {
      return { ack: fail('unauthorized', ENDED_UNAUTHORIZED), endSocket: 'unauthorized' };
    }
    if (event === 'sync') {
      const request = parseMessage(role, 'sync', payload);
      if (!request.ok) return refuse({ ok: false, error: request.error }); // with its issues
      const ack = this.sync(conn, request.value);
      // What it shows leaves only once it is on the disk (Hub.whenDurable).
      const durable = ack.ok ? this.deps.hub.whenDurable() : null;
      return durable ? durable.then(() => ({ ack })) : { ack };
    }
    const parsed = parseMessage(role, event, payload);
    if (!parsed.ok) return refuse({ ok: false, error: parsed.error }); // with its issues

    // A commandId counts per actor and per command: reused for another command, it is new.
    const actorKey = `${conn.actorKey}|${event}`;
    const message = parsed.value;
    const commandId = idOf(message);
    const table = this.deps.handlers[role] as unknown as Readonly<Record<string, AnyHandler>>;
    const handler = table[event];
    if (!handler) return refuse(fail('internal', `no handler for ${role}/${event}`));
    try {
      // The one read of the stored result: `submit` below trusts it (nothing commits between).
      const stored = handler.replay ? this.deps.hub.committedResult(actorKey, commandId) : null;
      // While `run` is on the stack nothing else can commit: a `submit` made then need not read
      // the stored result again. One made after an await does.
      let resultRead = handler.replay !== undefined;
      const call: Call = {
        conn,
        actorKey,
        actor: this.deps.actorOf(conn),
        submit: (command) =>
          this.deps.hub.submit(call.actor, actorKey, commandId, command, {
            noStoredResult: resultRead,
          }),
      };
      const refused = this.whoMay(role, event, call, handler, message, stored !== null);
      if (refused) return refuse(refused);
      let answer: unknown;
      try {
        answer =
          stored !== null && handler.replay
            ? handler.replay(call, message, stored)
            : handler.run(call, message);
      } finally {
        resultRead = false;
      }
      return answer instanceof Promise
        ? answer.then(
            (ack) => ({ ack: ack as CommandAck<unknown> }),
            (err: unknown) => refuse(failure(role, event, err)),
          )
        : { ack: answer as CommandAck<unknown> };
    } catch (err) {
      return refuse(failure(role, event, err));
    }
  }

  /**
   * Drops the sync budgets that have refilled (a new connection is a good moment), at most once
   * a second: a reconnect storm of a thousand displays would read them all a thousand times.
   */
  pruneSyncBudgets(): void {
    const now = performance.now();
    if (now - this.prunedAt < SYNC_BUDGETS_PRUNE_MS) return;
    this.prunedAt = now;
    for (const [principal, bucket] of this.syncBudgets) {
      const full = bucket.tokens + ((now - bucket.refilledAt) / 1000) * SYNC_COST_PER_S;
      if (full >= SYNC_COST_BURST) this.syncBudgets.delete(principal);
    }
  }

  private eventsOf(role: Role): ReadonlySet<string> {
    let names = this.names.get(role);
    if (!names) {
      names = new Set<string>([...commandNames(role), 'sync']);
      this.names.set(role, names);
    }
    return names;
  }

  private whoMay(
    role: Role,
    event: string,
    call: Call,
    handler: AnyHandler,
    message: unknown,
    retry: boolean,
  ): Refusal | null {
    const table: Readonly<Record<string, { requires: string }>> = COMMAND_SCHEMAS[role];
    const requires = table[event]?.requires;
    // A retry of a done command gets its first result even when the clerk's login is gone (a
    // restarted hub forgets logins): the command was done, and `not_logged_in` would say not.
    if (requires === 'staff_login' && !retry) {
      const refused = this.deps.loginRefusal(call.conn);
      if (refused) return refused;
    }
    if (requires === 'admin_role' && call.conn.session?.role !== 'admin') {
      return fail('forbidden', 'only an admin may do this');
    }
    return retry ? null : (handler.may?.(call, message) ?? null);
  }

  private sync(conn: Conn, request: SyncRequest): CommandAck<SyncPayload> {
    const plan = this.deps.sync.plan(request);
    if (!take(this.syncBudgetOf(conn.principal), plan.cost, SYNC_COST_BURST, SYNC_COST_PER_S)) {
      return fail('rate_limited', 'catching up again so soon costs too much; ask again later');
    }
    return { ok: true, result: this.deps.sync.answer(conn.role, request, plan) };
  }

  private syncBudgetOf(principal: string): Bucket {
    let bucket = this.syncBudgets.get(principal);
    if (!bucket) {
      bucket = { tokens: SYNC_COST_BURST, refilledAt: performance.now() };
      this.syncBudgets.set(principal, bucket);
    }
    return bucket;
  }
}

function refuse(ack: Refusal): Reply {
  return { ack };
}

function idOf(message: unknown): string | null {
  const { commandId } = message as { commandId?: unknown };
  return typeof commandId === 'string' ? commandId : null;
}

/** A handler that threw: a locked or lost database is worded, anything else is `internal`. */
function failure(role: Role, event: string, err: unknown): Refusal {
  if (err instanceof StoreError) {
    // A locked or lost database refused a write outside the engine (an admin change).
    const refused = storeFailed(err);
    return fail(refused.code, refused.message);
  }
  console.error(`onestop-hub: ${role}/${event} failed`, err);
  return fail('internal', 'the hub failed to handle this message');
}
