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

/** Reads what the checks need in one read transaction (one consistent snapshot). */
export function readDb(dbPath: string): DbSnapshot {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return db.transaction(() => ({
      integrity: db.prepare<[], string>('PRAGMA integrity_check').pluck().all(),
      events: db
        .prepare<[], EventRow>(
          `SELECT seq, type, ticket_id, window_id, command_id,
                  CASE WHEN type = 'ticket_issued' THEN body ELSE '' END AS body
           FROM events ORDER BY seq`,
        )
        .all(),
      tickets: db
        .prepare<[], TicketRow>(
          'SELECT id, business_day, number, service_id, status, window_id, body FROM tickets',
        )
        .all(),
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

export interface CheckStats {
  events: number;
  tickets: number;
  ackedTickets: number;
  ackedWindowActions: number;
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
    caughtByKill: caught.length,
    answeredByReplay: caught.filter((c) => {
      const row = c.commandId === null ? undefined : commandRows.get(c.commandId);
      return c.outcome === 'ok' && row !== undefined && row.at < (c.killedAt[0] ?? 0);
    }).length,
    unknown: caught.filter((c) => c.outcome === 'unknown').length,
  };
  return { problems, stats };
}

/** The hub's state (as an admin client synced it) is the fold of the log the projections show. */
export function checkStateAgainstDb(snap: DbSnapshot, state: HallState): string[] {
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
      t.serviceId !== row.service_id
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
