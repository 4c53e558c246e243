import {
  candidateFor,
  type Command,
  type CommandMessage,
  type CommandName,
  type CommandResultOf,
  type Ticket,
  type WindowResult,
} from '@onestop/shared';
import { assistAnswer } from '../../features/assist/assist.js';
import type { CommandResult } from '../../hub.js';
import { windowDayFigures } from '../../reports/report.js';
import { checkStaffLogin } from '../sessions.js';
import {
  engine,
  fail,
  type Call,
  type Conn,
  type Handler,
  type Handlers,
  type Refusal,
} from '../pipeline.js';
import { deviceStatus, type HandlerDeps } from './common.js';

/** The window's own commands: each answers with the ticket and the window (`WindowResult`). */
type WindowCommandName = {
  [E in CommandName<'window'>]: CommandResultOf<'window', E> extends WindowResult ? E : never;
}[CommandName<'window'>];

/**
 * The window terminal's commands: the clerk's login, the window's own commands (the window is
 * always the device's own, never one named in a message), its day's figures.
 */
export function windowHandlers(deps: HandlerDeps): Handlers<'window'> {
  const { hub, windowLogins, visitorIds } = deps;
  const windowId = (conn: Conn): string => conn.windowId ?? '';
  /** The window a command acts at: the device's own, from its pairing. */
  const here = (conn: Conn) => ({ windowId: windowId(conn) });

  /** A window command: answered with the ticket and the window as it is now. */
  const atWindow = <E extends WindowCommandName>(
    command: (call: Call, m: CommandMessage<'window', E>) => Command,
    may?: (call: Call, m: CommandMessage<'window', E>) => Refusal | null,
  ): Handler<'window', E> =>
    engine<'window', E>({
      ...(may ? { may } : {}),
      command,
      answer: ({ conn }, _m, result: CommandResult) => {
        const window = conn.windowId ? hub.current.windows.get(conn.windowId) : undefined;
        if (!window)
          throw new Error(`window ${conn.windowId ?? '(none)'} is not in the hall's configuration`);
        const answer: WindowResult = { ticket: result.ticket, window: structuredClone(window) };
        return { ok: true, result: answer as CommandResultOf<'window', E> };
      },
    });

  /**
   * A window terminal acts only for its window: it may cancel a ticket waiting in its queues or
   * unpark one it parked, not any ticket of the hall.
   */
  const onlyHere =
    (allowed: (ticket: Ticket, conn: Conn) => boolean) =>
    ({ conn }: Call, m: { ticketId: string }): Refusal | null => {
      const ticket = hub.current.tickets.get(m.ticketId);
      if (!ticket || allowed(ticket, conn)) return null;
      return fail('ticket_not_here', `ticket ${ticket.number} is not this window's to change`);
    };

  const bare =
    (
      type:
        | 'resume_window'
        | 'close_window'
        | 'call_next'
        | 'recall'
        | 'start_serving'
        | 'no_show'
        | 'put_back',
    ) =>
    ({ conn }: Call): Command => ({ type, windowId: windowId(conn) });

  return {
    staff_login: {
      run: async ({ conn }, m) => {
        const login = await checkStaffLogin(hub, deps.guard, {
          staffCode: m.staffCode,
          pin: m.pin,
          address: conn.address,
        });
        if (!login.ok) return fail(login.code, login.message);
        if (!conn.deviceId) return fail('forbidden', 'only a paired window terminal logs in');
        const session = windowLogins.login(conn.deviceId, login.staff, hub.now());
        const { code, name, role } = login.staff;
        return { ok: true, result: { staff: { code, name, role }, session } };
      },
    },
    staff_resume: {
      run: ({ conn }, m) => {
        if (!conn.deviceId) return fail('forbidden', 'only a paired window terminal logs in');
        const resumed = windowLogins.resume(conn.deviceId, m.session, hub.config.staff, hub.now());
        if (!resumed.ok) return fail(resumed.code, resumed.message);
        const { code, name, role } = resumed.login.staff;
        return { ok: true, result: { staff: { code, name, role }, session: m.session } };
      },
    },
    staff_logout: {
      run: ({ conn }) => {
        windowLogins.logout(conn.deviceId, hub.now());
        return { ok: true, result: {} };
      },
    },
    open_window: atWindow<'open_window'>(({ conn }) => ({
      type: 'open_window',
      windowId: windowId(conn),
      // Logged in: the pipeline checked (a retry is answered from the store before this).
      staffCode: windowLogins.at(conn.deviceId)?.staff.code ?? '',
    })),
    pause_window: atWindow<'pause_window'>(({ conn }, { reason }) => {
      return { type: 'pause_window', ...here(conn), reason };
    }),
    resume_window: atWindow<'resume_window'>(bare('resume_window')),
    close_window: atWindow<'close_window'>(bare('close_window')),
    call_next: atWindow<'call_next'>(bare('call_next')),
    call_specific: atWindow<'call_specific'>(({ conn }, { ticketId }) => ({
      type: 'call_specific',
      ...here(conn),
      ticketId,
    })),
    recall: atWindow<'recall'>(bare('recall')),
    start_serving: atWindow<'start_serving'>(bare('start_serving')),
    finish: atWindow<'finish'>(({ conn }, { caseNumber }) => ({
      type: 'finish',
      ...here(conn),
      ...(caseNumber === undefined ? {} : { caseNumber }),
    })),
    no_show: atWindow<'no_show'>(bare('no_show')),
    put_back: atWindow<'put_back'>(bare('put_back')),
    transfer: atWindow<'transfer'>(({ conn }, { toServiceId, toWindowId, note }) => {
      return { type: 'transfer', ...here(conn), toServiceId, toWindowId, note };
    }),
    park: atWindow<'park'>(({ conn }, { until, note }) => {
      return { type: 'park', ...here(conn), until, note };
    }),
    unpark: atWindow<'unpark'>(
      (_call, m) => ({ type: 'unpark', ticketId: m.ticketId }),
      onlyHere((t, conn) => t.status === 'parked' && t.windowId === conn.windowId),
    ),
    cancel: atWindow<'cancel'>(
      (_call, m) => ({ type: 'cancel', ticketId: m.ticketId, by: 'staff' }),
      onlyHere((t, conn) => {
        const window = hub.config.windows.find((w) => w.id === conn.windowId);
        const waitingHere = t.status === 'waiting' && !!window && !!candidateFor(t, window);
        return waitingHere || (t.status === 'parked' && t.windowId === conn.windowId);
      }),
    ),
    device_status: { run: deviceStatus(hub) },
    answer_assist: engine<'window', 'answer_assist'>({
      command: ({ conn }, m) => ({
        type: 'answer_assist',
        requestId: m.requestId,
        // Logged in: the pipeline checked.
        staffCode: windowLogins.at(conn.deviceId)?.staff.code ?? '',
      }),
      answer: (_call, m) => assistAnswer(hub.current, m.requestId),
    }),
    // A call that ended with no ticket: closed by the supervisor or clerk logged in here.
    close_assist: engine<'window', 'close_assist'>({
      command: ({ conn }, m) => ({
        type: 'close_assist',
        requestId: m.requestId,
        reason: m.reason,
        staffCode: windowLogins.at(conn.deviceId)?.staff.code ?? '',
      }),
      answer: (_call, m) => assistAnswer(hub.current, m.requestId),
    }),
    day_figures: {
      run: ({ conn }) => {
        // What was decided but not yet written counts too: the figures follow the events.
        hub.flush();
        const staff = windowLogins.at(conn.deviceId)?.staff;
        return {
          ok: true,
          result: windowDayFigures(hub.store, {
            businessDay: hub.current.day?.businessDay ?? hub.today(),
            // The device's own window, from its pairing: a message cannot name another.
            windowId: windowId(conn),
            staffCode: staff?.code ?? null,
          }),
        };
      },
    },
    // Only the ticket at this very window: a terminal cannot ask for another's holder.
    ticket_holder: {
      run: ({ conn }) => {
        const id = windowId(conn);
        const ticketId = hub.current.windows.get(id)?.currentTicketId ?? null;
        const maskedName = ticketId === null ? null : visitorIds.maskedName(ticketId);
        return { ok: true, result: { ticketId, maskedName } };
      },
    },
  };
}
