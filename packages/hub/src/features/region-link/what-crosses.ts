import type {
  Complaint,
  DomainEvent,
  HallConfig,
  LinkEvent,
  Rating,
  Ticket,
} from '@onestop/shared';
import { isRatingReason } from '@onestop/shared';
import type { LinkSourceRow } from '../../store/index.js';

/*
 * What of each event leaves the hall for the region (docs/OPERATIONS.md, "Linking the hall to a
 * region"). Decided per event type, exhaustively: a new event type fails to compile here until
 * someone decides what of it crosses.
 *
 * Never: a ticket's status-page token (`accessToken`), an appointment's booking code, a clerk's
 * note (transfer, park), anything of PINs, hashes, devices' tokens or visitors' contact numbers
 * (those are not in the log at all: its audit-only events carry none). Complaint words (rating
 * reasons in the visitor's words) cross for supervision unless the hall's `withholdComplaintTexts` says otherwise.
 *
 * Every event's number crosses, so the region's sequence has no holes; an event kept in the
 * hall crosses as its type, time and references with an empty body.
 */

export interface CrossingOptions {
  /** The hall's `hall.withholdComplaintTexts`: rating reasons stay in the hall. */
  withholdComplaintTexts: boolean;
}

type Body = Record<string, unknown>;

/** The event of a stored row as it crosses the link. */
export function linkEventOf(row: LinkSourceRow, options: CrossingOptions): LinkEvent {
  // Written by the event log from a typed DomainEvent; the log is append-only.
  const event = JSON.parse(row.body) as DomainEvent;
  return {
    seq: row.seq,
    at: row.at,
    type: row.type,
    businessDay: row.business_day,
    ticketId: row.ticket_id,
    windowId: row.window_id,
    body: bodyOf(event, options),
  };
}

function bodyOf(event: DomainEvent, options: CrossingOptions): Body {
  switch (event.type) {
    case 'day_opened':
    case 'day_closed':
    case 'ticket_called':
    case 'ticket_recalled':
    case 'service_started':
    case 'service_finished':
    case 'ticket_no_show':
    case 'ticket_requeued':
    case 'ticket_unparked':
    case 'ticket_cancelled':
    case 'remote_confirmed': // 远程取号: nothing personal, the ticket and the time only
    case 'remote_at_head':
    case 'ticket_expired':
    case 'window_opened':
    case 'window_paused':
    case 'window_resumed':
    case 'window_closed':
    case 'config_changed': // names, hours and policy of the hall (no PIN is ever in it)
      return without(event, 'type', 'at');
    case 'ticket_issued':
      return { ticket: ticketOf(event.ticket, options) };
    // The clerk's note stays: it is free text, where a phone number or a name would be written.
    case 'ticket_transferred':
    case 'ticket_parked':
      return without(event, 'type', 'at', 'note');
    case 'rating_recorded':
      return { ticketId: event.ticketId, rating: ratingOf(event.rating, options) };
    case 'complaint_opened':
      return { complaint: complaintOf(event.complaint, options) };
    // A complaint entered or followed up by hand: what it is about and what was done, for the
    // supervision of complaints across halls (never the visitor's contact or words: the event
    // does not carry them).
    case 'complaint_entered':
      return { complaint: { ...event.complaint } };
    case 'complaint_followed_up':
      return { complaintId: event.complaintId, action: event.action };
    // 追评: what it follows up and the level; its words stay in the hall, as a complaint's may.
    case 'rating_followed_up':
      return without(event, 'type', 'at', 'text');
    // The supervision loop with the region: its instruction received, and the admin's answer
    // (written for the region) with the code of the admin who gave it.
    case 'instruction_received':
    case 'instruction_answered':
      return without(event, 'type', 'at');
    // The hall's own housekeeping: devices, staff logins and the calls for help (帮办代办; a
    // ticket's mark crosses with the ticket) stay in the hall.
    case 'device_renamed':
    case 'device_unpaired':
    case 'staff_pin_reset':
    case 'staff_unlocked':
    case 'platform_upload_resent':
    case 'booking_changed':
    case 'outbox_resent':
    case 'assist_requested':
    case 'assist_answered':
    case 'assist_closed':
      return {};
    default:
      return unknownEvent(event);
  }
}

/**
 * The hall's configuration as it crosses at the head of a history (`LinkBatch.config`): what a
 * `config_changed` event carries of it, whole (names, hours and policy; no PIN is ever in it).
 */
export function linkConfigOf(config: HallConfig): Body {
  return bodyOf({ type: 'config_changed', config, at: 0 }, { withholdComplaintTexts: false })
    .config as Body;
}

function unknownEvent(event: never): never {
  throw new Error(`no decision on what of ${(event as { type: string }).type} crosses the link`);
}

/** A copy of `value` without `keys`. */
function without<T extends object>(value: T, ...keys: (keyof T & string)[]): Body {
  const copy = { ...(value as object) } as Body;
  for (const key of keys) delete copy[key];
  return copy;
}

function ticketOf(ticket: Ticket, options: CrossingOptions): Body {
  const { appointment, transfers, rating } = ticket;
  return {
    // The status page's token is the visitor's key to their ticket.
    ...without(ticket, 'accessToken'),
    // The slot counts for the figures; the booking code is the visitor's.
    appointment: appointment === null ? null : { slotAt: appointment.slotAt },
    transfers: transfers.map((t) => without(t, 'note')),
    rating: rating === null ? null : ratingOf(rating, options),
  };
}

/** Withheld, the reasons keep only the pad's codes (`slow`, `attitude`...), never free words. */
function reasonsOf(reasons: string[], options: CrossingOptions): string[] {
  return options.withholdComplaintTexts ? reasons.filter(isRatingReason) : [...reasons];
}

function ratingOf(rating: Rating, options: CrossingOptions): Body {
  return { ...rating, reasons: reasonsOf(rating.reasons, options) };
}

function complaintOf(complaint: Complaint, options: CrossingOptions): Body {
  return { ...complaint, reasons: reasonsOf(complaint.reasons, options) };
}
