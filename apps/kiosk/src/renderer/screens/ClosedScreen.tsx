import type { ReactNode } from 'react';
import type { HallState, Lang, Millis } from '@onestop/shared';
import { whenText } from '../opening.js';
import { t } from '@onestop/shared';

/**
 * Full screen, both languages at once: no number until the hall opens again (too early, a
 * break, after hours, the day ended), and when that is, from its hours and calendar.
 */
export function ClosedScreen(props: {
  state: HallState;
  now: Millis;
  title: (lang: Lang) => string;
  /** When numbers are given again; null when the hours say no time. */
  next: Millis | null;
  body?: (lang: Lang) => string;
}): ReactNode {
  const { timezone } = props.state.config.hall;
  const next = props.next;
  const line = (lang: Lang) =>
    next === null
      ? t('kiosk.nextUnknown', lang)
      : t('kiosk.numbersFrom', lang, { when: whenText(next, props.now, timezone, lang) });
  return (
    <main className="paused closed" data-testid="closed">
      <h1 lang="zh-CN">{props.title('zh')}</h1>
      <h2 lang="en">{props.title('en')}</h2>
      <p className="paused-reason" data-testid="next-opening">
        <span lang="zh-CN">{line('zh')}</span>
        <br />
        <span lang="en">{line('en')}</span>
      </p>
      {props.body ? (
        <>
          <p lang="zh-CN">{props.body('zh')}</p>
          <p lang="en">{props.body('en')}</p>
        </>
      ) : null}
    </main>
  );
}
