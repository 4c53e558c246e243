import type { ReactNode } from 'react';
import { t, type AssistRequest, type HallState, type Lang } from '@onestop/shared';

/**
 * 帮办代办 at the kiosk: the button that calls the hall's staff, then, while the call is not yet
 * served, what became of it (called; who is coming), read from the kiosk's mirror.
 */
export function AssistButton(props: {
  lang: Lang;
  state: HallState;
  /** This kiosk's call, once made; null before. */
  requestId: string | null;
  failed: boolean;
  onCall: () => void;
}): ReactNode {
  const { lang } = props;
  const request: AssistRequest | undefined =
    props.requestId === null ? undefined : props.state.assists.get(props.requestId);
  if (request?.status === 'open' || request?.status === 'answered') {
    const name =
      request.staffCode === null
        ? null
        : (props.state.config.staff.find((s) => s.code === request.staffCode)?.name ??
          request.staffCode);
    return (
      <p className="assist-status" role="status" data-testid="assist-status">
        {name === null
          ? t('kiosk.assist.calling', lang)
          : t('kiosk.assist.coming', lang, { staff: name })}
      </p>
    );
  }
  return (
    <div className="assist">
      <button type="button" className="button assist-call" onClick={props.onCall}>
        <span className="green-title">{t('kiosk.assist.button', lang)}</span>
        <span className="green-who">{t('kiosk.assist.buttonWho', lang)}</span>
      </button>
      {props.failed && (
        <p className="assist-status" role="alert">
          {t('kiosk.assist.failed', lang)}
        </p>
      )}
    </div>
  );
}
