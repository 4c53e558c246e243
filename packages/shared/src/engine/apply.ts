import type { DomainEvent } from '../domain/events.js';
import type { Complaint, HallConfig, Rating, Ticket, WindowState } from '../domain/types.js';
import { returnQueueOf, transferItinerary } from './policy.js';
import type { HallState } from './state.js';
import { RECENT_SERVICE_SAMPLES } from './state.js';
import { withCalendar } from './time.js';

/** The state before any day: one closed window per configured window, no tickets. */
export function initialState(config: HallConfig): HallState {
  const state: HallState = {
    config,
    day: null,
    tickets: new Map(),
    windows: new Map(),
    sequences: new Map(),
    issuedCount: 0,
    recentServiceMs: new Map(),
    complaints: new Map(),
    assists: new Map(),
  };
  resetWindows(state, false);
  return state;
}

function resetWindows(state: HallState, keepRatioCounters: boolean): void {
  const previous = state.windows;
  state.windows = new Map();
  for (const { id } of state.config.windows) {
    state.windows.set(id, {
      windowId: id,
      status: 'closed',
      staffCode: null,
      pauseReason: null,
      currentTicketId: null,
      since: null,
      callsSincePriority: keepRatioCounters ? (previous.get(id)?.callsSincePriority ?? 0) : 0,
    });
  }
}

/** A deep copy, so the state never shares objects with an event (which the hub keeps and sends). */
export function cloneTicket(ticket: Ticket): Ticket {
  return {
    ...ticket,
    appointment: ticket.appointment === null ? null : { ...ticket.appointment },
    ...(ticket.assist ? { assist: { ...ticket.assist } } : {}),
    ...(ticket.remote ? { remote: { ...ticket.remote } } : {}),
    itinerary: ticket.itinerary.map((step) => ({ serviceIds: [...step.serviceIds] })),
    doneServiceIds: [...ticket.doneServiceIds],
    queueServiceIds: [...ticket.queueServiceIds],
    transfers: ticket.transfers.map((note) => ({ ...note })),
    rating: ticket.rating === null ? null : cloneRating(ticket.rating),
  };
}

function cloneRating(rating: Rating): Rating {
  return { ...rating, reasons: [...rating.reasons] };
}

function cloneComplaint(complaint: Complaint): Complaint {
  return { ...complaint, reasons: [...complaint.reasons] };
}

/** The window no longer holds the ticket (served, sent away or back to the queue). */
function release(state: HallState, windowId: string, ticketId: string): void {
  const window = state.windows.get(windowId);
  if (window?.currentTicketId === ticketId) window.currentTicketId = null;
}

function setWindow(state: HallState, windowId: string, change: Partial<WindowState>): void {
  const window = state.windows.get(windowId);
  if (window !== undefined) Object.assign(window, change);
}

/**
 * Folds one event into `state`, in place, and returns it. Total and deterministic: an event
 * naming an unknown ticket or window changes nothing about it, and the same events from
 * `initialState` always give the same state.
 */
export function apply(state: HallState, event: DomainEvent): HallState {
  const at = event.at;
  const ticket = 'ticketId' in event ? state.tickets.get(event.ticketId) : undefined;
  switch (event.type) {
    case 'day_opened': {
      // Reopening the same day keeps its tickets and sequences: numbers are never reused.
      const sameDay = state.day?.businessDay === event.businessDay;
      if (!sameDay) {
        state.tickets = new Map();
        state.sequences = new Map();
        state.issuedCount = 0;
        state.recentServiceMs = new Map();
        state.complaints = new Map();
        state.assists = new Map();
      }
      resetWindows(state, sameDay);
      state.day = { businessDay: event.businessDay, status: 'open', openedAt: at, closedAt: null };
      break;
    }
    case 'day_closed':
      if (state.day !== null) {
        state.day.status = 'closed';
        state.day.closedAt = at;
      }
      for (const id of event.expiredTicketIds) {
        const expired = state.tickets.get(id);
        if (expired === undefined) continue;
        expired.status = 'expired';
        expired.queueServiceIds = [];
        expired.parkedUntil = null;
      }
      break;
    case 'ticket_issued': {
      const issued = cloneTicket(event.ticket);
      state.tickets.set(issued.id, issued);
      state.sequences.set(issued.serviceId, (state.sequences.get(issued.serviceId) ?? 0) + 1);
      state.issuedCount += 1;
      const request = issued.assist ? state.assists.get(issued.assist.requestId) : undefined;
      if (request !== undefined) {
        request.status = 'served';
        request.ticketId = issued.id;
      }
      break;
    }
    case 'ticket_called': {
      if (ticket === undefined) break;
      ticket.status = 'called';
      ticket.calledAt = at;
      ticket.startedAt = null;
      ticket.windowId = event.windowId;
      ticket.staffCode = event.staffCode;
      ticket.currentServiceId = event.serviceId;
      ticket.recallCount = 0;
      ticket.callReason = event.reason;
      ticket.queueServiceIds = [];
      ticket.parkedUntil = null;
      const window = state.windows.get(event.windowId);
      if (window !== undefined) {
        window.currentTicketId = ticket.id;
        window.callsSincePriority = ticket.class === 'priority' ? 0 : window.callsSincePriority + 1;
      }
      break;
    }
    case 'ticket_recalled':
      if (ticket !== undefined) ticket.recallCount = event.recallCount;
      break;
    case 'service_started':
      if (ticket === undefined) break;
      ticket.status = 'serving';
      ticket.startedAt = at;
      ticket.currentServiceId = event.serviceId;
      break;
    case 'service_finished': {
      if (ticket === undefined) break;
      if (ticket.startedAt !== null) {
        const samples = state.recentServiceMs.get(event.serviceId) ?? [];
        samples.push(at - ticket.startedAt);
        state.recentServiceMs.set(event.serviceId, samples.slice(-RECENT_SERVICE_SAMPLES));
      }
      const nextStep = event.nextStepIndex !== ticket.stepIndex;
      ticket.doneServiceIds = nextStep ? [] : [...ticket.doneServiceIds, event.serviceId];
      ticket.stepIndex = event.nextStepIndex;
      ticket.finishedAt = at;
      if (event.matterCode === undefined && event.caseNumber === undefined) delete ticket.lastCase;
      else {
        ticket.lastCase = {
          ...(event.matterCode === undefined ? {} : { matterCode: event.matterCode }),
          ...(event.caseNumber === undefined ? {} : { caseNumber: event.caseNumber }),
        };
      }
      ticket.targetWindowId = null;
      if (event.done) {
        ticket.status = 'done';
        ticket.queueServiceIds = [];
      } else {
        // Back in the queue with its first arrival time, ahead of plain first come, first served.
        ticket.status = 'waiting';
        ticket.queueServiceIds = [...event.nextQueueServiceIds];
        ticket.returned = true;
      }
      release(state, event.windowId, ticket.id);
      break;
    }
    case 'ticket_no_show':
      if (ticket === undefined) break;
      ticket.status = 'no_show';
      ticket.queueServiceIds = [];
      release(state, event.windowId, ticket.id);
      break;
    case 'ticket_requeued':
      if (ticket === undefined) break;
      // A ticket sent to a closing window waits for its step's services again (returnQueueOf).
      if (event.reason !== 'put_back' && ticket.targetWindowId === event.windowId) {
        ticket.targetWindowId = null;
      }
      ticket.queueServiceIds = returnQueueOf(ticket);
      switch (event.reason) {
        case 'put_back':
        case 'window_closed':
          ticket.status = 'waiting';
          release(state, event.windowId, ticket.id);
          break;
        case 'target_window_closed':
          // Waiting or parked, it stays so; only the window it waited for is gone.
          break;
      }
      break;
    case 'ticket_transferred': {
      if (ticket === undefined) break;
      if (event.toServiceId !== null) {
        const to = event.toServiceId;
        ticket.itinerary = transferItinerary(
          ticket.itinerary,
          ticket.stepIndex,
          event.fromServiceId,
          to,
        );
        ticket.doneServiceIds = ticket.doneServiceIds.filter((id) => id !== to);
      }
      ticket.targetWindowId = event.toWindowId;
      ticket.status = 'waiting';
      ticket.queueServiceIds = [...event.queueServiceIds];
      ticket.returned = true;
      ticket.parkedUntil = null;
      // Not finished here: a rating must not be about this call (see lastFinishedService).
      ticket.startedAt = null;
      ticket.transfers.push({
        at,
        fromWindowId: event.windowId,
        fromServiceId: event.fromServiceId,
        toServiceId: event.toServiceId,
        toWindowId: event.toWindowId,
        note: event.note,
      });
      release(state, event.windowId, ticket.id);
      break;
    }
    case 'ticket_parked':
      if (ticket === undefined) break;
      ticket.status = 'parked';
      ticket.parkedUntil = event.until;
      ticket.queueServiceIds = [];
      // Not finished here: a rating must not be about this call (see lastFinishedService).
      ticket.startedAt = null;
      release(state, event.windowId, ticket.id);
      break;
    case 'remote_confirmed':
      if (ticket?.remote !== undefined) ticket.remote.confirmedAt = at;
      break;
    case 'remote_at_head':
      if (ticket?.remote !== undefined) ticket.remote.headSince = at;
      break;
    case 'ticket_expired':
      if (ticket === undefined) break;
      ticket.status = 'expired';
      ticket.queueServiceIds = [];
      ticket.parkedUntil = null;
      break;
    case 'ticket_unparked':
      if (ticket === undefined) break;
      // Same queuedAt as before: it comes back near the head of its queues.
      ticket.status = 'waiting';
      ticket.parkedUntil = null;
      ticket.queueServiceIds = returnQueueOf(ticket);
      break;
    case 'ticket_cancelled':
      if (ticket === undefined) break;
      ticket.status = 'cancelled';
      ticket.queueServiceIds = [];
      ticket.parkedUntil = null;
      break;
    case 'window_opened':
      setWindow(state, event.windowId, {
        status: 'open',
        staffCode: event.staffCode,
        pauseReason: null,
        currentTicketId: null,
        since: at,
      });
      break;
    case 'window_paused':
      setWindow(state, event.windowId, { status: 'paused', pauseReason: event.reason, since: at });
      break;
    case 'window_resumed':
      setWindow(state, event.windowId, { status: 'open', pauseReason: null, since: at });
      break;
    case 'window_closed':
      setWindow(state, event.windowId, {
        status: 'closed',
        staffCode: null,
        pauseReason: null,
        currentTicketId: null,
        since: at,
      });
      break;
    case 'rating_recorded':
      if (ticket !== undefined) ticket.rating = cloneRating(event.rating);
      break;
    case 'assist_requested':
      state.assists.set(event.request.id, { ...event.request });
      break;
    case 'assist_answered': {
      const request = state.assists.get(event.requestId);
      if (request !== undefined && request.status === 'open') {
        request.status = 'answered';
        request.staffCode = event.staffCode;
        request.answeredAt = at;
      }
      break;
    }
    case 'assist_closed': {
      const request = state.assists.get(event.requestId);
      if (request !== undefined && (request.status === 'open' || request.status === 'answered')) {
        request.status = 'closed';
        request.closedBy = event.staffCode;
        request.closeReason = event.reason;
      }
      break;
    }
    case 'complaint_opened':
      state.complaints.set(event.complaint.id, cloneComplaint(event.complaint));
      break;
    case 'device_renamed':
    case 'device_unpaired':
    case 'staff_pin_reset':
    case 'complaint_entered':
    case 'complaint_followed_up':
    case 'staff_unlocked':
    case 'instruction_received':
    case 'instruction_answered':
    case 'platform_upload_resent':
    case 'rating_followed_up':
    case 'booking_changed':
    case 'outbox_resent':
      // Audit records only: nothing of the queue changes.
      break;
    case 'config_changed': {
      // A copy: the state never shares objects with an event.
      state.config = withCalendar(JSON.parse(JSON.stringify(event.config)) as HallConfig);
      // New windows start closed; removed ones (closed, as decide checks) are dropped.
      const windows = new Map<string, WindowState>();
      for (const { id } of state.config.windows) {
        windows.set(
          id,
          state.windows.get(id) ?? {
            windowId: id,
            status: 'closed',
            staffCode: null,
            pauseReason: null,
            currentTicketId: null,
            since: null,
            callsSincePriority: 0,
          },
        );
      }
      state.windows = windows;
      break;
    }
  }
  return state;
}
