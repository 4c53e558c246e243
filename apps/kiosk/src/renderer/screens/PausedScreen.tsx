import type { ReactNode } from 'react';
import { k } from '../strings.js';

/** Full screen, both languages at once: nobody can take a number now, for a while. */
export function PausedScreen(props: { reason: string[] }): ReactNode {
  return (
    <main className="paused" role="alert" data-testid="paused">
      <h1 lang="zh-CN">{k('pausedTitle', 'zh')}</h1>
      <h2 lang="en">{k('pausedTitle', 'en')}</h2>
      <p className="paused-reason">{props.reason.join(' · ')}</p>
      <p lang="zh-CN">{k('pausedBody', 'zh')}</p>
      <p lang="en">{k('pausedBody', 'en')}</p>
    </main>
  );
}
