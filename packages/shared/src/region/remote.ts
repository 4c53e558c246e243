import { z } from 'zod';
import { PhoneSchema } from '../protocol/notify.js';
import { RemoteCodeSchema } from '../protocol/remote.js';
import { IdNumberSchema } from '../protocol/schemas.js';

/*
 * Numbers taken from the phone (远程取号; docs/VISITORS.md "Numbers from the phone"). They travel
 * as bookings do: the hub opens every exchange, pulls the visitors' requests down, answers each
 * (a number and its confirmation code, or a refusal) and posts the answers up.
 */

export const REMOTE_PATHS = {
  /** POST (bearer) RemoteOffersPush → `{ ok: true }`: what the hall offers, replacing the last. */
  offers: '/api/link/remote/offers',
  /** GET (bearer) → RemoteRequestsResult: the requests the hall has not answered. */
  requests: '/api/link/remote/requests',
  /** POST (bearer) RemoteAnswers → `{ ok: true }`. */
  answers: '/api/link/remote/answers',
  /** GET → PublicRemoteHalls: the halls that give numbers to phones, and their services. */
  halls: '/api/public/remote/halls',
  /** POST PublicRemoteRequest → `{ token }` (the challenge is booking's, BOOKING_PATHS). */
  request: '/api/public/remote',
  /** GET `/public/r/<token>`: the request's page, the hall's answer once it came. */
  page: '/public/r',
} as const;

export const REMOTE_LIMITS = {
  /** Requests one pull brings down. */
  maxRequests: 100,
} as const;

const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);

/**
 * A request as the hub pulls it: with the ID number the visitor typed (optional), which the hub
 * only hashes for the ticket (features/visitor-ids) so a card at the kiosk confirms it.
 */
export const RemoteRequestSchema = z.strictObject({
  id,
  serviceId: id,
  phone: PhoneSchema,
  idNumber: IdNumberSchema.optional(),
});
export type RemoteRequest = z.infer<typeof RemoteRequestSchema>;

export const RemoteRequestsResultSchema = z.strictObject({
  requests: z.array(RemoteRequestSchema).max(REMOTE_LIMITS.maxRequests),
});

/**
 * Why the hall refused a remote number: the service is not offered from the phone (or remote
 * numbers are off), it is outside its hours (or no business day is open), its quota is reached,
 * this phone took its numbers for the day, or the person of the ID number given took the
 * tickets the hall allows a person (`hall.idLimit`).
 */
export const REMOTE_REFUSALS = [
  'not_offered',
  'closed',
  'quota',
  'phone_limit',
  'id_limit',
] as const;
export type RemoteRefusal = (typeof REMOTE_REFUSALS)[number];

export const RemoteAnswerSchema = z.discriminatedUnion('outcome', [
  z.strictObject({
    requestId: id,
    outcome: z.literal('issued'),
    number: z.string().regex(/^[A-Z]{1,2}[0-9]{3,5}$/),
    code: RemoteCodeSchema,
    serviceId: id,
    /** Waiting tickets ahead of it when it was issued. */
    peopleAhead: z.int().min(0).max(100_000),
    /** The hall's minutes to confirm once first in line. */
    confirmWithinMinutes: z.int().min(1).max(240),
    /** The hall recorded the ID number given with the request: a card at the kiosk confirms it. */
    byIdCard: z.literal(true).optional(),
    /**
     * The ticket's token for its page on the public edge (`/public/t/<hall>/<token>`), when the
     * hall has `hall.publicStatus`; added by the link, not kept with the answer.
     */
    statusToken: z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,128}$/)
      .optional(),
  }),
  z.strictObject({ requestId: id, outcome: z.literal('refused'), reason: z.enum(REMOTE_REFUSALS) }),
]);
export type RemoteAnswer = z.infer<typeof RemoteAnswerSchema>;

export const RemoteAnswersSchema = z.strictObject({
  answers: z.array(RemoteAnswerSchema).max(REMOTE_LIMITS.maxRequests),
});

/** A service's opening hours as the page shows them (the hall's `hours` rules; none: all day). */
export const RemoteHoursSchema = z.strictObject({
  days: z.array(z.int().min(1).max(7)).min(1).max(7),
  open: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  close: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/),
});
export type RemoteHours = z.infer<typeof RemoteHoursSchema>;

const words = z.strictObject({ zh: z.string().min(1).max(100), en: z.string().min(1).max(100) });

/**
 * What the hall offers to phones, pushed by its hub when it changes: the services a number can
 * be taken for and their hours, the minutes to confirm, whether the ticket has a public page.
 * No service: the hall gives no numbers to phones now (the page leaves it out).
 */
export const RemoteOffersPushSchema = z.strictObject({
  timezone: z.string().min(1).max(64),
  confirmWithinMinutes: z.int().min(1).max(240),
  services: z
    .array(z.strictObject({ id, name: words, hours: z.array(RemoteHoursSchema).max(14) }))
    .max(200),
});
export type RemoteOffersPush = z.infer<typeof RemoteOffersPushSchema>;

/** The public page's list: each hall giving numbers to phones with what it offers. */
export type PublicRemoteHall = RemoteOffersPush & { hallId: string; name: string };
export interface PublicRemoteHalls {
  halls: PublicRemoteHall[];
}

/**
 * A visitor's request on the page: the hall, the service, the phone, the small sum, and the ID
 * number if the visitor wants to confirm with the card at the kiosk (kept until the hall answers).
 */
export const PublicRemoteRequestSchema = z.strictObject({
  hallId: id,
  serviceId: id,
  phone: PhoneSchema,
  idNumber: IdNumberSchema.optional(),
  challengeId: id,
  challengeAnswer: z.string().max(8),
});
export type PublicRemoteRequest = z.infer<typeof PublicRemoteRequestSchema>;

/** A request's page key (in its address only; the region keeps its SHA-256, the request id). */
export const RemoteTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{32,64}$/);

/** Why the region refused a request on the page (the hall's refusals are REMOTE_REFUSALS). */
export type PublicRemoteError =
  'challenge_failed' | 'phone_pending' | 'not_offered' | 'invalid_message' | 'rate_limited';
