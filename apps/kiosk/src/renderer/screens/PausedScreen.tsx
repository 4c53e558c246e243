import type { ReactNode } from 'react';
import { t } from '@onestop/shared';

/** Full screen, both languages at once: nobody can take a number now, for a while. */
export function PausedScreen(props: { reason: string[] }): ReactNode {
  return (
    <main className="paused" role="alert" data-testid="paused">
      <h1 lang="zh-CN">{t('kiosk.pausedTitle', 'zh')}</h1>
      <h2 lang="en">{t('kiosk.pausedTitle', 'en')}</h2>
      <p className="paused-reason">{props.reason.join(' · ')}</p>
      <p lang="zh-CN">{t('kiosk.pausedBody', 'zh')}</p>
      <p lang="en">{t('kiosk.pausedBody', 'en')}</p>
    </main>
  );
}
