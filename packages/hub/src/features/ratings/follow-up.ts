import {
  businessDayOf,
  DEFAULT_FOLLOW_UP_DAYS,
  t,
  TEXTS,
  type HallConfig,
  type I18nText,
  type Millis,
  type QrFollowUp,
  type Ticket,
} from '@onestop/shared';
import type { Hub } from '../../hub.js';
import type { FollowUpEvent } from '../../store/index.js';
import { followUpRecord } from '../platform-upload/records.js';
import { findTicketByToken, type FollowUpView } from '../ticket-status/ticket-status.js';

/*
 * 追评: within the hall's `followUpDays` of a rating, the visitor adds ONE follow-up to it from the
 * ticket's status page (`POST /t/<token>/follow-up`): words, and a new level or none. It is kept
 * as a `rating_followed_up` event (the console lists them, the report counts them). The rating
 * may be of an earlier day: the ticket is then found among the stored tickets of the period.
 */

const DAY_MS = 86_400_000;

export function followUpDaysOf(config: HallConfig): number {
  return config.hall.policy.followUpDays ?? DEFAULT_FOLLOW_UP_DAYS;
}

export type FollowUpRefusal =
  | { status: 404; code: 'not_found'; text: I18nText }
  | {
      status: 409;
      code: 'not_rated' | 'already_followed_up' | 'follow_up_expired';
      text: I18nText;
    };

export type FollowUpAnswer = { ok: true; at: Millis } | { ok: false; refusal: FollowUpRefusal };

/** Where a ticket's rating stands for a follow-up: none, open until `until`, made, or over. */
export type FollowUpState =
  | { kind: 'none' }
  | { kind: 'open'; until: Millis; days: number }
  | { kind: 'made'; followUp: FollowUpEvent }
  | { kind: 'expired'; days: number };

/** A ticket of today (in memory) or of the follow-up period (stored), by its status page's key. */
export function ticketForFollowUp(hub: Hub, token: string): Ticket | null {
  const today = findTicketByToken(hub.current, token);
  if (today !== null) return today;
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const since = businessDayOf(
    hub.now() - followUpDaysOf(hub.config) * DAY_MS - DAY_MS,
    hub.config.hall.timezone,
  );
  return hub.store.ratingFollowUps.ticketByToken(token, since);
}

export function followUpState(hub: Hub, ticket: Ticket): FollowUpState {
  const rating = ticket.rating;
  if (rating === null || rating.score === null) return { kind: 'none' };
  const days = followUpDaysOf(hub.config);
  const made = hub.store.ratingFollowUps.ofTicket(ticket.id, rating.at);
  if (made !== null) return { kind: 'made', followUp: made };
  const until = rating.at + days * DAY_MS;
  return hub.now() < until ? { kind: 'open', until, days } : { kind: 'expired', days };
}

/** What the status page shows of it: null while the ticket has no rating to follow up. */
export function followUpView(hub: Hub, ticket: Ticket): FollowUpView | null {
  const state = followUpState(hub, ticket);
  switch (state.kind) {
    case 'none':
      return null;
    case 'open':
    case 'expired':
      return { state: state.kind, days: state.days };
    case 'made':
      return { state: 'made', days: followUpDaysOf(hub.config) };
  }
}

const refused = (refusal: FollowUpRefusal): FollowUpAnswer => ({ ok: false, refusal });

/** Adds the visitor's follow-up to the rating of the ticket whose status page is `token`. */
export function followUp(hub: Hub, token: string, body: QrFollowUp): FollowUpAnswer {
  const ticket = ticketForFollowUp(hub, token);
  if (ticket === null) {
    return refused({ status: 404, code: 'not_found', text: TEXTS['status.notFound'] });
  }
  // The hub is the one writer: nothing is committed between this look and the record below.
  const state = followUpState(hub, ticket);
  switch (state.kind) {
    case 'none':
      return refused({ status: 409, code: 'not_rated', text: TEXTS['ratings.followUp.notRated'] });
    case 'made':
      return refused({
        status: 409,
        code: 'already_followed_up',
        text: TEXTS['ratings.followUp.twice'],
      });
    case 'expired': {
      const params = { days: state.days };
      const text = {
        zh: t('ratings.followUp.expired', 'zh', params),
        en: t('ratings.followUp.expired', 'en', params),
      };
      return refused({ status: 409, code: 'follow_up_expired', text });
    }
    case 'open':
      break;
  }
  const rating = ticket.rating;
  if (rating === null)
    return refused({ status: 409, code: 'not_rated', text: TEXTS['ratings.followUp.notRated'] });
  const { events } = hub.record(
    { kind: 'visitor', ticketId: ticket.id },
    `visitor:${ticket.id}`,
    body.commandId,
    () => {
      const text = body.text.trim();
      // In the same transaction: the platform hears of the follow-up exactly when it is kept.
      const upload = followUpRecord(hub.config, hub.store.hallId(), ticket.id, rating, {
        at: hub.now(),
        text,
      });
      if (upload !== null) hub.store.platformUpload.add([upload], hub.now());
      return {
        events: [
          {
            type: 'rating_followed_up',
            ticketId: ticket.id,
            businessDay: ticket.businessDay,
            serviceId: rating.serviceId,
            windowId: rating.windowId,
            staffCode: rating.staffCode,
            score: body.score,
            text,
          },
        ],
        result: {},
      };
    },
  );
  return { ok: true, at: events[0]?.at ?? hub.now() };
}
