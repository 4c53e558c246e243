import { useEffect, useState } from 'react';
import {
  type DayFigures,
  type DayFiguresResult,
  type Lang,
  t,
  type TextKey,
} from '@onestop/shared';
import { duration } from '../common/texts.js';
import { touchesFigures } from './model.js';
import type { WindowPort } from './Terminal.js';

/**
 * The clerk's day at this window and the window's whole day, as the hub counts them
 * (`day_figures`, from the same rows and rules as the admin console's report): the same on any
 * terminal of the window, after a reinstall, in a second browser. Asked when the panel shows,
 * when the clerk changes, on every (re)connection, and whenever an event of this window (a
 * call ended, a rating for it, a new day) arrives.
 */
export function DayPanel(props: {
  port: WindowPort;
  windowId: string;
  staffCode: string;
  online: boolean;
  lang: Lang;
}) {
  const { port, windowId, staffCode, online, lang } = props;
  const [figures, setFigures] = useState<DayFiguresResult | null>(null);
  const [failed, setFailed] = useState(false);
  const [changes, setChanges] = useState(0);

  useEffect(
    () =>
      port.onEvents((events) => {
        if (touchesFigures(events, windowId)) setChanges((n) => n + 1);
      }),
    [port, windowId],
  );

  useEffect(() => {
    if (!online) return;
    // Only the latest question's answer is shown: an older one may arrive after it.
    let latest = true;
    void port.command('day_figures', {}).then((outcome) => {
      if (!latest) return;
      if (outcome.ok) setFigures(outcome.result);
      setFailed(!outcome.ok);
    });
    return () => {
      latest = false;
    };
  }, [port, staffCode, online, changes]);

  const mine = figures?.clerk?.staffCode === staffCode ? figures.clerk : null;
  const here = figures?.window ?? null;
  const row = (key: TextKey, id: string, show: (f: DayFigures) => string) => (
    <div key={id}>
      <dt>{t(key, lang)}</dt>
      <dd data-testid={`stat-${id}`}>
        {mine === null ? t('terminal.stats.none', lang) : show(mine)}
      </dd>
      <dd className="window-figure">
        {t('terminal.stats.window', lang)}{' '}
        <span data-testid={`window-stat-${id}`}>
          {here === null ? t('terminal.stats.none', lang) : show(here)}
        </span>
      </dd>
    </div>
  );
  const count = (n: number) => String(n);
  return (
    <div className="stats card" data-testid="clerk-day">
      <h2>{t('terminal.stats.title', lang)}</h2>
      <dl>
        {row('terminal.stats.served', 'served', (f) => count(f.served))}
        {row('terminal.stats.no_shows', 'no-shows', (f) => count(f.noShow))}
        {row('terminal.stats.transfers', 'transfers', (f) => count(f.transfers))}
        {row('terminal.stats.average', 'average', (f) =>
          f.avgServiceMs === null ? t('terminal.stats.none', lang) : duration(f.avgServiceMs, lang),
        )}
        {row('terminal.stats.ratings', 'ratings', (f) =>
          f.rated === 0
            ? t('terminal.stats.none', lang)
            : t('terminal.stats.ratings_value', lang, {
                count: f.rated,
                average: f.avgScore === null ? '—' : f.avgScore.toFixed(1),
              }),
        )}
        {row('terminal.stats.satisfaction', 'satisfaction', (f) =>
          f.satisfactionRate === null
            ? t('terminal.stats.none', lang)
            : `${Math.round(f.satisfactionRate * 100)}%`,
        )}
      </dl>
      {failed && <p className="muted">{t('terminal.stats.unavailable', lang)}</p>}
    </div>
  );
}
