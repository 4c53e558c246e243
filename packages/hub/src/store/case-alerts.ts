import type Database from 'better-sqlite3';
import { senderStatements } from './outbox-sql.js';
import { sql } from './sql.js';

/** Which deadline of a case an alert is about: call-back (回访) or rectification (整改反馈). */
export type CaseAlertDeadline = 'callback' | 'rectify';
/** Where the deadline stood: due on this business day, or past. */
export type CaseAlertState = 'due_soon' | 'overdue';
export type CaseAlertStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

/** An alert to claim: one per case, deadline, state and phone, ever. */
export interface NewCaseAlert {
  complaintId: string;
  deadline: CaseAlertDeadline;
  state: CaseAlertState;
  phone: string;
  /** The deadline the alert names. */
  dueAt: number;
}

/** A row of `case_alerts` (migration 022). */
export interface CaseAlertRow {
  id: number;
  complaint_id: string;
  deadline: CaseAlertDeadline;
  state: CaseAlertState;
  phone: string;
  due_at: number;
  status: CaseAlertStatus;
  attempts: number;
  next_at: number;
  provider_id: string | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

/**
 * The case alerts to the duty supervisors (features/case-alerts). Each method runs on its own,
 * between commands, never inside one: a command never waits for an alert.
 */
export class CaseAlertRecords {
  private readonly q;
  private readonly claimTx: (find: () => readonly NewCaseAlert[], at: number) => number;

  constructor(db: Database.Database) {
    this.q = {
      insert: sql(
        db,
        `INSERT OR IGNORE INTO case_alerts
           (complaint_id, deadline, state, phone, due_at, status, next_at, created_at)
         VALUES (@complaintId, @deadline, @state, @phone, @dueAt, 'pending', @at, @at)`,
      ),
      ...senderStatements(db, 'case_alerts'),
      all: sql(db, 'SELECT * FROM case_alerts ORDER BY id'),
      made: sql(
        db,
        'SELECT * FROM case_alerts WHERE created_at >= @from AND created_at < @to ORDER BY id',
      ),
    };
    this.claimTx = db.transaction((find: () => readonly NewCaseAlert[], at: number): number => {
      let n = 0;
      for (const a of find()) n += this.q.insert.run({ ...a, at }).changes;
      return n;
    });
  }

  /**
   * Claims the alerts `find` names, reading the cases and writing the claims in one
   * transaction: an alert already claimed (before a restart too) is not claimed again.
   * Returns how many are new.
   */
  claim(find: () => readonly NewCaseAlert[], at: number): number {
    return this.claimTx(find, at);
  }

  /** Alerts to send now (pending, or left `sending` by a hub that stopped mid-send). */
  due(now: number, limit: number): CaseAlertRow[] {
    return this.q.due.all<CaseAlertRow>({ now, limit });
  }

  /** Marks an alert `sending` before its provider is asked; false if it is no longer due. */
  markSending(id: number): boolean {
    return this.q.claim.run({ id }).changes === 1;
  }

  markSent(id: number, providerId: string, at: number): void {
    this.q.sent.run({ id, providerId, at });
  }

  retryAt(id: number, nextAt: number, error: string): void {
    this.q.retry.run({ id, nextAt, error });
  }

  markFailed(id: number, error: string): void {
    this.q.failed.run({ id, error });
  }

  /** Not to be sent after all (the case closed, the deadline met meanwhile). */
  markSkipped(id: number, why: string): void {
    this.q.skip.run({ id, why });
  }

  /** Every alert, oldest first (the tests, a look by an operator). */
  all(): CaseAlertRow[] {
    return this.q.all.all<CaseAlertRow>({});
  }

  /** The alerts made in [from, to), oldest first (the console's outbox of the day). */
  madeBetween(from: number, to: number): CaseAlertRow[] {
    return this.q.made.all<CaseAlertRow>({ from, to });
  }

  byId(id: number): CaseAlertRow | null {
    return this.q.byId.get<CaseAlertRow>({ id }) ?? null;
  }

  /** A failed alert due again now (an admin's resend); false if it had not failed. */
  resend(id: number, now: number): boolean {
    return this.q.resend.run({ id, now }).changes === 1;
  }
}
