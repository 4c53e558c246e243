import { businessDayOf, type Sunshine } from '@onestop/shared';
import type { Hub } from '../../hub.js';
import { computeReport } from '../../reports/report.js';

/*
 * 阳光运行: the figures the hall display shows in the open (`hall.sunshine`), from the same
 * report as the admin console's (a window's satisfaction this month is the report by window from
 * the month's first business day to today). Kept for `SUNSHINE_CACHE_MS`: every display asks.
 */

export const SUNSHINE_CACHE_MS = 30_000;

/** Today's figures and this month's by window, or null when the hall does not show them. */
export function sunshineNow(hub: Hub): Sunshine | null {
  const config = hub.config;
  if (config.hall.sunshine !== true) return null;
  const today = hub.current.day?.businessDay ?? businessDayOf(hub.now(), config.hall.timezone);
  const month = today.slice(0, 7);
  const byWindow = computeReport(hub.store, config, {
    from: `${month}-01`,
    to: today,
    by: 'window',
  });
  const day = computeReport(hub.store, config, { from: today, to: today, by: 'window' });
  const rowOf = new Map(byWindow.rows.map((r) => [r.key, r]));
  const names = new Map(config.staff.map((s) => [s.code, s.name]));
  return {
    month,
    windows: [...config.windows]
      .sort((a, b) => a.number - b.number)
      .map((w) => {
        const row = rowOf.get(w.id);
        const staffCode = hub.current.windows.get(w.id)?.staffCode ?? null;
        return {
          windowId: w.id,
          number: w.number,
          clerk: staffCode === null ? null : (names.get(staffCode) ?? null),
          rated: row?.rated ?? 0,
          satisfactionRate: row?.satisfactionRate ?? null,
        };
      }),
    hall: {
      rated: byWindow.total.rated,
      satisfactionRate: byWindow.total.satisfactionRate,
      servedToday: day.total.served,
      averageWaitMsToday: day.total.avgWaitMs,
    },
  };
}

/** `sunshineNow`, computed at most once per `SUNSHINE_CACHE_MS` (and again when the config changes). */
export function cachedSunshine(hub: Hub): () => Sunshine | null {
  let kept: { at: number; config: unknown; figures: Sunshine | null } | null = null;
  return () => {
    const now = hub.now();
    if (
      kept === null ||
      kept.config !== hub.config ||
      now - kept.at >= SUNSHINE_CACHE_MS ||
      now < kept.at
    ) {
      kept = { at: now, config: hub.config, figures: sunshineNow(hub) };
    }
    return kept.figures;
  };
}
