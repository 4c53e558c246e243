import { createHash, randomBytes, randomInt } from 'node:crypto';
import {
  BOOKING_LIMITS,
  BookingAnswersSchema,
  BookingSlotsPushSchema,
  BookingTokenSchema,
  PublicBookRequestSchema,
  PublicManageRequestSchema,
  type BookingChallenge,
  type BookingRefusal,
  type BookingRequest,
  type BookingSlotsPush,
  type PublicBookingError,
  type PublicBookingHall,
  type PublicBookingStatus,
} from '@onestop/shared';
import type { z } from 'zod';
import type { Queryable, RegionDb } from './db/types.js';
import { iso } from './store/halls.js';

/*
 * Booking from the phone at the public edge (docs/REGION.md, "The public edge"). The region
 * only keeps and passes on: the hall's hub pushes its open slots, pulls the visitors' requests
 * and posts its answers (packages/hub/src/features/booking). What the visitor typed stays here
 * only until the hall has answered: the answer's UPDATE empties the phone number.
 */

/** A challenge is good for this long, and once. */
const CHALLENGE_MS = 10 * 60_000;

export type PublicOutcome<T, E extends string = PublicBookingError> =
  { ok: true; value: T } | { ok: false; status: 400 | 404 | 409; code: E; message: string };

export function no<T, E extends string = PublicBookingError>(
  status: 400 | 404 | 409,
  code: E,
  message: string,
): PublicOutcome<T, E> {
  return { ok: false, status, code, message };
}

export function issueOf(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'not valid'}`;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

// ---- the hub's side (bearer) ---------------------------------------------------------------

/** Keeps the hall's open slots, replacing the last push. */
export async function pushSlots(
  db: RegionDb,
  hallId: string,
  body: unknown,
  now: number,
): Promise<PublicOutcome<true>> {
  const parsed = BookingSlotsPushSchema.safeParse(body);
  if (!parsed.success) return no(400, 'invalid_message', issueOf(parsed.error));
  await db.query(
    `INSERT INTO booking_offers (hall_id, body, pushed_at) VALUES ($1, $2, $3)
     ON CONFLICT (hall_id) DO UPDATE SET body = excluded.body, pushed_at = excluded.pushed_at`,
    [hallId, JSON.stringify(parsed.data), iso(now)],
  );
  return { ok: true, value: true };
}

interface RequestRow {
  id: string;
  kind: 'book' | 'cancel' | 'move';
  token_hash: string;
  service_id: string;
  slot_at: string | null;
  phone: string | null;
  id_number: string | null;
}

/** The hall's requests not yet answered, oldest first. */
export async function openRequests(db: Queryable, hallId: string): Promise<BookingRequest[]> {
  const r = await db.query<RequestRow>(
    `SELECT q.id, q.kind, q.token_hash, b.service_id, q.slot_at::text AS slot_at, q.phone,
            q.id_number
       FROM booking_requests q JOIN bookings b ON b.token_hash = q.token_hash
      WHERE q.hall_id = $1 AND q.answered_at IS NULL
      ORDER BY q.created_at, q.id LIMIT $2`,
    [hallId, BOOKING_LIMITS.maxRequests],
  );
  return r.rows.map((row): BookingRequest => {
    switch (row.kind) {
      case 'book':
        return {
          id: row.id,
          kind: 'book',
          tokenHash: row.token_hash,
          serviceId: row.service_id,
          slotAt: Number(row.slot_at),
          phone: row.phone ?? '',
          ...(row.id_number === null ? {} : { idNumber: row.id_number }),
        };
      case 'cancel':
        return { id: row.id, kind: 'cancel', tokenHash: row.token_hash };
      case 'move':
        return { id: row.id, kind: 'move', tokenHash: row.token_hash, slotAt: Number(row.slot_at) };
    }
  });
}

/** The hall's answers: each request answered once, its phone number forgotten with it. */
export async function keepAnswers(
  db: RegionDb,
  hallId: string,
  body: unknown,
  now: number,
): Promise<PublicOutcome<true>> {
  const parsed = BookingAnswersSchema.safeParse(body);
  if (!parsed.success) return no(400, 'invalid_message', issueOf(parsed.error));
  await db.transaction(async (tx) => {
    for (const answer of parsed.data.answers) {
      const reason = answer.outcome === 'refused' ? answer.reason : null;
      const done = await tx.query<{ token_hash: string; kind: RequestRow['kind'] }>(
        `UPDATE booking_requests SET answered_at = $3, outcome = $4, reason = $5, phone = NULL,
               id_number = NULL
          WHERE id = $1 AND hall_id = $2 AND answered_at IS NULL
          RETURNING token_hash, kind`,
        [answer.requestId, hallId, iso(now), answer.outcome, reason],
      );
      const request = done.rows[0];
      if (request === undefined) continue; // answered already, or not this hall's
      if (answer.outcome === 'accepted') {
        await tx.query(
          `UPDATE bookings SET state = $2, code = $3, service_id = $4, slot_at = $5,
                  refusal = NULL WHERE token_hash = $1`,
          [
            request.token_hash,
            request.kind === 'cancel' ? 'cancelled' : 'booked',
            answer.code,
            answer.serviceId,
            answer.slotAt,
          ],
        );
      } else {
        // A refused booking is refused; a refused move or cancel leaves the booking as it was.
        await tx.query(
          `UPDATE bookings SET refusal = $2,
                  state = CASE WHEN $3 THEN 'refused' ELSE state END WHERE token_hash = $1`,
          [request.token_hash, answer.reason, request.kind === 'book'],
        );
      }
    }
  });
  return { ok: true, value: true };
}

// ---- the public page ------------------------------------------------------------------------

/** Every linked hall that offers booking, with its open slots. */
export async function bookingHalls(db: Queryable): Promise<PublicBookingHall[]> {
  const r = await db.query<{ id: string; name: string; body: unknown }>(
    `SELECT h.id, h.name, o.body FROM booking_offers o JOIN halls h ON h.id = o.hall_id
      WHERE h.revoked_at IS NULL ORDER BY h.name, h.id`,
  );
  return r.rows.flatMap((row) => {
    const offer = BookingSlotsPushSchema.safeParse(row.body);
    if (!offer.success || offer.data.services.length === 0) return [];
    return [{ hallId: row.id, name: row.name, ...offer.data }];
  });
}

async function offerOf(db: Queryable, hallId: string): Promise<BookingSlotsPush | null> {
  const r = await db.query<{ body: unknown }>(
    `SELECT o.body FROM booking_offers o JOIN halls h ON h.id = o.hall_id
      WHERE o.hall_id = $1 AND h.revoked_at IS NULL`,
    [hallId],
  );
  const offer = BookingSlotsPushSchema.safeParse(r.rows[0]?.body);
  return offer.success ? offer.data : null;
}

/** A small sum, answered once within ten minutes. */
export async function newChallenge(db: Queryable, now: number): Promise<BookingChallenge> {
  const a = randomInt(1, 10);
  const b = randomInt(1, 10);
  const id = randomBytes(16).toString('hex');
  await db.query(`DELETE FROM booking_challenges WHERE expires_at < $1`, [iso(now)]);
  await db.query(`INSERT INTO booking_challenges (id, answer, expires_at) VALUES ($1, $2, $3)`, [
    id,
    a + b,
    iso(now + CHALLENGE_MS),
  ]);
  return { id, question: `${a} + ${b}` };
}

export const CHALLENGE_FAILED = 'challengeAnswer: the sum is not right (or asked too long ago)';

/** Whether the sum was worked out right in time; a challenge is answered once, right or wrong. */
export async function passChallenge(
  db: Queryable,
  m: { challengeId: string; challengeAnswer: string },
  now: number,
): Promise<boolean> {
  const challenge = await db.query<{ answer: number; expires_at: Date }>(
    `DELETE FROM booking_challenges WHERE id = $1 RETURNING answer, expires_at`,
    [m.challengeId],
  );
  const asked = challenge.rows[0];
  return (
    asked !== undefined &&
    asked.expires_at.getTime() >= now &&
    String(asked.answer) === m.challengeAnswer.trim()
  );
}

/**
 * A visitor's booking request: the challenge answered, the slot offered with a place left, no
 * other request of the same phone waiting for the hall. Gives the booking's token (shown once).
 */
export async function requestBooking(
  db: RegionDb,
  body: unknown,
  now: number,
): Promise<PublicOutcome<{ token: string }>> {
  const parsed = PublicBookRequestSchema.safeParse(body);
  if (!parsed.success) return no(400, 'invalid_message', issueOf(parsed.error));
  const m = parsed.data;
  if (!(await passChallenge(db, m, now))) return no(400, 'challenge_failed', CHALLENGE_FAILED);
  const offer = await offerOf(db, m.hallId);
  const slot = offer?.slots.find((s) => s.serviceId === m.serviceId && s.at === m.slotAt);
  if (slot === undefined || slot.remaining === 0) {
    return no(409, 'no_such_slot', 'slotAt: the hall offers no place at that time');
  }
  const token = randomBytes(32).toString('base64url');
  const tokenHash = sha256(token);
  return db.transaction(async (tx) => {
    // One request per phone waits for the hall at a time (the hall limits the bookings).
    const waiting = await tx.query(
      `SELECT 1 FROM booking_requests WHERE phone = $1 AND answered_at IS NULL LIMIT 1`,
      [m.phone],
    );
    if (waiting.rows.length > 0) {
      return no<{ token: string }>(
        409,
        'phone_pending',
        'phone: a request of this number waits for the hall',
      );
    }
    await tx.query(
      `INSERT INTO bookings (token_hash, hall_id, service_id, slot_at, state, created_at)
       VALUES ($1, $2, $3, $4, 'pending', $5)`,
      [tokenHash, m.hallId, m.serviceId, m.slotAt, iso(now)],
    );
    await tx.query(
      `INSERT INTO booking_requests
         (id, token_hash, hall_id, kind, slot_at, phone, id_number, created_at)
       VALUES ($1, $2, $3, 'book', $4, $5, $6, $7)`,
      [
        `BR-${randomBytes(12).toString('hex')}`,
        tokenHash,
        m.hallId,
        m.slotAt,
        m.phone,
        m.idNumber ?? null,
        iso(now),
      ],
    );
    return { ok: true as const, value: { token } };
  });
}

interface BookingRow {
  hall_id: string;
  hall_name: string;
  service_id: string;
  slot_at: string;
  code: string | null;
  state: 'pending' | 'booked' | 'refused' | 'cancelled';
  refusal: BookingRefusal | null;
  waiting: boolean;
}

async function bookingOf(db: Queryable, tokenHash: string): Promise<BookingRow | null> {
  const r = await db.query<BookingRow>(
    `SELECT b.hall_id, h.name AS hall_name, b.service_id, b.slot_at::text AS slot_at, b.code,
            b.state, b.refusal,
            EXISTS (SELECT 1 FROM booking_requests q
                     WHERE q.token_hash = b.token_hash AND q.answered_at IS NULL) AS waiting
       FROM bookings b JOIN halls h ON h.id = b.hall_id WHERE b.token_hash = $1`,
    [tokenHash],
  );
  return r.rows[0] ?? null;
}

/** The booking of a token, as its visitor sees it (and nobody else: the token is the key). */
export async function bookingStatus(
  db: Queryable,
  token: unknown,
): Promise<PublicOutcome<PublicBookingStatus>> {
  const parsed = BookingTokenSchema.safeParse(token);
  if (!parsed.success) return no(404, 'not_found', 'no such booking');
  const b = await bookingOf(db, sha256(parsed.data));
  if (b === null) return no(404, 'not_found', 'no such booking');
  const offer = await offerOf(db, b.hall_id);
  const service = offer?.services.find((s) => s.id === b.service_id);
  return {
    ok: true,
    value: {
      state: b.waiting ? 'pending' : b.state,
      hallId: b.hall_id,
      hallName: b.hall_name,
      serviceId: b.service_id,
      serviceName: service?.name ?? null,
      slotAt: Number(b.slot_at),
      code: b.code,
      refusal: b.waiting ? null : b.refusal,
    },
  };
}

/** Cancel or move a booking by its token: a request for the hall, answered like a booking. */
export async function manageBooking(
  db: RegionDb,
  body: unknown,
  now: number,
): Promise<PublicOutcome<true>> {
  const parsed = PublicManageRequestSchema.safeParse(body);
  if (!parsed.success) return no(400, 'invalid_message', issueOf(parsed.error));
  const m = parsed.data;
  const tokenHash = sha256(m.token);
  const b = await bookingOf(db, tokenHash);
  if (b === null || b.state !== 'booked' || b.waiting) {
    return no(404, 'not_found', 'no booking of this link that can be changed now');
  }
  if (m.action === 'move') {
    const offer = await offerOf(db, b.hall_id);
    const slot = offer?.slots.find((s) => s.serviceId === b.service_id && s.at === m.slotAt);
    if (slot === undefined || slot.remaining === 0) {
      return no(409, 'no_such_slot', 'slotAt: the hall offers no place at that time');
    }
  }
  await db.query(
    `INSERT INTO booking_requests (id, token_hash, hall_id, kind, slot_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      `BR-${randomBytes(12).toString('hex')}`,
      tokenHash,
      b.hall_id,
      m.action,
      m.action === 'move' ? m.slotAt : null,
      iso(now),
    ],
  );
  return { ok: true, value: true };
}
