import { useEffect, useState } from 'react';
import type {
  ClientErrorCode,
  Command,
  CommandInput,
  CommandName,
  CommandResultOf,
  DayFiguresResult,
  DomainEvent,
  ErrorCode,
  RatingScore,
  StaffIdentity,
} from '@onestop/shared';
import type { CommandOutcome } from '@onestop/shared/client';
import { decide, apply } from '@onestop/shared';
import { EngineTestHall } from '@onestop/shared/testing';
import type { WindowPort, TerminalProps } from '../window/Terminal.js';
import { Terminal } from '../window/Terminal.js';
import type { RatePort } from '../rate/RatePad.js';

/** Every clerk's PIN in these tests. */
export const PIN = '2580';

type Outcome =
  | { ok: true; result: unknown }
  | { ok: false; error: { code: ErrorCode | ClientErrorCode; message: string } };

/**
 * The hub's part for component tests: commands of one window decided and applied by the real
 * engine over a small hall (no network). `failNext` makes the next command fail as a client would.
 */
export class EngineHub implements WindowPort, RatePort {
  readonly hall = EngineTestHall.open();
  readonly sent: { event: string; input: unknown }[] = [];
  private staff: StaffIdentity | null = null;
  /** The token of the login at this terminal, as `staff_login` gives it. */
  session: string | null = null;
  /** Why a login that is not this terminal's is refused by `staff_resume`. */
  sessionGone: ErrorCode = 'session_ended';
  private logins = 0;
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners = new Set<(events: readonly DomainEvent[]) => void>();
  /**
   * What `day_figures` answers (the hub counts them from its database; here the test says
   * them). Null: the hub cannot answer now (`internal`).
   */
  figures: DayFiguresResult | null = null;
  /** How many times `day_figures` was asked. */
  figuresAsked = 0;
  failNext: ErrorCode | ClientErrorCode | null = null;

  constructor(readonly windowId = 'w1') {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The events of every command run here, as a HubClient's mirror passes them on. */
  onEvents(listener: (events: readonly DomainEvent[]) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Runs a command as another party would (a kiosk issuing, another window), then renders. */
  run(command: Command): void {
    this.emit(this.hall.run(command));
    this.changed();
  }

  private emit(events: readonly DomainEvent[]): void {
    if (events.length === 0) return;
    for (const l of this.eventListeners) l(events);
  }

  changed(): void {
    for (const l of this.listeners) l();
  }

  command<E extends CommandName<'window'>>(
    event: E,
    input: CommandInput<'window', E>,
  ): Promise<CommandOutcome<CommandResultOf<'window', E>>>;
  command(
    event: 'rate',
    input: CommandInput<'rate', 'rate'>,
  ): Promise<CommandOutcome<CommandResultOf<'rate', 'rate'>>>;
  async command(event: string, input: unknown): Promise<CommandOutcome<never>> {
    // The day panel's questions are counted apart: `sent` is what the clerk did.
    if (event === 'day_figures') this.figuresAsked++;
    else if (event === 'ticket_holder') this.holdersAsked++;
    else this.sent.push({ event, input });
    // A slow network: the answer waits until the test opens the gate.
    if (this.gate !== null) await this.gate;
    const outcome = this.answer(event, input as Record<string, unknown>);
    if (outcome.ok) this.changed();
    return outcome as CommandOutcome<never>;
  }

  /** The masked names the hub keeps for tickets taken with an ID card, by ticket id. */
  readonly holders = new Map<string, string>();
  /** How often the terminal asked for the holder of its ticket (`ticket_holder`). */
  holdersAsked = 0;

  /** While set, commands wait for it before they are decided. */
  gate: Promise<void> | null = null;

  private answer(event: string, m: Record<string, unknown>): Outcome {
    if (this.failNext !== null) {
      const code = this.failNext;
      this.failNext = null;
      return { ok: false, error: { code, message: 'test' } };
    }
    const windowId = this.windowId;
    switch (event) {
      case 'staff_login': {
        const staff = this.hall.state.config.staff.find((s) => s.code === m.staffCode);
        if (!staff || m.pin !== PIN)
          return { ok: false, error: { code: 'login_failed', message: '' } };
        this.staff = { code: staff.code, name: staff.name, role: staff.role };
        this.session = `session-${++this.logins}`;
        return { ok: true, result: { staff: this.staff, session: this.session } };
      }
      case 'staff_resume':
        // As the hub: the login this terminal was given, unless it ended since.
        if (this.staff === null || m.session !== this.session)
          return { ok: false, error: { code: this.sessionGone, message: '' } };
        return { ok: true, result: { staff: this.staff, session: this.session } };
      case 'staff_logout':
        this.staff = null;
        this.session = null;
        return { ok: true, result: {} };
      case 'open_window':
        if (this.staff === null)
          return { ok: false, error: { code: 'not_logged_in', message: '' } };
        return this.engine({ type: 'open_window', windowId, staffCode: this.staff.code });
      case 'pause_window':
        return this.engine({ type: 'pause_window', windowId, reason: m.reason as 'break' });
      case 'resume_window':
        return this.engine({ type: 'resume_window', windowId });
      case 'close_window':
        return this.engine({ type: 'close_window', windowId });
      case 'call_next':
      case 'recall':
      case 'start_serving':
      case 'no_show':
      case 'put_back':
        return this.engine({ type: event, windowId });
      case 'finish':
        return this.engine({
          type: 'finish',
          windowId,
          ...(typeof m.caseNumber === 'string' ? { caseNumber: m.caseNumber } : {}),
        });
      case 'call_specific':
        return this.engine({ type: 'call_specific', windowId, ticketId: String(m.ticketId) });
      case 'transfer':
        return this.engine({
          type: 'transfer',
          windowId,
          toServiceId: (m.toServiceId as string | null) ?? null,
          toWindowId: (m.toWindowId as string | null) ?? null,
          note: String(m.note),
        });
      case 'park':
        return this.engine({
          type: 'park',
          windowId,
          until: (m.until as number | null) ?? null,
          note: String(m.note),
        });
      case 'unpark':
        return this.engine({ type: 'unpark', ticketId: String(m.ticketId) });
      case 'rate':
        return this.engine({
          type: 'rate',
          ticketId: String(m.ticketId),
          score: (m.score as RatingScore | null) ?? null,
          reasons: m.reasons as string[],
        });
      case 'ticket_holder': {
        if (this.staff === null)
          return { ok: false, error: { code: 'not_logged_in', message: '' } };
        const ticketId = this.hall.state.windows.get(windowId)?.currentTicketId ?? null;
        const maskedName = ticketId === null ? null : (this.holders.get(ticketId) ?? null);
        return { ok: true, result: { ticketId, maskedName } };
      }
      case 'day_figures':
        return this.figures === null
          ? { ok: false, error: { code: 'internal', message: 'test' } }
          : { ok: true, result: structuredClone(this.figures) };
      default:
        return { ok: false, error: { code: 'invalid_message', message: event } };
    }
  }

  private engine(command: Command): Outcome {
    const decision = decide(this.hall.state, command, this.hall.now);
    if (!decision.ok) return { ok: false, error: { code: decision.error.code, message: '' } };
    for (const e of decision.events) this.hall.state = apply(this.hall.state, e);
    this.hall.log.push(...decision.events);
    this.emit(decision.events);
    const window = this.hall.state.windows.get(this.windowId);
    return { ok: true, result: { ticket: null, window } };
  }
}

/** The terminal over an EngineHub, rendered again on every change, as the page does. */
export function TerminalHarness(
  props: { hub: EngineHub } & Partial<Omit<TerminalProps, 'port' | 'state' | 'windowId'>>,
) {
  const { hub, ...rest } = props;
  const [, setVersion] = useState(0);
  useEffect(() => hub.subscribe(() => setVersion((v) => v + 1)), [hub]);
  return (
    <Terminal
      port={hub}
      state={hub.hall.state}
      windowId={hub.windowId}
      connection="online"
      now={hub.hall.now}
      {...rest}
    />
  );
}
