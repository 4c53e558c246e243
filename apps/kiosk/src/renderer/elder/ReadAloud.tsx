import { useEffect, type ReactNode } from 'react';
import { t, type Lang } from '@onestop/shared';
import type { Speaker } from './speech.js';

/**
 * The large mode's bar: says `text` each time it changes (a new screen or page), with a button
 * to hear it again and one back to the normal mode.
 */
export function ReadAloud(props: {
  text: string;
  lang: Lang;
  speaker: Speaker | null;
  onLeave: () => void;
}): ReactNode {
  const { text, lang, speaker } = props;
  useEffect(() => {
    if (speaker && text !== '') speaker.say(text, lang);
  }, [speaker, text, lang]);
  useEffect(() => () => speaker?.stop(), [speaker]);
  return (
    <div className="large-bar">
      <button
        type="button"
        className="button large-replay"
        disabled={speaker === null || text === ''}
        onClick={() => speaker?.say(text, lang)}
      >
        {t('kiosk.large.replay', lang)}
      </button>
      <button type="button" className="button large-leave" onClick={props.onLeave}>
        {t('kiosk.large.leave', lang)}
      </button>
    </div>
  );
}
