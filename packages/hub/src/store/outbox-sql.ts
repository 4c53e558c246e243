import type Database from 'better-sqlite3';
import { sqlWith } from './sql.js';

/**
 * The tables of messages a sender sends one by one (features/notify): each row has `id`,
 * `status` (`pending`, `sending`, `sent`, `failed`, `skipped`, ...), `attempts`, `next_at`,
 * `provider_id`, `last_error` and `sent_at`.
 */
export type SenderTable = 'notify_outbox' | 'case_alerts';

/**
 * The sender's statements on such a table, the same for each: the rows due, the claim before a
 * try, and the marks after it. The table's name is one of the fixed names above, never input.
 */
export function senderStatements(db: Database.Database, table: SenderTable) {
  const open = `WHERE id = @id AND status IN ('pending', 'sending')`;
  return {
    due: sqlWith<{ now: number; limit: number }>(
      db,
      `SELECT * FROM ${table} WHERE status IN ('pending', 'sending') AND next_at <= @now
        ORDER BY next_at, id LIMIT @limit`,
    ),
    claim: sqlWith<{ id: number }>(
      db,
      `UPDATE ${table} SET status = 'sending', attempts = attempts + 1 ${open}`,
    ),
    sent: sqlWith<{ id: number; providerId: string; at: number }>(
      db,
      `UPDATE ${table} SET status = 'sent', provider_id = @providerId, sent_at = @at,
         last_error = NULL WHERE id = @id AND status = 'sending'`,
    ),
    retry: sqlWith<{ id: number; nextAt: number; error: string }>(
      db,
      `UPDATE ${table} SET status = 'pending', next_at = @nextAt, last_error = @error
        WHERE id = @id AND status = 'sending'`,
    ),
    failed: sqlWith<{ id: number; error: string }>(
      db,
      `UPDATE ${table} SET status = 'failed', last_error = @error ${open}`,
    ),
    // An admin's resend of a failed row (the console): due again now, one more try.
    resend: sqlWith<{ id: number; now: number }>(
      db,
      `UPDATE ${table} SET status = 'pending', next_at = @now WHERE id = @id AND status = 'failed'`,
    ),
    byId: sqlWith<{ id: number }>(db, `SELECT * FROM ${table} WHERE id = @id`),
    skip: sqlWith<{ id: number; why: string }>(
      db,
      `UPDATE ${table} SET status = 'skipped', last_error = @why ${open}`,
    ),
  };
}
