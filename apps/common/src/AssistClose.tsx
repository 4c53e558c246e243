import { useState, type ReactNode } from 'react';
import { ASSIST_CLOSE_REASONS, t, type AssistCloseReason, type Lang } from '@onestop/shared';

/**
 * 帮办代办: closing a call for help that ended with no ticket, with its reason chosen (the
 * console's monitor and the supervisor's terminal show it beside each open call).
 */
export function AssistClose(props: {
  lang: Lang;
  busy?: boolean;
  buttonClass: string;
  onClose: (reason: AssistCloseReason) => void;
}): ReactNode {
  const { lang } = props;
  const [reason, setReason] = useState<AssistCloseReason>('visitor_left');
  return (
    <span className="assist-close">
      {' '}
      <select
        aria-label={t('assist.closeAs', lang)}
        value={reason}
        onChange={(e) => {
          const next = ASSIST_CLOSE_REASONS.find((r) => r === e.target.value);
          if (next) setReason(next);
        }}
      >
        {ASSIST_CLOSE_REASONS.map((r) => (
          <option key={r} value={r}>
            {t(`assist.closeReason.${r}`, lang)}
          </option>
        ))}
      </select>{' '}
      <button
        type="button"
        className={props.buttonClass}
        disabled={props.busy === true}
        onClick={() => props.onClose(reason)}
      >
        {t('assist.close', lang)}
      </button>
    </span>
  );
}
