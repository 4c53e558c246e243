import { createHash, randomBytes } from 'node:crypto';
import {
  LIMITS,
  PUBLIC_STATUS_LIMITS,
  PublicRatingAnswersSchema,
  PublicRatingRequestSchema,
  PublicStatusPushSchema,
  PublicTicketSchema,
  type PublicRateTagSchema,
  type PublicRatingRefusal,
  type PublicRatingRequest,
  type PublicTicket,
} from '@onestop/shared';
import { z } from 'zod';
import type { Queryable, RegionDb } from './db/types.js';
import { iso } from './store/halls.js';

/*
 * The ticket's status and rating on the public edge (docs/REGION.md, "The public edge"). The
 * region keeps what the hall's hub pushed of each ticket of its day, by the SHA-256 of the
 * ticket's token, and the ratings the page took until the hall has answered them
 * (packages/hub/src/features/public-status). The page is public: its token is its only key, and
 * an unknown hall or token is the same "no such ticket".
 */

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const HallIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** A ticket's status token, as the hub makes them (ticket-status.ts). */
const TokenSchema = z.string().regex(/^[A-Za-z0-9_-]{20,100}$/);

export type EdgeOutcome<T> =
  { ok: true; value: T } | { ok: false; status: 400 | 404 | 409; code: string; message: string };

const no = <T>(status: 400 | 404 | 409, code: string, message: string): EdgeOutcome<T> => ({
  ok: false,
  status,
  code,
  message,
});

function issueOf(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'not valid'}`;
}

// ---- the hub's side (bearer) ---------------------------------------------------------------

/** The hall's tickets as its hub pushed them: changed ones kept, gone ones dropped. */
export async function pushStatus(
  db: RegionDb,
  hallId: string,
  body: unknown,
  now: number,
): Promise<EdgeOutcome<true>> {
  const parsed = PublicStatusPushSchema.safeParse(body);
  if (!parsed.success) return no(400, 'invalid_message', issueOf(parsed.error));
  const push = parsed.data;
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO public_halls (hall_id, hall, tags, pushed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (hall_id) DO UPDATE
         SET hall = excluded.hall, tags = excluded.tags, pushed_at = excluded.pushed_at`,
      [hallId, JSON.stringify(push.hall), JSON.stringify(push.tags), iso(now)],
    );
    const keep = push.tickets.map((ticket) => ticket.key);
    if (push.full) {
      await tx.query(`DELETE FROM public_tickets WHERE hall_id = $1 AND NOT key = ANY($2)`, [
        hallId,
        keep,
      ]);
      await tx.query(
        `DELETE FROM public_ratings WHERE hall_id = $1 AND answered_at IS NOT NULL
            AND NOT key = ANY($2)`,
        [hallId, keep],
      );
    }
    if (push.gone.length > 0) {
      await tx.query(`DELETE FROM public_tickets WHERE hall_id = $1 AND key = ANY($2)`, [
        hallId,
        push.gone,
      ]);
      await tx.query(
        `DELETE FROM public_ratings WHERE hall_id = $1 AND answered_at IS NOT NULL
            AND key = ANY($2)`,
        [hallId, push.gone],
      );
    }
    for (const ticket of push.tickets) {
      await tx.query(
        `INSERT INTO public_tickets (hall_id, key, body, pushed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (hall_id, key) DO UPDATE SET body = excluded.body, pushed_at = excluded.pushed_at`,
        [hallId, ticket.key, JSON.stringify(ticket), iso(now)],
      );
    }
  });
  return { ok: true, value: true };
}

/** The ratings the hall has not answered, oldest first. */
export async function openRatings(db: Queryable, hallId: string): Promise<PublicRatingRequest[]> {
  const r = await db.query<{ id: string; kind: string; key: string; body: unknown }>(
    `SELECT id, kind, key, body FROM public_ratings
      WHERE hall_id = $1 AND answered_at IS NULL ORDER BY created_at, id LIMIT $2`,
    [hallId, PUBLIC_STATUS_LIMITS.maxRatings],
  );
  return r.rows.flatMap((row) => {
    const fields = typeof row.body === 'object' && row.body !== null ? row.body : {};
    const parsed = PublicRatingRequestSchema.safeParse({
      ...fields,
      id: row.id,
      kind: row.kind,
      key: row.key,
    });
    return parsed.success ? [parsed.data] : [];
  });
}

/** The hall's answers: each rating answered once, the visitor's words then emptied here. */
export async function keepRatingAnswers(
  db: RegionDb,
  hallId: string,
  body: unknown,
  now: number,
): Promise<EdgeOutcome<true>> {
  const parsed = PublicRatingAnswersSchema.safeParse(body);
  if (!parsed.success) return no(400, 'invalid_message', issueOf(parsed.error));
  await db.transaction(async (tx) => {
    for (const answer of parsed.data.answers) {
      await tx.query(
        `UPDATE public_ratings SET answered_at = $3, outcome = $4, reason = $5, body = NULL
          WHERE id = $1 AND hall_id = $2 AND answered_at IS NULL`,
        [
          answer.requestId,
          hallId,
          iso(now),
          answer.outcome,
          answer.outcome === 'refused' ? answer.reason : null,
        ],
      );
    }
  });
  return { ok: true, value: true };
}

// ---- the public page ------------------------------------------------------------------------

export interface EdgeTicket {
  hall: { zh: string; en: string };
  tags: z.infer<typeof PublicRateTagSchema>[];
  ticket: PublicTicket;
  /** The page's last rating or follow-up: waiting for the hall, or its answer. */
  last: {
    kind: 'rate' | 'follow_up';
    state: 'pending' | 'accepted' | 'refused';
    reason: PublicRatingRefusal | null;
  } | null;
}

interface Located {
  hallId: string;
  key: string;
}

function locate(hall: unknown, token: unknown): Located | null {
  const h = HallIdSchema.safeParse(hall);
  const tk = TokenSchema.safeParse(token);
  return h.success && tk.success ? { hallId: h.data, key: sha256(tk.data) } : null;
}

async function ticketAt(db: Queryable, at: Located): Promise<EdgeTicket | null> {
  const r = await db.query<{ body: unknown; hall: unknown; tags: unknown }>(
    `SELECT t.body, p.hall, p.tags FROM public_tickets t
       JOIN public_halls p ON p.hall_id = t.hall_id
       JOIN halls h ON h.id = t.hall_id AND h.revoked_at IS NULL
      WHERE t.hall_id = $1 AND t.key = $2`,
    [at.hallId, at.key],
  );
  const row = r.rows[0];
  const ticket = PublicTicketSchema.safeParse(row?.body);
  const hall = PublicStatusPushSchema.shape.hall.safeParse(row?.hall);
  const tags = PublicStatusPushSchema.shape.tags.safeParse(row?.tags);
  if (!ticket.success || !hall.success || !tags.success) return null;
  const last = await db.query<{
    kind: 'rate' | 'follow_up';
    outcome: 'accepted' | 'refused' | null;
    reason: PublicRatingRefusal | null;
  }>(
    `SELECT kind, outcome, reason FROM public_ratings WHERE hall_id = $1 AND key = $2
      ORDER BY created_at DESC, id DESC LIMIT 1`,
    [at.hallId, at.key],
  );
  const l = last.rows[0];
  return {
    hall: hall.data,
    tags: tags.data,
    ticket: ticket.data,
    last:
      l === undefined ? null : { kind: l.kind, state: l.outcome ?? 'pending', reason: l.reason },
  };
}

/** The ticket of a page address; an unknown hall and an unknown token are the same 404. */
export async function edgeTicket(
  db: Queryable,
  hall: unknown,
  token: unknown,
): Promise<EdgeOutcome<EdgeTicket>> {
  const at = locate(hall, token);
  const found = at === null ? null : await ticketAt(db, at);
  return found === null ? no(404, 'not_found', 'no such ticket today') : { ok: true, value: found };
}

/** One value or several of a form field, as strings. */
const many = z.preprocess(
  (v): unknown => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.string()),
);
const RateFormSchema = z.strictObject({
  score: z.enum(['1', '2', '3', '4', '5']).transform(Number),
  tag: many.pipe(z.array(z.string().min(1).max(64)).max(LIMITS.ratingMaxReasons)),
  comment: z.string().max(LIMITS.ratingCommentMaxLength).default(''),
});
const FollowUpFormSchema = z.strictObject({
  score: z.enum(['', '1', '2', '3', '4', '5']).default(''),
  text: z.string().trim().min(1).max(LIMITS.ratingCommentMaxLength),
});
/** Control characters other than line breaks and tabs are not words. */
const CONTROL = {
  test: (text: string): boolean =>
    [...text].some((c) => {
      const n = c.codePointAt(0) ?? 0;
      return (n < 32 && n !== 9 && n !== 10 && n !== 13) || n === 127;
    }),
};

/** A form's fields (application/x-www-form-urlencoded), repeated names as lists. */
export function formFields(body: unknown): Record<string, string | string[]> | null {
  if (typeof body !== 'string') return null;
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const had = fields[name];
    fields[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  return fields;
}

/**
 * A rating (or a 追评) from the page, kept for the hall: the ticket must be one the hall offers
 * to rate (or follow up) now, one at a time per ticket; the hall decides it by its own rules.
 */
export async function takeRating(
  db: RegionDb,
  hall: unknown,
  token: unknown,
  kind: 'rate' | 'follow_up',
  body: unknown,
  now: number,
): Promise<EdgeOutcome<{ key: string }>> {
  const at = locate(hall, token);
  const found = at === null ? null : await ticketAt(db, at);
  if (at === null || found === null) return no(404, 'not_found', 'no such ticket today');
  const fields = formFields(body);
  if (fields === null) return no(400, 'invalid_form', 'the body is a form');
  let stored: Record<string, unknown>;
  switch (kind) {
    case 'rate': {
      const form = RateFormSchema.safeParse(fields);
      if (!form.success || CONTROL.test(form.data.comment)) {
        return no(
          400,
          'invalid_form',
          form.success ? 'comment: no control characters' : issueOf(form.error),
        );
      }
      const offered = new Set(
        found.tags.filter((tag) => tag.scores.some((s) => s === form.data.score)).map((x) => x.id),
      );
      const unknown = form.data.tag.find((tag) => !offered.has(tag));
      if (unknown !== undefined) return no(400, 'unknown_tag', `tag: ${unknown} is not offered`);
      const why = refusalNow(found.ticket);
      if (why !== null) return no(409, why, 'the hall does not take a rating of this ticket now');
      stored = {
        score: form.data.score,
        reasons: [...new Set(form.data.tag)],
        comment: form.data.comment.trim(),
      };
      break;
    }
    case 'follow_up': {
      const form = FollowUpFormSchema.safeParse(fields);
      if (!form.success || CONTROL.test(form.data.text)) {
        return no(
          400,
          'invalid_form',
          form.success ? 'text: no control characters' : issueOf(form.error),
        );
      }
      if (found.ticket.followUp !== 'open') {
        const reason: PublicRatingRefusal =
          found.ticket.followUp === 'made'
            ? 'already_followed_up'
            : found.ticket.followUp === 'expired'
              ? 'follow_up_expired'
              : 'not_rated';
        return no(409, reason, 'the hall does not take a follow-up of this ticket now');
      }
      stored = {
        score: form.data.score === '' ? null : Number(form.data.score),
        text: form.data.text,
      };
      break;
    }
  }
  const request = PublicRatingRequestSchema.safeParse({
    ...stored,
    id: `PR-${randomBytes(12).toString('hex')}`,
    kind,
    key: at.key,
  });
  if (!request.success) return no(400, 'invalid_form', issueOf(request.error));
  const { id, kind: k, key, ...rest } = request.data;
  const inserted = await db.query(
    `INSERT INTO public_ratings (id, hall_id, key, kind, body, created_at)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
    [id, at.hallId, key, k, JSON.stringify(rest), iso(now)],
  );
  if (inserted.rows.length === 0) {
    return no(409, 'wait_for_hall', 'a rating of this ticket waits for the hall');
  }
  return { ok: true, value: { key } };
}

/** Why the page may not rate the ticket now, as the hall last said; null: it may. */
function refusalNow(ticket: PublicTicket): PublicRatingRefusal | null {
  if (ticket.rateable) return null;
  switch (ticket.ratedBy) {
    case 'pad':
      return 'rated_on_pad';
    case 'qr':
      return 'rated_by_phone';
    case null:
      return 'not_rateable';
  }
}
