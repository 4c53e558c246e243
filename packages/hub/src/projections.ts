import type {
  Command,
  Complaint,
  DomainEvent,
  HallConfig,
  HallState,
  Ticket,
  WindowState,
} from '@onestop/shared';

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
  for (const event of events) {
    switch (event.type) {
      case 'ticket_issued':
        ticketIds.add(event.ticket.id);
        break;
      case 'day_closed':
        event.expiredTicketIds.forEach((id) => ticketIds.add(id));
        state.windows.forEach((_, id) => windowIds.add(id));
        break;
      case 'day_opened':
        state.windows.forEach((_, id) => windowIds.add(id));
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
        state.windows.forEach((_, id) => windowIds.add(id));
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
