import { randomBytes } from 'node:crypto';
import {
  LINK_INSTRUCTIONS_MAX,
  LinkInstructionSchema,
  LinkInstructionsQuerySchema,
  type LinkInstruction,
} from '@onestop/shared';
import { z } from 'zod';
import { sees, type ConsoleAccount } from './accounts.js';
import type { Queryable, RegionDb } from './db/types.js';
import { iso } from './store/halls.js';

/*
 * Supervision instructions (督办, docs/REGION.md "Supervision"): an account gives one to a hall,
 * on one of its complaints or on the hall generally, with a deadline. It is kept here, and the
 * hall's hub takes it when it next asks (LINK_PATHS.instructions); the hub commits
 * `instruction_received`, and later its admin's `instruction_answered`, in its own log, and both
 * come up the link with the hall's other events. So the region offers an instruction until it
 * sees it received in the hall's stream, and shows the answer from that stream: each fact is
 * kept once, by the side that owns it, through restarts of either.
 */

export const InstructionInputSchema = z.strictObject({
  hallId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  complaintId: LinkInstructionSchema.shape.complaintId,
  text: LinkInstructionSchema.shape.text,
  deadline: LinkInstructionSchema.shape.deadline,
});

/** An instruction with what the hall's stream says of it. */
export interface InstructionView extends LinkInstruction {
  hallId: string;
  hallName: string;
  receivedAt: number | null;
  answer: string | null;
  answeredAt: number | null;
  /** The staff code of the hall's admin who answered. */
  answeredBy: string | null;
}

export type InstructionOutcome =
  | { ok: true; instruction: InstructionView }
  | { ok: false; status: 400 | 403 | 404; message: string };

/** Gives an instruction to a hall the account sees. */
export async function giveInstruction(
  db: RegionDb,
  account: ConsoleAccount,
  body: unknown,
  now: number,
): Promise<InstructionOutcome> {
  const parsed = InstructionInputSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      status: 400,
      message: `${issue?.path.join('.') ?? 'body'}: ${issue?.message ?? 'not an instruction'}`,
    };
  }
  const input = parsed.data;
  if (!sees(account, input.hallId)) {
    return { ok: false, status: 403, message: 'this hall is not among yours' };
  }
  if (input.deadline <= now) {
    return { ok: false, status: 400, message: 'deadline: the deadline must be in the future' };
  }
  const id = `I-${randomBytes(8).toString('hex')}`;
  const inserted = await db.query(
    `INSERT INTO instructions (id, hall_id, complaint_id, text, deadline, issued_at, account_id,
                               issued_by)
     SELECT $1, h.id, $3, $4, $5, $6, $7, $8 FROM halls h WHERE h.id = $2 AND h.revoked_at IS NULL`,
    [
      id,
      input.hallId,
      input.complaintId,
      input.text.trim(),
      iso(input.deadline),
      iso(now),
      account.id,
      account.name,
    ],
  );
  if (inserted.rowCount !== 1) return { ok: false, status: 404, message: 'no such hall' };
  const [instruction] = await listInstructions(db, account, { id });
  if (instruction === undefined) throw new Error(`instruction ${id} was not kept`);
  return { ok: true, instruction };
}

interface InstructionRow {
  id: string;
  hall_id: string;
  hall_name: string;
  complaint_id: string | null;
  text: string;
  deadline: Date;
  issued_at: Date;
  issued_by: string;
  received_at: Date | null;
  answer: string | null;
  answered_at: Date | null;
  answered_by: string | null;
}

/** What the hall's stream says of an instruction: its first receipt and its first answer. */
const WITH_STREAM = `
  SELECT i.id, i.hall_id, h.name AS hall_name, i.complaint_id, i.text, i.deadline, i.issued_at,
         i.issued_by, r.at AS received_at, a.body ->> 'answer' AS answer, a.at AS answered_at,
         a.body ->> 'staffCode' AS answered_by
    FROM instructions i
    JOIN halls h ON h.id = i.hall_id
    LEFT JOIN LATERAL (
      SELECT e.at FROM events e
       WHERE e.type = 'instruction_received' AND e.body ->> 'instructionId' = i.id
         AND e.hall_id = i.hall_id
       ORDER BY e.at LIMIT 1) r ON true
    LEFT JOIN LATERAL (
      SELECT e.at, e.body FROM events e
       WHERE e.type = 'instruction_answered' AND e.body ->> 'instructionId' = i.id
         AND e.hall_id = i.hall_id
       ORDER BY e.at LIMIT 1) a ON true`;

function viewOf(row: InstructionRow): InstructionView {
  return {
    id: row.id,
    hallId: row.hall_id,
    hallName: row.hall_name,
    complaintId: row.complaint_id,
    text: row.text,
    deadline: row.deadline.getTime(),
    issuedAt: row.issued_at.getTime(),
    issuedBy: row.issued_by,
    receivedAt: row.received_at?.getTime() ?? null,
    answer: row.answer,
    answeredAt: row.answered_at?.getTime() ?? null,
    answeredBy: row.answered_by,
  };
}

/** The instructions of the halls the account sees (or one hall, or one instruction), newest first. */
export async function listInstructions(
  db: Queryable,
  account: ConsoleAccount,
  filter: { hallId?: string; id?: string } = {},
): Promise<InstructionView[]> {
  const r = await db.query<InstructionRow>(
    `${WITH_STREAM}
      WHERE ($1::text[] IS NULL OR i.hall_id = ANY($1::text[]))
        AND ($2::text IS NULL OR i.hall_id = $2) AND ($3::text IS NULL OR i.id = $3)
      ORDER BY i.issued_at DESC, i.id
      LIMIT 500`,
    [account.halls === 'all' ? null : account.halls, filter.hallId ?? null, filter.id ?? null],
  );
  return r.rows.map(viewOf);
}

/**
 * The hub's poll (LINK_PATHS.instructions): keeps what it says of itself (its newest sequence,
 * for "N behind") and gives the instructions its stream does not show received yet, oldest
 * first. Null when the query is malformed (the message says where).
 */
export async function pollInstructions(
  db: RegionDb,
  hallId: string,
  query: unknown,
  now: number,
): Promise<{ ok: true; instructions: LinkInstruction[] } | { ok: false; message: string }> {
  const parsed = LinkInstructionsQuerySchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `${issue?.path.join('.') ?? 'query'}: ${issue?.message ?? ''}` };
  }
  const lastSeq = Number(parsed.data.last);
  await db.query(
    `INSERT INTO hall_reports (hall_id, history_id, last_seq, reported_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (hall_id) DO UPDATE SET history_id = excluded.history_id,
       last_seq = excluded.last_seq, reported_at = excluded.reported_at`,
    [hallId, parsed.data.history, lastSeq, iso(now)],
  );
  const r = await db.query<InstructionRow>(
    `SELECT i.id, i.complaint_id, i.text, i.deadline, i.issued_at, i.issued_by
       FROM instructions i
      WHERE i.hall_id = $1
        AND NOT EXISTS (SELECT 1 FROM events e
                         WHERE e.type = 'instruction_received'
                           AND e.body ->> 'instructionId' = i.id AND e.hall_id = i.hall_id)
      ORDER BY i.issued_at, i.id
      LIMIT $2`,
    [hallId, LINK_INSTRUCTIONS_MAX],
  );
  return {
    ok: true,
    instructions: r.rows.map((row) => ({
      id: row.id,
      complaintId: row.complaint_id,
      text: row.text,
      deadline: row.deadline.getTime(),
      issuedAt: row.issued_at.getTime(),
      issuedBy: row.issued_by,
    })),
  };
}
