import type {
  BusinessDay,
  Complaint,
  DayState,
  DomainEvent,
  SequencedEvent,
  Ticket,
  WindowState,
} from '@onestop/shared';
import { toJson } from './rows.js';

/*
 * What `commit` writes besides the events themselves: the log's indexed columns of each event,
 * and the projection rows (tickets, windows, the day, complaints) as the engine made them.
 */

/**
 * Field names that hold a secret (a pairing code, a PIN or its hash, a device or session token, a
 * reset code). A ticket's `accessToken` (the key of the visitor's own status page) is not among
 * them: the ticket's row and its `ticket_issued` event hold it for as long as the ticket lives.
 */
const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'pairingCode',
  'pin',
  'pinHash',
  'token',
  'tokenHash',
  'sessionToken',
  'resetCode',
  'password',
]);

/** The path of the first secret field with a value in `value`, or null. */
export function secretIn(value: unknown, path: string): string | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = secretIn(value[i], `${path}.${i}`);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_FIELDS.has(key) && v !== null && v !== undefined) return `${path}.${key}`;
    const found = secretIn(v, `${path}.${key}`);
    if (found !== null) return found;
  }
  return null;
}

export interface CommitOutcome {
  events: SequencedEvent[];
  currentDay: BusinessDay | null;
}

/** The ticket and window an event is about, for the log's indexed columns. */
export function eventRefs(e: DomainEvent): { ticketId: string | null; windowId: string | null } {
  switch (e.type) {
    case 'day_opened':
    case 'day_closed':
      return { ticketId: null, windowId: null };
    case 'ticket_issued':
      return { ticketId: e.ticket.id, windowId: null };
    case 'ticket_called':
    case 'ticket_recalled':
    case 'service_started':
    case 'service_finished':
    case 'ticket_no_show':
    case 'ticket_requeued':
    case 'ticket_transferred':
    case 'ticket_parked':
      return { ticketId: e.ticketId, windowId: e.windowId };
    case 'ticket_unparked':
    case 'ticket_cancelled':
      return { ticketId: e.ticketId, windowId: null };
    case 'window_opened':
    case 'window_paused':
    case 'window_resumed':
    case 'window_closed':
      return { ticketId: null, windowId: e.windowId };
    case 'rating_recorded':
      return { ticketId: e.ticketId, windowId: e.rating.windowId };
    case 'complaint_opened':
      return { ticketId: e.complaint.ticketId, windowId: e.complaint.windowId };
    case 'config_changed':
    case 'staff_pin_reset':
      return { ticketId: null, windowId: null };
    case 'device_renamed':
    case 'device_unpaired':
      return { ticketId: null, windowId: e.windowId };
    case 'complaint_entered':
      return { ticketId: e.complaint.ticketId, windowId: e.complaint.windowId };
    case 'rating_followed_up':
      return { ticketId: e.ticketId, windowId: e.windowId };
    case 'complaint_followed_up':
    case 'staff_unlocked':
    case 'assist_requested':
    case 'assist_answered':
    case 'assist_closed':
    case 'instruction_received':
    case 'instruction_answered':
    case 'platform_upload_resent':
      return { ticketId: null, windowId: null };
  }
}

/** The business day an event names itself; the others belong to the latest opened day. */
export function eventDay(e: DomainEvent): BusinessDay | null {
  switch (e.type) {
    case 'day_opened':
    case 'day_closed':
      return e.businessDay;
    case 'ticket_issued':
      return e.ticket.businessDay;
    default:
      return null;
  }
}

export function ticketRow(t: Ticket) {
  return {
    id: t.id,
    businessDay: t.businessDay,
    number: t.number,
    serviceId: t.serviceId,
    class: t.class,
    status: t.status,
    issuedAt: t.issuedAt,
    calledAt: t.calledAt,
    startedAt: t.startedAt,
    finishedAt: t.finishedAt,
    windowId: t.windowId,
    staffCode: t.staffCode,
    callReason: t.callReason,
    recallCount: t.recallCount,
    ratingScore: t.rating?.score ?? null,
    body: toJson(t),
  };
}

export function windowRow(w: WindowState, at: number) {
  return {
    windowId: w.windowId,
    status: w.status,
    staffCode: w.staffCode,
    currentTicketId: w.currentTicketId,
    since: w.since,
    body: toJson(w),
    updatedAt: at,
  };
}

export function dayRow(d: DayState) {
  return {
    businessDay: d.businessDay,
    status: d.status,
    openedAt: d.openedAt,
    closedAt: d.closedAt,
  };
}

export function complaintRow(c: Complaint) {
  return {
    id: c.id,
    ticketId: c.ticketId,
    windowId: c.windowId,
    staffCode: c.staffCode,
    serviceId: c.serviceId,
    score: c.score,
    openedAt: c.openedAt,
    deadlineAt: c.deadlineAt,
    status: c.status,
    body: toJson(c),
  };
}
