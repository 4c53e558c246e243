import type {
  Command,
  Complaint,
  DomainEvent,
  HallConfig,
  HallState,
  Ticket,
  WindowState,
  EventType,
} from '@onestop/shared';
import { eventRefs, ISSUED_TICKET } from './store/index.js';

/** Events that name a window without changing its state. */
const MENTIONS_WINDOW: ReadonlySet<EventType> = new Set<EventType>([
  'rating_recorded',
  'complaint_opened',
  'complaint_entered',
  'device_renamed',
  'device_unpaired',
]);

/** The shape every command answers with, so a retry can be answered from the store. */
export interface CommandResult {
  ticket: Ticket | null;
  window: WindowState | null;
  businessDay: string | null;
}

/** What a command answers: the ticket and window its events name, as they are now. */
export function resultOf(
  state: Readonly<HallState>,
  command: Command,
  events: DomainEvent[],
): CommandResult {
  let ticketId: string | null = null;
  let windowId: string | null = null;
  for (const event of events) {
    if (event.type === 'ticket_issued') ticketId = event.ticket.id;
    else if ('ticketId' in event) ticketId = event.ticketId;
    if ('windowId' in event) windowId = event.windowId;
  }
  if ('windowId' in command) windowId = command.windowId;
  return {
    ticket: ticketId ? (state.tickets.get(ticketId) ?? null) : null,
    window: windowId ? (state.windows.get(windowId) ?? null) : null,
    businessDay: state.day?.businessDay ?? null,
  };
}

/**
 * An issue's answer and the JSON a retry's answer is kept as, when the command's only event
 * issued the result's very ticket (`resultOf` right after it was applied: the state's ticket is
 * the event's, copied by `apply`) and names no window. The answer's ticket is then the event's
 * own (events never change), so nothing is copied, and the kept JSON has `ISSUED_TICKET` in its
 * place: the store gives the event's ticket back (store/event-log.ts). Null for any other result,
 * copied and kept whole.
 */
export function issuedAnswer(
  result: CommandResult,
  events: readonly DomainEvent[],
): { result: CommandResult; json: string } | null {
  const [only, ...more] = events;
  if (only?.type !== 'ticket_issued' || more.length > 0) return null;
  if (result.ticket?.id !== only.ticket.id || result.window !== null) return null;
  return {
    result: { ...result, ticket: only.ticket },
    json: JSON.stringify({ ...result, ticket: ISSUED_TICKET }),
  };
}

/** The projection rows the events changed, read from the state they were applied to. */
export function touched(
  state: Readonly<HallState>,
  events: DomainEvent[],
): {
  tickets: Ticket[];
  windows: WindowState[];
  complaints: Complaint[];
  config?: HallConfig;
} {
  const ticketIds = new Set<string>();
  const windowIds = new Set<string>();
  const complaints: Complaint[] = [];
  const allWindows = () => state.windows.forEach((_, id) => windowIds.add(id));
  for (const event of events) {
    // What the event names (the log's own index, store/projections.ts) is what it changes, but
    // for a window it only mentions: a rating's or a complaint's, a device's.
    const refs = eventRefs(event);
    if (refs.ticketId !== null) ticketIds.add(refs.ticketId);
    if (refs.windowId !== null && !MENTIONS_WINDOW.has(event.type)) windowIds.add(refs.windowId);
    switch (event.type) {
      case 'day_closed':
        event.expiredTicketIds.forEach((id) => ticketIds.add(id));
        allWindows();
        break;
      case 'day_opened':
      case 'config_changed':
        allWindows();
        break;
      case 'complaint_opened':
        complaints.push(event.complaint);
        break;
      default:
        break;
    }
  }
  const tickets: Ticket[] = [];
  for (const id of ticketIds) {
    const ticket = state.tickets.get(id);
    if (ticket) tickets.push(ticket);
  }
  const windows: WindowState[] = [];
  for (const id of windowIds) {
    const window = state.windows.get(id);
    if (window) windows.push(window);
  }
  // A changed configuration is kept for the next start in the same transaction as its event.
  const changed = events.some((e) => e.type === 'config_changed');
  return changed
    ? { tickets, windows, complaints, config: state.config }
    : { tickets, windows, complaints };
}
