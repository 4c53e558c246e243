import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import { CLIENT_ERROR_CODES, type RatingScore, type Role, type TicketClass } from '@onestop/shared';
import { HubClient, type CommandOutcome } from '@onestop/shared/client';
import { Mulberry32 } from '../../tools/simulate/rng.js';

/*
 * The load of the crash test: kiosks issuing and window terminals calling, through the real
 * HubClient (acks, idempotent retries, reconnects), with a ledger of every command sent and
 * what came back. The drivers can be paused: a paused driver finishes the command it has in
 * flight (which may need the hub back) and starts no other.
 */

/** A small seeded PRNG (mulberry32): the same seed, the same choices. */
export class Prng extends Mulberry32 {
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  /** A PRNG of its own for `name`, derived from this one's seed. */
  fork(name: string): Prng {
    let h = this.state ^ 0x9e3779b9;
    for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    return new Prng(h);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * `ok`: acknowledged with a result. `refused`: the hub acknowledged an error (so the command
 * must have changed nothing). `unknown`: no acknowledgement came (the client gave up, or the
 * command was never sent); it may or may not have happened.
 */
export type Outcome = 'ok' | 'refused' | 'unknown';

export interface SentCommand {
  client: string;
  event: string;
  /** The id HubClient gave it, seen on the wire; null when it never left the client. */
  commandId: string | null;
  outcome: Outcome;
  /** The error code when not ok. */
  code: string | null;
  /** Wall-clock times of the kills that happened while it waited for its answer. */
  killedAt: number[];
}

export interface AckedTicket {
  id: string;
  number: string;
  serviceId: string;
  accessToken: string;
  commandId: string | null;
}

export type WindowAction = 'call_next' | 'start_serving' | 'finish' | 'no_show';

/** The event an acknowledged window action must have left in the log. */
export const EVENT_OF_ACTION: Readonly<Record<WindowAction, string>> = {
  call_next: 'ticket_called',
  start_serving: 'service_started',
  finish: 'service_finished',
  no_show: 'ticket_no_show',
};

/** A rating the hub acknowledged: its event must be in the log with this score. */
export interface AckedRating {
  ticketId: string;
  score: number | null;
  commandId: string | null;
}

export interface AckedWindowAction {
  action: WindowAction;
  ticketId: string;
  windowId: string;
  commandId: string | null;
}

/** Everything the load sent and was told, for the checks against the hub's database. */
export class Ledger {
  readonly commands: SentCommand[] = [];
  readonly tickets: AckedTicket[] = [];
  readonly windowActions: AckedWindowAction[] = [];
  readonly ratings: AckedRating[] = [];
  /** Error codes nobody expected (the hub failing, not refusing): each fails the test. */
  readonly unexpected: string[] = [];
  /** `day/number` -> access token of the ticket acknowledged with that number. */
  private readonly numbers = new Map<string, string>();
  /** Commands waiting for their answer now. */
  readonly inFlight = new Set<SentCommand>();

  ackTicket(ticket: AckedTicket & { businessDay: string }): void {
    const key = `${ticket.businessDay}/${ticket.number}`;
    const earlier = this.numbers.get(key);
    if (earlier !== undefined && earlier !== ticket.accessToken) {
      this.unexpected.push(`number ${key} was acknowledged for two different tickets`);
    }
    this.numbers.set(key, ticket.accessToken);
    this.tickets.push({
      id: ticket.id,
      number: ticket.number,
      serviceId: ticket.serviceId,
      accessToken: ticket.accessToken,
      commandId: ticket.commandId,
    });
  }

  /** Marks the commands in flight now as caught by a kill. */
  killed(at: number): number {
    for (const command of this.inFlight) command.killedAt.push(at);
    return this.inFlight.size;
  }
}

const CLIENT_CODES: ReadonlySet<string> = new Set(CLIENT_ERROR_CODES);

/**
 * socket.io-client's `io` for one HubClient, reporting each command id sent. It reconnects
 * sooner than HubClient's defaults (the hub is back within a second here, so it tries every
 * 100 ms at most; the default backoff would only make the test slow), and gives up on a
 * connection attempt after 3 s instead of 20 s: socket.io-client's Manager, while opening, listens for the engine's `open` and `error`
 * only, so a hub killed between the WebSocket upgrade and its handshake packet (an engine
 * `close` without `error`) leaves the attempt hanging until that timeout.
 */
export function trackingIo(onCommandId: (id: string) => void): typeof io {
  const connect = (uri: string, opts?: Partial<ManagerOptions & SocketOptions>) => {
    const socket = io(uri, {
      ...opts,
      reconnectionDelay: 20,
      reconnectionDelayMax: 100,
      timeout: 3_000,
    });
    socket.onAnyOutgoing((_event: unknown, message: unknown) => {
      if (typeof message === 'object' && message !== null && 'commandId' in message) {
        const { commandId } = message;
        if (typeof commandId === 'string') onCommandId(commandId);
      }
    });
    return socket;
  };
  return Object.assign(connect, io);
}

/** Lets the drivers run, or holds each before its next command. */
export class Gate {
  private paused = true;
  private waiting: (() => void)[] = [];
  stopped = false;

  get isPaused(): boolean {
    return this.paused;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    for (const wake of this.waiting.splice(0)) wake();
  }

  stop(): void {
    this.stopped = true;
    this.resume();
  }

  wait(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

/** One device of the load: a HubClient, its PRNG, and a loop of one command per step. */
abstract class Driver<R extends Role> {
  readonly client: HubClient<R>;
  protected readonly rng: Prng;
  private lastCommandId: string | null = null;
  /** True while it holds at the gate (or has stopped): no command of its is in flight. */
  idle = false;
  private loop: Promise<void> | null = null;

  constructor(
    readonly name: string,
    role: R,
    url: string,
    token: string,
    protected readonly ledger: Ledger,
    protected readonly gate: Gate,
    rng: Prng,
  ) {
    this.rng = rng;
    this.client = new HubClient({
      url,
      role,
      token,
      io: trackingIo((id) => (this.lastCommandId = id)),
    });
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Resolves when the loop has ended (after `gate.stop()`). */
  async done(): Promise<void> {
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.gate.stopped) {
      if (this.gate.isPaused) {
        this.idle = true;
        await this.gate.wait();
        this.idle = false;
        continue;
      }
      try {
        await this.step();
      } catch (err) {
        this.ledger.unexpected.push(`${this.name}: ${String(err)}`);
      }
      await sleep(this.rng.int(20, 90));
    }
    this.idle = true;
  }

  protected abstract step(): Promise<void>;

  /** Sends one command through the HubClient and writes what happened in the ledger. */
  protected async send<T>(
    event: string,
    command: () => Promise<CommandOutcome<T>>,
  ): Promise<{ sent: SentCommand; outcome: CommandOutcome<T> }> {
    this.lastCommandId = null;
    const sent: SentCommand = {
      client: this.name,
      event,
      commandId: null,
      outcome: 'unknown',
      code: null,
      killedAt: [],
    };
    this.ledger.commands.push(sent);
    this.ledger.inFlight.add(sent);
    let outcome: CommandOutcome<T>;
    try {
      outcome = await command();
    } finally {
      this.ledger.inFlight.delete(sent);
      sent.commandId = this.lastCommandId;
    }
    if (outcome.ok) {
      sent.outcome = 'ok';
    } else {
      sent.code = outcome.error.code;
      sent.outcome = CLIENT_CODES.has(outcome.error.code) ? 'unknown' : 'refused';
    }
    return { sent, outcome };
  }

  protected surprise(event: string, code: string): void {
    this.ledger.unexpected.push(`${this.name}: ${event} answered ${code}`);
  }
}

/** A kiosk issuing tickets for random services. */
export class KioskDriver extends Driver<'kiosk'> {
  constructor(
    name: string,
    url: string,
    token: string,
    ledger: Ledger,
    gate: Gate,
    rng: Prng,
    private readonly serviceIds: readonly string[],
  ) {
    super(name, 'kiosk', url, token, ledger, gate, rng);
  }

  protected async step(): Promise<void> {
    await this.issue(this.rng.pick(this.serviceIds));
  }

  /** Issues one ticket (also called directly while the loop holds); its number when acked. */
  async issue(serviceId: string): Promise<{ number: string; businessDay: string } | null> {
    const ticketClass: TicketClass = this.rng.chance(0.15) ? 'priority' : 'normal';
    const { sent, outcome } = await this.send('issue_ticket', () =>
      this.client.command('issue_ticket', {
        itinerary: [{ serviceIds: [serviceId] }],
        class: ticketClass,
      }),
    );
    if (outcome.ok) {
      const { ticket } = outcome.result;
      this.ledger.ackTicket({
        id: ticket.id,
        businessDay: ticket.businessDay,
        number: ticket.number,
        serviceId: ticket.serviceId,
        accessToken: ticket.accessToken,
        commandId: sent.commandId,
      });
      if (ticket.serviceId !== serviceId) {
        this.ledger.unexpected.push(`${this.name}: asked ${serviceId}, got ${ticket.number}`);
      }
      return { number: ticket.number, businessDay: ticket.businessDay };
    }
    if (sent.outcome === 'refused' && outcome.error.code !== 'day_not_open') {
      this.surprise('issue_ticket', outcome.error.code);
    }
    return null;
  }
}

/** What a window driver believes its window holds; `unknown` after a lost answer. */
type Holding = 'nothing' | 'called' | 'serving' | 'unknown';

/**
 * A window terminal: logs its clerk in, opens the window, then calls, serves and finishes, or
 * marks a no-show. Whatever a crash left behind (a login forgotten by the new hub, a call whose
 * answer was lost) it finds out from the hub's answers and carries on.
 */
export class WindowDriver extends Driver<'window'> {
  private loggedIn = false;
  private windowOpen = false;
  private holding: Holding = 'unknown';

  constructor(
    name: string,
    url: string,
    token: string,
    ledger: Ledger,
    gate: Gate,
    rng: Prng,
    readonly windowId: string,
    private readonly staffCode: string,
    private readonly pin: string,
    /** Told of each ticket whose `finish` was acknowledged here (for the window's rating pad). */
    private readonly onFinished: (ticketId: string) => void = () => undefined,
  ) {
    super(name, 'window', url, token, ledger, gate, rng);
  }

  protected async step(): Promise<void> {
    if (!this.loggedIn) {
      const { outcome } = await this.send('staff_login', () =>
        this.client.command('staff_login', { staffCode: this.staffCode, pin: this.pin }),
      );
      if (outcome.ok) this.loggedIn = true;
      else this.handle('staff_login', outcome.error.code);
      return;
    }
    if (!this.windowOpen) {
      const { outcome } = await this.send('open_window', () =>
        this.client.command('open_window', {}),
      );
      if (outcome.ok || outcome.error.code === 'window_not_closed') this.windowOpen = true;
      else this.handle('open_window', outcome.error.code);
      return;
    }
    switch (this.holding) {
      case 'nothing':
        return this.act('call_next', 'called');
      case 'called':
        return this.rng.chance(0.8)
          ? this.act('start_serving', 'serving')
          : this.act('no_show', 'nothing');
      case 'serving':
        return this.act('finish', 'nothing');
      case 'unknown':
        // Finishing tells which: done (it was serving), wrong status (called) or idle (nothing).
        return this.act('finish', 'nothing');
    }
  }

  private async act(action: WindowAction, then: Holding): Promise<void> {
    const { sent, outcome } = await this.send(action, () => this.client.command(action, {}));
    if (!outcome.ok) return this.handle(action, outcome.error.code);
    this.holding = then;
    const ticket = outcome.result.ticket;
    if (!ticket) {
      this.ledger.unexpected.push(`${this.name}: ${action} acknowledged without a ticket`);
      return;
    }
    this.ledger.windowActions.push({
      action,
      ticketId: ticket.id,
      windowId: this.windowId,
      commandId: sent.commandId,
    });
    if (action === 'finish') this.onFinished(ticket.id);
  }

  private handle(event: string, code: string): void {
    switch (code) {
      case 'not_logged_in':
        // A restarted hub has forgotten the login (it is not stored).
        this.loggedIn = false;
        this.holding = 'unknown';
        return;
      case 'window_closed':
        this.windowOpen = false;
        this.holding = 'unknown';
        return;
      case 'window_busy':
        this.holding = 'unknown';
        return;
      case 'window_idle':
        this.holding = 'nothing';
        return;
      case 'ticket_wrong_status':
        // `finish` on a ticket not yet served: it is called. Otherwise, ask again.
        this.holding = event === 'finish' ? 'called' : 'unknown';
        return;
      case 'queue_empty':
      case 'day_not_open':
        return;
      case 'timeout':
      case 'client_closed':
        this.holding = 'unknown';
        return;
      default:
        this.surprise(event, code);
        this.holding = 'unknown';
    }
  }
}

/**
 * The rating pad of one window: rates each ticket finished there once, with a random score
 * (a poor one opens a complaint), or none (the visitor walked away).
 */
export class RateDriver extends Driver<'rate'> {
  private readonly toRate: string[] = [];

  constructor(name: string, url: string, token: string, ledger: Ledger, gate: Gate, rng: Prng) {
    super(name, 'rate', url, token, ledger, gate, rng);
  }

  /** A ticket just finished at this pad's window. */
  finished(ticketId: string): void {
    this.toRate.push(ticketId);
  }

  protected async step(): Promise<void> {
    const ticketId = this.toRate.shift();
    if (ticketId === undefined) return;
    const scores: readonly RatingScore[] = [1, 2, 3, 4, 5];
    const score = this.rng.chance(0.1) ? null : this.rng.pick(scores);
    const { sent, outcome } = await this.send('rate', () =>
      this.client.command('rate', {
        ticketId,
        score,
        reasons: score !== null && score <= 2 ? ['long wait'] : [],
      }),
    );
    if (outcome.ok) {
      this.ledger.ratings.push({ ticketId, score, commandId: sent.commandId });
    } else if (sent.outcome === 'refused' && outcome.error.code !== 'day_not_open') {
      this.surprise('rate', outcome.error.code);
    }
  }
}
