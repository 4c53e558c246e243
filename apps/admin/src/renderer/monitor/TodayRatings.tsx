import { useEffect, useState } from 'react';
import type { ReportRow } from '@onestop/shared';
import type { AdminClient } from '../hub.js';
import { percentOf } from '../labels.js';
import { useT } from '../strings.js';

/** How often today's figures are read again (a good rating opens no case to tell of it). */
export const RATINGS_REFRESH_MS = 60_000;

/**
 * Today's 好差评 figures for the whole hall (the report's total of `day`), read again every
 * minute and whenever `changed` does (a service finished, a rating or a case opened).
 */
export function useTodayRatings(
  client: AdminClient,
  day: string,
  changed: string,
): ReportRow | null {
  const [total, setTotal] = useState<ReportRow | null>(null);
  useEffect(() => {
    let live = true;
    const load = async () => {
      const ack = await client.command('report', { from: day, to: day, by: 'department' });
      if (live && ack.ok) setTotal(ack.result.total);
    };
    void load();
    const id = setInterval(() => void load(), RATINGS_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(id);
    };
  }, [client, day, changed]);
  return total;
}

/** The front page's row of today's figures a supervisor is held to (docs/RATINGS.md). */
export function TodayRatings(props: { total: ReportRow | null }) {
  const t = useT();
  const f = props.total?.ratings;
  const rate = (x: number | null | undefined) =>
    x === null || x === undefined ? '—' : percentOf(x);
  const tiles: [string, string | number][] = [
    [t('ratingRate'), rate(f?.ratingRate)],
    [t('satisfaction'), rate(props.total?.satisfactionRate)],
    [t('poorRatings'), f?.poor ?? '—'],
    [t('callbackRate'), rate(f?.callbackRate)],
    [t('rectificationOnTimeRate'), rate(f?.rectificationOnTimeRate)],
  ];
  return (
    <section className="kpis" aria-label={t('todayRatings')} data-testid="today-ratings">
      {tiles.map(([label, value]) => (
        <div key={label} className="kpi">
          <span className="kpi-value">{value}</span>
          <span className="kpi-label">
            {label} · {t('todayRatings')}
          </span>
        </div>
      ))}
    </section>
  );
}
