import type Database from 'better-sqlite3';
import {
  redactConfigFor,
  type AuditActor,
  type AuditEntry,
  type AuditMessage,
  type AuditResult,
  type DomainEvent,
  type HallConfig,
} from '@onestop/shared';
import { diffConfig } from './config-diff.js';

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
  const entries = rows.slice(0, q.limit).map((r): AuditEntry => ({
    // Written by the store from a typed DomainEvent; the log is append-only.
    event: { ...(JSON.parse(r.body) as DomainEvent), seq: r.seq },
    actor: JSON.parse(r.actor) as AuditActor,
  }));
  const previous = previousConfigs(db);
  for (const entry of entries) {
    if (entry.event.type !== 'config_changed') continue;
    const before = previous(entry.event.seq);
    entry.configDiff =
      before === null
        ? null
        : diffConfig(
            redactConfigFor('admin', before),
            redactConfigFor('admin', entry.event.config),
          );
  }
  return { entries, more };
}

/** The configuration before event `seq`: the previous `config_changed`'s, null if none. */
function previousConfigs(db: Database.Database): (seq: number) => HallConfig | null {
  const stmt = db.prepare<[number], { body: string }>(
    `SELECT body FROM events WHERE type = 'config_changed' AND seq < ? ORDER BY seq DESC LIMIT 1`,
  );
  return (seq) => {
    const row = stmt.get(seq);
    if (row === undefined) return null;
    // Written by the store from a typed DomainEvent of this type.
    return (JSON.parse(row.body) as { config: HallConfig }).config;
  };
}
