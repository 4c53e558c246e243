import { createHash } from 'node:crypto';
import {
  peopleAhead,
  ratingRefusal,
  ratingTagsOf,
  type HallState,
  type PublicStatusPush,
  type PublicTicket,
  type Ticket,
} from '@onestop/shared';
import type { Hub } from '../../hub.js';
import { followUpView } from '../ratings/follow-up.js';
import { stepViews } from '../ticket-status/ticket-status.js';

/*
 * What the public edge's status page shows of a ticket: its number, service, status, people
 * ahead, window, steps and whether it may be rated or followed up. Keyed by the SHA-256 of the
 * ticket's token; nothing of the visitor (no name, no phone, no ID, not the token itself).
 */

/** The key of a ticket on the public edge: the SHA-256 (hex) of its status token. */
export const ticketKey = (accessToken: string): string =>
  createHash('sha256').update(accessToken).digest('hex');

export function publicTicket(
  hub: Hub,
  state: Readonly<HallState>,
  ticket: Ticket,
  key: string,
): PublicTicket {
  const serviceId = ticket.queueServiceIds[0] ?? ticket.currentServiceId ?? ticket.serviceId;
  const service = state.config.services.find((s) => s.id === serviceId)?.name;
  const visit = (state.config.combinedVisits ?? []).find(
    (v) => JSON.stringify(v.steps) === JSON.stringify(ticket.itinerary),
  );
  const atWindow = ticket.status === 'called' || ticket.status === 'serving';
  const why = ratingRefusal(ticket, 'qr');
  const rateable = why === null;
  const steps = ticket.itinerary.length > 1 ? stepViews(state, ticket) : [];
  const lastDone = steps.map((s) => s.state).lastIndexOf('done');
  return {
    key,
    number: ticket.number,
    service: visit?.name ?? service ?? { zh: serviceId, en: serviceId },
    status: ticket.status,
    ahead: ticket.status === 'waiting' ? (peopleAhead(state, ticket.id) ?? 0) : null,
    window: atWindow
      ? (state.config.windows.find((w) => w.id === ticket.windowId)?.number ?? null)
      : null,
    steps: steps.map((s, i) => ({
      text: s.text,
      state: s.state,
      rateable: rateable && i === lastDone,
    })),
    rateable,
    ratedBy: why?.code === 'already_rated' ? why.by : null,
    followUp: ticket.rating === null ? null : (followUpView(hub, ticket)?.state ?? null),
  };
}

/** The hall's name and rating tags, as the page shows them. */
export function publicHall(state: Readonly<HallState>): Pick<PublicStatusPush, 'hall' | 'tags'> {
  return {
    hall: state.config.hall.name,
    tags: ratingTagsOf(state.config).map((tag) => ({
      id: tag.id,
      name: tag.name,
      scores: [...tag.scores],
    })),
  };
}
