import {
  callCandidates,
  decide,
  type CallCandidate,
  type Command,
  type ErrorCode,
  type HallState,
  type Millis,
  type DeviceCondition,
  type DomainEvent,
  type Ticket,
  type WindowState,
} from '@onestop/shared';
import type { LedContent, SerialDeviceStatus } from '../../shared/preload-api.js';

/*
 * What the terminal shows, derived from the mirror of the hall. Whether an action is allowed
 * is asked of the engine's own `decide`, so the screen disables exactly what the hub refuses,
 * with the same error code as the reason.
 */

export type ActionId =
  | 'call_next'
  | 'recall'
  | 'start_serving'
  | 'finish'
  | 'no_show'
  | 'put_back'
  | 'transfer'
  | 'park'
  | 'pause'
  | 'resume'
  | 'open'
  | 'close';

export const ACTIONS: readonly ActionId[] = [
  'call_next',
  'recall',
  'start_serving',
  'finish',
  'no_show',
  'put_back',
  'transfer',
  'park',
  'pause',
  'resume',
  'open',
  'close',
];

/** The key that runs each action (no modifier, outside text fields). Shown on its button. */
export const SHORTCUTS: Record<ActionId, string> = {
  call_next: 'N',
  recall: 'R',
  start_serving: 'S',
  finish: 'F',
  no_show: 'X',
  put_back: 'B',
  transfer: 'T',
  park: 'P',
  pause: 'Z',
  resume: 'Z',
  open: 'O',
  close: 'Q',
};

export type Availability = { enabled: true } | { enabled: false; reason: ErrorCode };

/** A command that stands for the action when asking the engine whether it is allowed now. */
function probe(action: ActionId, windowId: string, staffCode: string): Command {
  switch (action) {
    case 'call_next':
    case 'recall':
    case 'start_serving':
    case 'finish':
    case 'no_show':
    case 'put_back':
      return { type: action, windowId };
    case 'transfer':
    case 'park':
      // The target and the time are chosen in a dialog; here only "is there a ticket" counts.
      return { type: 'park', windowId, until: null, note: '' };
    case 'pause':
      return { type: 'pause_window', windowId, reason: 'break' };
    case 'resume':
      return { type: 'resume_window', windowId };
    case 'open':
      return { type: 'open_window', windowId, staffCode };
    case 'close':
      return { type: 'close_window', windowId };
  }
}

export function availability(
  state: HallState,
  windowId: string,
  staffCode: string | null,
  action: ActionId,
  now: Millis,
): Availability {
  if (staffCode === null) return { enabled: false, reason: 'not_logged_in' };
  if (action === 'resume' && state.windows.get(windowId)?.status !== 'paused') {
    return { enabled: false, reason: 'window_closed' };
  }
  const decision = decide(state, probe(action, windowId, staffCode), now);
  return decision.ok ? { enabled: true } : { enabled: false, reason: decision.error.code };
}

/** Whether the window may call this waiting ticket now (the engine's `call_specific`). */
export function canCall(
  state: HallState,
  windowId: string,
  ticketId: string,
  now: Millis,
): Availability {
  const decision = decide(state, { type: 'call_specific', windowId, ticketId }, now);
  return decision.ok ? { enabled: true } : { enabled: false, reason: decision.error.code };
}

export function windowOf(state: HallState, windowId: string): WindowState | undefined {
  return state.windows.get(windowId);
}

export function currentTicketOf(state: HallState, windowId: string): Ticket | null {
  const id = state.windows.get(windowId)?.currentTicketId ?? null;
  return id === null ? null : (state.tickets.get(id) ?? null);
}

/** Waiting tickets this window may call, in queue order, and the count per service. */
export interface QueueView {
  candidates: CallCandidate[];
  counts: { serviceId: string; count: number }[];
}

export function queueOf(state: HallState, windowId: string): QueueView {
  const candidates = callCandidates(state, windowId);
  const window = state.config.windows.find((w) => w.id === windowId);
  const counts = (window?.services ?? []).map(({ serviceId }) => ({
    serviceId,
    count: candidates.filter((c) => c.serviceId === serviceId).length,
  }));
  return { candidates, counts };
}

/** Tickets this window parked, waiting to come back. */
export function parkedAt(state: HallState, windowId: string): Ticket[] {
  return [...state.tickets.values()]
    .filter((t) => t.status === 'parked' && t.windowId === windowId)
    .sort((a, b) => (a.parkedUntil ?? Infinity) - (b.parkedUntil ?? Infinity));
}

export interface ClerkDay {
  /** Services finished at this window by this clerk today (each step of a visit counts). */
  served: number;
  /** Mean of finished services' durations (ms); null before the first. */
  averageMs: number | null;
  noShows: number;
  ratings: number;
  /** Mean of the scores given (not-rated ones left out); null when none. */
  averageScore: number | null;
}

/** A service finished at this window. */
export interface FinishedHere {
  ticketId: string;
  serviceId: string;
  staffCode: string | null;
  startedAt: Millis | null;
  finishedAt: Millis;
}

/**
 * What this window did today, folded from the events the mirror applies: the mirror's tickets
 * only know their last call, so a service finished here by a ticket that went on to another
 * window (its next step, a transfer) is known only from the events. The page keeps it across
 * reloads (`loadWindowDay`/`saveWindowDay`).
 */
export interface WindowDayLog {
  windowId: string;
  businessDay: string | null;
  /** The clerk and start of the ticket now called or served here. */
  open: { ticketId: string; staffCode: string | null; startedAt: Millis | null } | null;
  finished: FinishedHere[];
}

export function emptyWindowDay(windowId: string, businessDay: string | null): WindowDayLog {
  return { windowId, businessDay, open: null, finished: [] };
}

/** The log after `events` (in the order applied); `state` is the mirror after them. */
export function foldWindowDay(
  log: WindowDayLog,
  events: readonly DomainEvent[],
  state: HallState | null,
): WindowDayLog {
  const today = state?.day?.businessDay ?? log.businessDay;
  let next = today === log.businessDay ? log : emptyWindowDay(log.windowId, today);
  for (const e of events) {
    if (e.type === 'day_opened' && e.businessDay !== next.businessDay) {
      next = emptyWindowDay(next.windowId, e.businessDay);
      continue;
    }
    if (!('windowId' in e) || e.windowId !== next.windowId) continue;
    switch (e.type) {
      case 'ticket_called':
        next = { ...next, open: { ticketId: e.ticketId, staffCode: e.staffCode, startedAt: null } };
        break;
      case 'service_started':
        if (next.open?.ticketId === e.ticketId) {
          next = { ...next, open: { ...next.open, startedAt: e.at } };
        }
        break;
      case 'service_finished': {
        // A call made before the page loaded: its clerk and start as the mirror has them.
        const ticket = state?.tickets.get(e.ticketId);
        const open =
          next.open?.ticketId === e.ticketId
            ? next.open
            : {
                staffCode: ticket?.staffCode ?? state?.windows.get(e.windowId)?.staffCode ?? null,
                startedAt: ticket?.finishedAt === e.at ? ticket.startedAt : null,
              };
        const done: FinishedHere = {
          ticketId: e.ticketId,
          serviceId: e.serviceId,
          staffCode: open.staffCode,
          startedAt: open.startedAt,
          finishedAt: e.at,
        };
        next = { ...next, open: null, finished: [...next.finished, done] };
        break;
      }
      case 'ticket_no_show':
      case 'ticket_requeued':
      case 'ticket_transferred':
      case 'ticket_parked':
        next = { ...next, open: null };
        break;
      default:
        break;
    }
  }
  return next;
}

/**
 * The clerk's day at this window so far. Served: every service finished here by this clerk,
 * from the window's log and from the mirror's tickets whose last call (here) finished, counted
 * once; no-shows and ratings from the mirror (a rating names the window and clerk of the
 * service it was given for).
 */
export function clerkDay(
  state: HallState,
  windowId: string,
  staffCode: string,
  log: WindowDayLog | null = null,
): ClerkDay {
  const finished = new Map<string, number | null>();
  const today = state.day?.businessDay ?? null;
  if (log !== null && log.windowId === windowId && log.businessDay === today) {
    for (const f of log.finished) {
      if (f.staffCode !== staffCode) continue;
      const ms = f.startedAt === null ? null : f.finishedAt - f.startedAt;
      finished.set(`${f.ticketId}@${f.finishedAt}`, ms);
    }
  }
  let noShows = 0;
  let ratings = 0;
  let scoreSum = 0;
  let scored = 0;
  for (const t of state.tickets.values()) {
    if (t.rating !== null && t.rating.staffCode === staffCode && t.rating.windowId === windowId) {
      ratings++;
      if (t.rating.score !== null) {
        scored++;
        scoreSum += t.rating.score;
      }
    }
    if (t.windowId !== windowId || t.staffCode !== staffCode) continue;
    if (t.status === 'no_show') noShows++;
    if (t.finishedAt !== null && t.startedAt !== null && t.status !== 'serving') {
      finished.set(`${t.id}@${t.finishedAt}`, t.finishedAt - t.startedAt);
    }
  }
  let totalMs = 0;
  let timed = 0;
  for (const ms of finished.values()) {
    if (ms === null) continue;
    totalMs += ms;
    timed++;
  }
  return {
    served: finished.size,
    averageMs: timed === 0 ? null : totalMs / timed,
    noShows,
    ratings,
    averageScore: scored === 0 ? null : scoreSum / scored,
  };
}

const DAY_LOG_KEY = 'onestop.window.day';

/** The window's log kept by the page, if it is of this window; null when none or unreadable. */
export function loadWindowDay(storage: Storage, windowId: string): WindowDayLog | null {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(DAY_LOG_KEY) ?? 'null');
    if (!isWindowDayLog(parsed) || parsed.windowId !== windowId) return null;
    return parsed;
  } catch {
    return null;
  }
}

export function saveWindowDay(storage: Storage, log: WindowDayLog): void {
  try {
    storage.setItem(DAY_LOG_KEY, JSON.stringify(log));
  } catch {
    // A full or disabled storage only loses the figures of a reload.
  }
}

/** The window's log as the page keeps it: loaded once, folded on events, saved on change. */
export class WindowDayStore {
  private log: WindowDayLog | null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly storage: Storage,
    private readonly windowId: string,
  ) {
    this.log = loadWindowDay(storage, windowId);
  }

  readonly get = (): WindowDayLog | null => this.log;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  fold(events: readonly DomainEvent[], state: HallState | null): void {
    const before = this.log ?? emptyWindowDay(this.windowId, state?.day?.businessDay ?? null);
    const after = foldWindowDay(before, events, state);
    if (after === this.log) return;
    this.log = after;
    saveWindowDay(this.storage, after);
    for (const l of this.listeners) l();
  }
}

function isWindowDayLog(v: unknown): v is WindowDayLog {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const str = (x: unknown) => typeof x === 'string';
  const strOrNull = (x: unknown) => x === null || typeof x === 'string';
  const numOrNull = (x: unknown) => x === null || typeof x === 'number';
  const open = o.open as Record<string, unknown> | null | undefined;
  return (
    str(o.windowId) &&
    strOrNull(o.businessDay) &&
    (open === null ||
      (typeof open === 'object' &&
        str(open.ticketId) &&
        strOrNull(open.staffCode) &&
        numOrNull(open.startedAt))) &&
    Array.isArray(o.finished) &&
    o.finished.every((f: unknown) => {
      if (typeof f !== 'object' || f === null) return false;
      const x = f as Record<string, unknown>;
      return (
        str(x.ticketId) &&
        str(x.serviceId) &&
        strOrNull(x.staffCode) &&
        numOrNull(x.startedAt) &&
        typeof x.finishedAt === 'number'
      );
    })
  );
}

/** What the window's LED screen shows: the called number, or the window's state. */
export function ledContentFor(state: HallState | null, windowId: string): LedContent {
  const window = state?.windows.get(windowId);
  if (state === null || window === undefined || window.status === 'closed') {
    return { kind: 'closed' };
  }
  if (window.status === 'paused') return { kind: 'paused' };
  const ticket = currentTicketOf(state, windowId);
  if (ticket !== null && (ticket.status === 'called' || ticket.status === 'serving')) {
    return { kind: 'call', number: ticket.number };
  }
  return { kind: 'idle' };
}

export const ledKey = (c: LedContent): string => (c.kind === 'call' ? `call:${c.number}` : c.kind);

export function ledFromKey(key: string): LedContent {
  if (key.startsWith('call:')) return { kind: 'call', number: key.slice(5) };
  return key === 'paused' || key === 'idle' ? { kind: key } : { kind: 'closed' };
}

/** The terminal's report to the hub (`device_status`) from its serial devices' status. */
export function deviceReport(statuses: SerialDeviceStatus[]): {
  state: DeviceCondition;
  detail: string;
} {
  if (statuses.length === 0) return { state: 'ok', detail: 'no serial devices' };
  const state: DeviceCondition = statuses.some((s) => s.state === 'disconnected')
    ? 'error'
    : statuses.some((s) => s.state !== 'connected')
      ? 'warning'
      : 'ok';
  const detail = statuses
    .map(
      (s) =>
        `${s.role} ${s.path ?? '-'}: ${s.state}, ${s.framesOk} ok, ${s.framesBad} bad` +
        (s.detail ? ` (${s.detail})` : ''),
    )
    .join('; ')
    .slice(0, 500);
  return { state, detail };
}
