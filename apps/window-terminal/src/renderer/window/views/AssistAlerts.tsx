import { useState } from 'react';
import {
  ASSIST_CLOSE_REASONS,
  t,
  type AssistCloseReason,
  type HallState,
  type Lang,
  type StaffRole,
} from '@onestop/shared';

/**
 * 帮办代办 on the supervisor's terminal: the kiosks' calls for help not yet served, each with who
 * answered it or a button to go. Shown at terminals where a supervisor or an admin is logged in.
 */
export function AssistAlerts(props: {
  state: HallState;
  lang: Lang;
  role: StaffRole;
  busy: boolean;
  onAnswer: (requestId: string) => void;
  /** A call that ended with no ticket: closed with its reason. */
  onClose: (requestId: string, reason: AssistCloseReason) => void;
}) {
  const { state, lang } = props;
  if (props.role === 'clerk') return null;
  const calls = [...state.assists.values()]
    .filter((a) => a.status === 'open' || a.status === 'answered')
    .sort((a, b) => a.requestedAt - b.requestedAt);
  if (calls.length === 0) return null;
  const names = new Map(state.config.staff.map((s) => [s.code, s.name]));
  return (
    <section className="card assist-alerts" role="alert" data-testid="assist-alerts">
      <h2>{t('terminal.assistTitle', lang)}</h2>
      <ul>
        {calls.map((a) => (
          <li key={a.id} className={a.staffCode === null ? 'open' : 'answered'}>
            <span>{t('terminal.assistAt', lang, { kiosk: a.kioskName })}</span>
            {a.staffCode === null ? (
              <button
                type="button"
                className="button"
                disabled={props.busy}
                onClick={() => props.onAnswer(a.id)}
              >
                {t('terminal.assistAck', lang)}
              </button>
            ) : (
              <span className="muted">
                {t('terminal.assistComing', lang, { staff: names.get(a.staffCode) ?? a.staffCode })}
              </span>
            )}
            <CloseAssist
              lang={lang}
              busy={props.busy}
              onClose={(reason) => props.onClose(a.id, reason)}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

function CloseAssist(props: {
  lang: Lang;
  busy: boolean;
  onClose: (reason: AssistCloseReason) => void;
}) {
  const { lang } = props;
  const [reason, setReason] = useState<AssistCloseReason>('visitor_left');
  return (
    <span className="assist-close">
      <select
        aria-label={t('terminal.assistCloseAs', lang)}
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
      </select>
      <button
        type="button"
        className="button"
        disabled={props.busy}
        onClick={() => props.onClose(reason)}
      >
        {t('terminal.assistClose', lang)}
      </button>
    </span>
  );
}
