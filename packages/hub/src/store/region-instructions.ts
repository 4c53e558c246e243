import type Database from 'better-sqlite3';
import type { LinkInstruction, RegionInstructionView } from '@onestop/shared';
import { sql } from './sql.js';

interface InstructionRow {
  id: string;
  complaint_id: string | null;
  text: string;
  deadline: number;
  issued_at: number;
  issued_by: string;
  received_at: number;
  answer: string | null;
  answered_at: number | null;
  answered_by: string | null;
}

const COLUMNS = `id, complaint_id, text, deadline, issued_at, issued_by, received_at, answer,
  answered_at, answered_by`;

function viewOf(row: InstructionRow): RegionInstructionView {
  return {
    id: row.id,
    complaintId: row.complaint_id,
    text: row.text,
    deadline: row.deadline,
    issuedAt: row.issued_at,
    issuedBy: row.issued_by,
    receivedAt: row.received_at,
    answer: row.answer,
    answeredAt: row.answered_at,
    answeredBy: row.answered_by,
  };
}

/**
 * The region's supervision instructions to the hall (`region_instructions`, migration 13). Each
 * write runs inside the commit of its audit event (`Hub.record`), so a row and its event are
 * kept together or not at all. When to write is features/region-link's.
 */
export class RegionInstructionRecords {
  private readonly q;

  constructor(db: Database.Database) {
    this.q = {
      get: sql(db, `SELECT ${COLUMNS} FROM region_instructions WHERE id = @id`),
      list: sql(
        db,
        `SELECT ${COLUMNS} FROM region_instructions
         ORDER BY answer IS NOT NULL, CASE WHEN answer IS NULL THEN deadline END,
                  received_at DESC, id
         LIMIT @limit`,
      ),
      add: sql(
        db,
        `INSERT INTO region_instructions (id, complaint_id, text, deadline, issued_at, issued_by,
           received_at)
         VALUES (@id, @complaintId, @text, @deadline, @issuedAt, @issuedBy, @receivedAt)
         ON CONFLICT (id) DO NOTHING`,
      ),
      answer: sql(
        db,
        `UPDATE region_instructions SET answer = @answer, answered_at = @at, answered_by = @by
         WHERE id = @id AND answer IS NULL`,
      ),
    };
  }

  get(id: string): RegionInstructionView | null {
    const row = this.q.get.get<InstructionRow>({ id });
    return row ? viewOf(row) : null;
  }

  /** Unanswered first (soonest deadline first), then the answered ones, newest first. */
  list(limit = 200): RegionInstructionView[] {
    return this.q.list.all<InstructionRow>({ limit }).map(viewOf);
  }

  /** Keeps an instruction the region sent; false when it is kept already (nothing changes). */
  add(i: LinkInstruction, receivedAt: number): boolean {
    return (
      this.q.add.run({
        id: i.id,
        complaintId: i.complaintId,
        text: i.text,
        deadline: i.deadline,
        issuedAt: i.issuedAt,
        issuedBy: i.issuedBy,
        receivedAt,
      }).changes === 1
    );
  }

  /** Writes the answer; false when there is no such instruction or it has one already. */
  answer(id: string, answer: string, by: string, at: number): boolean {
    return this.q.answer.run({ id, answer, by, at }).changes === 1;
  }
}
