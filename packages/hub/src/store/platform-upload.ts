import type Database from 'better-sqlite3';
import type { UploadRecord, UploadRecordKind } from '@onestop/shared';
import { sql } from './sql.js';

/** Where a record of `platform_outbox` stands (migration 021). */
export type PlatformOutboxStatus = 'pending' | 'sending' | 'sent' | 'refused';

/** A row of `platform_outbox`. */
export interface PlatformOutboxRow {
  id: number;
  idempotency_key: string;
  kind: UploadRecordKind;
  rating_id: string;
  case_id: string | null;
  /** The `UploadRecord` as JSON. */
  body: string;
  status: PlatformOutboxStatus;
  attempts: number;
  next_at: number;
  receipt: string | null;
  last_error: string | null;
  credentials_refused: 0 | 1;
  created_at: number;
  sent_at: number | null;
  resent_at: number | null;
}

/** The outbox's three lists in the console: waiting (pending or sending), sent, refused. */
export type PlatformOutboxFilter = 'waiting' | 'sent' | 'refused' | 'all';

/**
 * The records for the provincial platform (features/platform-upload). `add` runs inside the
 * transaction that makes the rating or the case's step; the uploader's marks each run on their
 * own, between commands, never inside one.
 */
export class PlatformUploadRecords {
  private readonly q;

  constructor(db: Database.Database) {
    this.q = {
      insert: sql(
        db,
        `INSERT OR IGNORE INTO platform_outbox
           (idempotency_key, kind, rating_id, case_id, body, status, next_at, created_at)
         VALUES (@key, @kind, @ratingId, @caseId, @body, 'pending', @at, @at)`,
      ),
      ratingOfCase: sql(
        db,
        `SELECT body FROM platform_outbox WHERE case_id = @caseId AND kind = 'rating' LIMIT 1`,
      ),
      due: sql(
        db,
        `SELECT * FROM platform_outbox WHERE status IN ('pending', 'sending') AND next_at <= @now
          ORDER BY next_at, id LIMIT @limit`,
      ),
      claim: sql(
        db,
        `UPDATE platform_outbox SET status = 'sending', attempts = attempts + 1
          WHERE id = @id AND status IN ('pending', 'sending')`,
      ),
      sent: sql(
        db,
        `UPDATE platform_outbox SET status = 'sent', receipt = @receipt, sent_at = @at,
           last_error = NULL, credentials_refused = 0 WHERE id = @id AND status = 'sending'`,
      ),
      retry: sql(
        db,
        `UPDATE platform_outbox SET status = 'pending', next_at = @nextAt, last_error = @error,
           credentials_refused = @credentials WHERE id = @id AND status = 'sending'`,
      ),
      refused: sql(
        db,
        `UPDATE platform_outbox SET status = 'refused', last_error = @reason,
           credentials_refused = 0 WHERE id = @id AND status = 'sending'`,
      ),
      resend: sql(
        db,
        `UPDATE platform_outbox SET status = 'pending', next_at = @at, resent_at = @at,
           attempts = 0 WHERE id = @id AND status = 'refused'`,
      ),
      byId: sql(db, 'SELECT * FROM platform_outbox WHERE id = @id'),
      list: sql(
        db,
        `SELECT * FROM platform_outbox
          WHERE @filter = 'all'
             OR (@filter = 'waiting' AND status IN ('pending', 'sending'))
             OR status = @filter
          ORDER BY id DESC LIMIT @limit`,
      ),
      counts: sql(
        db,
        `SELECT
           COALESCE(SUM(status IN ('pending', 'sending')), 0) AS waiting,
           COALESCE(SUM(status = 'sent'), 0) AS sent,
           COALESCE(SUM(status = 'refused'), 0) AS refused
         FROM platform_outbox`,
      ),
    };
  }

  /** Inside a commit: records to send; each idempotency key once (a replay adds nothing). */
  add(records: readonly UploadRecord[], at: number): void {
    for (const r of records) {
      this.q.insert.run({
        key: r.idempotencyKey,
        kind: r.kind,
        ratingId: r.ratingId,
        caseId: r.case?.caseId ?? null,
        body: JSON.stringify(r),
        at,
      });
    }
  }

  /** The rating record of a case (what a step of the case repeats), or null if none was kept. */
  ratingOfCase(caseId: string): UploadRecord | null {
    const row = this.q.ratingOfCase.get<{ body: string }>({ caseId });
    // Written by `add` from a typed UploadRecord.
    return row ? (JSON.parse(row.body) as UploadRecord) : null;
  }

  /** Records to send now (pending, or left `sending` by a hub that stopped mid-send). */
  due(now: number, limit: number): PlatformOutboxRow[] {
    return this.q.due.all<PlatformOutboxRow>({ now, limit });
  }

  /** Marks a record `sending` before the platform is asked; false if it is no longer due. */
  claim(id: number): boolean {
    return this.q.claim.run({ id }).changes === 1;
  }

  markSent(id: number, receipt: string, at: number): void {
    this.q.sent.run({ id, receipt, at });
  }

  /** Due again at `nextAt`; `credentials`: the platform refused the hall's key. */
  retryAt(id: number, nextAt: number, error: string, credentials: boolean): void {
    this.q.retry.run({ id, nextAt, error, credentials: credentials ? 1 : 0 });
  }

  /** The platform refused the record itself, with its reason: kept so, not tried again. */
  markRefused(id: number, reason: string): void {
    this.q.refused.run({ id, reason });
  }

  /** An admin's resend: a refused record is due again now (inside the command's commit). */
  resend(id: number, at: number): boolean {
    return this.q.resend.run({ id, at }).changes === 1;
  }

  get(id: number): PlatformOutboxRow | null {
    return this.q.byId.get<PlatformOutboxRow>({ id }) ?? null;
  }

  /** Newest first, at most `limit`. */
  list(filter: PlatformOutboxFilter, limit: number): PlatformOutboxRow[] {
    return this.q.list.all<PlatformOutboxRow>({ filter, limit });
  }

  counts(): { waiting: number; sent: number; refused: number } {
    const row = this.q.counts.get<{ waiting: number; sent: number; refused: number }>({});
    return row ?? { waiting: 0, sent: 0, refused: 0 };
  }
}
