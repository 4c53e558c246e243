import { z } from 'zod';
import { PhoneSchema } from '../protocol/notify.js';
import { LIMITS } from '../protocol/limits.js';
import { IdNumberSchema } from '../protocol/schemas.js';

/*
 * Booking from the phone (docs/REGION.md "The public edge", docs/VISITORS.md "Booking online").
 *
 * The hub stays on the hall's LAN and opens every exchange: it pushes its open slots up (per
 * service, per slot, what is left), pulls the visitors' requests down, decides each in one
 * SQLite transaction against the slot's capacity and posts its answers up. The region serves
 * the public page, keeps each request until the hall has answered it, and then forgets the
 * visitor's phone number. Every booking is known to the visitor by one unguessable token (made
 * by the region, shown once); the hub keeps only its SHA-256.
 */

export const BOOKING_PATHS = {
  /** POST (bearer) BookingSlotsPush → `{ ok: true }`: the hall's open slots, replacing the last. */
  slots: '/api/link/booking/slots',
  /** GET (bearer) → BookingRequestsResult: the requests the hall has not answered. */
  requests: '/api/link/booking/requests',
  /** POST (bearer) BookingAnswers → `{ ok: true }`. */
  answers: '/api/link/booking/answers',
  /** GET → PublicBookingHalls: every hall's services and open slots. */
  halls: '/api/public/booking/halls',
  /** GET → BookingChallenge: a small sum to work out before booking. */
  challenge: '/api/public/booking/challenge',
  /** POST PublicBookRequest → `{ token }`. */
  book: '/api/public/booking',
  /** GET ?token=… → PublicBookingStatus. */
  status: '/api/public/booking/status',
  /** POST PublicManageRequest → `{ ok: true }`: cancel or move, by the booking's token. */
  manage: '/api/public/booking/manage',
} as const;

export const BOOKING_LIMITS = {
  /** Slots one push may carry (services × days × slots). */
  maxSlots: 20_000,
  maxServices: 200,
  /** Requests one pull brings down. */
  maxRequests: 100,
  /** Online bookings still to come that one phone may hold in one hall. */
  perPhoneActive: 2,
} as const;

const millis = z.int().min(0).max(LIMITS.maxInteger);
const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);
const name = z.strictObject({ zh: z.string().min(1).max(100), en: z.string().min(1).max(100) });
/** A booking's token as the visitor holds it (43 characters of base64url, 256 bits). */
export const BookingTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const tokenHash = z.string().regex(/^[0-9a-f]{64}$/);

export const BookingSlotSchema = z.strictObject({
  serviceId: id,
  /** The slot's start. */
  at: millis,
  /** Places left in the slot (0: full, still shown). */
  remaining: z.int().min(0).max(1000),
});
export type BookingSlot = z.infer<typeof BookingSlotSchema>;

export const BookingSlotsPushSchema = z.strictObject({
  timezone: z.string().min(1).max(64),
  slotMinutes: z.int().min(5).max(240),
  services: z.array(z.strictObject({ id, name })).max(BOOKING_LIMITS.maxServices),
  slots: z.array(BookingSlotSchema).max(BOOKING_LIMITS.maxSlots),
});
export type BookingSlotsPush = z.infer<typeof BookingSlotsPushSchema>;

export const BookingRequestSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    id,
    kind: z.literal('book'),
    tokenHash,
    serviceId: id,
    slotAt: millis,
    phone: PhoneSchema,
    /** The ID number the visitor typed (optional): the hub keeps only its HMAC (check-in by card). */
    idNumber: IdNumberSchema.optional(),
  }),
  z.strictObject({ id, kind: z.literal('cancel'), tokenHash }),
  z.strictObject({ id, kind: z.literal('move'), tokenHash, slotAt: millis }),
]);
export type BookingRequest = z.infer<typeof BookingRequestSchema>;

export const BookingRequestsResultSchema = z.strictObject({
  requests: z.array(BookingRequestSchema).max(BOOKING_LIMITS.maxRequests),
});
export type BookingRequestsResult = z.infer<typeof BookingRequestsResultSchema>;

/** Why the hall refused a request. */
export const BOOKING_REFUSALS = [
  'full',
  'closed',
  'phone_limit',
  'unknown_booking',
  'checked_in',
  'cancelled',
] as const;
export type BookingRefusal = (typeof BOOKING_REFUSALS)[number];

export const BookingAnswerSchema = z.discriminatedUnion('outcome', [
  z.strictObject({
    requestId: id,
    outcome: z.literal('accepted'),
    /** The booking after the request: its code, service and slot (a cancel keeps the last). */
    code: z.string().regex(/^[0-9]{4,8}$/),
    serviceId: id,
    slotAt: millis,
  }),
  z.strictObject({
    requestId: id,
    outcome: z.literal('refused'),
    reason: z.enum(BOOKING_REFUSALS),
  }),
]);
export type BookingAnswer = z.infer<typeof BookingAnswerSchema>;

export const BookingAnswersSchema = z.strictObject({
  answers: z.array(BookingAnswerSchema).max(BOOKING_LIMITS.maxRequests),
});
export type BookingAnswers = z.infer<typeof BookingAnswersSchema>;

/** What the public page reads: every hall that offers booking. */
export interface PublicBookingHall {
  hallId: string;
  name: string;
  timezone: string;
  slotMinutes: number;
  services: { id: string; name: { zh: string; en: string } }[];
  slots: BookingSlot[];
}
export interface PublicBookingHalls {
  halls: PublicBookingHall[];
}

export interface BookingChallenge {
  id: string;
  /** The sum to work out, e.g. `3 + 4`. */
  question: string;
}

export const PublicBookRequestSchema = z.strictObject({
  hallId: id,
  serviceId: id,
  slotAt: millis,
  phone: PhoneSchema,
  /** Optional: to check in with the ID card at the kiosk; kept until the hall answers. */
  idNumber: IdNumberSchema.optional(),
  challengeId: id,
  challengeAnswer: z.string().max(8),
});
export type PublicBookRequest = z.infer<typeof PublicBookRequestSchema>;

export const PublicManageRequestSchema = z.discriminatedUnion('action', [
  z.strictObject({ token: BookingTokenSchema, action: z.literal('cancel') }),
  z.strictObject({ token: BookingTokenSchema, action: z.literal('move'), slotAt: millis }),
]);
export type PublicManageRequest = z.infer<typeof PublicManageRequestSchema>;

/** A booking as its visitor sees it: `pending` until the hall has answered its last request. */
export interface PublicBookingStatus {
  state: 'pending' | 'booked' | 'refused' | 'cancelled';
  hallId: string;
  hallName: string;
  serviceId: string;
  serviceName: { zh: string; en: string } | null;
  slotAt: number;
  code: string | null;
  /** Why the last request was refused (a move refused leaves the booking as it was). */
  refusal: BookingRefusal | null;
}

/** Refusals of the public routes, as `{ error: { code } }`. */
export type PublicBookingError =
  | 'challenge_failed'
  | 'phone_pending'
  | 'no_such_slot'
  | 'not_found'
  | 'invalid_message'
  | 'rate_limited';
