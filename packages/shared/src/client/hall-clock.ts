import type { Millis } from '../domain/types.js';
import type { HubClock } from '../protocol/sync.js';

/**
 * The hall's time as a client reckons it from the hub's clock (`HubClock`, in every sync
 * answer): the hub read `hubAt` about when the client's own clock read `localAt`, and the hall's
 * time runs `speed` times as fast as the client's. Pure: the client passes its clock's readings.
 */
export interface HallClockAnchor {
  hubAt: Millis;
  localAt: number;
  speed: number;
}

/**
 * The anchor of a sync sent at `sentAt` and answered at `receivedAt` (the client's clock) with
 * the hub's `clock`: the hub read it between the two, so the middle is the best guess. Null for
 * a reading that is no clock (not a finite time, a speed not above 0): then the client keeps its
 * own time.
 */
export function anchorOf(
  clock: HubClock | undefined,
  sentAt: number,
  receivedAt: number,
): HallClockAnchor | null {
  if (clock === undefined) return null;
  const { now, speed } = clock;
  if (!Number.isFinite(now) || !Number.isFinite(speed) || speed <= 0) return null;
  const localAt = receivedAt >= sentAt ? sentAt + (receivedAt - sentAt) / 2 : receivedAt;
  return { hubAt: now, localAt, speed };
}

/** The hall's time when the client's clock reads `localNow`; its own time without an anchor. */
export function hallTime(anchor: HallClockAnchor | null, localNow: number): Millis {
  if (anchor === null) return localNow;
  // Whole milliseconds, as the hub's event times are.
  return anchor.hubAt + Math.floor((localNow - anchor.localAt) * anchor.speed);
}

/** How fast the hall's time runs against the client's clock (1 without an anchor). */
export const hallSpeed = (anchor: HallClockAnchor | null): number => anchor?.speed ?? 1;
