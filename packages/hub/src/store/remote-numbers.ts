import type Database from 'better-sqlite3';
import type { BusinessDay } from '@onestop/shared';
import { sql } from './sql.js';

export interface RemoteNumberRow {
  ticket_id: string;
  business_day: string;
  code: string;
  phone_tag: string;
  request_id: string;
  issued_at: number;
}

/** 远程取号: the numbers taken from the phone and the answers given (migration 020). */
export class RemoteNumberRecords {
  private readonly q;

  constructor(db: Database.Database) {
    this.q = {
      insert: sql(
        db,
        `INSERT INTO remote_numbers
           (ticket_id, business_day, code, phone_tag, request_id, issued_at)
         VALUES (@ticketId, @businessDay, @code, @phoneTag, @requestId, @issuedAt)`,
      ),
      byCode: sql(
        db,
        `SELECT * FROM remote_numbers WHERE business_day = @businessDay AND code = @code`,
      ),
      lastDayOf: sql(db, `SELECT max(business_day) FROM remote_numbers WHERE code = @code`),
      byRequest: sql(db, `SELECT * FROM remote_numbers WHERE request_id = @requestId`),
      ofPhone: sql(
        db,
        `SELECT count(*) FROM remote_numbers
         WHERE business_day = @businessDay AND phone_tag = @phoneTag`,
      ),
      answerOf: sql(db, `SELECT answer FROM remote_answers WHERE request_id = @requestId`),
      keepAnswer: sql(
        db,
        `INSERT INTO remote_answers (request_id, answer, decided_at)
         VALUES (@requestId, @answer, @at)`,
      ),
    };
  }

  insert(row: {
    ticketId: string;
    businessDay: BusinessDay;
    code: string;
    phoneTag: string;
    requestId: string;
    issuedAt: number;
  }): void {
    this.q.insert.run(row);
  }

  byCode(businessDay: BusinessDay, code: string): RemoteNumberRow | null {
    return this.q.byCode.get<RemoteNumberRow>({ businessDay, code }) ?? null;
  }

  /** The latest day a remote number had this code, or null. */
  lastDayOf(code: string): BusinessDay | null {
    return this.q.lastDayOf.value<BusinessDay | null>({ code }) ?? null;
  }

  byRequest(requestId: string): RemoteNumberRow | null {
    return this.q.byRequest.get<RemoteNumberRow>({ requestId }) ?? null;
  }

  /** Remote numbers this phone (by its tag) took on `businessDay`. */
  ofPhone(businessDay: BusinessDay, phoneTag: string): number {
    return this.q.ofPhone.value<number>({ businessDay, phoneTag }) ?? 0;
  }

  /** The answer kept for a request of the region, as JSON. */
  answerOf(requestId: string): string | null {
    return this.q.answerOf.value<string>({ requestId }) ?? null;
  }

  keepAnswer(requestId: string, answer: string, at: number): void {
    this.q.keepAnswer.run({ requestId, answer, at });
  }
}
