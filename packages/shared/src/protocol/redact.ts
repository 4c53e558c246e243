import type { SequencedEvent } from '../domain/events.js';
import type { HallConfig, Ticket } from '../domain/types.js';
import type { Role } from './roles.js';
import type { EventBatch, StateSnapshot } from './sync.js';

/*
 * What each role may see, in one place. Redacted values keep their types (an empty token, a
 * masked code, no reasons), so every client folds redacted events with the engine's `apply`.
 * Nothing here changes its input: the hub keeps the originals.
 */

/** Stands in for an appointment's booking code outside the admin console. */
export const MASKED_CODE = '***';

/** Clerks' notes may name the visitor or their papers: only staff screens show them. */
function seesNotes(role: Role): boolean {
  switch (role) {
    case 'window':
    case 'admin':
      return true;
    case 'kiosk':
    case 'rate':
    case 'display':
      return false;
  }
}

/** 帮办代办: the kiosks that call and the staff screens that answer see the calls for help. */
function seesAssists(role: Role): boolean {
  switch (role) {
    case 'kiosk':
    case 'window':
    case 'admin':
      return true;
    case 'rate':
    case 'display':
      return false;
  }
}

/**
 * The ticket as `role` sees it. The access token (the key of the visitor's status page) goes
 * to no role: the issuing kiosk gets it in its command result, never through here.
 */
export function redactTicketFor(role: Role, ticket: Ticket): Ticket {
  const admin = role === 'admin';
  const notes = seesNotes(role);
  return {
    ...ticket,
    accessToken: '',
    appointment:
      ticket.appointment && !admin
        ? { ...ticket.appointment, code: MASKED_CODE }
        : ticket.appointment,
    rating: ticket.rating && !admin ? { ...ticket.rating, reasons: [] } : ticket.rating,
    transfers: notes ? ticket.transfers : ticket.transfers.map((t) => ({ ...t, note: '' })),
  };
}

/** The event as `role` sees it, or null when the role does not get it at all. */
export function redactEventFor(role: Role, event: SequencedEvent): SequencedEvent | null {
  switch (event.type) {
    case 'ticket_issued':
      return { ...event, ticket: redactTicketFor(role, event.ticket) };
    case 'rating_recorded':
      return role === 'admin' ? event : { ...event, rating: { ...event.rating, reasons: [] } };
    case 'complaint_opened':
    case 'device_renamed':
    case 'device_unpaired':
    case 'staff_pin_reset':
    case 'complaint_entered':
    case 'complaint_followed_up':
    case 'staff_unlocked':
    case 'instruction_received':
    case 'instruction_answered':
    case 'platform_upload_resent':
    case 'rating_followed_up':
    case 'booking_changed':
    case 'outbox_resent':
      return role === 'admin' ? event : null;
    case 'assist_requested':
    case 'assist_answered':
    case 'assist_closed':
      return seesAssists(role) ? event : null;
    case 'config_changed':
      return { ...event, config: redactConfigFor(role, event.config) };
    case 'ticket_transferred':
    case 'ticket_parked':
      return seesNotes(role) ? event : { ...event, note: '' };
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
    case 'remote_confirmed':
    case 'remote_at_head':
    case 'ticket_expired':
    case 'window_opened':
    case 'window_paused':
    case 'window_resumed':
    case 'window_closed':
      return event;
  }
}

/** A batch as `role` sees it: left-out events keep their place in the range, so it shows no gap. */
export function redactBatchFor(role: Role, batch: EventBatch): EventBatch {
  const events: SequencedEvent[] = [];
  for (const event of batch.events) {
    const seen = redactEventFor(role, event);
    if (seen) events.push(seen);
  }
  return { from: batch.from, to: batch.to, events };
}

/**
 * The hall's configuration as `role` sees it. Staff entries are rebuilt field by field, so a
 * credential that rode along on a config object at run time can never leave the hub.
 */
export function redactConfigFor(_role: Role, config: HallConfig): HallConfig {
  return {
    ...config,
    staff: config.staff.map(({ code, name, role, active }) => ({ code, name, role, active })),
  };
}

export function redactSnapshotFor(role: Role, snapshot: StateSnapshot): StateSnapshot {
  return {
    ...snapshot,
    config: redactConfigFor(role, snapshot.config),
    tickets: snapshot.tickets.map((t) => redactTicketFor(role, t)),
    complaints: role === 'admin' ? snapshot.complaints : [],
    assists: seesAssists(role) ? (snapshot.assists ?? []) : [],
  };
}
