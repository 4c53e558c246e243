import type Database from 'better-sqlite3';
import type { AuditActor, AuditMessage, AuditResult, DomainEvent } from '@onestop/shared';

interface EventRow {
  seq: number;
  actor: string;
  body: string;
}

/**
 * The event log searched by time, ticket, window, staff and kind. Staff matches the person who
 * made the command or the clerk an event names (a call, a window opened).
 */
export function searchAudit(db: Database.Database, q: AuditMessage): AuditResult {
  const rows = db
    .prepare<unknown[], EventRow>(
      `SELECT seq, actor, body FROM events
        WHERE at BETWEEN ? AND ? AND seq > ?
          AND (? IS NULL OR ticket_id = ?)
          AND (? IS NULL OR window_id = ?)
          AND (? IS NULL OR type = ?)
          AND (? IS NULL OR json_extract(actor, '$.staffCode') = ?
                         OR json_extract(body, '$.staffCode') = ?)
        ORDER BY seq
        LIMIT ?`,
    )
    .all(
      q.from,
      q.to,
      q.afterSeq,
      q.ticketId,
      q.ticketId,
      q.windowId,
      q.windowId,
      q.type,
      q.type,
      q.staffCode,
      q.staffCode,
      q.staffCode,
      q.limit + 1,
    );
  const more = rows.length > q.limit;
  const entries = rows.slice(0, q.limit).map((r) => ({
    // Written by the store from a typed DomainEvent; the log is append-only.
    event: { ...(JSON.parse(r.body) as DomainEvent), seq: r.seq },
    actor: JSON.parse(r.actor) as AuditActor,
  }));
  return { entries, more };
}
