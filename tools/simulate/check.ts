/**
 * Checks a hub's event log on its own (not with the engine that wrote it): every ticket issued
 * once under a number not used before that day, called only while waiting, by a window with no
 * one else at it, and ending done, no-show, cancelled or expired, or still waiting or parked.
 */
import type { SequencedEvent, TicketStatus } from '@onestop/shared';

export interface LogCheck {
  events: number;
  issued: number;
  calls: number;
  byStatus: Partial<Record<TicketStatus, number>>;
  /** Every broken rule, in the order found (empty: the log is consistent). */
  problems: string[];
}

interface Seen {
  status: TicketStatus;
  windowId: string | null;
}

export function checkLog(events: readonly SequencedEvent[]): LogCheck {
  const problems: string[] = [];
  const tickets = new Map<string, Seen>();
  const numbers = new Set<string>();
  const atWindow = new Map<string, string>();
  let lastSeq = 0;
  let calls = 0;
  const problem = (e: SequencedEvent, what: string): void => {
    if (problems.length < 50) problems.push(`seq ${e.seq} ${e.type}: ${what}`);
  };
  const ticket = (e: SequencedEvent, id: string, allowed: TicketStatus[]): Seen | null => {
    const t = tickets.get(id);
    if (!t) {
      problem(e, `unknown ticket ${id}`);
      return null;
    }
    if (!allowed.includes(t.status)) problem(e, `${id} is ${t.status}, not ${allowed.join('/')}`);
    return t;
  };
  /** The ticket leaves its window (if it is known) and becomes `status`. */
  const leave = (t: Seen | null, status: TicketStatus): void => {
    if (!t) return;
    if (t.windowId !== null) atWindow.delete(t.windowId);
    t.windowId = null;
    t.status = status;
  };
  for (const e of events) {
    if (e.seq <= lastSeq) problem(e, `sequence ${e.seq} after ${lastSeq}`);
    lastSeq = e.seq;
    switch (e.type) {
      case 'ticket_issued': {
        const key = `${e.ticket.businessDay}/${e.ticket.number}`;
        if (tickets.has(e.ticket.id)) problem(e, `${e.ticket.id} issued twice`);
        if (numbers.has(key)) problem(e, `number ${key} used twice`);
        numbers.add(key);
        tickets.set(e.ticket.id, { status: 'waiting', windowId: null });
        break;
      }
      case 'ticket_called': {
        calls++;
        const t = ticket(e, e.ticketId, ['waiting']);
        const busy = atWindow.get(e.windowId);
        if (busy !== undefined) problem(e, `${e.windowId} still has ${busy}`);
        if (t) {
          t.status = 'called';
          t.windowId = e.windowId;
          atWindow.set(e.windowId, e.ticketId);
        }
        break;
      }
      case 'ticket_recalled': {
        const t = ticket(e, e.ticketId, ['called']);
        if (t && t.windowId !== e.windowId) problem(e, `${e.ticketId} is at ${t.windowId}`);
        break;
      }
      case 'service_started': {
        const t = ticket(e, e.ticketId, ['called']);
        if (t && t.windowId !== e.windowId) problem(e, `${e.ticketId} is at ${t.windowId}`);
        if (t) t.status = 'serving';
        break;
      }
      case 'service_finished': {
        const t = ticket(e, e.ticketId, ['serving']);
        if (t && t.windowId !== e.windowId) problem(e, `${e.ticketId} is at ${t.windowId}`);
        leave(t, e.done ? 'done' : 'waiting');
        break;
      }
      case 'ticket_no_show':
        leave(ticket(e, e.ticketId, ['called']), 'no_show');
        break;
      case 'ticket_requeued':
        leave(ticket(e, e.ticketId, ['called']), 'waiting');
        break;
      case 'ticket_transferred':
        leave(ticket(e, e.ticketId, ['called', 'serving']), 'waiting');
        break;
      case 'ticket_parked':
        leave(ticket(e, e.ticketId, ['called', 'serving']), 'parked');
        break;
      case 'ticket_unparked': {
        const t = ticket(e, e.ticketId, ['parked']);
        if (t) t.status = 'waiting';
        break;
      }
      case 'ticket_cancelled': {
        const t = ticket(e, e.ticketId, ['waiting', 'parked']);
        if (t) t.status = 'cancelled';
        break;
      }
      case 'ticket_expired': {
        const t = ticket(e, e.ticketId, ['waiting']);
        if (t) t.status = 'expired';
        break;
      }
      case 'rating_recorded':
        ticket(e, e.ticketId, ['done', 'waiting', 'parked', 'no_show', 'cancelled', 'expired']);
        break;
      case 'day_closed':
        // A called visitor who has not come up by the close expires with those still waiting
        // (the engine's close); one being served would have refused the close.
        for (const id of e.expiredTicketIds) {
          leave(ticket(e, id, ['waiting', 'parked', 'called']), 'expired');
        }
        for (const [id, t] of tickets) {
          if (t.status === 'called' || t.status === 'serving')
            problem(e, `${id} still ${t.status} at the day's close`);
        }
        atWindow.clear();
        break;
      default:
        break;
    }
  }
  const byStatus: Partial<Record<TicketStatus, number>> = {};
  for (const t of tickets.values()) byStatus[t.status] = (byStatus[t.status] ?? 0) + 1;
  return { events: events.length, issued: tickets.size, calls, byStatus, problems };
}
