import type { Command, CommandOf } from '../domain/commands.js';
import type { EngineError, EngineErrorCode } from '../domain/errors.js';
import type { DomainEvent, EventBody } from '../domain/events.js';
import type {
  AssistRequest,
  Complaint,
  HallWindow,
  Millis,
  Rating,
  Service,
  Ticket,
  TicketAssist,
  WindowState,
} from '../domain/types.js';
import { caseNumberFits, DEFAULT_REMOTE } from '../domain/types.js';
import {
  awaitsConfirmation,
  candidateFor,
  chooseNext,
  isFirstInLine,
  lastFinishedService,
  ratingRefusal,
  replaceInStep,
} from './policy.js';
import type { DayState, HallState } from './state.js';
import { formatTicketNumber } from './ticket-number.js';
import { addWorkingDays, businessDayOf, isHoliday, isWithinHours } from './time.js';

export type Decision = { ok: true; events: DomainEvent[] } | { ok: false; error: EngineError };

type Outcome = { ok: true; events: EventBody[] } | { ok: false; error: EngineError };
type Found<T> = ({ ok: true } & T) | { ok: false; error: EngineError };

const refuse = (code: EngineErrorCode, detail: string): { ok: false; error: EngineError } => ({
  ok: false,
  error: { code, detail },
});
const accept = (...events: EventBody[]): Outcome => ({ ok: true, events });

/**
 * Decides a command against the state: the events it causes, each stamped `now`, or why it is
 * refused. Pure: it reads `state` and never changes it; nothing happens until the events are
 * applied.
 */
export function decide(state: HallState, command: Command, now: Millis): Decision {
  const outcome = decideBodies(state, command, now);
  if (!outcome.ok) return outcome;
  return { ok: true, events: outcome.events.map((body) => ({ ...body, at: now })) };
}

function decideBodies(state: HallState, command: Command, now: Millis): Outcome {
  if (command.type === 'open_day') return openDay(state, command);
  if (command.type === 'change_config') return changeConfig(state, command);
  const day = state.day;
  if (day === null || day.status !== 'open') {
    // Without a day there is nothing a tick could move; the hub ticks regardless.
    if (command.type === 'tick') return accept();
    return refuse('day_not_open', `no business day is open for ${command.type}`);
  }
  switch (command.type) {
    case 'close_day':
      return closeDay(state, day);
    case 'issue_ticket':
      return issueTicket(state, day, command, now);
    case 'open_window':
      return openWindow(state, command);
    case 'pause_window':
      return pauseWindow(state, command);
    case 'resume_window':
      return resumeWindow(state, command);
    case 'close_window':
      return closeWindow(state, command);
    case 'call_next':
      return callNext(state, command, now);
    case 'call_specific':
      return callSpecific(state, command);
    case 'recall':
      return recall(state, command);
    case 'start_serving':
      return startServing(state, command);
    case 'finish':
      return finish(state, command);
    case 'no_show':
      return noShow(state, command);
    case 'put_back':
      return putBack(state, command);
    case 'transfer':
      return transfer(state, command);
    case 'park':
      return park(state, command, now);
    case 'unpark':
      return unpark(state, command);
    case 'cancel':
      return cancel(state, command);
    case 'rate':
      return rate(state, day, command, now);
    case 'request_assist':
      return requestAssist(state, day, command, now);
    case 'answer_assist':
      return answerAssist(state, command);
    case 'confirm_remote':
      return confirmRemote(state, command);
    case 'close_assist':
      return closeAssist(state, command);
    case 'tick':
      return tick(state, now);
  }
}

// ---- 帮办代办 --------------------------------------------------------------------------------

/** A call for help from a kiosk: one still unserved there is answered again, not doubled. */
function requestAssist(
  state: HallState,
  day: DayState,
  command: CommandOf<'request_assist'>,
  now: Millis,
): Outcome {
  for (const earlier of state.assists.values()) {
    if (earlier.kioskId === command.kioskId && assistIsOpen(earlier)) return accept();
  }
  const request: AssistRequest = {
    id: `${day.businessDay}/H${state.assists.size + 1}`,
    kioskId: command.kioskId,
    kioskName: command.kioskName,
    requestedAt: now,
    status: 'open',
    staffCode: null,
    answeredAt: null,
    ticketId: null,
  };
  return accept({ type: 'assist_requested', request });
}

/** A call for help still waiting for its ticket (or its closing): open or answered. */
function assistIsOpen(request: AssistRequest): boolean {
  return request.status === 'open' || request.status === 'answered';
}

function answerAssist(state: HallState, command: CommandOf<'answer_assist'>): Outcome {
  const request = state.assists.get(command.requestId);
  if (request === undefined || !assistIsOpen(request)) {
    return refuse('assist_unknown', `no open call for help ${command.requestId}`);
  }
  if (request.status === 'answered') {
    return refuse(
      'assist_answered',
      `${command.requestId} was answered by ${request.staffCode ?? '?'}`,
    );
  }
  const staff = state.config.staff.find((s) => s.code === command.staffCode);
  if (staff === undefined) return refuse('staff_unknown', `no staff ${command.staffCode}`);
  if (!staff.active) return refuse('staff_inactive', `${staff.code} is not active`);
  return accept({ type: 'assist_answered', requestId: request.id, staffCode: staff.code });
}

/** A call that ends with no ticket (the visitor left, was helped at the kiosk): closed by staff. */
function closeAssist(state: HallState, command: CommandOf<'close_assist'>): Outcome {
  const request = state.assists.get(command.requestId);
  if (request === undefined || !assistIsOpen(request)) {
    return refuse('assist_unknown', `no open call for help ${command.requestId}`);
  }
  const staff = state.config.staff.find((s) => s.code === command.staffCode);
  if (staff === undefined) return refuse('staff_unknown', `no staff ${command.staffCode}`);
  if (!staff.active) return refuse('staff_inactive', `${staff.code} is not active`);
  return accept({
    type: 'assist_closed',
    requestId: request.id,
    staffCode: staff.code,
    reason: command.reason,
  });
}

// ---- lookups -------------------------------------------------------------------------------

function serviceOf(state: HallState, serviceId: string): Service | undefined {
  return state.config.services.find((s) => s.id === serviceId);
}

function findWindow(
  state: HallState,
  windowId: string,
): Found<{ config: HallWindow; window: WindowState }> {
  const config = state.config.windows.find((w) => w.id === windowId);
  const window = state.windows.get(windowId);
  if (config === undefined || window === undefined) {
    return refuse('window_unknown', `no window ${windowId}`);
  }
  return { ok: true, config, window };
}

function findTicket(state: HallState, ticketId: string): Found<{ ticket: Ticket }> {
  const ticket = state.tickets.get(ticketId);
  if (ticket === undefined) return refuse('ticket_unknown', `no ticket ${ticketId} today`);
  return { ok: true, ticket };
}

/** An open, staffed, idle window: one that may call. */
function callingWindow(
  state: HallState,
  windowId: string,
): Found<{ config: HallWindow; window: WindowState; staffCode: string }> {
  const found = findWindow(state, windowId);
  if (!found.ok) return found;
  const { window } = found;
  if (window.status === 'closed' || window.staffCode === null) {
    return refuse('window_closed', `window ${windowId} is closed`);
  }
  if (window.status === 'paused') return refuse('window_paused', `window ${windowId} is paused`);
  if (window.currentTicketId !== null) {
    return refuse('window_busy', `window ${windowId} still has ${window.currentTicketId}`);
  }
  return { ok: true, config: found.config, window, staffCode: window.staffCode };
}

/** The ticket called or being served at the window. */
function currentTicket(state: HallState, windowId: string): Found<{ ticket: Ticket }> {
  const found = findWindow(state, windowId);
  if (!found.ok) return found;
  const id = found.window.currentTicketId;
  const ticket = id === null ? undefined : state.tickets.get(id);
  if (ticket === undefined) return refuse('window_idle', `window ${windowId} has no ticket`);
  return { ok: true, ticket };
}

/** The window's current ticket, which must be called (not yet being served). */
function calledTicket(state: HallState, windowId: string): Found<{ ticket: Ticket }> {
  const found = currentTicket(state, windowId);
  if (!found.ok) return found;
  if (found.ticket.status !== 'called') {
    return refuse('ticket_wrong_status', `${found.ticket.id} is ${found.ticket.status}`);
  }
  return found;
}

function calledServiceOf(ticket: Ticket): string {
  return ticket.currentServiceId ?? ticket.serviceId;
}

// ---- the day -------------------------------------------------------------------------------

/**
 * A new configuration applies at once. A window that is open, paused or holding a ticket may not
 * be removed (its clerk would be left serving nothing); close it first.
 */
function changeConfig(state: HallState, command: CommandOf<'change_config'>): Outcome {
  const kept = new Set(command.config.windows.map((w) => w.id));
  for (const window of state.windows.values()) {
    if (!kept.has(window.windowId) && window.status !== 'closed') {
      return refuse('window_not_closed', `window ${window.windowId} is ${window.status}`);
    }
  }
  return accept({ type: 'config_changed', config: command.config });
}

function openDay(state: HallState, command: CommandOf<'open_day'>): Outcome {
  const day = state.day;
  if (day?.status === 'open') {
    return refuse('day_already_open', `${day.businessDay} is open`);
  }
  if (day !== null && command.businessDay < day.businessDay) {
    return refuse('day_in_past', `${command.businessDay} is before ${day.businessDay}`);
  }
  return accept({ type: 'day_opened', businessDay: command.businessDay });
}

function closeDay(state: HallState, day: DayState): Outcome {
  const expiredTicketIds: string[] = [];
  for (const ticket of state.tickets.values()) {
    switch (ticket.status) {
      case 'serving':
        return refuse('window_busy', `${ticket.id} is being served`);
      case 'waiting':
      case 'parked':
      case 'called':
        expiredTicketIds.push(ticket.id);
        break;
      case 'done':
      case 'no_show':
      case 'cancelled':
      case 'expired':
        break;
    }
  }
  const events: EventBody[] = [];
  for (const window of state.windows.values()) {
    if (window.status !== 'closed') {
      events.push({ type: 'window_closed', windowId: window.windowId });
    }
  }
  events.push({ type: 'day_closed', businessDay: day.businessDay, expiredTicketIds });
  return accept(...events);
}

// ---- issuing -------------------------------------------------------------------------------

function issueTicket(
  state: HallState,
  day: DayState,
  command: CommandOf<'issue_ticket'>,
  now: Millis,
): Outcome {
  const { itinerary } = command;
  const seen: string[] = [];
  for (const step of itinerary) {
    if (step.serviceIds.length === 0) return refuse('itinerary_invalid', 'a step has no service');
    for (const id of step.serviceIds) {
      if (seen.includes(id)) return refuse('itinerary_invalid', `${id} appears twice`);
      seen.push(id);
    }
  }
  const services: Service[] = [];
  for (const id of seen) {
    const service = serviceOf(state, id);
    if (service === undefined) return refuse('service_unknown', `no service ${id}`);
    if (!service.enabled) return refuse('service_disabled', `${id} is disabled`);
    services.push(service);
  }
  // The first step's first service names the ticket and decides hours and quota.
  const service = services[0];
  if (service === undefined) return refuse('itinerary_invalid', 'the itinerary has no step');
  if (command.class === 'appointment' && command.appointment === null) {
    return refuse('appointment_missing', 'an appointment ticket needs its appointment');
  }
  if (command.class !== 'appointment' && command.appointment !== null) {
    return refuse('itinerary_invalid', `a ${command.class} ticket carries no appointment`);
  }
  if (isHoliday(businessDayOf(now, state.config.hall.timezone), state.config.hall)) {
    return refuse('service_closed_now', 'the hall is closed today (a holiday)');
  }
  if (!isWithinHours(service.hours, now, state.config.hall.timezone, state.config.hall)) {
    return refuse('service_closed_now', `${service.id} is outside its hours`);
  }
  const issued = state.sequences.get(service.id) ?? 0;
  if (service.dailyQuota !== null && issued >= service.dailyQuota) {
    return refuse('quota_reached', `${service.id} has issued its ${service.dailyQuota} tickets`);
  }

  let assist: TicketAssist | null = null;
  if (command.assistId !== undefined && command.assistId !== null) {
    const request = state.assists.get(command.assistId);
    if (request === undefined || !assistIsOpen(request)) {
      return refuse('assist_unknown', `no open call for help ${command.assistId}`);
    }
    assist = { requestId: request.id, staffCode: request.staffCode };
  }

  if (command.allowedBy !== undefined) {
    const staff = state.config.staff.find((s) => s.code === command.allowedBy);
    if (staff === undefined) return refuse('staff_unknown', `no staff ${command.allowedBy}`);
    if (!staff.active) return refuse('staff_inactive', `${staff.code} is not active`);
  }

  const number = formatTicketNumber(service.prefix, issued + 1);
  const ticket: Ticket = {
    id: `${day.businessDay}/${number}`,
    number,
    businessDay: day.businessDay,
    serviceId: service.id,
    class: command.class,
    appointment: command.appointment === null ? null : { ...command.appointment },
    itinerary: itinerary.map((step) => ({ serviceIds: [...step.serviceIds] })),
    stepIndex: 0,
    doneServiceIds: [],
    queueServiceIds: [...(itinerary[0]?.serviceIds ?? [])],
    targetWindowId: null,
    status: 'waiting',
    issuedAt: now,
    arrivalIndex: state.issuedCount,
    queuedAt: now,
    returned: false,
    calledAt: null,
    startedAt: null,
    finishedAt: null,
    windowId: null,
    staffCode: null,
    currentServiceId: null,
    recallCount: 0,
    callReason: null,
    transfers: [],
    parkedUntil: null,
    rating: null,
    accessToken: command.accessToken,
    ...(assist === null ? {} : { assist }),
    ...(command.allowedBy === undefined ? {} : { allowedBy: command.allowedBy }),
    ...(command.remote === true ? { remote: { confirmedAt: null, headSince: null } } : {}),
  };
  return accept({ type: 'ticket_issued', ticket });
}

// ---- windows -------------------------------------------------------------------------------

function openWindow(state: HallState, command: CommandOf<'open_window'>): Outcome {
  const found = findWindow(state, command.windowId);
  if (!found.ok) return found;
  const staff = state.config.staff.find((s) => s.code === command.staffCode);
  if (staff === undefined) return refuse('staff_unknown', `no staff ${command.staffCode}`);
  if (!staff.active) return refuse('staff_inactive', `${staff.code} is not active`);
  for (const other of state.windows.values()) {
    if (
      other.windowId !== command.windowId &&
      other.status !== 'closed' &&
      other.staffCode === staff.code
    ) {
      return refuse('staff_elsewhere', `${staff.code} is at window ${other.windowId}`);
    }
  }
  if (found.window.status !== 'closed') {
    return refuse('window_not_closed', `window ${command.windowId} is ${found.window.status}`);
  }
  return accept({ type: 'window_opened', windowId: command.windowId, staffCode: staff.code });
}

function pauseWindow(state: HallState, command: CommandOf<'pause_window'>): Outcome {
  const found = findWindow(state, command.windowId);
  if (!found.ok) return found;
  switch (found.window.status) {
    case 'closed':
      return refuse('window_closed', `window ${command.windowId} is closed`);
    case 'paused':
      return refuse('window_paused', `window ${command.windowId} is already paused`);
    case 'open':
      return accept({ type: 'window_paused', windowId: command.windowId, reason: command.reason });
  }
}

function resumeWindow(state: HallState, command: CommandOf<'resume_window'>): Outcome {
  const found = findWindow(state, command.windowId);
  if (!found.ok) return found;
  switch (found.window.status) {
    case 'closed':
      return refuse('window_closed', `window ${command.windowId} is closed`);
    case 'open':
      // Already what was asked (a repeated press): nothing to do, nothing to refuse.
      return accept();
    case 'paused':
      return accept({ type: 'window_resumed', windowId: command.windowId });
  }
}

function closeWindow(state: HallState, command: CommandOf<'close_window'>): Outcome {
  const found = findWindow(state, command.windowId);
  if (!found.ok) return found;
  const { window } = found;
  if (window.status === 'closed') {
    return refuse('window_closed', `window ${command.windowId} is already closed`);
  }
  const closed: EventBody = { type: 'window_closed', windowId: command.windowId };
  const ticket =
    window.currentTicketId === null ? undefined : state.tickets.get(window.currentTicketId);
  if (ticket?.status === 'serving') {
    return refuse('window_busy', `${ticket.id} is being served at window ${command.windowId}`);
  }
  const events: EventBody[] = [];
  if (ticket !== undefined) {
    events.push({
      type: 'ticket_requeued',
      ticketId: ticket.id,
      windowId: command.windowId,
      reason: 'window_closed',
    });
  }
  // Tickets transferred to this window go back to their service's queue: nobody else could
  // call them while it is closed.
  for (const other of state.tickets.values()) {
    if (other.targetWindowId !== command.windowId || other.id === ticket?.id) continue;
    if (other.status !== 'waiting' && other.status !== 'parked') continue;
    events.push({
      type: 'ticket_requeued',
      ticketId: other.id,
      windowId: command.windowId,
      reason: 'target_window_closed',
    });
  }
  return accept(...events, closed);
}

// ---- calling -------------------------------------------------------------------------------

function callNext(state: HallState, command: CommandOf<'call_next'>, now: Millis): Outcome {
  const found = callingWindow(state, command.windowId);
  if (!found.ok) return found;
  const next = chooseNext(state, command.windowId, now);
  if (next === null) return refuse('queue_empty', `nobody waits for window ${command.windowId}`);
  return accept({
    type: 'ticket_called',
    ticketId: next.ticket.id,
    windowId: command.windowId,
    staffCode: found.staffCode,
    serviceId: next.serviceId,
    reason: next.reason,
    ...(next.passedOver.length > 0 ? { passedOver: next.passedOver } : {}),
  });
}

function callSpecific(state: HallState, command: CommandOf<'call_specific'>): Outcome {
  const found = callingWindow(state, command.windowId);
  if (!found.ok) return found;
  const byId = findTicket(state, command.ticketId);
  if (!byId.ok) return byId;
  const { ticket } = byId;
  if (ticket.status !== 'waiting') {
    return refuse('ticket_not_waiting', `${ticket.id} is ${ticket.status}`);
  }
  if (awaitsConfirmation(ticket)) {
    return refuse('remote_unconfirmed', `${ticket.id} is not confirmed at a kiosk yet`);
  }
  const candidate = candidateFor(ticket, found.config);
  if (candidate === null) {
    return refuse('ticket_not_here', `window ${command.windowId} cannot call ${ticket.id}`);
  }
  return accept({
    type: 'ticket_called',
    ticketId: ticket.id,
    windowId: command.windowId,
    staffCode: found.staffCode,
    serviceId: candidate.serviceId,
    reason: 'specific',
  });
}

function recall(state: HallState, command: CommandOf<'recall'>): Outcome {
  const found = calledTicket(state, command.windowId);
  if (!found.ok) return found;
  const { ticket } = found;
  const recallCount = ticket.recallCount + 1;
  if (recallCount > state.config.hall.policy.recallLimit) {
    return accept({
      type: 'ticket_no_show',
      ticketId: ticket.id,
      windowId: command.windowId,
      reason: 'recall_limit',
    });
  }
  return accept({
    type: 'ticket_recalled',
    ticketId: ticket.id,
    windowId: command.windowId,
    recallCount,
  });
}

// ---- serving -------------------------------------------------------------------------------

function startServing(state: HallState, command: CommandOf<'start_serving'>): Outcome {
  const found = calledTicket(state, command.windowId);
  if (!found.ok) return found;
  return accept({
    type: 'service_started',
    ticketId: found.ticket.id,
    windowId: command.windowId,
    serviceId: calledServiceOf(found.ticket),
  });
}

function finish(state: HallState, command: CommandOf<'finish'>): Outcome {
  const found = currentTicket(state, command.windowId);
  if (!found.ok) return found;
  const { ticket } = found;
  if (ticket.status !== 'serving') {
    return refuse('ticket_wrong_status', `${ticket.id} is ${ticket.status}, not being served`);
  }
  const serviceId = calledServiceOf(ticket);
  const service = state.config.services.find((s) => s.id === serviceId);
  const { caseNumber } = command;
  if (caseNumber !== undefined && !caseNumberFits(service, caseNumber)) {
    return refuse('case_number_invalid', `${caseNumber} does not match ${serviceId}'s format`);
  }
  const done = [...ticket.doneServiceIds, serviceId];
  const step = ticket.itinerary[ticket.stepIndex];
  const remaining = (step?.serviceIds ?? []).filter((id) => !done.includes(id));
  const nextStep = ticket.itinerary[ticket.stepIndex + 1];
  const base = {
    type: 'service_finished',
    ticketId: ticket.id,
    windowId: command.windowId,
    serviceId,
    ...(service?.matterCode === undefined ? {} : { matterCode: service.matterCode }),
    ...(caseNumber === undefined ? {} : { caseNumber }),
  } as const;
  if (remaining.length > 0) {
    // The rest of a parallel step: the same step, in the services still to do.
    return accept({
      ...base,
      nextQueueServiceIds: remaining,
      nextStepIndex: ticket.stepIndex,
      done: false,
    });
  }
  if (nextStep !== undefined) {
    return accept({
      ...base,
      nextQueueServiceIds: [...nextStep.serviceIds],
      nextStepIndex: ticket.stepIndex + 1,
      done: false,
    });
  }
  return accept({ ...base, nextQueueServiceIds: [], nextStepIndex: ticket.stepIndex, done: true });
}

function noShow(state: HallState, command: CommandOf<'no_show'>): Outcome {
  const found = calledTicket(state, command.windowId);
  if (!found.ok) return found;
  return accept({
    type: 'ticket_no_show',
    ticketId: found.ticket.id,
    windowId: command.windowId,
    reason: 'marked',
  });
}

function putBack(state: HallState, command: CommandOf<'put_back'>): Outcome {
  const found = calledTicket(state, command.windowId);
  if (!found.ok) return found;
  return accept({
    type: 'ticket_requeued',
    ticketId: found.ticket.id,
    windowId: command.windowId,
    reason: 'put_back',
  });
}

function transfer(state: HallState, command: CommandOf<'transfer'>): Outcome {
  const found = currentTicket(state, command.windowId);
  if (!found.ok) return found;
  const { ticket } = found;
  const fromServiceId = calledServiceOf(ticket);
  const { toServiceId, toWindowId } = command;
  const base = {
    type: 'ticket_transferred',
    ticketId: ticket.id,
    windowId: command.windowId,
    fromServiceId,
    toServiceId,
    toWindowId,
    note: command.note,
  } as const;

  if (toServiceId !== null && toWindowId === null) {
    const target = serviceOf(state, toServiceId);
    if (target === undefined || !target.enabled || target.id === fromServiceId) {
      return refuse('transfer_target_invalid', `cannot transfer to service ${toServiceId}`);
    }
    // The target replaces the current service in this step; other pending services still wait.
    const step = replaceInStep(
      ticket.itinerary[ticket.stepIndex]?.serviceIds ?? [],
      fromServiceId,
      toServiceId,
    );
    const others = step.filter((id) => id !== toServiceId && !ticket.doneServiceIds.includes(id));
    return accept({ ...base, queueServiceIds: [toServiceId, ...others] });
  }
  if (toWindowId !== null && toServiceId === null) {
    const target = state.config.windows.find((w) => w.id === toWindowId);
    if (target === undefined || toWindowId === command.windowId) {
      return refuse('transfer_target_invalid', `cannot transfer to window ${toWindowId}`);
    }
    // Only a window that can serve it: a closed one would strand the ticket (nobody else may
    // call it), one without the service would serve it for a matter it does not handle.
    if ((state.windows.get(toWindowId)?.status ?? 'closed') === 'closed') {
      return refuse('transfer_window_closed', `window ${toWindowId} is closed`);
    }
    if (!target.services.some((s) => s.serviceId === fromServiceId)) {
      return refuse(
        'transfer_window_not_serving',
        `window ${toWindowId} does not serve ${fromServiceId}`,
      );
    }
    return accept({ ...base, queueServiceIds: [fromServiceId] });
  }
  return refuse('transfer_target_invalid', 'name exactly one target: a service or a window');
}

function park(state: HallState, command: CommandOf<'park'>, now: Millis): Outcome {
  const found = currentTicket(state, command.windowId);
  if (!found.ok) return found;
  if (command.until !== null && command.until <= now) {
    return refuse('park_time_invalid', 'a parked ticket returns at a later time');
  }
  return accept({
    type: 'ticket_parked',
    ticketId: found.ticket.id,
    windowId: command.windowId,
    until: command.until,
    note: command.note,
  });
}

function unpark(state: HallState, command: CommandOf<'unpark'>): Outcome {
  const found = findTicket(state, command.ticketId);
  if (!found.ok) return found;
  if (found.ticket.status !== 'parked') {
    return refuse(
      'ticket_wrong_status',
      `${found.ticket.id} is ${found.ticket.status}, not parked`,
    );
  }
  return accept({ type: 'ticket_unparked', ticketId: found.ticket.id });
}

function tick(state: HallState, now: Millis): Outcome {
  const events: EventBody[] = [];
  const confirmMs = (state.config.hall.remote ?? DEFAULT_REMOTE).confirmWithinMinutes * 60_000;
  for (const ticket of state.tickets.values()) {
    if (ticket.status === 'parked' && ticket.parkedUntil !== null && ticket.parkedUntil <= now) {
      events.push({ type: 'ticket_unparked', ticketId: ticket.id });
    }
    // 远程取号: an unconfirmed remote number's minutes run from when it is first in line.
    if (ticket.status !== 'waiting' || ticket.remote === undefined) continue;
    if (ticket.remote.confirmedAt !== null) continue;
    const headSince = ticket.remote.headSince;
    if (headSince === null) {
      if (isFirstInLine(state, ticket.id)) {
        events.push({ type: 'remote_at_head', ticketId: ticket.id });
      }
    } else if (now - headSince >= confirmMs) {
      events.push({ type: 'ticket_expired', ticketId: ticket.id, reason: 'remote_unconfirmed' });
    }
  }
  return accept(...events);
}

/** 远程取号: the visitor confirmed a remote number at a kiosk; windows may call it from now on. */
function confirmRemote(state: HallState, command: CommandOf<'confirm_remote'>): Outcome {
  const found = findTicket(state, command.ticketId);
  if (!found.ok) return found;
  const { ticket } = found;
  if (ticket.remote === undefined) {
    return refuse('remote_unknown', `${ticket.id} was not taken from a phone`);
  }
  if (ticket.remote.confirmedAt !== null) {
    return refuse('remote_already_confirmed', `${ticket.id} was confirmed already`);
  }
  if (ticket.status === 'expired') return refuse('remote_expired', `${ticket.id} expired`);
  if (ticket.status !== 'waiting') {
    return refuse('ticket_wrong_status', `${ticket.id} is ${ticket.status}`);
  }
  return accept({ type: 'remote_confirmed', ticketId: ticket.id });
}

function cancel(state: HallState, command: CommandOf<'cancel'>): Outcome {
  const found = findTicket(state, command.ticketId);
  if (!found.ok) return found;
  const { ticket } = found;
  if (ticket.status !== 'waiting' && ticket.status !== 'parked') {
    return refuse('ticket_wrong_status', `${ticket.id} is ${ticket.status}`);
  }
  return accept({ type: 'ticket_cancelled', ticketId: ticket.id, by: command.by });
}

// ---- ratings -------------------------------------------------------------------------------

function rate(state: HallState, day: DayState, command: CommandOf<'rate'>, now: Millis): Outcome {
  const found = findTicket(state, command.ticketId);
  if (!found.ok) return found;
  const { ticket } = found;
  const channel = command.channel ?? 'pad';
  const refused = ratingRefusal(ticket, channel);
  if (refused?.code === 'already_rated') {
    return refuse('already_rated', `${ticket.id}'s step is rated (${refused.by})`);
  }
  const last = lastFinishedService(ticket);
  if (refused !== null || last === null) {
    return refuse('rating_not_allowed', `${ticket.id} has no finished service to rate`);
  }
  const rating: Rating = {
    score: command.score,
    reasons: [...command.reasons],
    at: now,
    windowId: last.windowId,
    staffCode: last.staffCode,
    serviceId: last.serviceId,
    channel,
    ...(ticket.finishedAt === null ? {} : { stepFinishedAt: ticket.finishedAt }),
    ...(command.comment ? { comment: command.comment } : {}),
    ...ticket.lastCase,
  };
  const recorded: EventBody = { type: 'rating_recorded', ticketId: ticket.id, rating };
  if (command.score === null || command.score > 2) return accept(recorded);
  const n = state.complaints.size + 1;
  const complaint: Complaint = {
    id: `${day.businessDay}/C${String(n).padStart(3, '0')}`,
    ticketId: ticket.id,
    windowId: last.windowId,
    staffCode: last.staffCode,
    serviceId: last.serviceId,
    score: command.score,
    reasons: [...command.reasons],
    openedAt: now,
    deadlineAt: addWorkingDays(
      now,
      state.config.hall.policy.complaintDeadlineDays,
      state.config.hall.timezone,
      state.config.hall,
    ),
    callbackDueAt: addWorkingDays(
      now,
      state.config.hall.policy.callbackDeadlineDays,
      state.config.hall.timezone,
      state.config.hall,
    ),
    status: 'open',
  };
  return accept(recorded, { type: 'complaint_opened', complaint });
}
