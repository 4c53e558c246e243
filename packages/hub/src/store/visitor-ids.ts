import type Database from 'better-sqlite3';
import { ISSUED_TICKET } from './event-log.js';
import { sql } from './sql.js';

/** A ticket issued with an ID card, as `visitor_ids` (migration 013) keeps it for the day. */
export interface VisitorIdRow {
  actor_key: string;
  command_id: string;
  business_day: string;
  service_id: string;
  id_hash: string;
  masked_name: string;
  ticket_id: string | null;
}

/** A closed day's counts of tickets issued with a card (service '*': the whole day). */
export interface VisitorIdFigureRow {
  business_day: string;
  service_id: string;
  tickets: number;
  people: number;
  refused: number;
}

const COLUMNS = 'actor_key, command_id, business_day, service_id, id_hash, masked_name, ticket_id';

/**
 * The ID card's records (`visitor_id_keys`, `visitor_ids`, `visitor_id_figures`): the day's
 * hashing key, each card's ticket, and the counts left when the day is dropped. What is allowed
 * is features/visitor-ids'.
 */
export class VisitorIdRecords {
  private readonly q;

  constructor(
    private readonly db: Database.Database,
    /** Checkpoints and truncates the WAL (the store's, which holds the checkpoint worker). */
    private readonly truncateWal: () => void = () => db.pragma('wal_checkpoint(TRUNCATE)'),
  ) {
    this.q = {
      key: sql(db, 'SELECT key FROM visitor_id_keys WHERE business_day = @day'),
      setKey: sql(
        db,
        `INSERT INTO visitor_id_keys (business_day, key) VALUES (@day, @key)
         ON CONFLICT (business_day) DO NOTHING`,
      ),
      byKey: sql(
        db,
        `SELECT ${COLUMNS} FROM visitor_ids WHERE actor_key = @actorKey AND command_id = @commandId`,
      ),
      byHash: sql(
        db,
        `SELECT ${COLUMNS} FROM visitor_ids WHERE business_day = @day AND id_hash = @hash
         ORDER BY at`,
      ),
      byTicket: sql(db, `SELECT ${COLUMNS} FROM visitor_ids WHERE ticket_id = @ticketId`),
      ofDay: sql(db, `SELECT ${COLUMNS} FROM visitor_ids WHERE business_day = @day ORDER BY at`),
      insert: sql(
        db,
        `INSERT INTO visitor_ids (actor_key, command_id, business_day, service_id, id_hash,
           masked_name, ticket_id, at)
         VALUES (@actorKey, @commandId, @day, @serviceId, @hash, @maskedName, NULL, @at)`,
      ),
      setTicket: sql(
        db,
        `UPDATE visitor_ids SET ticket_id = @ticketId
         WHERE actor_key = @actorKey AND command_id = @commandId`,
      ),
      remove: sql(
        db,
        'DELETE FROM visitor_ids WHERE actor_key = @actorKey AND command_id = @commandId',
      ),
      // A crash between a ticket's commit and `setTicket`: the stored result names the ticket,
      // or marks it as the one its first event issued (`ISSUED_TICKET`, event-log.ts).
      repair: sql(
        db,
        `UPDATE visitor_ids SET ticket_id = (
           SELECT CASE json_extract(r.result, '$.ticket')
             WHEN @issued THEN (SELECT e.ticket_id FROM events e WHERE e.seq = r.seq_from)
             ELSE json_extract(r.result, '$.ticket.id') END
           FROM command_results r
           WHERE r.actor_key = visitor_ids.actor_key AND r.command_id = visitor_ids.command_id)
         WHERE ticket_id IS NULL`,
      ),
      refused: sql(
        db,
        `INSERT INTO visitor_id_figures (business_day, service_id, refused)
         VALUES (@day, @serviceId, 1)
         ON CONFLICT (business_day, service_id) DO UPDATE SET refused = refused + 1`,
      ),
      closedDays: sql(
        db,
        `SELECT DISTINCT business_day FROM (
           SELECT business_day FROM visitor_ids UNION SELECT business_day FROM visitor_id_keys)
         WHERE business_day <> @today`,
      ),
      count: sql(
        db,
        `INSERT INTO visitor_id_figures (business_day, service_id, tickets, people)
         SELECT business_day, service_id, count(ticket_id), count(DISTINCT id_hash)
         FROM visitor_ids WHERE business_day = @day AND ticket_id IS NOT NULL
         GROUP BY service_id
         UNION ALL
         SELECT business_day, '*', count(ticket_id), count(DISTINCT id_hash)
         FROM visitor_ids WHERE business_day = @day AND ticket_id IS NOT NULL
         GROUP BY business_day
         ON CONFLICT (business_day, service_id) DO UPDATE SET
           tickets = excluded.tickets, people = excluded.people`,
      ),
      dropRows: sql(db, 'DELETE FROM visitor_ids WHERE business_day = @day'),
      dropKey: sql(db, 'DELETE FROM visitor_id_keys WHERE business_day = @day'),
      figures: sql(
        db,
        `SELECT business_day, service_id, tickets, people, refused FROM visitor_id_figures
         WHERE business_day BETWEEN @from AND @to ORDER BY business_day, service_id`,
      ),
    };
  }

  /** The day's hashing key, made by `make` on the day's first card. */
  keyOf(day: string, make: () => string): string {
    const key = this.q.key.value<string>({ day });
    if (key !== undefined) return key;
    this.q.setKey.run({ day, key: make() });
    return this.q.key.value<string>({ day }) ?? '';
  }

  /** The day's hashing key, or null before the day's first card (nothing to find then). */
  existingKey(day: string): string | null {
    return this.q.key.value<string>({ day }) ?? null;
  }

  byCommand(actorKey: string, commandId: string): VisitorIdRow | null {
    return this.q.byKey.get<VisitorIdRow>({ actorKey, commandId }) ?? null;
  }

  byHash(day: string, hash: string): VisitorIdRow[] {
    return this.q.byHash.all<VisitorIdRow>({ day, hash });
  }

  byTicket(ticketId: string): VisitorIdRow | null {
    return this.q.byTicket.get<VisitorIdRow>({ ticketId }) ?? null;
  }

  ofDay(day: string): VisitorIdRow[] {
    return this.q.ofDay.all<VisitorIdRow>({ day });
  }

  reserve(row: {
    actorKey: string;
    commandId: string;
    day: string;
    serviceId: string;
    hash: string;
    maskedName: string;
    at: number;
  }): void {
    this.q.insert.run(row);
  }

  setTicket(actorKey: string, commandId: string, ticketId: string): void {
    this.q.setTicket.run({ actorKey, commandId, ticketId });
  }

  release(actorKey: string, commandId: string): void {
    this.q.remove.run({ actorKey, commandId });
  }

  repair(): void {
    this.q.repair.run({ issued: ISSUED_TICKET });
  }

  countRefusal(day: string, serviceId: string): void {
    this.q.refused.run({ day, serviceId });
  }

  /** Days other than `today` that still hold keys or rows. */
  daysBefore(today: string): string[] {
    return this.q.closedDays.all<{ business_day: string }>({ today }).map((r) => r.business_day);
  }

  /**
   * Drops a day's hashes, masked names and key, keeping the counts, in one transaction; the
   * deleted cells are overwritten with zeros (`secure_delete`) so that the file keeps none of
   * them, and the log is checkpointed so that the `-wal` keeps none either.
   */
  dropDay(day: string): void {
    this.db.pragma('secure_delete = ON');
    try {
      this.db.transaction(() => {
        this.q.count.run({ day });
        this.q.dropRows.run({ day });
        this.q.dropKey.run({ day });
      })();
    } finally {
      this.db.pragma('secure_delete = OFF');
    }
    this.truncateWal();
  }

  figures(from: string, to: string): VisitorIdFigureRow[] {
    return this.q.figures.all<VisitorIdFigureRow>({ from, to });
  }
}
