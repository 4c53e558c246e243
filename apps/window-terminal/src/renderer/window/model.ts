import {
  decide,
  queuePreview,
  type QueueRow,
  type Command,
  type ErrorCode,
  type HallState,
  type Millis,
  type DeviceCondition,
  type DomainEvent,
  type Ticket,
  type WindowState,
} from '@onestop/shared';
import { parseLedContent } from '../../shared/led-content.js';
import type { LedContent, PadInput, SerialDeviceStatus } from '../../shared/preload-api.js';

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

/** The actions sent as the window command of the same name, with nothing more to say. */
const DIRECT_ACTIONS = [
  'call_next',
  'recall',
  'start_serving',
  'finish',
  'no_show',
  'put_back',
] as const satisfies readonly ActionId[];
export type DirectAction = (typeof DIRECT_ACTIONS)[number];
const DIRECT: ReadonlySet<ActionId> = new Set<ActionId>(DIRECT_ACTIONS);
export const isDirect = (action: ActionId): action is DirectAction => DIRECT.has(action);

export const ACTIONS: readonly ActionId[] = [
  ...DIRECT_ACTIONS,
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
  if (isDirect(action)) return { type: action, windowId };
  switch (action) {
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

/**
 * Waiting tickets this window may call, in queue order, and the count per service; each marked as
 * `call_next` treats it now (the one it calls next, a remote number it passes over).
 */
export interface QueueView {
  candidates: QueueRow[];
  counts: { serviceId: string; count: number }[];
}

export function queueOf(state: HallState, windowId: string, now: Millis): QueueView {
  const candidates = queuePreview(state, windowId, now);
  const window = state.config.windows.find((w) => w.id === windowId);
  const counts = (window?.services ?? []).map(({ serviceId }) => ({
    serviceId,
    count: candidates.filter((c) => c.serviceId === serviceId).length,
  }));
  return { candidates, counts };
}

/**
 * The ticket a number dialled on the pad means: the digits in the window's first service
 * (`015` at a window whose first service is A: A015). Null when the window serves nothing.
 */
export function dialledTicketId(state: HallState, windowId: string, digits: string): string | null {
  const first = state.config.windows.find((w) => w.id === windowId)?.services[0];
  const prefix = state.config.services.find((s) => s.id === first?.serviceId)?.prefix;
  if (prefix === undefined || state.day === null) return null;
  return `${state.day.businessDay}/${prefix}${digits.padStart(3, '0')}`;
}

/**
 * What a call pad's key does, decided as the screen's buttons decide: the command to send (the
 * same the button sends), the dialog it opens on the screen, or the refusal with its reason.
 * The pause key toggles: a break when the window works, resume when it is paused.
 */
export type PadStep =
  | {
      kind: 'send';
      action: ActionId;
      command:
        | { event: 'call_next' | 'recall' | 'finish' | 'no_show' | 'resume_window' }
        | { event: 'pause_window'; reason: 'break' }
        | { event: 'call_specific'; ticketId: string };
    }
  | { kind: 'dialog'; action: 'transfer' }
  | { kind: 'refused'; action: ActionId | null; code: ErrorCode }
  /** A rating key on a clerk's pad: nothing to do here. */
  | { kind: 'none' };

export function padStep(
  state: HallState,
  windowId: string,
  staffCode: string | null,
  input: PadInput,
  now: Millis,
): PadStep {
  const direct = (action: 'call_next' | 'recall' | 'finish' | 'no_show'): PadStep => {
    const a = availability(state, windowId, staffCode, action, now);
    return a.enabled
      ? { kind: 'send', action, command: { event: action } }
      : { kind: 'refused', action, code: a.reason };
  };
  if (typeof input !== 'string') {
    if (staffCode === null) return { kind: 'refused', action: 'call_next', code: 'not_logged_in' };
    const ticketId = dialledTicketId(state, windowId, input.digits);
    if (ticketId === null) return { kind: 'refused', action: 'call_next', code: 'ticket_unknown' };
    const a = canCall(state, windowId, ticketId, now);
    return a.enabled
      ? { kind: 'send', action: 'call_next', command: { event: 'call_specific', ticketId } }
      : { kind: 'refused', action: 'call_next', code: a.reason };
  }
  switch (input) {
    case 'next':
      return direct('call_next');
    case 'recall':
      return direct('recall');
    case 'finish':
      return direct('finish');
    case 'noshow':
      return direct('no_show');
    case 'transfer': {
      const a = availability(state, windowId, staffCode, 'transfer', now);
      return a.enabled
        ? { kind: 'dialog', action: 'transfer' }
        : { kind: 'refused', action: 'transfer', code: a.reason };
    }
    case 'pause': {
      if (state.windows.get(windowId)?.status === 'paused') {
        const a = availability(state, windowId, staffCode, 'resume', now);
        return a.enabled
          ? { kind: 'send', action: 'resume', command: { event: 'resume_window' } }
          : { kind: 'refused', action: 'resume', code: a.reason };
      }
      const a = availability(state, windowId, staffCode, 'pause', now);
      return a.enabled
        ? { kind: 'send', action: 'pause', command: { event: 'pause_window', reason: 'break' } }
        : { kind: 'refused', action: 'pause', code: a.reason };
    }
    case 'rate1':
    case 'rate2':
    case 'rate3':
    case 'rate4':
    case 'rate5':
      return { kind: 'none' };
  }
}

/** Tickets this window parked, waiting to come back. */
export function parkedAt(state: HallState, windowId: string): Ticket[] {
  return [...state.tickets.values()]
    .filter((t) => t.status === 'parked' && t.windowId === windowId)
    .sort((a, b) => (a.parkedUntil ?? Infinity) - (b.parkedUntil ?? Infinity));
}

/**
 * Whether these events may change this window's day figures (`day_figures`, counted by the
 * hub): a call, service, no-show, transfer, put-back or park here, a rating given for a service
 * here, a new day. The panel asks again only then.
 */
export function touchesFigures(events: readonly DomainEvent[], windowId: string): boolean {
  return events.some((e) => {
    switch (e.type) {
      case 'day_opened':
      case 'day_closed':
        return true;
      case 'ticket_called':
      case 'service_finished':
      case 'ticket_no_show':
      case 'ticket_requeued':
      case 'ticket_transferred':
      case 'ticket_parked':
        return e.windowId === windowId;
      case 'rating_recorded':
        return e.rating.windowId === windowId;
      default:
        return false;
    }
  });
}

/** What the window's LED screen shows: the called number, or the window's state. */
export function ledContentFor(state: HallState | null, windowId: string): LedContent {
  const config = state?.config.windows.find((w) => w.id === windowId);
  const at = config ? { window: { number: config.number, name: { ...config.name } } } : {};
  const window = state?.windows.get(windowId);
  if (state === null || window === undefined || window.status === 'closed') {
    return { kind: 'closed', ...at };
  }
  if (window.status === 'paused') return { kind: 'paused', ...at };
  const ticket = currentTicketOf(state, windowId);
  if (ticket !== null && (ticket.status === 'called' || ticket.status === 'serving')) {
    return { kind: 'call', number: ticket.number, ...at };
  }
  return { kind: 'idle', ...at };
}

/** A key that changes exactly when what the LED shows changes (and reads back as it). */
export const ledKey = (c: LedContent): string => JSON.stringify(c);

export function ledFromKey(key: string): LedContent {
  let json: unknown = null;
  try {
    json = JSON.parse(key);
  } catch {
    json = null;
  }
  return parseLedContent(json) ?? { kind: 'closed' };
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
