import {
  ratingRefusal,
  ratingTagsFor,
  TEXTS,
  type I18nText,
  type QrRating,
  type RatingChannel,
} from '@onestop/shared';
import type { Hub } from '../../hub.js';
import { findTicketByToken } from '../ticket-status/ticket-status.js';

/*
 * 好差评 by QR code: the visitor rates a finished service step on the phone, from the ticket's
 * status page (`POST /t/<token>/rate`). The token is the ticket's own key, so a page rates only
 * its own ticket. The hub decides it like the pad's rating (the engine's `rate`, channel `qr`):
 * one rating per step whichever channel comes first, decided and committed in one transaction.
 */

/** Why a rating from the phone was refused: the code, both languages, and what else it needs. */
export type QrRatingRefusal =
  | { status: 404; code: 'not_found'; text: I18nText }
  | { status: 409; code: 'already_rated'; by: RatingChannel; text: I18nText }
  | { status: 409; code: 'rating_not_allowed'; text: I18nText }
  | { status: 400; code: 'unknown_tag'; tag: string; text: I18nText }
  | { status: 503; code: 'store_busy' | 'store_lost'; text: I18nText };

export type QrRatingAnswer =
  | { ok: true; rating: { score: number; channel: 'qr'; step: string } }
  | { ok: false; refusal: QrRatingRefusal };

const refused = (refusal: QrRatingRefusal): QrRatingAnswer => ({ ok: false, refusal });

/** Rates the last finished step of the ticket whose status page is `token`. */
export async function rateByQr(hub: Hub, token: string, body: QrRating): Promise<QrRatingAnswer> {
  const ticket = findTicketByToken(hub.current, token);
  if (ticket === null) {
    return refused({ status: 404, code: 'not_found', text: TEXTS['status.notFound'] });
  }
  // The phone offers the hall's tags for the level; nothing else is taken from the public.
  const offered = new Set(ratingTagsFor(hub.config, body.score).map((tag) => tag.id));
  const unknown = body.reasons.find((reason) => !offered.has(reason));
  if (unknown !== undefined) {
    return refused({
      status: 400,
      code: 'unknown_tag',
      tag: unknown,
      text: TEXTS['ratings.unknownTag'],
    });
  }
  const outcome = await hub.submit(
    { kind: 'visitor', ticketId: ticket.id },
    `visitor:${ticket.id}`,
    body.commandId,
    {
      type: 'rate',
      ticketId: ticket.id,
      score: body.score,
      reasons: [...new Set(body.reasons)],
      channel: 'qr',
      ...(body.comment.trim() === '' ? {} : { comment: body.comment.trim() }),
    },
  );
  if (outcome.ok) {
    const rated = hub.current.tickets.get(ticket.id)?.rating;
    return {
      ok: true,
      rating: { score: body.score, channel: 'qr', step: rated?.serviceId ?? ticket.serviceId },
    };
  }
  switch (outcome.error.code) {
    case 'already_rated': {
      const now = hub.current.tickets.get(ticket.id) ?? ticket;
      const why = ratingRefusal(now, 'qr');
      const by = why?.code === 'already_rated' ? why.by : 'qr';
      return refused({
        status: 409,
        code: 'already_rated',
        by,
        text: TEXTS[`ratings.alreadyRated.${by}`],
      });
    }
    case 'store_busy':
    case 'store_lost':
      return refused({ status: 503, code: outcome.error.code, text: TEXTS['status.rate.failed'] });
    default:
      // No finished step to rate: still waiting or being served, another day, a closed day.
      return refused({
        status: 409,
        code: 'rating_not_allowed',
        text: TEXTS['ratings.notRateable'],
      });
  }
}
