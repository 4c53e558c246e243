import type {
  CallReason,
  HallWindow,
  ItineraryStep,
  Millis,
  PassedOver,
  RatingChannel,
  Ticket,
} from '../domain/types.js';
import { ratingChannelOf } from '../domain/types.js';
import { typicalServiceMs } from './estimate.js';
import type { HallState } from './state.js';

/**
 * The call policy and the estimates derived from the queues. Read-only over the state.
 */

export interface NextCall {
  ticket: Ticket;
  reason: CallReason;
  /** The service the ticket is called for at this window. */
  serviceId: string;
  /** Tickets ahead of it in the window's queues that this call passes over, and why. */
  passedOver: PassedOver[];
}

/** A waiting ticket a window may call, with the service and the tier (weight) it would be called in. */
export interface CallCandidate {
  ticket: Ticket;
  serviceId: string;
  weight: number;
}

const MINUTE_MS = 60_000;

/** Queue order: the first arrival, then the issue order (unique in a day, so the order is total). */
export function compareQueueOrder(a: Ticket, b: Ticket): number {
  return a.queuedAt - b.queuedAt || a.arrivalIndex - b.arrivalIndex;
}

/** The window's top tier; tickets transferred to the window are called in it. */
export function topWeightOf(window: HallWindow): number {
  return Math.max(...window.services.map((s) => s.weight));
}

/**
 * Whether `window` may call `ticket`, and in which service and tier: a ticket transferred to the
 * window (top tier, its queue's first service); an untargeted ticket waiting in one of the
 * window's services (that service's tier, the highest if several). A ticket transferred to
 * another window is only that window's.
 */
export function candidateFor(ticket: Ticket, window: HallWindow): CallCandidate | null {
  if (ticket.status !== 'waiting') return null;
  if (ticket.targetWindowId === window.id) {
    const serviceId = ticket.queueServiceIds[0] ?? ticket.currentServiceId ?? ticket.serviceId;
    return { ticket, serviceId, weight: topWeightOf(window) };
  }
  if (ticket.targetWindowId !== null) return null;
  let best: CallCandidate | null = null;
  for (const { serviceId, weight } of window.services) {
    if (!ticket.queueServiceIds.includes(serviceId)) continue;
    if (best === null || weight > best.weight) best = { ticket, serviceId, weight };
  }
  return best;
}

/** Every ticket the window could call now, in queue order. */
export function callCandidates(state: HallState, windowId: string): CallCandidate[] {
  const window = state.config.windows.find((w) => w.id === windowId);
  if (window === undefined) return [];
  const candidates: CallCandidate[] = [];
  for (const ticket of state.tickets.values()) {
    const candidate = candidateFor(ticket, window);
    if (candidate !== null) candidates.push(candidate);
  }
  return candidates.sort((a, b) => compareQueueOrder(a.ticket, b.ticket));
}

/** 远程取号: a number taken from the phone and not yet confirmed at a kiosk; no window calls it. */
export function awaitsConfirmation(ticket: Ticket): boolean {
  return ticket.remote !== undefined && ticket.remote.confirmedAt === null;
}

/** An appointment whose slot is within the grace period of `now`, either side. */
export function isAppointmentDue(state: HallState, ticket: Ticket, now: Millis): boolean {
  const grace = state.config.hall.policy.appointmentGraceMinutes * MINUTE_MS;
  return (
    ticket.class === 'appointment' &&
    ticket.appointment !== null &&
    Math.abs(now - ticket.appointment.slotAt) <= grace
  );
}

/** Waiting longer than the policy's maximum since the first arrival. */
export function isAged(state: HallState, ticket: Ticket, now: Millis): boolean {
  return now - ticket.queuedAt > state.config.hall.policy.maxWaitMinutes * MINUTE_MS;
}

/**
 * The ticket `windowId` calls next, and why (docs/CALL-POLICY.md): the highest tier
 * with any candidate; in it a due appointment (earliest slot), an aged ticket, a returned ticket,
 * a green-channel ticket when the ratio says so, else the oldest other ticket (`tier` when the
 * tier is not the window's top one). `null` when the window has nobody to call.
 */
export function chooseNext(state: HallState, windowId: string, now: Millis): NextCall | null {
  const window = state.config.windows.find((w) => w.id === windowId);
  if (window === undefined) return null;
  const waiting = callCandidates(state, windowId);
  // A remote number not confirmed at a kiosk waits in its queue but is passed over.
  const candidates = waiting.filter((c) => !awaitsConfirmation(c.ticket));
  if (candidates.length === 0) return null;

  const tierWeight = Math.max(...candidates.map((c) => c.weight));
  // Already in queue order, so the first match of each rule is its oldest.
  const tier = candidates.filter((c) => c.weight === tierWeight);
  const call = (c: CallCandidate, reason: CallReason): NextCall => ({
    ticket: c.ticket,
    serviceId: c.serviceId,
    reason,
    passedOver: waiting
      .filter((w) => awaitsConfirmation(w.ticket) && compareQueueOrder(w.ticket, c.ticket) < 0)
      .map((w) => ({
        ticketId: w.ticket.id,
        number: w.ticket.number,
        reason: 'remote_unconfirmed' as const,
      })),
  });

  let due: CallCandidate | null = null;
  for (const c of tier) {
    if (!isAppointmentDue(state, c.ticket, now)) continue;
    if (due === null || slotOf(c.ticket) < slotOf(due.ticket)) due = c;
  }
  if (due !== null) return call(due, 'appointment_due');

  const aged = tier.find((c) => isAged(state, c.ticket, now));
  if (aged !== undefined) return call(aged, 'aged');

  const returned = tier.find((c) => c.ticket.returned);
  if (returned !== undefined) return call(returned, 'transfer_return');

  const priority = tier.find((c) => c.ticket.class === 'priority');
  const callsSincePriority = state.windows.get(windowId)?.callsSincePriority ?? 0;
  if (priority !== undefined && callsSincePriority >= state.config.hall.policy.priorityRatio) {
    return call(priority, 'priority_ratio');
  }

  // First come, first served includes the green channel: the ratio only lets a green ticket
  // jump ahead of older ones, it never holds one back behind younger ones.
  const oldest = tier[0];
  if (oldest === undefined) return null;
  return call(oldest, tierWeight < topWeightOf(window) ? 'tier' : 'fifo');
}

/** A row of a window's queue as its terminal lists it (its preview of the next call). */
export interface QueueRow extends CallCandidate {
  /** 远程取号 not yet confirmed at a kiosk: it keeps its place, but no call takes it. */
  awaitingConfirmation: boolean;
  /** The ticket `call_next` at this window would call now (`chooseNext`). */
  next: boolean;
}

/**
 * The window's queue in queue order, each row marked as `call_next` would treat it now: the one
 * it calls, and the remote numbers it passes over until they are confirmed.
 */
export function queuePreview(state: HallState, windowId: string, now: Millis): QueueRow[] {
  const nextId = chooseNext(state, windowId, now)?.ticket.id ?? null;
  return callCandidates(state, windowId).map((c) => ({
    ...c,
    awaitingConfirmation: awaitsConfirmation(c.ticket),
    next: c.ticket.id === nextId,
  }));
}

function slotOf(ticket: Ticket): Millis {
  return ticket.appointment?.slotAt ?? Number.POSITIVE_INFINITY;
}

export interface WaitEstimate {
  /** Tickets waiting in the service's queue. */
  waiting: number;
  /** Windows serving the service that are open now (paused and closed ones are not counted). */
  openWindows: number;
  /**
   * The typical time per visitor: the median of the day's recent service times without outliers,
   * blended with the service's configured minutes and never below a floor (`typicalServiceMs`).
   */
  avgServiceMs: number;
  /** Rounded up; computed with one window when none is open, so there is always an estimate. */
  minutes: number;
}

/** What a visitor is told about a wait: no window serves it now, no wait, or minutes. */
export type WaitKind = 'no_window' | 'no_wait' | 'minutes';

/**
 * With no open window for the service there is no estimate (the engine still issues the number,
 * and it is called once a window opens); with nobody ahead and nothing left to wait for there is
 * no wait; otherwise an estimate in minutes (shown as at least 1). `waiting` is the people ahead:
 * the whole queue for a new ticket, those before it for an issued one.
 */
export function waitKind(
  wait: Pick<WaitEstimate, 'waiting' | 'minutes' | 'openWindows'>,
): WaitKind {
  if (wait.openWindows === 0) return 'no_window';
  if (wait.waiting === 0 && wait.minutes === 0) return 'no_wait';
  return 'minutes';
}

/**
 * The expected wait for a new ticket of `serviceId`: the waiting tickets and the remaining time of
 * the visitors now at its open windows, shared among those windows.
 */
export function estimateWait(state: HallState, serviceId: string, now: Millis): WaitEstimate {
  const service = state.config.services.find((s) => s.id === serviceId);
  const avgServiceMs = typicalServiceMs(
    state.recentServiceMs.get(serviceId) ?? [],
    service?.defaultMinutes ?? 0,
  );

  let waiting = 0;
  for (const ticket of state.tickets.values()) {
    if (ticket.status === 'waiting' && ticket.queueServiceIds.includes(serviceId)) waiting += 1;
  }

  let openWindows = 0;
  let inProgressMs = 0;
  for (const window of state.config.windows) {
    if (!window.services.some((s) => s.serviceId === serviceId)) continue;
    const ws = state.windows.get(window.id);
    if (ws?.status !== 'open') continue;
    openWindows += 1;
    const current = ws.currentTicketId === null ? undefined : state.tickets.get(ws.currentTicketId);
    if (current?.currentServiceId !== serviceId) continue;
    const elapsed =
      current.status === 'serving' && current.startedAt !== null ? now - current.startedAt : 0;
    inProgressMs += Math.max(0, avgServiceMs - elapsed);
  }

  const totalMs = waiting * avgServiceMs + inProgressMs;
  const minutes = Math.ceil(totalMs / Math.max(1, openWindows) / MINUTE_MS);
  return { waiting, openWindows, avgServiceMs, minutes };
}

/**
 * 远程取号: whether an unconfirmed remote number is first in line: no waiting ticket ahead of it in
 * any of its queues (`peopleAhead` is 0).
 */
export function isFirstInLine(state: HallState, ticketId: string): boolean {
  return peopleAhead(state, ticketId) === 0;
}

/**
 * How many waiting tickets are ahead of `ticketId`: those older in queue order that wait in any of
 * its queues (for a ticket transferred to a window: older tickets transferred to the same window).
 * Plain first come, first served; the tiers, appointments, ageing, returns and the priority ratio
 * are ignored, so it is an estimate for the visitor, not a promise. `null` unless it is waiting.
 */
export function peopleAhead(state: HallState, ticketId: string): number | null {
  const ticket = state.tickets.get(ticketId);
  if (ticket?.status !== 'waiting') return null;
  let ahead = 0;
  for (const other of state.tickets.values()) {
    if (other.status !== 'waiting' || compareQueueOrder(other, ticket) >= 0) continue;
    const sharesQueue =
      ticket.targetWindowId !== null
        ? other.targetWindowId === ticket.targetWindowId
        : other.targetWindowId === null &&
          other.queueServiceIds.some((id) => ticket.queueServiceIds.includes(id));
    if (sharesQueue) ahead += 1;
  }
  return ahead;
}

/**
 * The queues a called, served or parked ticket returns to: the ones it waited in before its call.
 * Those are its current step's services not yet done, or, when it was transferred to one window,
 * the one service it was transferred with.
 */
export function returnQueueOf(ticket: Ticket): string[] {
  const fallback = [ticket.currentServiceId ?? ticket.serviceId];
  if (ticket.targetWindowId !== null) return fallback;
  const step = ticket.itinerary[ticket.stepIndex];
  const pending = (step?.serviceIds ?? []).filter((id) => !ticket.doneServiceIds.includes(id));
  return pending.length > 0 ? pending : fallback;
}

/**
 * A step's services after a transfer replaced `from` by `to` (kept once, in `from`'s place), so
 * the step is complete when the new service is done instead of the old one.
 */
export function replaceInStep(serviceIds: readonly string[], from: string, to: string): string[] {
  const replaced: string[] = [];
  for (const id of serviceIds) {
    const next = id === from ? to : id;
    if (!replaced.includes(next)) replaced.push(next);
  }
  if (!replaced.includes(to)) replaced.push(to);
  return replaced;
}

/**
 * Window, clerk and service of the ticket's last call, when that call ended in a finished service:
 * what a rating is about. `null` before any finished service, and while or after a later call
 * that did not finish (the ticket's window fields then name that call, not the finished one).
 * A call's `startedAt` is cleared when it is called and when it leaves serving unfinished
 * (transfer, park), so a set `startedAt` outside called/serving means the call finished.
 */
export function lastFinishedService(
  ticket: Ticket,
): { windowId: string; staffCode: string | null; serviceId: string } | null {
  if (ticket.finishedAt === null || ticket.startedAt === null) return null;
  if (ticket.status === 'called' || ticket.status === 'serving') return null;
  if (ticket.windowId === null || ticket.currentServiceId === null) return null;
  return {
    windowId: ticket.windowId,
    staffCode: ticket.staffCode,
    serviceId: ticket.currentServiceId,
  };
}

/**
 * Whether the ticket's last finished step may be rated by `channel` now: one rating per service
 * step (一事一评), whichever channel comes first. A pad's timeout (no score) is no rating: the
 * visitor may still rate that step by the QR code, but the pad's moment is over.
 */
export function ratingRefusal(
  ticket: Ticket,
  channel: RatingChannel,
): { code: 'already_rated'; by: RatingChannel } | { code: 'rating_not_allowed' } | null {
  const last = lastFinishedService(ticket);
  const previous = ticket.rating;
  if (previous !== null) {
    const sameStep =
      last === null ||
      previous.stepFinishedAt === undefined ||
      previous.stepFinishedAt === ticket.finishedAt;
    if (sameStep && (previous.score !== null || channel === 'pad')) {
      return { code: 'already_rated', by: ratingChannelOf(previous) };
    }
  }
  return last === null ? { code: 'rating_not_allowed' } : null;
}

/**
 * The itinerary after a transfer from `from` to `to` in step `stepIndex`: the step has `to` in
 * place of `from`; later steps drop `to` (done now, it is not asked for twice) and a step left
 * empty is dropped. Steps already passed stay as they were.
 */
export function transferItinerary(
  itinerary: readonly ItineraryStep[],
  stepIndex: number,
  from: string,
  to: string,
): ItineraryStep[] {
  const result: ItineraryStep[] = [];
  itinerary.forEach((step, index) => {
    if (index === stepIndex) {
      result.push({ serviceIds: replaceInStep(step.serviceIds, from, to) });
    } else if (index < stepIndex) {
      result.push({ serviceIds: [...step.serviceIds] });
    } else {
      const rest = step.serviceIds.filter((id) => id !== to);
      if (rest.length > 0) result.push({ serviceIds: rest });
    }
  });
  return result;
}
