import { randomBytes } from 'node:crypto';
import {
  PublicRemoteRequestSchema,
  REMOTE_LIMITS,
  RemoteAnswerSchema,
  RemoteAnswersSchema,
  RemoteOffersPushSchema,
  RemoteTokenSchema,
  type PublicRemoteError,
  type PublicRemoteHall,
  type RemoteAnswer,
  type RemoteRequest,
} from '@onestop/shared';
import {
  CHALLENGE_FAILED,
  issueOf,
  no,
  passChallenge,
  sha256,
  type PublicOutcome,
} from './booking.js';
import type { Queryable, RegionDb } from './db/types.js';
import { iso } from './store/halls.js';

/*
 * Numbers from the phone (远程取号) at the public edge (docs/REGION.md, "The public edge"). As
 * with booking, the region only keeps and passes on: the hall's hub pushes what it offers, pulls
 * the visitors' requests and posts its answers (packages/hub/src/features/remote-numbers). The
 * page's token stays in the visitor's address; the region keeps its SHA-256, which is also the
 * request's id at the hall (so a request brought twice is one command there). The phone number
 * and the ID number (optional) are kept only until the hall has answered: the answer's UPDATE
 * empties them; the page never shows the ID number back.
 */

type Outcome<T> = PublicOutcome<T, PublicRemoteError | 'not_found'>;

// ---- the hub's side (bearer) ---------------------------------------------------------------

/** Keeps what the hall offers to phones, replacing the last push. */
export async function pushRemoteOffers(
  db: Queryable,
  hallId: string,
  body: unknown,
  now: number,
): Promise<Outcome<true>> {
  const parsed = RemoteOffersPushSchema.safeParse(body);
  if (!parsed.success) return no(400, 'invalid_message', issueOf(parsed.error));
  await db.query(
    `INSERT INTO remote_offers (hall_id, body, pushed_at) VALUES ($1, $2, $3)
     ON CONFLICT (hall_id) DO UPDATE SET body = excluded.body, pushed_at = excluded.pushed_at`,
    [hallId, JSON.stringify(parsed.data), iso(now)],
  );
  return { ok: true, value: true };
}

/** The hall's requests not yet answered, oldest first. */
export async function openRemoteRequests(db: Queryable, hallId: string): Promise<RemoteRequest[]> {
  const r = await db.query<{
    id: string;
    service_id: string;
    phone: string;
    id_number: string | null;
  }>(
    `SELECT id, service_id, phone, id_number FROM remote_requests
      WHERE hall_id = $1 AND answered_at IS NULL ORDER BY created_at, id LIMIT $2`,
    [hallId, REMOTE_LIMITS.maxRequests],
  );
  return r.rows.map((row) => ({
    id: row.id,
    serviceId: row.service_id,
    phone: row.phone,
    ...(row.id_number === null ? {} : { idNumber: row.id_number }),
  }));
}

/** The hall's answers: each request answered once, its phone number forgotten with it. */
export async function keepRemoteAnswers(
  db: RegionDb,
  hallId: string,
  body: unknown,
  now: number,
): Promise<Outcome<true>> {
  const parsed = RemoteAnswersSchema.safeParse(body);
  if (!parsed.success) return no(400, 'invalid_message', issueOf(parsed.error));
  await db.transaction(async (tx) => {
    for (const answer of parsed.data.answers) {
      await tx.query(
        `UPDATE remote_requests SET answered_at = $3, answer = $4, phone = NULL,
                id_number = NULL
          WHERE id = $1 AND hall_id = $2 AND answered_at IS NULL`,
        [answer.requestId, hallId, iso(now), JSON.stringify(answer)],
      );
    }
  });
  return { ok: true, value: true };
}

// ---- the public page ------------------------------------------------------------------------

async function offers(db: Queryable, hallId: string | null): Promise<PublicRemoteHall[]> {
  const r = await db.query<{ id: string; name: string; body: unknown }>(
    `SELECT h.id, h.name, o.body FROM remote_offers o JOIN halls h ON h.id = o.hall_id
      WHERE h.revoked_at IS NULL AND ($1::text IS NULL OR h.id = $1) ORDER BY h.name, h.id`,
    [hallId],
  );
  return r.rows.flatMap((row) => {
    const offer = RemoteOffersPushSchema.safeParse(row.body);
    if (!offer.success) return [];
    return [{ hallId: row.id, name: row.name, ...offer.data }];
  });
}

/** Every linked hall that gives numbers to phones now, with its services and their hours. */
export async function remoteHalls(db: Queryable): Promise<PublicRemoteHall[]> {
  return (await offers(db, null)).filter((hall) => hall.services.length > 0);
}

/**
 * A visitor's request: the challenge answered, the service offered from the phone, no other
 * request of the same phone waiting for the hall. Gives the page's token (shown once).
 */
export async function requestRemoteNumber(
  db: RegionDb,
  body: unknown,
  now: number,
): Promise<Outcome<{ token: string }>> {
  const parsed = PublicRemoteRequestSchema.safeParse(body);
  if (!parsed.success) return no(400, 'invalid_message', issueOf(parsed.error));
  const m = parsed.data;
  if (!(await passChallenge(db, m, now))) return no(400, 'challenge_failed', CHALLENGE_FAILED);
  const [hall] = await offers(db, m.hallId);
  if (hall?.services.some((s) => s.id === m.serviceId) !== true) {
    return no(409, 'not_offered', 'serviceId: the hall gives no numbers to phones for it');
  }
  const token = randomBytes(32).toString('base64url');
  return db.transaction(async (tx): Promise<Outcome<{ token: string }>> => {
    // One request per phone waits for the hall at a time (the hall limits the numbers per day);
    // two at once of one phone take turns here.
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`remote:${m.phone}`]);
    const waiting = await tx.query(
      `SELECT 1 FROM remote_requests WHERE phone = $1 AND answered_at IS NULL LIMIT 1`,
      [m.phone],
    );
    if (waiting.rows.length > 0) {
      return no(409, 'phone_pending', 'phone: a request of this number waits for the hall');
    }
    await tx.query(
      `INSERT INTO remote_requests (id, hall_id, service_id, phone, id_number, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [sha256(token), m.hallId, m.serviceId, m.phone, m.idNumber ?? null, iso(now)],
    );
    return { ok: true, value: { token } };
  });
}

/** A request as its page shows it: the hall's words, and its answer once it came. */
export interface RemoteStatus {
  hallId: string;
  hallName: string;
  serviceName: { zh: string; en: string } | null;
  answer: RemoteAnswer | null;
}

/** The request of a page's token (and nobody else's: the token is the key). */
export async function remoteStatus(db: Queryable, token: unknown): Promise<Outcome<RemoteStatus>> {
  const parsed = RemoteTokenSchema.safeParse(token);
  if (!parsed.success) return no(404, 'not_found', 'no such request');
  const r = await db.query<{ hall_id: string; name: string; service_id: string; answer: unknown }>(
    `SELECT q.hall_id, h.name, q.service_id, q.answer FROM remote_requests q
       JOIN halls h ON h.id = q.hall_id WHERE q.id = $1`,
    [sha256(parsed.data)],
  );
  const row = r.rows[0];
  if (row === undefined) return no(404, 'not_found', 'no such request');
  const [hall] = await offers(db, row.hall_id);
  const answer = RemoteAnswerSchema.safeParse(row.answer);
  return {
    ok: true,
    value: {
      hallId: row.hall_id,
      hallName: row.name,
      serviceName: hall?.services.find((s) => s.id === row.service_id)?.name ?? null,
      answer: answer.success ? answer.data : null,
    },
  };
}
