import type { HallState } from '@onestop/shared';

/** How many tickets wait in the queue of `serviceId` now (the monitor's 等候 column). */
export function waitingFor(state: HallState, serviceId: string): number {
  let n = 0;
  for (const t of state.tickets.values())
    if (t.status === 'waiting' && t.queueServiceIds.includes(serviceId)) n += 1;
  return n;
}
