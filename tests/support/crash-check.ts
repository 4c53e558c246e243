import Database from 'better-sqlite3';
import type { HallConfig, HallState } from '@onestop/shared';
import { EVENT_OF_ACTION, type Ledger, type SentCommand } from './crash-load.js';

/*
 * The crash test's checks: the hub's database (read on a connection of its own, read-only)
 * against everything the load was told, and against itself. Each check adds a line to
 * `problems`; none stops at the first, so one run shows all that is wrong.
 */

interface EventRow {
  seq: number;
  type: string;
  ticket_id: string | null;
  window_id: string | null;
  command_id: string | null;
  body: string;
}

interface TicketRow {
  id: string;
  business_day: string;
  number: string;
  service_id: string;
  status: string;
  window_id: string | null;
  body: string;
  /** -1: not rated; 0: rated without a score (the visitor walked away); else the score. */
  rating: number;
}

interface CommandRow {
  actor_key: string;
  command_id: string;
  seq_from: number | null;
  seq_to: number;
  at: number;
}

interface WindowRow {
  window_id: string;
  status: string;
  staff_code: string | null;
  current_ticket_id: string | null;
}

export interface DbSnapshot {
  integrity: string[];
  events: EventRow[];
  tickets: TicketRow[];
  commands: CommandRow[];
  windows: WindowRow[];
}

const TICKET_COLUMNS = `id, business_day, number, service_id, status, window_id, body,
  CASE WHEN json_type(body, '$.rating') = 'object'
       THEN COALESCE(json_extract(body, '$.rating.score'), 0) ELSE -1 END AS rating`;

/** Reads what the checks need in one read transaction (one consistent snapshot). */
export function readDb(dbPath: string): DbSnapshot {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.transaction(() => ({
      integrity: db.prepare<[], string>('PRAGMA integrity_check').pluck().all(),
      events: db
        .prepare<[], EventRow>(
          `SELECT seq, type, ticket_id, window_id, command_id,
                  CASE WHEN type IN ('ticket_issued', 'rating_recorded') THEN body ELSE '' END AS body
           FROM events ORDER BY seq`,
        )
        .all(),
      tickets: db.prepare<[], TicketRow>(`SELECT ${TICKET_COLUMNS} FROM tickets`).all(),
      commands: db
        .prepare<[], CommandRow>(
          'SELECT actor_key, command_id, seq_from, seq_to, at FROM command_results',
        )
        .all(),
      windows: db
        .prepare<[], WindowRow>(
          'SELECT window_id, status, staff_code, current_ticket_id FROM window_states',
        )
        .all(),
    }))();
  } finally {
    db.close();
  }
}

function accessTokenIn(json: string, path: 'ticket' | 'self'): string | null {
  const parsed: unknown = JSON.parse(json);
  const holder: unknown =
    path === 'ticket' && typeof parsed === 'object' && parsed !== null && 'ticket' in parsed
      ? parsed.ticket
      : parsed;
  if (typeof holder === 'object' && holder !== null && 'accessToken' in holder) {
    return typeof holder.accessToken === 'string' ? holder.accessToken : null;
  }
  return null;
}

/** The score in a `rating_recorded` event's body (undefined when there is none). */
function scoreIn(json: string): number | null | undefined {
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null || !('rating' in parsed)) return undefined;
  const rating: unknown = parsed.rating;
  if (typeof rating !== 'object' || rating === null || !('score' in rating)) return undefined;
  return typeof rating.score === 'number' || rating.score === null ? rating.score : undefined;
}

export interface CheckStats {
  events: number;
  tickets: number;
  ackedTickets: number;
  ackedWindowActions: number;
  ackedRatings: number;
  /** Commands a kill caught waiting for their answer. */
  caughtByKill: number;
  /** Of those, committed before the kill and answered after it from the stored result. */
  answeredByReplay: number;
  /** Caught by a kill and never answered: may or may not have happened. */
  unknown: number;
}

/**
 * Everything acknowledged is in the database, nothing happened twice, the numbering and the
 * log have no gaps. Call it while no command is in flight (the load paused and settled).
 */
export function checkDb(
  snap: DbSnapshot,
  ledger: Ledger,
  config: HallConfig,
): { problems: string[]; stats: CheckStats } {
  const problems: string[] = [];
  const problem = (p: string) => {
    if (problems.length < 50) problems.push(p);
  };

  if (snap.integrity.join(',') !== 'ok') problem(`integrity_check: ${snap.integrity.join('; ')}`);

  // The log: seq 1..n without a gap.
  snap.events.forEach((e, i) => {
    if (e.seq !== i + 1) problem(`events: seq ${e.seq} at position ${i + 1} (a gap)`);
  });
  const eventsOfCommand = new Map<string, EventRow[]>();
  for (const e of snap.events) {
    if (e.command_id === null) continue;
    const list = eventsOfCommand.get(e.command_id) ?? [];
    list.push(e);
    eventsOfCommand.set(e.command_id, list);
  }
  const commandRows = new Map(snap.commands.map((c) => [c.command_id, c]));

  // Numbering: per business day and service, 1..n with the service's prefix.
  const prefixOf = new Map(config.services.map((s) => [s.id, s.prefix]));
  const numbers = new Map<string, number[]>();
  for (const t of snap.tickets) {
    const prefix = prefixOf.get(t.service_id);
    const m = /^([A-Z]+)(\d{3,})$/.exec(t.number);
    if (!prefix || !m || m[1] !== prefix) {
      problem(`ticket ${t.id}: number ${t.number} does not fit service ${t.service_id}`);
      continue;
    }
    if (t.id !== `${t.business_day}/${t.number}`) problem(`ticket ${t.id}: number ${t.number}`);
    const key = `${t.business_day} ${t.service_id}`;
    const list = numbers.get(key) ?? [];
    list.push(Number(m[2]));
    numbers.set(key, list);
  }
  for (const [key, list] of numbers) {
    list.sort((a, b) => a - b);
    list.forEach((n, i) => {
      if (n !== i + 1) problem(`numbers of ${key}: ${n} where ${i + 1} belongs (gap or repeat)`);
    });
  }

  // Each ticket issued once, by one command, and the ticket row is that ticket.
  const ticketsById = new Map(snap.tickets.map((t) => [t.id, t]));
  const issuedEvents = new Map<string, EventRow>();
  for (const e of snap.events) {
    if (e.type !== 'ticket_issued' || e.ticket_id === null) continue;
    if (issuedEvents.has(e.ticket_id)) problem(`ticket ${e.ticket_id} issued twice`);
    issuedEvents.set(e.ticket_id, e);
    const row = ticketsById.get(e.ticket_id);
    if (!row) problem(`ticket ${e.ticket_id} issued (seq ${e.seq}) but not in tickets`);
    else if (accessTokenIn(row.body, 'self') !== accessTokenIn(e.body, 'ticket')) {
      problem(`ticket ${e.ticket_id}: the row is not the ticket its event issued`);
    }
  }
  for (const t of snap.tickets) {
    if (!issuedEvents.has(t.id)) problem(`ticket ${t.id} has no ticket_issued event`);
  }

  // Every acknowledged ticket is there, with its number and its visitor's token.
  for (const acked of ledger.tickets) {
    const row = ticketsById.get(acked.id);
    if (!row) {
      problem(`acknowledged ticket ${acked.id} (${acked.number}) is missing`);
      continue;
    }
    if (row.number !== acked.number || row.service_id !== acked.serviceId) {
      problem(`acknowledged ticket ${acked.id} is ${row.number}/${row.service_id} now`);
    }
    if (accessTokenIn(row.body, 'self') !== acked.accessToken) {
      problem(`acknowledged ticket ${acked.number} now belongs to another visitor (reused)`);
    }
    const issued = issuedEvents.get(acked.id);
    if (acked.commandId !== null && issued && issued.command_id !== acked.commandId) {
      problem(`acknowledged ticket ${acked.number} was issued by another command`);
    }
  }

  // Every acknowledged call (and start, finish, no-show) is in the log, from its command.
  const logged = new Set<string>();
  for (const e of snap.events) {
    logged.add(`${e.type} ${e.ticket_id ?? ''} ${e.window_id ?? ''}`);
    logged.add(`${e.type} ${e.ticket_id ?? ''} ${e.window_id ?? ''} ${e.command_id ?? ''}`);
  }
  for (const a of ledger.windowActions) {
    const key = `${EVENT_OF_ACTION[a.action]} ${a.ticketId} ${a.windowId}`;
    if (!logged.has(a.commandId === null ? key : `${key} ${a.commandId}`)) {
      problem(`acknowledged ${a.action} of ${a.ticketId} at ${a.windowId} is missing`);
    }
  }

  // Every acknowledged rating is in the log once, with its score, from its command.
  const ratingEvents = new Map<string, EventRow[]>();
  for (const e of snap.events) {
    if (e.type !== 'rating_recorded' || e.ticket_id === null) continue;
    ratingEvents.set(e.ticket_id, [...(ratingEvents.get(e.ticket_id) ?? []), e]);
  }
  for (const [ticketId, list] of ratingEvents) {
    if (list.length > 1) problem(`ticket ${ticketId} rated ${list.length} times`);
  }
  for (const r of ledger.ratings) {
    const e = ratingEvents.get(r.ticketId)?.[0];
    if (!e) problem(`acknowledged rating of ${r.ticketId} is missing`);
    else if (scoreIn(e.body) !== r.score) {
      problem(
        `acknowledged rating of ${r.ticketId}: ${String(r.score)}, stored ${String(scoreIn(e.body))}`,
      );
    } else if (r.commandId !== null && e.command_id !== r.commandId) {
      problem(`acknowledged rating of ${r.ticketId} was recorded by another command`);
    }
  }

  // Each command: one commit at most; an acknowledged one exactly one; a refused one none.
  const sentById = new Map<string, SentCommand>();
  for (const c of ledger.commands) if (c.commandId !== null) sentById.set(c.commandId, c);
  const isOneCommit = (id: string): boolean => {
    const row = commandRows.get(id);
    const events = eventsOfCommand.get(id) ?? [];
    if (!row || row.seq_from === null) return events.length === 0;
    return (
      events.length === row.seq_to - row.seq_from + 1 &&
      events.every((e, i) => e.seq === (row.seq_from ?? 0) + i)
    );
  };
  for (const c of ledger.commands) {
    const what = `${c.client} ${c.event} ${c.commandId ?? '(never sent)'}`;
    if (c.commandId === null) {
      if (c.outcome !== 'unknown') problem(`${what}: answered ${c.outcome} but never sent`);
      continue;
    }
    if (c.event === 'staff_login') continue; // not a logged command
    const committed = commandRows.has(c.commandId) || eventsOfCommand.has(c.commandId);
    if (!isOneCommit(c.commandId)) problem(`${what}: its events are not exactly one commit`);
    if (c.outcome === 'ok' && !committed) problem(`${what}: acknowledged but not committed`);
    if (c.outcome === 'refused' && committed) {
      problem(`${what}: refused with ${c.code ?? '?'} but committed`);
    }
  }
  for (const id of eventsOfCommand.keys()) {
    if (!sentById.has(id)) problem(`events of a command nobody sent: ${id}`);
  }

  // No ticket beyond what was acknowledged or might have happened.
  const issues = ledger.commands.filter((c) => c.event === 'issue_ticket');
  const okIssues = issues.filter((c) => c.outcome === 'ok').length;
  const unknownIssues = issues.filter((c) => c.outcome === 'unknown').length;
  if (snap.tickets.length > okIssues + unknownIssues) {
    problem(
      `${snap.tickets.length} tickets for ${okIssues} acknowledged + ${unknownIssues} unanswered issues`,
    );
  }
  for (const e of issuedEvents.values()) {
    const sent = e.command_id === null ? undefined : sentById.get(e.command_id);
    if (!sent || sent.event !== 'issue_ticket' || sent.outcome === 'refused') {
      problem(`ticket ${e.ticket_id ?? '?'} comes from no issue that may have happened`);
    }
  }

  const caught = ledger.commands.filter((c) => c.killedAt.length > 0);
  const stats: CheckStats = {
    events: snap.events.length,
    tickets: snap.tickets.length,
    ackedTickets: ledger.tickets.length,
    ackedWindowActions: ledger.windowActions.length,
    ackedRatings: ledger.ratings.length,
    caughtByKill: caught.length,
    answeredByReplay: caught.filter((c) => {
      const row = c.commandId === null ? undefined : commandRows.get(c.commandId);
      return c.outcome === 'ok' && row !== undefined && row.at < (c.killedAt[0] ?? 0);
    }).length,
    unknown: caught.filter((c) => c.outcome === 'unknown').length,
  };
  return { problems, stats };
}

/** The hub's state (as a client synced it) is the fold of the log the projections show. */
export function checkStateAgainstDb(
  snap: Pick<DbSnapshot, 'tickets' | 'windows'>,
  state: HallState,
): string[] {
  const problems: string[] = [];
  const day = state.day?.businessDay;
  const rows = snap.tickets.filter((t) => t.business_day === day);
  if (rows.length !== state.tickets.size) {
    problems.push(
      `the hub holds ${state.tickets.size} tickets of ${day}, the database ${rows.length}`,
    );
  }
  for (const row of rows) {
    const t = state.tickets.get(row.id);
    if (!t) {
      problems.push(`ticket ${row.id} is in the database but not in the hub`);
    } else if (
      t.number !== row.number ||
      t.status !== row.status ||
      t.windowId !== row.window_id ||
      t.serviceId !== row.service_id ||
      (t.rating === null ? -1 : (t.rating.score ?? 0)) !== row.rating
    ) {
      problems.push(
        `ticket ${row.id}: hub ${t.status}@${t.windowId ?? '-'}, database ${row.status}@${row.window_id ?? '-'}`,
      );
    }
  }
  for (const row of snap.windows) {
    const w = state.windows.get(row.window_id);
    if (
      !w ||
      w.status !== row.status ||
      w.staffCode !== row.staff_code ||
      w.currentTicketId !== row.current_ticket_id
    ) {
      problems.push(
        `window ${row.window_id}: hub ${w?.status ?? 'missing'}/${w?.currentTicketId ?? '-'}, database ${row.status}/${row.current_ticket_id ?? '-'}`,
      );
    }
  }
  return problems;
}

/** The current day as the database holds it: what every client's mirror must equal. */
export interface DayView {
  /** The newest event's sequence number: a view with the same one is the same view. */
  lastSeq: number;
  businessDay: string | null;
  tickets: TicketRow[];
  windows: WindowRow[];
}

/** The current day as `db` holds it (call it inside a read transaction: one snapshot). */
function dayViewIn(db: Database.Database): DayView {
  const lastSeq = db.prepare<[], number>('SELECT coalesce(max(seq), 0) FROM events').pluck().get();
  const businessDay =
    db
      .prepare<[], string>(
        "SELECT business_day FROM events WHERE type = 'day_opened' ORDER BY seq DESC LIMIT 1",
      )
      .pluck()
      .get() ?? null;
  const tickets =
    businessDay === null
      ? []
      : db
          .prepare<[string], TicketRow>(
            `SELECT ${TICKET_COLUMNS} FROM tickets WHERE business_day = ?`,
          )
          .all(businessDay);
  const windows = db
    .prepare<[], WindowRow>(
      'SELECT window_id, status, staff_code, current_ticket_id FROM window_states',
    )
    .all();
  return { lastSeq: lastSeq ?? 0, businessDay, tickets, windows };
}

/** The current day as the database at `dbPath` holds it now, read in one snapshot. */
export function readDayView(dbPath: string): DayView {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.transaction(() => dayViewIn(db))();
  } finally {
    db.close();
  }
}

/** How far into the ledger the quick checks have looked. */
export interface Marks {
  tickets: number;
  windowActions: number;
  ratings: number;
}

/**
 * The cheap check after each kill: what the ledger gained since `marks` (acknowledged tickets,
 * calls and ratings) is in the database, and the current day's numbering has no gap or repeat
 * (the clients' mirrors are compared with the day by `waitForMirrors`). Moves `marks` to the
 * ledger's end. Call it once every command the load is waiting for was answered.
 */
export function quickCheck(
  dbPath: string,
  ledger: Ledger,
  marks: Marks,
  config: HallConfig,
): { problems: string[] } {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  const problems: string[] = [];
  try {
    const view = db.transaction((): DayView => {
      const ticket = db.prepare<[string], TicketRow>(
        `SELECT ${TICKET_COLUMNS} FROM tickets WHERE id = ?`,
      );
      for (const acked of ledger.tickets.slice(marks.tickets)) {
        const row = ticket.get(acked.id);
        if (!row) problems.push(`acknowledged ticket ${acked.id} is missing`);
        else if (
          row.number !== acked.number ||
          accessTokenIn(row.body, 'self') !== acked.accessToken
        ) {
          problems.push(`acknowledged ticket ${acked.id} is another ticket now`);
        }
      }
      const eventsOf = db.prepare<
        [string, string],
        { window_id: string | null; command_id: string | null; body: string }
      >('SELECT window_id, command_id, body FROM events WHERE ticket_id = ? AND type = ?');
      for (const a of ledger.windowActions.slice(marks.windowActions)) {
        const found = eventsOf
          .all(a.ticketId, EVENT_OF_ACTION[a.action])
          .some(
            (e) =>
              e.window_id === a.windowId && (a.commandId === null || e.command_id === a.commandId),
          );
        if (!found)
          problems.push(`acknowledged ${a.action} of ${a.ticketId} at ${a.windowId} is missing`);
      }
      for (const r of ledger.ratings.slice(marks.ratings)) {
        const list = eventsOf.all(r.ticketId, 'rating_recorded');
        const e = list[0];
        if (list.length !== 1 || !e)
          problems.push(`acknowledged rating of ${r.ticketId}: ${list.length} in the log`);
        else if (
          scoreIn(e.body) !== r.score ||
          (r.commandId !== null && e.command_id !== r.commandId)
        ) {
          problems.push(`acknowledged rating of ${r.ticketId} is not the one stored`);
        }
      }
      return dayViewIn(db);
    })();
    marks.tickets = ledger.tickets.length;
    marks.windowActions = ledger.windowActions.length;
    marks.ratings = ledger.ratings.length;

    // The day's numbering: 1..n per service, each number once.
    const prefixOf = new Map(config.services.map((s) => [s.id, s.prefix]));
    const numbers = new Map<string, number[]>();
    for (const t of view.tickets) {
      const m = /^([A-Z]+)(\d{3,})$/.exec(t.number);
      if (!m || m[1] !== prefixOf.get(t.service_id)) {
        problems.push(`ticket ${t.id}: number ${t.number} does not fit ${t.service_id}`);
        continue;
      }
      numbers.set(t.service_id, [...(numbers.get(t.service_id) ?? []), Number(m[2])]);
    }
    for (const [service, list] of numbers) {
      list.sort((a, b) => a - b);
      const wrong = list.findIndex((n, i) => n !== i + 1);
      if (wrong >= 0)
        problems.push(`numbers of ${service}: ${list[wrong]} where ${wrong + 1} belongs`);
    }
    return { problems };
  } finally {
    db.close();
  }
}

/** A client that keeps a mirror of the hall (every HubClient does). */
export interface Mirrored {
  readonly name: string;
  readonly client: { readonly connection: string; readonly state: HallState | null };
}

/**
 * Waits until every client is online again with a mirror equal to the day as the database at
 * `dbPath` holds it (they reconnect and resync by themselves); the problems of those that are
 * not, after `timeoutMs`. The database is read again while waiting: a command whose client gave
 * up on its answer (`unknown` in the ledger) may still be committed by the hub after the load
 * settled, and the clients then rightly show it. Once the view changes, every client is looked
 * at again, so they all equal one and the same view in the end.
 */
export async function waitForMirrors(
  clients: readonly Mirrored[],
  dbPath: string,
  timeoutMs: number,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let view = readDayView(dbPath);
  const pending = new Set(clients);
  const problemsOf = (c: Mirrored): string[] => {
    const state = c.client.state;
    if (c.client.connection !== 'online' || !state) return [`${c.name} is ${c.client.connection}`];
    if ((state.day?.businessDay ?? null) !== view.businessDay) {
      return [
        `${c.name} is on day ${state.day?.businessDay ?? 'none'}, the hub on ${view.businessDay ?? 'none'}`,
      ];
    }
    return checkStateAgainstDb(view, state).map((p) => `${c.name}: ${p}`);
  };
  for (;;) {
    for (const c of [...pending]) if (problemsOf(c).length === 0) pending.delete(c);
    if (pending.size === 0) return [];
    if (Date.now() > deadline) return [...pending].flatMap((c) => problemsOf(c).slice(0, 5));
    await new Promise((r) => setTimeout(r, 50));
    const now = readDayView(dbPath);
    if (now.lastSeq !== view.lastSeq) {
      view = now;
      for (const c of clients) pending.add(c);
    }
  }
}
