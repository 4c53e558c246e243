import { z } from 'zod';
import { PhoneSchema } from '../protocol/notify.js';
import { RemoteCodeSchema } from '../protocol/remote.js';

/*
 * Numbers taken from the phone (远程取号; docs/VISITORS.md "Numbers from the phone"). They travel
 * as bookings do: the hub opens every exchange, pulls the visitors' requests down, answers each
 * (a number and its confirmation code, or a refusal) and posts the answers up.
 */

export const REMOTE_PATHS = {
  /** GET (bearer) → RemoteRequestsResult: the requests the hall has not answered. */
  requests: '/api/link/remote/requests',
  /** POST (bearer) RemoteAnswers → `{ ok: true }`. */
  answers: '/api/link/remote/answers',
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

export const RemoteRequestSchema = z.strictObject({ id, serviceId: id, phone: PhoneSchema });
export type RemoteRequest = z.infer<typeof RemoteRequestSchema>;

export const RemoteRequestsResultSchema = z.strictObject({
  requests: z.array(RemoteRequestSchema).max(REMOTE_LIMITS.maxRequests),
});

/**
 * Why the hall refused a remote number: the service is not offered from the phone (or remote
 * numbers are off), it is outside its hours (or no business day is open), its quota is reached,
 * or this phone took its numbers for the day.
 */
export const REMOTE_REFUSALS = ['not_offered', 'closed', 'quota', 'phone_limit'] as const;
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
  }),
  z.strictObject({ requestId: id, outcome: z.literal('refused'), reason: z.enum(REMOTE_REFUSALS) }),
]);
export type RemoteAnswer = z.infer<typeof RemoteAnswerSchema>;

export const RemoteAnswersSchema = z.strictObject({
  answers: z.array(RemoteAnswerSchema).max(REMOTE_LIMITS.maxRequests),
});
