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

/** A secret field with a value, as a key in JSON text (a key cannot occur inside a JSON string). */
const SECRET_KEY_IN_JSON = new RegExp(`"(${[...SECRET_FIELDS].join('|')})":(?!null[,}\\]])`);

/**
 * The first secret field with a value in `json` (a value's JSON text), or null. Read from the
 * text the store keeps, not by walking the value: it runs for every command's stored result.
 */
export function secretInJson(json: string): string | null {
  return SECRET_KEY_IN_JSON.exec(json)?.[1] ?? null;
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
    case 'remote_confirmed':
    case 'remote_at_head':
    case 'ticket_expired':
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
    case 'booking_changed':
    case 'outbox_resent':
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

/** A ticket's row; `body`: its JSON when the caller has it already (`toJson(t)`). */
export function ticketRow(t: Ticket, body = toJson(t)) {
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
    body,
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
