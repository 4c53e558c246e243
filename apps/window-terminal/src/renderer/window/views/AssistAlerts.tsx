import { AssistClose } from '@onestop/app-common';
import {
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
            <AssistClose
              lang={lang}
              busy={props.busy}
              buttonClass="button"
              onClose={(reason) => props.onClose(a.id, reason)}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
