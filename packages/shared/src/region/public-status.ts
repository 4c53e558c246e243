import { z } from 'zod';
import { TICKET_STATUSES, RATING_CHANNELS } from '../domain/types.js';
import { LIMITS } from '../protocol/limits.js';

/*
 * The ticket's status and rating on the public edge (docs/REGION.md "The public edge",
 * docs/VISITORS.md "The ticket's QR on any phone"). The hub pushes, through its one outgoing
 * link, what the status page needs of each ticket of the day, keyed by the SHA-256 of the
 * ticket's status token (never the token, never a name or a phone); it pulls the ratings and
 * follow-ups (追评) the page took and answers each. The region drops a hall's tickets at its day
 * close (the hub's push says which are gone).
 */

export const PUBLIC_STATUS_PATHS = {
  /** POST (bearer) PublicStatusPush → `{ ok: true }`. */
  push: '/api/link/public-status',
  /** GET (bearer) → PublicRatingRequests: the ratings the hall has not answered. */
  ratings: '/api/link/public-status/ratings',
  /** POST (bearer) PublicRatingAnswers → `{ ok: true }`. */
  answers: '/api/link/public-status/answers',
  /** The page: GET `/public/t/<hall>/<token>`, POST `…/rate` and `…/follow-up` (forms). */
  page: '/public/t',
} as const;

export const PUBLIC_STATUS_LIMITS = {
  /** Tickets changed per push; more wait for the next round. */
  maxTickets: 500,
  /** Tickets gone (the day closed) per push. */
  maxGone: 2000,
  /** Ratings handed to the hall per pull. */
  maxRatings: 100,
} as const;

/** The SHA-256 (hex) of a ticket's status token. */
export const TicketKeySchema = z.string().regex(/^[0-9a-f]{64}$/);

const words = z.strictObject({ zh: z.string().max(200), en: z.string().max(200) });
const score = z.literal([1, 2, 3, 4, 5]);

export const PublicTicketStepSchema = z.strictObject({
  text: words,
  state: z.enum(['done', 'current', 'next']),
  /** The step the phone may rate now (the last finished one, not yet rated). */
  rateable: z.boolean(),
});

export const PublicTicketSchema = z.strictObject({
  key: TicketKeySchema,
  number: z.string().min(1).max(20),
  service: words,
  status: z.enum(TICKET_STATUSES),
  /** Waiting only: people ahead. */
  ahead: z.int().min(0).max(100_000).nullable(),
  /** Called or being served: the window's number. */
  window: z.int().min(0).max(100_000).nullable(),
  steps: z.array(PublicTicketStepSchema).max(20),
  rateable: z.boolean(),
  /** Rated already, and where (pad or phone). */
  ratedBy: z.enum(RATING_CHANNELS).nullable(),
  /** 追评: may be added now, was added, or its days are over; null: no rating yet. */
  followUp: z.enum(['open', 'made', 'expired']).nullable(),
});
export type PublicTicket = z.infer<typeof PublicTicketSchema>;

export const PublicRateTagSchema = z.strictObject({
  id: z.string().min(1).max(64),
  name: words,
  scores: z.array(score).max(5),
});

export const PublicStatusPushSchema = z.strictObject({
  /** Replace every ticket of the hall the region holds (the hub's first push after it starts). */
  full: z.boolean(),
  hall: words,
  tags: z.array(PublicRateTagSchema).max(50),
  tickets: z.array(PublicTicketSchema).max(PUBLIC_STATUS_LIMITS.maxTickets),
  /** Tickets the hall no longer has (its day closed): dropped with their ratings. */
  gone: z.array(TicketKeySchema).max(PUBLIC_STATUS_LIMITS.maxGone),
});
export type PublicStatusPush = z.infer<typeof PublicStatusPushSchema>;

const requestId = z.string().regex(/^PR-[0-9a-f]{24}$/);

export const PublicRatingRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    id: requestId,
    kind: z.literal('rate'),
    key: TicketKeySchema,
    score,
    reasons: z.array(z.string().min(1).max(64)).max(LIMITS.ratingMaxReasons),
    comment: z.string().max(LIMITS.ratingCommentMaxLength),
  }),
  z.strictObject({
    id: requestId,
    kind: z.literal('follow_up'),
    key: TicketKeySchema,
    score: score.nullable(),
    text: z.string().min(1).max(LIMITS.ratingCommentMaxLength),
  }),
]);
export type PublicRatingRequest = z.infer<typeof PublicRatingRequestSchema>;

export const PublicRatingRequestsSchema = z.strictObject({
  ratings: z.array(PublicRatingRequestSchema).max(PUBLIC_STATUS_LIMITS.maxRatings),
});

/** Why the hall refused a rating from the page; the page says it in words (i18n `edge.refused.*`). */
export const PUBLIC_RATING_REFUSALS = [
  'not_found',
  'rated_on_pad',
  'rated_by_phone',
  'not_rateable',
  'unknown_tag',
  'not_rated',
  'already_followed_up',
  'follow_up_expired',
  'hall_busy',
] as const;
export type PublicRatingRefusal = (typeof PUBLIC_RATING_REFUSALS)[number];

export const PublicRatingAnswerSchema = z.discriminatedUnion('outcome', [
  z.strictObject({ requestId, outcome: z.literal('accepted') }),
  z.strictObject({
    requestId,
    outcome: z.literal('refused'),
    reason: z.enum(PUBLIC_RATING_REFUSALS),
  }),
]);
export type PublicRatingAnswer = z.infer<typeof PublicRatingAnswerSchema>;

export const PublicRatingAnswersSchema = z.strictObject({
  answers: z.array(PublicRatingAnswerSchema).max(PUBLIC_STATUS_LIMITS.maxRatings),
});

/** The hall's setting (`hall.publicStatus`): the region's public address and the hall there. */
export const HallPublicStatusSchema = z.strictObject({
  /** https://… (http:// on a test bench): the region or relay's address, no / at the end. */
  baseUrl: z
    .string()
    .max(200)
    .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*[^\s?#/])?$/, 'an http(s) address, no / at the end'),
  hallId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
});
export type HallPublicStatus = z.infer<typeof HallPublicStatusSchema>;

/** The address of a ticket's status page: on the public edge when the hall has one. */
export function ticketStatusUrl(
  hubOrigin: string,
  accessToken: string,
  edge: HallPublicStatus | undefined,
): string {
  const token = encodeURIComponent(accessToken);
  if (edge !== undefined) {
    return `${edge.baseUrl}${PUBLIC_STATUS_PATHS.page}/${encodeURIComponent(edge.hallId)}/${token}`;
  }
  return `${hubOrigin.replace(/\/+$/, '')}/t/${token}`;
}
