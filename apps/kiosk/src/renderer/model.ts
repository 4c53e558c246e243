import {
  estimateWait,
  isWithinHours,
  peopleAhead,
  ticketStatusUrl,
  type CombinedVisit,
  type Department,
  type HallState,
  type Millis,
  type Service,
  type Ticket,
} from '@onestop/shared';

/** Why a service cannot be chosen now: each is an engine error code with its zh/en message. */
export type Unavailable =
  'day_not_open' | 'service_disabled' | 'service_closed_now' | 'quota_reached';

export interface ServiceTile {
  service: Service;
  waiting: number;
  estimateMinutes: number;
  /** Open windows serving it: with none, there is no estimate to give (numbers are still issued). */
  openWindows: number;
  unavailable: Unavailable | null;
}

export interface DepartmentTile {
  department: Department;
  services: ServiceTile[];
  /** Waiting in all its services. */
  waiting: number;
  /** True when none of its services can be chosen now. */
  unavailable: boolean;
}

/** The engine's own checks for issuing, read from the mirror, so a tile says why before a touch. */
export function unavailableReason(
  state: HallState,
  service: Service,
  now: Millis,
): Unavailable | null {
  if (state.day?.status !== 'open') return 'day_not_open';
  if (!service.enabled) return 'service_disabled';
  if (!isWithinHours(service.hours, now, state.config.hall.timezone, state.config.hall)) {
    return 'service_closed_now';
  }
  const issued = state.sequences.get(service.id) ?? 0;
  if (service.dailyQuota !== null && issued >= service.dailyQuota) return 'quota_reached';
  return null;
}

export function serviceTile(state: HallState, service: Service, now: Millis): ServiceTile {
  const estimate = estimateWait(state, service.id, now);
  return {
    service,
    waiting: estimate.waiting,
    estimateMinutes: estimate.minutes,
    openWindows: estimate.openWindows,
    unavailable: unavailableReason(state, service, now),
  };
}

/** Departments in configured order, each with its services; departments without services are left out. */
export function departmentTiles(state: HallState, now: Millis): DepartmentTile[] {
  const tiles: DepartmentTile[] = [];
  for (const department of state.config.departments) {
    const services = state.config.services
      .filter((s) => s.departmentId === department.id)
      .map((s) => serviceTile(state, s, now));
    if (services.length === 0) continue;
    tiles.push({
      department,
      services,
      waiting: services.reduce((sum, s) => sum + s.waiting, 0),
      unavailable: services.every((s) => s.unavailable !== null),
    });
  }
  return tiles;
}

/** A combined visit (一件事一次办) as a tile: its steps' services, and whether it can be chosen. */
export interface VisitTile {
  visit: CombinedVisit;
  /** Each step's services, in order (services the mirror does not know are left out). */
  steps: Service[][];
  /** Waiting in the first step's queues. */
  waiting: number;
  /** The shortest estimate among the first step's services that an open window serves. */
  estimateMinutes: number;
  /** Open windows serving its first step (0 when none is open). */
  openWindows: number;
  unavailable: Unavailable | null;
}

/**
 * The hall's combined visits as tiles (those of one department when `departmentId` is given).
 * One can be chosen when every service of its first step can (hours, quota) and none of its
 * services is disabled, which is what the engine checks when it issues the ticket.
 */
export function visitTiles(state: HallState, now: Millis, departmentId?: string): VisitTile[] {
  const byId = new Map(state.config.services.map((s) => [s.id, s]));
  const tiles: VisitTile[] = [];
  for (const visit of state.config.combinedVisits ?? []) {
    if (departmentId !== undefined && visit.departmentId !== departmentId) continue;
    const steps = visit.steps.map((step) =>
      step.serviceIds.flatMap((id) => {
        const service = byId.get(id);
        return service ? [service] : [];
      }),
    );
    const first = (steps[0] ?? []).map((s) => serviceTile(state, s, now));
    const known = steps.flat().length === visit.steps.flatMap((s) => s.serviceIds).length;
    let unavailable: Unavailable | null =
      state.day?.status !== 'open'
        ? 'day_not_open'
        : !known || steps.flat().some((s) => !s.enabled)
          ? 'service_disabled'
          : null;
    unavailable ??= first.find((t) => t.unavailable !== null)?.unavailable ?? null;
    const served = first.filter((t) => t.openWindows > 0);
    tiles.push({
      visit,
      steps,
      waiting: first.reduce((sum, t) => sum + t.waiting, 0),
      estimateMinutes: Math.min(
        ...(served.length > 0 ? served : first).map((t) => t.estimateMinutes),
      ),
      openWindows: served.reduce((sum, t) => sum + t.openWindows, 0),
      unavailable,
    });
  }
  return tiles;
}

/** A service's wait as `estimateWait` gives it (people waiting, minutes, open windows). */
export interface Wait {
  waiting: number;
  minutes: number;
  openWindows: number;
}

/**
 * People ahead of a ticket the hub has just acknowledged. Its `ticket_issued` event follows the
 * acknowledgement, so until the mirror has it, everyone waiting in its queues is ahead.
 */
export function aheadOf(state: HallState | null, ticket: Ticket): number {
  if (state === null) return 0;
  const known = peopleAhead(state, ticket.id);
  if (known !== null) return known;
  if (state.tickets.has(ticket.id)) return 0; // called or done already
  let ahead = 0;
  for (const other of state.tickets.values()) {
    if (
      other.status === 'waiting' &&
      other.targetWindowId === null &&
      other.queueServiceIds.some((id) => ticket.queueServiceIds.includes(id))
    )
      ahead += 1;
  }
  return ahead;
}

/**
 * The address of a ticket's status page, for its QR code: on the public edge when the hall has
 * one (`hall.publicStatus`, any phone), else the hub's on the hall's network.
 */
export function statusUrl(
  hubOrigin: string,
  accessToken: string,
  state: Readonly<HallState> | null = null,
): string {
  return ticketStatusUrl(hubOrigin, accessToken, state?.config.hall.publicStatus);
}
