import type Database from 'better-sqlite3';
import type {
  AuditActor,
  AuditMessage,
  DomainEvent,
  HallConfig,
  SequencedEvent,
} from '@onestop/shared';
import { fromJson } from './rows.js';
import { sql } from './sql.js';

const SEARCH = `SELECT seq, actor, body FROM events
  WHERE at BETWEEN @from AND @to AND seq > @afterSeq AND (@beforeSeq IS NULL OR seq < @beforeSeq)
    AND (@ticketId IS NULL OR ticket_id = @ticketId)
    AND (@windowId IS NULL OR window_id = @windowId)
    AND (@type IS NULL OR type = @type)
    AND (@staffCode IS NULL OR json_extract(actor, '$.staffCode') = @staffCode
                            OR json_extract(body, '$.staffCode') = @staffCode
                            OR json_extract(body, '$.ticket.allowedBy') = @staffCode)`;

/** An event of the log with who made it. */
export interface AuditRecord {
  event: SequencedEvent;
  actor: AuditActor;
}

/** The event log read for the audit: searched, and the configuration each change replaced. */
export class AuditLog {
  private readonly search;
  private readonly before;

  constructor(db: Database.Database) {
    this.search = {
      oldest_first: sql(db, `${SEARCH} ORDER BY seq LIMIT @limit`),
      newest_first: sql(db, `${SEARCH} ORDER BY seq DESC LIMIT @limit`),
    };
    this.before = sql(
      db,
      `SELECT kind, body FROM (
         SELECT 'event' AS kind, seq AS pos, 0 AS later, seq AS tie, body FROM events
          WHERE type = 'config_changed' AND seq < @seq
         UNION ALL
         SELECT 'kept' AS kind, after_seq AS pos, 1 AS later, id AS tie, body FROM config_history
          WHERE after_seq < @seq)
       ORDER BY pos DESC, later DESC, tie DESC LIMIT 1`,
    );
  }

  /**
   * Events by time, ticket, window, type and staff (who made the command, or the clerk the event
   * names), after `afterSeq` and before `beforeSeq`, in `order`, at most `limit`.
   */
  find(q: AuditMessage, limit: number): AuditRecord[] {
    return this.search[q.order ?? 'oldest_first']
      .all<{ seq: number; actor: string; body: string }>({
        from: q.from,
        to: q.to,
        afterSeq: q.afterSeq,
        beforeSeq: q.beforeSeq ?? null,
        ticketId: q.ticketId,
        windowId: q.windowId,
        type: q.type,
        staffCode: q.staffCode,
        limit,
      })
      .map((r) => ({
        // Written by the store from a typed DomainEvent; the log is append-only.
        event: { ...(fromJson(r.body) as DomainEvent), seq: r.seq },
        actor: fromJson(r.actor) as AuditActor,
      }));
  }

  /**
   * The configuration in effect before event `seq`: the previous `config_changed`'s, or the one
   * the hall was set up or restarted with since (`config_history`, kept after event `after_seq`:
   * at the same position it came after that event); null if neither (a log older than both).
   */
  configBefore(seq: number): HallConfig | null {
    const row = this.before.get<{ kind: 'event' | 'kept'; body: string }>({ seq });
    if (row === undefined) return null;
    // Both written by the store: a typed DomainEvent of this type, or a HallConfig.
    return row.kind === 'event'
      ? (fromJson(row.body) as { config: HallConfig }).config
      : (fromJson(row.body) as HallConfig);
  }
}
