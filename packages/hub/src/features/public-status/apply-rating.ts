import type {
  PublicRatingAnswer,
  PublicRatingRefusal,
  PublicRatingRequest,
  Ticket,
} from '@onestop/shared';
import type { Hub } from '../../hub.js';
import { followUp } from '../ratings/follow-up.js';
import { rateByQr } from '../ratings/qr-rating.js';

/*
 * A rating (or 追评) taken by the public edge's page, applied by the hub through the same rules
 * as its own QR rating: `rateByQr` and `followUp`, each one transaction, the region's request id
 * as the command id (a request pulled again after a lost answer is answered as the first time).
 */

export async function applyPublicRating(
  hub: Hub,
  request: PublicRatingRequest,
  byKey: ReadonlyMap<string, Ticket>,
): Promise<PublicRatingAnswer> {
  const refuse = (reason: PublicRatingRefusal): PublicRatingAnswer => ({
    requestId: request.id,
    outcome: 'refused',
    reason,
  });
  const ticket = byKey.get(request.key);
  if (ticket === undefined) return refuse('not_found');
  switch (request.kind) {
    case 'rate': {
      const answer = await rateByQr(hub, ticket.accessToken, {
        commandId: request.id,
        score: request.score,
        reasons: request.reasons,
        comment: request.comment,
      });
      if (answer.ok) return { requestId: request.id, outcome: 'accepted' };
      const r = answer.refusal;
      switch (r.code) {
        case 'already_rated':
          return refuse(r.by === 'pad' ? 'rated_on_pad' : 'rated_by_phone');
        case 'rating_not_allowed':
          return refuse('not_rateable');
        case 'unknown_tag':
          return refuse('unknown_tag');
        case 'not_found':
          return refuse('not_found');
        case 'store_busy':
        case 'store_lost':
          return refuse('hall_busy');
      }
      break;
    }
    case 'follow_up': {
      const answer = followUp(hub, ticket.accessToken, {
        commandId: request.id,
        score: request.score,
        text: request.text,
      });
      if (answer.ok) return { requestId: request.id, outcome: 'accepted' };
      const r = answer.refusal;
      switch (r.code) {
        case 'not_found':
        case 'not_rated':
        case 'already_followed_up':
        case 'follow_up_expired':
          return refuse(r.code);
      }
    }
  }
}
