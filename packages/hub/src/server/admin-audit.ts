import type Database from 'better-sqlite3';
import {
  redactConfigFor,
  redactEventFor,
  withCalendar,
  type AuditActor,
  type AuditEntry,
  type AuditMessage,
  type AuditOrder,
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

const SEARCH = `SELECT seq, actor, body FROM events
  WHERE at BETWEEN ? AND ? AND seq > ? AND (? IS NULL OR seq < ?)
    AND (? IS NULL OR ticket_id = ?)
    AND (? IS NULL OR window_id = ?)
    AND (? IS NULL OR type = ?)
    AND (? IS NULL OR json_extract(actor, '$.staffCode') = ?
                   OR json_extract(body, '$.staffCode') = ?)`;
const IN_ORDER: Record<AuditOrder, string> = {
  oldest_first: `${SEARCH} ORDER BY seq LIMIT ?`,
  newest_first: `${SEARCH} ORDER BY seq DESC LIMIT ?`,
};

/**
 * The event log searched by time, ticket, window, staff and kind. Staff matches the person who
 * made the command or the clerk an event names (a call, a window opened). Oldest first, paged
 * on by `afterSeq`; or newest first (`order`), paged back by `beforeSeq`.
 */
export function searchAudit(db: Database.Database, q: AuditMessage): AuditResult {
  const rows = db
    .prepare<unknown[], EventRow>(IN_ORDER[q.order ?? 'oldest_first'])
    .all(
      q.from,
      q.to,
      q.afterSeq,
      q.beforeSeq ?? null,
      q.beforeSeq ?? null,
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
  const entries = rows.slice(0, q.limit).map((r): AuditEntry => {
    // Written by the store from a typed DomainEvent; the log is append-only.
    const event = { ...(JSON.parse(r.body) as DomainEvent), seq: r.seq };
    return {
      // As the console gets it live: a ticket's access token (the key of the visitor's status
      // page) goes to no one, not in the audit's raw record nor its exported file either.
      event: redactEventFor('admin', event) ?? event,
      actor: JSON.parse(r.actor) as AuditActor,
    };
  });
  const previous = previousConfigs(db);
  for (const entry of entries) {
    if (entry.event.type !== 'config_changed') continue;
    const before = previous(entry.event.seq);
    entry.configDiff =
      before === null
        ? null
        : // Filled as the hub loads them: a configuration kept before the calendar existed
          // does not show its holidays as a change.
          diffConfig(
            redactConfigFor('admin', withCalendar(before)),
            redactConfigFor('admin', withCalendar(entry.event.config)),
          );
  }
  return { entries, more };
}

/**
 * The configuration in effect before event `seq`: the previous `config_changed`'s, or the one
 * the hall was set up or restarted with since (`config_history`, kept after event `after_seq`:
 * at the same position it came after that event); null if neither (a log older than both).
 */
function previousConfigs(db: Database.Database): (seq: number) => HallConfig | null {
  const stmt = db.prepare<[number, number], { kind: 'event' | 'kept'; body: string }>(
    `SELECT kind, body FROM (
       SELECT 'event' AS kind, seq AS pos, 0 AS later, seq AS tie, body FROM events
        WHERE type = 'config_changed' AND seq < ?
       UNION ALL
       SELECT 'kept' AS kind, after_seq AS pos, 1 AS later, id AS tie, body FROM config_history
        WHERE after_seq < ?)
     ORDER BY pos DESC, later DESC, tie DESC LIMIT 1`,
  );
  return (seq) => {
    const row = stmt.get(seq, seq);
    if (row === undefined) return null;
    // Both written by the store: a typed DomainEvent of this type, or a HallConfig.
    return row.kind === 'event'
      ? (JSON.parse(row.body) as { config: HallConfig }).config
      : (JSON.parse(row.body) as HallConfig);
  };
}
