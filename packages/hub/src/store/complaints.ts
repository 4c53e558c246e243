import type Database from 'better-sqlite3';
import type { Complaint, ComplaintActionKind } from '@onestop/shared';
import { fromJson } from './rows.js';
import { sql } from './sql.js';

/** A follow-up step of a complaint (`complaint_actions`, append-only). */
export interface ComplaintActionRow {
  complaint_id: string;
  at: number;
  staff_code: string;
  action: ComplaintActionKind;
  text: string;
  /** Callback, rectify: who called the visitor back, who made the change. */
  done_by: string | null;
  /** Callback: when the visitor was reached; null: at `at`. */
  done_at: number | null;
}

/** A complaint entered by hand (`manual_complaints`, append-only): its contact only masked. */
export interface ManualComplaintRow {
  id: string;
  opened_at: number;
  deadline_at: number;
  opened_by: string;
  contact_masked: string;
  summary: string;
  service_id: string | null;
  window_id: string | null;
  staff_code: string | null;
  ticket_id: string | null;
  /** Null for a complaint entered before the case had a call-back deadline (migration 012). */
  callback_due_at: number | null;
}

const MANUAL_COLUMNS = `id, opened_at, deadline_at, opened_by, contact_masked, summary, service_id,
  window_id, staff_code, ticket_id, callback_due_at`;

/**
 * The complaints' tables: those a poor rating opened (the `complaints` projection, written by
 * `commit`), those entered by hand, and the follow-up record of both. What a complaint's status
 * is, and who may act on it, is the feature's (features/complaints).
 */
export class ComplaintRecords {
  private readonly q;

  constructor(private readonly db: Database.Database) {
    this.q = {
      rated: sql(db, 'SELECT body FROM complaints ORDER BY opened_at DESC, id DESC LIMIT @limit'),
      ratedById: sql(db, 'SELECT body FROM complaints WHERE id = @id'),
      manual: sql(
        db,
        `SELECT ${MANUAL_COLUMNS} FROM manual_complaints
          ORDER BY opened_at DESC, id DESC LIMIT @limit`,
      ),
      manualById: sql(db, `SELECT ${MANUAL_COLUMNS} FROM manual_complaints WHERE id = @id`),
      ticket: sql(db, 'SELECT 1 FROM tickets WHERE id = @id'),
      manualOfDay: sql(
        db,
        "SELECT count(*) FROM manual_complaints WHERE id LIKE @businessDay || '/M-%'",
      ),
      insertManual: sql(
        db,
        `INSERT INTO manual_complaints (${MANUAL_COLUMNS}, command_id)
         VALUES (@id, @openedAt, @deadlineAt, @openedBy, @contactMasked, @summary, @serviceId,
           @windowId, @staffCode, @ticketId, @callbackDueAt, @commandId)`,
      ),
      insertAction: sql(
        db,
        `INSERT INTO complaint_actions (complaint_id, at, staff_code, action, text, done_by,
           done_at, command_id)
         VALUES (@complaintId, @at, @staffCode, @action, @text, @doneBy, @doneAt, @commandId)`,
      ),
      actionsOf: sql(
        db,
        `SELECT complaint_id, at, staff_code, action, text, done_by, done_at FROM complaint_actions
          WHERE complaint_id IN (SELECT value FROM json_each(@ids)) ORDER BY id`,
      ),
    };
  }

  /** The newest complaints poor ratings opened, at most `limit`. */
  rated(limit: number): Complaint[] {
    return this.q.rated.all<{ body: string }>({ limit }).map(toComplaint);
  }

  ratedById(id: string): Complaint | null {
    const row = this.q.ratedById.get<{ body: string }>({ id });
    return row ? toComplaint(row) : null;
  }

  /** The newest complaints entered by hand, at most `limit`. */
  manual(limit: number): ManualComplaintRow[] {
    return this.q.manual.all<ManualComplaintRow>({ limit });
  }

  manualById(id: string): ManualComplaintRow | null {
    return this.q.manualById.get<ManualComplaintRow>({ id }) ?? null;
  }

  /** Whether the hall has (or had) a ticket with this id. */
  hasTicket(id: string): boolean {
    return this.q.ticket.value({ id }) !== undefined;
  }

  /** How many complaints were entered by hand on a business day (their ids begin with it). */
  manualCountOfDay(businessDay: string): number {
    return this.q.manualOfDay.value<number>({ businessDay }) ?? 0;
  }

  insertManual(row: {
    id: string;
    openedAt: number;
    deadlineAt: number;
    openedBy: string;
    contactMasked: string;
    summary: string;
    serviceId: string | null;
    windowId: string | null;
    staffCode: string | null;
    ticketId: string | null;
    callbackDueAt: number;
    commandId: string;
  }): void {
    this.q.insertManual.run(row);
  }

  insertAction(row: {
    complaintId: string;
    at: number;
    staffCode: string;
    action: ComplaintActionKind;
    text: string;
    doneBy: string | null;
    doneAt: number | null;
    commandId: string;
  }): void {
    this.q.insertAction.run(row);
  }

  /** The follow-up steps of these complaints, oldest first. */
  actionsOf(ids: readonly string[]): ComplaintActionRow[] {
    if (ids.length === 0) return [];
    return this.q.actionsOf.all<ComplaintActionRow>({ ids: JSON.stringify(ids) });
  }

  /** Runs `fn` in one IMMEDIATE transaction: a number counted and used, a step checked and kept. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }
}

function toComplaint(row: { body: string }): Complaint {
  // Written by commit() from a typed Complaint.
  return fromJson(row.body) as Complaint;
}
