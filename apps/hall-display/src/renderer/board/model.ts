import type { HallState, I18nText, PauseReason, Ticket } from '@onestop/shared';

/*
 * What the board shows, computed from the HubClient mirror: numbers, windows and counts only.
 * Pure, so the same state always draws the same board.
 */

export interface BoardFilter {
  departments: readonly string[] | null;
  windows: readonly string[] | null;
}

export interface CallView {
  ticketId: string;
  number: string;
  windowId: string;
  windowNumber: number;
  calledAt: number;
}

export type WindowActivity = 'calling' | 'serving' | 'idle' | 'paused' | 'closed';

export interface WindowView {
  windowId: string;
  number: number;
  name: I18nText;
  activity: WindowActivity;
  /** The number called or being served. */
  ticketNumber: string | null;
  pauseReason: PauseReason | null;
}

export interface ServiceView {
  serviceId: string;
  prefix: string;
  name: I18nText;
  waiting: number;
  /**
   * The day's average wait from taking the number to its call, in whole minutes (at least 1);
   * null (nothing shown) until `AVERAGE_MIN_CALLS` calls give a figure.
   */
  averageWaitMinutes: number | null;
  /** Disabled in the configuration: kept on the board, marked, while people wait for it. */
  suspended: boolean;
}

export interface Board {
  hallName: I18nText;
  notice: I18nText;
  timezone: string;
  dayOpen: boolean;
  /** Tickets being called now at the shown windows (until served), newest first. */
  calling: CallView[];
  /** Calls that are over (the visitor came, or the call ended otherwise), newest first. */
  recent: CallView[];
  windows: WindowView[];
  services: ServiceView[];
}

export const RECENT_CALLS = 8;
/** Calls needed before a service's average wait is shown: one or two early calls are no figure. */
export const AVERAGE_MIN_CALLS = 3;

/** The windows and services a filtered display shows. */
export function visibleScope(
  state: HallState,
  filter: BoardFilter,
): { windowIds: Set<string>; serviceIds: Set<string> } {
  const { config } = state;
  const deptServices =
    filter.departments === null
      ? null
      : new Set(
          config.services
            .filter((s) => filter.departments?.includes(s.departmentId))
            .map((s) => s.id),
        );
  const windows = config.windows.filter((w) => {
    if (filter.windows !== null) return filter.windows.includes(w.id);
    if (deptServices !== null) return w.services.some((s) => deptServices.has(s.serviceId));
    return true;
  });
  const windowIds = new Set(windows.map((w) => w.id));
  let serviceIds: Set<string>;
  if (deptServices !== null) serviceIds = deptServices;
  else if (filter.windows !== null) {
    serviceIds = new Set(windows.flatMap((w) => w.services.map((s) => s.serviceId)));
  } else serviceIds = new Set(config.services.map((s) => s.id));
  return { windowIds, serviceIds };
}

function callOf(ticket: Ticket, windowNumbers: Map<string, number>): CallView | null {
  if (ticket.calledAt === null || ticket.windowId === null) return null;
  const windowNumber = windowNumbers.get(ticket.windowId);
  if (windowNumber === undefined) return null;
  return {
    ticketId: ticket.id,
    number: ticket.number,
    windowId: ticket.windowId,
    windowNumber,
    calledAt: ticket.calledAt,
  };
}

export function buildBoard(
  state: HallState,
  filter: BoardFilter,
  recentCount = RECENT_CALLS,
): Board {
  const { config } = state;
  const { windowIds, serviceIds } = visibleScope(state, filter);
  const windowNumbers = new Map(
    config.windows.filter((w) => windowIds.has(w.id)).map((w) => [w.id, w.number] as const),
  );

  const calls: { call: CallView; status: Ticket['status'] }[] = [];
  const waitSum = new Map<string, { total: number; count: number }>();
  const waiting = new Map<string, number>();
  for (const ticket of state.tickets.values()) {
    if (ticket.status === 'waiting') {
      for (const id of ticket.queueServiceIds) waiting.set(id, (waiting.get(id) ?? 0) + 1);
    }
    // A returned ticket keeps its first arrival time, so its wait would count earlier steps.
    if (ticket.calledAt !== null && ticket.currentServiceId !== null && !ticket.returned) {
      const sum = waitSum.get(ticket.currentServiceId) ?? { total: 0, count: 0 };
      sum.total += Math.max(0, ticket.calledAt - ticket.queuedAt);
      sum.count += 1;
      waitSum.set(ticket.currentServiceId, sum);
    }
    const call = callOf(ticket, windowNumbers);
    if (call) calls.push({ call, status: ticket.status });
  }
  calls.sort(
    (a, b) => b.call.calledAt - a.call.calledAt || b.call.ticketId.localeCompare(a.call.ticketId),
  );
  const calling = calls.filter((c) => c.status === 'called').map((c) => c.call);
  const recent = calls
    .filter((c) => c.status !== 'called')
    .slice(0, recentCount)
    .map((c) => c.call);

  const windows: WindowView[] = config.windows
    .filter((w) => windowIds.has(w.id))
    .sort((a, b) => a.number - b.number)
    .map((w) => {
      const ws = state.windows.get(w.id);
      const current = ws?.currentTicketId ? state.tickets.get(ws.currentTicketId) : undefined;
      let activity: WindowActivity;
      switch (ws?.status ?? 'closed') {
        case 'closed':
          activity = 'closed';
          break;
        case 'paused':
          activity = 'paused';
          break;
        case 'open':
          activity =
            current?.status === 'called'
              ? 'calling'
              : current?.status === 'serving'
                ? 'serving'
                : 'idle';
          break;
      }
      return {
        windowId: w.id,
        number: w.number,
        name: w.name,
        activity,
        ticketNumber:
          current && (current.status === 'called' || current.status === 'serving')
            ? current.number
            : null,
        pauseReason: ws?.pauseReason ?? null,
      };
    });

  const services: ServiceView[] = config.services
    .filter((s) => serviceIds.has(s.id) && (s.enabled || (waiting.get(s.id) ?? 0) > 0))
    .map((s) => {
      const sum = waitSum.get(s.id);
      return {
        serviceId: s.id,
        prefix: s.prefix,
        name: s.name,
        waiting: waiting.get(s.id) ?? 0,
        averageWaitMinutes:
          sum && sum.count >= AVERAGE_MIN_CALLS
            ? Math.max(1, Math.round(sum.total / sum.count / 60_000))
            : null,
        suspended: !s.enabled,
      };
    });

  return {
    hallName: config.hall.name,
    notice: config.hall.notice,
    timezone: config.hall.timezone,
    dayOpen: state.day?.status === 'open',
    calling,
    recent,
    windows,
    services,
  };
}
