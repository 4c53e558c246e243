import { useEffect, useState } from 'react';

/** Anything that knows the hall's time: a `HubClient` (`hallNow()`, set by the hub at each sync). */
export interface HallTimeSource {
  hallNow(): number;
}

/** The hall's time now: the source's, or this machine's clock while there is no source yet. */
export const hallNowOf = (source: HallTimeSource | null): number =>
  source === null ? Date.now() : source.hallNow();

/**
 * The hall's time, read again every `everyMs`, so clocks, waits and durations on screen move:
 * the hub's clock (as the client last synced it), never the browser's own, so every screen of
 * the hall shows the same time, and the simulator's fast hall clock under `--clock-speed`.
 */
export function useHallNow(source: HallTimeSource | null, everyMs = 1_000): number {
  const [now, setNow] = useState(() => hallNowOf(source));
  useEffect(() => {
    setNow(hallNowOf(source));
    const timer = setInterval(() => setNow(hallNowOf(source)), everyMs);
    return () => clearInterval(timer);
  }, [source, everyMs]);
  return now;
}
