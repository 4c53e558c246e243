import type Database from 'better-sqlite3';
import type {
  CommandResultRow,
  CredentialRow,
  DeviceRow,
  EventRow,
  PairingCodeRow,
} from './rows.js';

const DEVICE_COLUMNS = `id, kind, name, window_id, created_at, paired_at, last_seen_at, status,
  status_at, revoked_at`;

/** Every statement the store runs, prepared once when it opens. @internal */
export function prepareStatements(db: Database.Database) {
  return {
    insertEvent: db.prepare<
      {
        at: number;
        type: string;
        businessDay: string | null;
        ticketId: string | null;
        windowId: string | null;
        actor: string;
        commandId: string | null;
        body: string;
      },
      never
    >(
      `INSERT INTO events (at, type, business_day, ticket_id, window_id, actor, command_id, body)
       VALUES (@at, @type, @businessDay, @ticketId, @windowId, @actor, @commandId, @body)`,
    ),
    /** Changes when another connection commits (not this one's own commits). */
    dataVersion: db.prepare<[], number>('PRAGMA data_version').pluck(),
    lastSeq: db.prepare<[], number>(`SELECT coalesce(max(seq), 0) FROM events`).pluck(),
    eventBody: db.prepare<[number], string>(`SELECT body FROM events WHERE seq = ?`).pluck(),
    eventCount: db.prepare<[], number>(`SELECT count(*) FROM events`).pluck(),
    eventsAfter: db.prepare<[number, number], EventRow>(
      `SELECT seq, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?`,
    ),
    // From the FIRST opening of the latest opened day: a day closed and opened again keeps its
    // tickets and numbers (engine/apply.ts), so a restart must fold it from its first opening.
    // The type is named in the text, not bound: the partial index `events_marks` serves only a
    // query whose WHERE names one of its types (migration 013).
    eventsFromLatestDay: db.prepare<[], EventRow>(
      `WITH opened AS (SELECT seq, business_day FROM events WHERE type = 'day_opened')
       SELECT seq, body FROM events
       WHERE seq >= (SELECT min(seq) FROM opened WHERE business_day =
         (SELECT business_day FROM opened ORDER BY seq DESC LIMIT 1))
       ORDER BY seq`,
    ),
    latestOpenedDay: db
      .prepare<[], string | null>(
        `SELECT business_day FROM events
       WHERE seq = (SELECT max(seq) FROM events WHERE type = 'day_opened')`,
      )
      .pluck(),

    // By its row id (store/result-keys.ts) and its key: a row id freed by a rollback or a prune
    // may be another command's row by now.
    getCommandResult: db.prepare<[number, string, string], CommandResultRow>(
      `SELECT result, seq_from, seq_to FROM command_results
       WHERE id = ? AND actor_key = ? AND command_id = ?`,
    ),
    insertCommandResult: db.prepare<
      {
        actorKey: string;
        commandId: string;
        result: string;
        seqFrom: number | null;
        seqTo: number;
        at: number;
      },
      never
    >(
      `INSERT INTO command_results (actor_key, command_id, result, seq_from, seq_to, at)
       VALUES (@actorKey, @commandId, @result, @seqFrom, @seqTo, @at)`,
    ),
    pruneCommandResults: db.prepare<[number], never>(`DELETE FROM command_results WHERE at < ?`),

    upsertTicket: db.prepare<
      {
        id: string;
        businessDay: string;
        number: string;
        serviceId: string;
        class: string;
        status: string;
        issuedAt: number;
        calledAt: number | null;
        startedAt: number | null;
        finishedAt: number | null;
        windowId: string | null;
        staffCode: string | null;
        callReason: string | null;
        recallCount: number;
        ratingScore: number | null;
        body: string;
      },
      never
    >(
      `INSERT INTO tickets (id, business_day, number, service_id, class, status, issued_at,
         called_at, started_at, finished_at, window_id, staff_code, call_reason, recall_count,
         rating_score, body)
       VALUES (@id, @businessDay, @number, @serviceId, @class, @status, @issuedAt, @calledAt,
         @startedAt, @finishedAt, @windowId, @staffCode, @callReason, @recallCount, @ratingScore,
         @body)
       ON CONFLICT (id) DO UPDATE SET
         business_day = excluded.business_day, number = excluded.number,
         service_id = excluded.service_id, class = excluded.class, status = excluded.status,
         issued_at = excluded.issued_at, called_at = excluded.called_at,
         started_at = excluded.started_at, finished_at = excluded.finished_at,
         window_id = excluded.window_id, staff_code = excluded.staff_code,
         call_reason = excluded.call_reason, recall_count = excluded.recall_count,
         rating_score = excluded.rating_score, body = excluded.body`,
    ),
    upsertWindow: db.prepare<
      {
        windowId: string;
        status: string;
        staffCode: string | null;
        currentTicketId: string | null;
        since: number | null;
        body: string;
        updatedAt: number;
      },
      never
    >(
      `INSERT INTO window_states (window_id, status, staff_code, current_ticket_id, since, body,
         updated_at)
       VALUES (@windowId, @status, @staffCode, @currentTicketId, @since, @body, @updatedAt)
       ON CONFLICT (window_id) DO UPDATE SET
         status = excluded.status, staff_code = excluded.staff_code,
         current_ticket_id = excluded.current_ticket_id, since = excluded.since,
         body = excluded.body, updated_at = excluded.updated_at`,
    ),
    upsertDay: db.prepare<
      { businessDay: string; status: string; openedAt: number; closedAt: number | null },
      never
    >(
      `INSERT INTO days (business_day, status, opened_at, closed_at)
       VALUES (@businessDay, @status, @openedAt, @closedAt)
       ON CONFLICT (business_day) DO UPDATE SET
         status = excluded.status, opened_at = excluded.opened_at, closed_at = excluded.closed_at
       -- Every commit passes the day, which changes twice a day: an unchanged row is not rewritten.
       WHERE days.status IS NOT excluded.status OR days.opened_at IS NOT excluded.opened_at
          OR days.closed_at IS NOT excluded.closed_at`,
    ),
    upsertComplaint: db.prepare<
      {
        id: string;
        ticketId: string;
        windowId: string;
        staffCode: string | null;
        serviceId: string;
        score: number;
        openedAt: number;
        deadlineAt: number;
        status: string;
        body: string;
      },
      never
    >(
      `INSERT INTO complaints (id, ticket_id, window_id, staff_code, service_id, score, opened_at,
         deadline_at, status, body)
       VALUES (@id, @ticketId, @windowId, @staffCode, @serviceId, @score, @openedAt, @deadlineAt,
         @status, @body)
       ON CONFLICT (id) DO UPDATE SET
         ticket_id = excluded.ticket_id, window_id = excluded.window_id,
         staff_code = excluded.staff_code, service_id = excluded.service_id,
         score = excluded.score, opened_at = excluded.opened_at,
         deadline_at = excluded.deadline_at, status = excluded.status, body = excluded.body`,
    ),

    loadConfig: db.prepare<[], string>(`SELECT body FROM config WHERE id = 1`).pluck(),
    saveConfig: db.prepare<{ body: string; updatedAt: number }, never>(
      `INSERT INTO config (id, body, updated_at) VALUES (1, @body, @updatedAt)
       ON CONFLICT (id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
    ),
    keepConfig: db.prepare<{ body: string; at: number }, never>(
      `INSERT INTO config_history (after_seq, at, body)
       VALUES (coalesce((SELECT max(seq) FROM events), 0), @at, @body)`,
    ),

    getMeta: db.prepare<[string], string>(`SELECT value FROM meta WHERE key = ?`).pluck(),
    setMeta: db.prepare<{ key: string; value: string }, never>(
      `INSERT INTO meta (key, value) VALUES (@key, @value)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ),

    insertDevice: db.prepare<
      { id: string; kind: string; name: string; windowId: string | null; createdAt: number },
      never
    >(
      `INSERT INTO devices (id, kind, name, window_id, created_at)
       VALUES (@id, @kind, @name, @windowId, @createdAt)`,
    ),
    deviceById: db.prepare<[string], DeviceRow>(
      `SELECT ${DEVICE_COLUMNS} FROM devices WHERE id = ?`,
    ),
    deviceByTokenHash: db.prepare<[string], DeviceRow>(
      `SELECT ${DEVICE_COLUMNS} FROM devices WHERE token_hash = ? AND revoked_at IS NULL`,
    ),
    listDevices: db.prepare<[], DeviceRow>(
      `SELECT ${DEVICE_COLUMNS} FROM devices ORDER BY created_at, id`,
    ),
    setDeviceToken: db.prepare<{ tokenHash: string; now: number; id: string }, never>(
      `UPDATE devices SET token_hash = @tokenHash, paired_at = @now WHERE id = @id`,
    ),
    touchDevice: db.prepare<{ now: number; id: string }, never>(
      `UPDATE devices SET last_seen_at = @now WHERE id = @id`,
    ),
    renameDevice: db.prepare<{ name: string; id: string }, never>(
      `UPDATE devices SET name = @name WHERE id = @id`,
    ),
    setDeviceStatus: db.prepare<{ status: string; now: number; id: string }, never>(
      `UPDATE devices SET status = @status, status_at = @now, last_seen_at = @now WHERE id = @id`,
    ),
    revokeDevice: db.prepare<{ now: number; id: string }, never>(
      `UPDATE devices SET revoked_at = @now, token_hash = NULL
       WHERE id = @id AND revoked_at IS NULL`,
    ),

    pairingCode: db.prepare<[string], PairingCodeRow>(
      `SELECT device_id, expires_at, used_at FROM pairing_codes WHERE code_hash = ?`,
    ),
    insertPairingCode: db.prepare<
      { codeHash: string; deviceId: string; createdAt: number; expiresAt: number },
      never
    >(
      `INSERT INTO pairing_codes (code_hash, device_id, created_at, expires_at)
       VALUES (@codeHash, @deviceId, @createdAt, @expiresAt)`,
    ),
    deleteUnusedCodesOfDevice: db.prepare<[string], never>(
      `DELETE FROM pairing_codes WHERE device_id = ? AND used_at IS NULL`,
    ),
    deleteDeadCode: db.prepare<{ codeHash: string; now: number }, never>(
      `DELETE FROM pairing_codes
       WHERE code_hash = @codeHash AND (used_at IS NOT NULL OR expires_at <= @now)`,
    ),
    useCode: db.prepare<{ now: number; codeHash: string }, never>(
      `UPDATE pairing_codes SET used_at = @now WHERE code_hash = @codeHash AND used_at IS NULL`,
    ),

    getCredential: db.prepare<[string], CredentialRow>(
      `SELECT staff_code, pin_hash, failed_attempts, locked_until
       FROM staff_credentials WHERE staff_code = ?`,
    ),
    setPinHash: db.prepare<{ staffCode: string; pinHash: string; now: number }, never>(
      `INSERT INTO staff_credentials (staff_code, pin_hash, failed_attempts, locked_until,
         updated_at)
       VALUES (@staffCode, @pinHash, 0, NULL, @now)
       ON CONFLICT (staff_code) DO UPDATE SET pin_hash = excluded.pin_hash, failed_attempts = 0,
         locked_until = NULL, updated_at = excluded.updated_at`,
    ),
  };
}

/** @internal */
export type Statements = ReturnType<typeof prepareStatements>;
