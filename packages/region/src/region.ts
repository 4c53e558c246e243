import { createHash, randomBytes } from 'node:crypto';
import {
  LINK_LIMITS,
  LinkBatchSchema,
  LinkPairRequestSchema,
  LinkPositionSchema,
  type LinkBatchResult,
  type LinkEvent,
  type LinkPairResult,
  type LinkPosition,
  type LinkRefusal,
} from '@onestop/shared';
import { z } from 'zod';
import type { RegionDb } from './db/types.js';
import { HallChanges, type HallChange } from './live.js';
import {
  hallByTokenHash,
  insertHall,
  insertPairingCode,
  listHalls,
  redeemPairingCode,
  revokeHall,
  setHallToken,
  type HallSummary,
} from './store/halls.js';
import { foldedEvents, headConfigEvent } from './store/event-bodies.js';
import {
  groupNames,
  RegionReportQuerySchema,
  reportAcrossIn,
  type RegionReport,
} from './store/figures.js';
import { ingestBatch, positionOf } from './store/ingest.js';
import {
  ComplaintQuerySchema,
  complaintsAcross,
  hallNow,
  type HallNow,
  type SupervisedComplaint,
} from './store/supervision.js';
import { EVENT_TIME_MAX, EVENT_TIME_MIN } from './store/partitions.js';

/** A refused link request: the `error` of the 4xx answer (LinkRefusalSchema). */
export interface Refusal {
  code: LinkRefusal;
  message: string;
  ackedSeq?: number;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const refuse = <T>(code: LinkRefusal, message: string, ackedSeq?: number): Outcome<T> => ({
  ok: false,
  refusal: ackedSeq === undefined ? { code, message } : { code, message, ackedSeq },
});

export interface RegionOptions {
  /** Epoch ms; the tests move it. */
  now?: () => number;
  /** How long a pairing code stays good (default 24 h). */
  codeTtlMs?: number;
}

export interface NewHall {
  hallId: string;
  hallName: string;
  /** The one-time code, shown once: the region keeps only its hash. */
  code: string;
  expiresAt: number;
}

/** An unambiguous alphabet (no 0/O, 1/I): 32 letters, so a random byte & 31 is unbiased. */
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

function randomWord(length: number): string {
  return [...randomBytes(length)].map((b) => CODE_ALPHABET[b & 31]).join('');
}

/** A one-time pairing code: four groups of four, `K7QM-2XPD-…`. */
const oneTimeCode = (): string => [0, 1, 2, 3].map(() => randomWord(4)).join('-');

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** Codes are compared without case and dashes: `k7qm2xpd…` is `K7QM-2XPD-…`. */
const codeHash = (code: string): string => sha256(code.replaceAll('-', '').toUpperCase());

const HallNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[^\p{Cc}\p{Cf}]+$/u, 'no control characters');

const PositionQuerySchema = z.strictObject({ history: LinkPositionSchema.shape.historyId });

/**
 * The region's decisions on the link, over its store: pairing, tokens, positions and batches.
 * Every input is parsed here from `unknown`; the HTTP layer only carries it.
 */
export class Region {
  readonly db: RegionDb;
  private readonly now: () => number;
  private readonly codeTtlMs: number;
  private readonly changes: HallChanges;
  /** Told a hall's id when what the console shows of it changed (the live console). */
  private readonly hallListeners = new Set<(hallId: string) => void>();

  constructor(db: RegionDb, options: RegionOptions = {}) {
    this.db = db;
    this.now = options.now ?? Date.now;
    this.codeTtlMs = options.codeTtlMs ?? 24 * 60 * 60 * 1000;
    this.changes = new HallChanges(db);
    // A batch committed through another instance on the same database: news for this one's
    // console too (on PGlite, and for this instance's own batches, `ingest` tells it at once).
    this.changes.on((change) => this.hallChanged(change.hallId));
  }

  /**
   * Starts hearing the halls' changes from every region instance on the same database (LISTEN);
   * `onHallChanged` listeners are told of them. `serve` calls it; idempotent.
   */
  watchHalls(): Promise<void> {
    return this.changes.start();
  }

  /**
   * Calls `listener` after each batch committed by any region instance on this database (once
   * `watchHalls` has started; on PGlite, this instance's own). Gives the function that stops it.
   */
  onHallChanged(listener: (change: HallChange) => void): () => void {
    return this.changes.on(listener);
  }

  /** Stops hearing the other instances (the store is closed by its owner). */
  close(): Promise<void> {
    return this.changes.stop();
  }

  /**
   * Calls `listener` with a hall's id after a batch of its new events is committed, or its hub
   * told the region of itself: what the console shows of the hall may have changed.
   */
  onHallChange(listener: (hallId: string) => void): () => void {
    this.hallListeners.add(listener);
    return () => this.hallListeners.delete(listener);
  }

  hallChanged(hallId: string): void {
    for (const listener of this.hallListeners) listener(hallId);
  }

  /** The region's clock (epoch ms). */
  clock(): number {
    return this.now();
  }

  /** A new hall with its one-time pairing code (`onestop-region add-hall`). */
  async addHall(name: string): Promise<NewHall> {
    const parsed = HallNameSchema.safeParse(name);
    if (!parsed.success) {
      throw new RangeError('a hall name is 1 to 100 characters, without control characters');
    }
    const hallId = `H-${randomWord(10)}`;
    const code = oneTimeCode();
    const now = this.now();
    const expiresAt = now + this.codeTtlMs;
    await this.db.transaction(async (tx) => {
      await insertHall(tx, { id: hallId, name: parsed.data, now });
      await insertPairingCode(tx, { codeHash: codeHash(code), hallId, now, expiresAt });
    });
    return { hallId, hallName: parsed.data, code, expiresAt };
  }

  /**
   * A new one-time code for a hall not yet paired (the relay's one hall, its first code lost or
   * expired); the region keeps only its hash.
   */
  async newCode(hall: HallSummary): Promise<NewHall> {
    const code = oneTimeCode();
    const now = this.now();
    const expiresAt = now + this.codeTtlMs;
    await insertPairingCode(this.db, { codeHash: codeHash(code), hallId: hall.id, now, expiresAt });
    return { hallId: hall.id, hallName: hall.name, code, expiresAt };
  }

  listHalls(): Promise<HallSummary[]> {
    return listHalls(this.db);
  }

  /** Revokes the hall's token and codes; false when there is no such hall. */
  revokeHall(id: string): Promise<boolean> {
    const now = this.now();
    return this.db.transaction((tx) => revokeHall(tx, id, now));
  }

  /** Trades a one-time code for the hall's token (the code is then used up). */
  async pair(body: unknown): Promise<Outcome<LinkPairResult>> {
    const parsed = LinkPairRequestSchema.safeParse(body);
    if (!parsed.success) return refuse('invalid_message', issuesMessage(parsed.error));
    const token = randomBytes(32).toString('base64url');
    const now = this.now();
    const hall = await this.db.transaction(async (tx) => {
      const h = await redeemPairingCode(tx, codeHash(parsed.data.code), now);
      if (h !== null) {
        await setHallToken(tx, {
          id: h.id,
          tokenHash: sha256(token),
          hubVersion: parsed.data.hubVersion,
          now,
        });
      }
      return h;
    });
    if (hall === null) {
      return refuse('bad_code', 'the code is unknown, used, expired or its hall revoked');
    }
    return ok({ hallId: hall.id, hallName: hall.name, token });
  }

  /** The hall of an `Authorization: Bearer <token>` header. */
  async authenticate(authorization: unknown): Promise<Outcome<string>> {
    const m =
      typeof authorization === 'string'
        ? /^Bearer ([A-Za-z0-9_.~+/=-]+)$/.exec(authorization)
        : null;
    const token = m?.[1];
    if (token === undefined || token.length > LINK_LIMITS.tokenMaxLength) {
      return refuse('bad_token', 'an Authorization: Bearer <token> header is required');
    }
    const hall = await hallByTokenHash(this.db, sha256(token));
    if (hall === null) return refuse('bad_token', 'the token is not known here');
    if (hall.revoked) return refuse('revoked', 'this hall has been revoked by the region');
    return ok(hall.id);
  }

  /** Where the region stands for (hall, history), from a `?history=ID` query. */
  async position(hallId: string, query: unknown): Promise<Outcome<LinkPosition>> {
    const parsed = PositionQuerySchema.safeParse(query);
    if (!parsed.success) return refuse('invalid_message', issuesMessage(parsed.error));
    const historyId = parsed.data.history;
    return ok({ historyId, ackedSeq: await positionOf(this.db, hallId, historyId) });
  }

  /** One hall now (queue, windows, today's figures, complaints); null when there is no such hall. */
  hallNow(hallId: string): Promise<HallNow | null> {
    return hallNow(this.db, hallId, this.now());
  }

  /**
   * A report across halls (`RegionReportQuerySchema`, parsed here from `unknown`): the hall
   * report's figures per hall, day, department, service, window, clerk or hour.
   */
  async reportAcross(query: unknown): Promise<Outcome<RegionReport>> {
    const parsed = RegionReportQuerySchema.safeParse(query);
    if (!parsed.success) return refuse('invalid_message', issuesMessage(parsed.error));
    return ok(await reportAcrossIn(this.db, parsed.data));
  }

  /** The names of a report's windows or clerks as their halls gave them (`hallId/w10` → name). */
  reportGroupNames(report: RegionReport, lang: 'zh' | 'en'): Promise<Map<string, string>> {
    return groupNames(this.db, report.halls, report.groupBy, lang);
  }

  /** Complaints across halls for supervision: open, overdue, due soon or all. */
  async complaints(query: unknown): Promise<Outcome<SupervisedComplaint[]>> {
    const parsed = ComplaintQuerySchema.safeParse(query);
    if (!parsed.success) return refuse('invalid_message', issuesMessage(parsed.error));
    return ok(await complaintsAcross(this.db, parsed.data, this.now()));
  }

  /** One batch of the hall's events, committed before it is answered. */
  async ingest(hallId: string, body: unknown): Promise<Outcome<LinkBatchResult>> {
    const parsed = LinkBatchSchema.safeParse(body);
    if (!parsed.success) return refuse('invalid_message', issuesMessage(parsed.error));
    const batch = parsed.data;
    const days = new Set<string>();
    for (const e of batch.events) {
      const problem = eventProblem(e, days);
      if (problem !== null) return refuse('invalid_message', `event ${e.seq}: ${problem}`);
    }
    const folded = foldedEvents(batch.events);
    if (!folded.ok) return refuse('invalid_message', folded.problem);
    if (batch.config !== undefined) {
      const head = headConfigEvent(batch.config, 0);
      if (!head.ok) return refuse('invalid_message', head.problem);
    }
    // On PostgreSQL the batch's own statement says NOTIFY (delivered at its COMMIT); on PGlite
    // (no other instance) the news is told here after the COMMIT.
    const notifyInSql = this.changes.bySql();
    const outcome = await ingestBatch(
      this.db,
      hallId,
      { ...batch, folded: folded.events, notify: notifyInSql },
      this.now(),
    );
    switch (outcome.kind) {
      case 'acked':
        if (outcome.inserted > 0) {
          this.hallChanged(hallId);
          if (!notifyInSql) {
            await this.changes
              .announce({ hallId, historyId: batch.historyId, seq: outcome.ackedSeq })
              .catch(() => undefined);
          }
        }
        return ok({ historyId: batch.historyId, ackedSeq: outcome.ackedSeq });
      case 'gap':
        return refuse(
          'gap',
          `the batch follows ${batch.afterSeq} but the region holds this history up to ${outcome.ackedSeq}; send from there`,
          outcome.ackedSeq,
        );
    }
  }
}

/** At most this deep a body may nest (the hub's events are a few levels). */
const MAX_BODY_DEPTH = 16;
/**
 * A NUL or a lone surrogate (with `u`, a well-formed pair is one code point above them), which
 * PostgreSQL cannot store as text or in jsonb.
 */
const UNSTORABLE = /[\0\uD800-\uDFFF]/u;

/**
 * What the zod schema cannot say about an event but PostgreSQL would refuse: a time outside the
 * partitions' years, a day that is not a date, text it cannot store, a body too deep. `days`:
 * the business days already found to be dates in this batch (each is checked once).
 */
function eventProblem(e: LinkEvent, days: Set<string>): string | null {
  if (e.at < EVENT_TIME_MIN || e.at >= EVENT_TIME_MAX) return 'at is outside the years 2000..2199';
  if (e.businessDay !== null && !days.has(e.businessDay)) {
    const d = new Date(`${e.businessDay}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== e.businessDay) {
      return `businessDay ${e.businessDay} is not a date`;
    }
    days.add(e.businessDay);
  }
  return valueProblem(e, 0);
}

/** The first text PostgreSQL cannot store in `value` (at `depth`), or an object too deep. */
function valueProblem(value: unknown, depth: number): string | null {
  if (typeof value === 'string') {
    return UNSTORABLE.test(value) ? 'text with a NUL character or a lone surrogate' : null;
  }
  if (typeof value !== 'object' || value === null) return null;
  if (depth > MAX_BODY_DEPTH) return `the body nests deeper than ${MAX_BODY_DEPTH} levels`;
  if (Array.isArray(value)) {
    for (const v of value as unknown[]) {
      const problem = valueProblem(v, depth + 1);
      if (problem !== null) return problem;
    }
    return null;
  }
  const record = value as Record<string, unknown>;
  for (const k of Object.keys(record)) {
    if (UNSTORABLE.test(k)) return 'a key with a NUL character or a lone surrogate';
    const problem = valueProblem(record[k], depth + 1);
    if (problem !== null) return problem;
  }
  return null;
}

/** The first issues of a zod error, as one line (a refusal's message is at most 500 characters). */
function issuesMessage(error: z.ZodError): string {
  const text = error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(body)'}: ${i.message}`)
    .join('; ');
  return text.length > 480 ? `${text.slice(0, 477)}...` : text;
}
