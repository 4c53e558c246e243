import { z } from 'zod';
import { util } from 'zod/v4/core';
import { LIMITS } from '../protocol/limits.js';
import { plainText } from '../protocol/plain-text.js';

/*
 * The hall link: how a hub streams its committed events to the region (docs/REGION.md).
 *
 * One outgoing HTTPS link per hall, opened by the hub, never by the region. The hub trades a
 * one-time code (`onestop-region add-hall`) for a bearer token, asks where the region stands for
 * its current history, and then sends its log in sequence order, in batches. The region answers
 * a batch only after its COMMIT, with the last sequence it holds for that (hall, history); the
 * hub keeps that number and resumes from it after any restart or outage. A batch that repeats
 * events the region already holds changes nothing; a batch that leaves a gap is refused
 * (`gap`) and the hub starts again from the region's position.
 *
 * Events are named by (hall, history, seq). A history begins at setup and at every restore of
 * a backup; a history the region has not seen starts at position 0, so the hub sends its whole
 * log under the new history and the region rebuilds that hall's figures from it (the old
 * branch stays for the audit).
 *
 * Every body below is parsed by the receiving side from `unknown`.
 */

/** The paths the region serves for the link (all POST/GET JSON, under the region's origin). */
export const LINK_PATHS = {
  /** POST LinkPairRequest → LinkPairResult. No token: the one-time code is the credential. */
  pair: '/api/link/pair',
  /** GET (bearer) ?history=ID → LinkPosition. */
  position: '/api/link/position',
  /** POST (bearer) LinkBatch → LinkBatchResult. */
  batch: '/api/link/batch',
  /**
   * GET (bearer) ?history=ID&last=SEQ → LinkInstructionsResult: the region's supervision
   * instructions (督办) for the hall that the hall's stream does not yet show received; the
   * query tells the region the hub's newest sequence (how far behind the link is).
   */
  instructions: '/api/link/instructions',
} as const;

/** The most events one batch may carry, and its largest body in bytes. */
export const LINK_LIMITS = {
  maxBatchEvents: 500,
  maxBatchBytes: 4 * 1024 * 1024,
  /** A one-time code: 8 to 64 characters of [A-Za-z0-9-]. */
  codeMaxLength: 64,
  tokenMaxLength: 200,
} as const;

const seq = z.int().min(0).max(LIMITS.maxInteger);
const millis = z.int().min(0).max(LIMITS.maxInteger);
const id = z
  .string()
  .min(1)
  .max(LIMITS.idMaxLength)
  .regex(/^[A-Za-z0-9_-]+$/);
/** History ids are UUIDs made by the hub. */
const historyId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/);

export const LinkPairRequestSchema = z.strictObject({
  code: z
    .string()
    .min(8)
    .max(LINK_LIMITS.codeMaxLength)
    .regex(/^[A-Za-z0-9-]+$/),
  /** The hub's version, for the region's list of halls. */
  hubVersion: plainText(z.string().min(1).max(40)),
});
export type LinkPairRequest = z.infer<typeof LinkPairRequestSchema>;

export const LinkPairResultSchema = z.strictObject({
  hallId: id,
  /** The hall's name as the region's operator entered it at `add-hall`. */
  hallName: plainText(z.string().min(1).max(100)),
  token: z.string().min(20).max(LINK_LIMITS.tokenMaxLength),
});
export type LinkPairResult = z.infer<typeof LinkPairResultSchema>;

export const LinkPositionSchema = z.strictObject({
  historyId,
  /** The last sequence the region holds for this (hall, history); 0 when none. */
  ackedSeq: seq,
});
export type LinkPosition = z.infer<typeof LinkPositionSchema>;

/**
 * One event as it crosses the link: the envelope of the hub's `events` row with `body` as the
 * event's fields (without `type`, `at` and `seq`, which the envelope carries). What personal
 * data is removed before it leaves the hall is decided per event type by `linkEventOf` (hub).
 */
/**
 * An event's body: a plain object (what JSON.parse makes of `{...}`), taken as it came. The same
 * test and the same issue as `z.record(z.string(), z.unknown())` (`expected record`), without
 * its copy of every body: a batch parsed from JSON in about 1 µs an event rather than 1.2–1.8.
 */
const eventBody = z.custom<Record<string, unknown>>().check((ctx) => {
  if (!util.isPlainObject(ctx.value)) {
    ctx.issues.push({ expected: 'record', code: 'invalid_type', input: ctx.value });
  }
});

export const LinkEventSchema = z.strictObject({
  seq: seq.min(1),
  at: millis,
  type: z
    .string()
    .min(1)
    .max(60)
    .regex(/^[a-z_]+$/),
  businessDay: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  ticketId: z.string().min(1).max(LIMITS.idMaxLength).nullable(),
  windowId: id.nullable(),
  body: eventBody,
});
export type LinkEvent = z.infer<typeof LinkEventSchema>;

export const LinkBatchSchema = z
  .strictObject({
    historyId,
    /** The sequence the batch follows (the hub's acknowledged position when it sent it). */
    afterSeq: seq,
    events: z.array(LinkEventSchema).min(1).max(LINK_LIMITS.maxBatchEvents),
    /**
     * The hall's configuration now, sent with the first batch of a history (`afterSeq` 0): the
     * region folds it before the history's first event exactly as a `config_changed` (names,
     * departments, timezone), so a hall that never changes its configuration is read in its own
     * words and hours. What of it crosses is what a `config_changed` carries.
     */
    config: z.record(z.string(), z.unknown()).optional(),
  })
  .refine(
    (b) => b.events.every((e, i) => e.seq === b.afterSeq + i + 1),
    'events must follow afterSeq one by one, in order',
  )
  .refine((b) => b.config === undefined || b.afterSeq === 0, {
    message: 'config comes only with the first batch of a history (afterSeq 0)',
    path: ['config'],
  });
export type LinkBatch = z.infer<typeof LinkBatchSchema>;

export const LinkBatchResultSchema = z.strictObject({
  historyId,
  ackedSeq: seq,
});
export type LinkBatchResult = z.infer<typeof LinkBatchResultSchema>;

/**
 * A supervision instruction (督办) of the region to a hall: on one of its complaints or on the
 * hall generally, with a deadline. The hub keeps it once (by `id`), records
 * `instruction_received` in its log, and its admin's answer crosses back up as
 * `instruction_answered` in the hall's own stream: the region sees both in the events.
 */
export const LinkInstructionSchema = z.strictObject({
  id,
  /** The complaint it is about (the hall's complaint id), or null for the hall generally. */
  complaintId: z.string().min(1).max(LIMITS.idMaxLength).nullable(),
  text: plainText(z.string().trim().min(1).max(1000)),
  /** When the hall must have answered (epoch ms). */
  deadline: millis,
  issuedAt: millis,
  /** The name of the region's account that gave it. */
  issuedBy: plainText(z.string().min(1).max(100)),
});
export type LinkInstruction = z.infer<typeof LinkInstructionSchema>;

/** The most instructions one answer carries (the rest come with the next poll). */
export const LINK_INSTRUCTIONS_MAX = 50;

export const LinkInstructionsQuerySchema = z.strictObject({
  history: historyId,
  /** The hub's newest committed sequence in that history. */
  last: z.string().regex(/^\d{1,15}$/),
});

export const LinkInstructionsResultSchema = z.strictObject({
  instructions: z.array(LinkInstructionSchema).max(LINK_INSTRUCTIONS_MAX),
});
export type LinkInstructionsResult = z.infer<typeof LinkInstructionsResultSchema>;

/**
 * Why the region refused a link request. The HTTP rules' own codes (shared with the hub's
 * answers, @onestop/http): `invalid_message` (400: not JSON, or not what the schema says; 415:
 * not sent as JSON), `message_too_large` (413), `rate_limited` (429), `not_found` (404: no such
 * route, a region too old or the wrong address); and the link's: `bad_code` (pairing), `bad_token`,
 * `revoked`, `gap` (with the region's position).
 */
export const LINK_REFUSALS = [
  'invalid_message',
  'message_too_large',
  'rate_limited',
  'not_found',
  'bad_code',
  'bad_token',
  'revoked',
  'gap',
] as const;
export type LinkRefusal = (typeof LINK_REFUSALS)[number];

/** A refusal's body, in the one shape of every error answer: `{ error: { code, message } }`. */
export const LinkRefusalSchema = z.strictObject({
  error: z.strictObject({
    code: z.enum(LINK_REFUSALS),
    message: z.string().max(500),
    /** With `gap`: where the region stands, so the hub resumes from there. */
    ackedSeq: seq.optional(),
  }),
});
export type LinkRefusalBody = z.infer<typeof LinkRefusalSchema>;
