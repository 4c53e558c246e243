import { useState, type ReactNode } from 'react';
import {
  errorMessage,
  REMOTE_CODE_LENGTH,
  t,
  type ClientErrorCode,
  type ErrorCode,
  type IdCardHolder,
  type Lang,
} from '@onestop/shared';
import type { KioskApi } from '../../shared/api.js';
import { useCardReads } from './CardScreen.js';
import { EntryState, type CheckInAnswer } from './CheckIn.js';
import { Keypad } from './Keypad.js';

/** What confirms a remote number: its code, or the ID card whose number came with it. */
export type RemoteProof = { code: string } | { idCard: IdCardHolder };

/** Reads the ID card while shown; the reader's trouble in words. */
function CardWatch(props: {
  lang: Lang;
  api: Pick<KioskApi, 'readCard'>;
  onCard: (card: IdCardHolder) => void;
}): ReactNode {
  const error = useCardReads(props.api, props.onCard);
  return error === null ? null : (
    <p className="checkin-rule" role="status" data-testid="card-error">
      {t(`kiosk.card.error.${error}`, props.lang)}
    </p>
  );
}

/**
 * 远程取号确认 (docs/VISITORS.md, "Confirming at the kiosk"): the 6-digit code on the big keypad,
 * or, on a kiosk with a reader, the ID card whose number was given on the phone. A refusal is
 * explained on the same screen (wrong code, not today's, confirmed already, expired) and nothing
 * changes; a refused card is read again only when the visitor asks, so a card left lying on the
 * reader is not sent again and again.
 */
export function RemoteConfirmScreen(props: {
  lang: Lang;
  /** The hall's minutes to confirm once first in line (`hall.remote.confirmWithinMinutes`). */
  confirmMinutes: number;
  /** The kiosk's card reader, or null when it has none. */
  reader: Pick<KioskApi, 'readCard'> | null;
  onConfirm: (proof: RemoteProof) => Promise<CheckInAnswer>;
  onBack: () => void;
}): ReactNode {
  const { lang } = props;
  const [code, setCode] = useState('');
  const [error, setError] = useState<ErrorCode | ClientErrorCode | null>(null);
  const [busy, setBusy] = useState(false);
  const [cardPaused, setCardPaused] = useState(false);
  const ready = code.length === REMOTE_CODE_LENGTH;

  const send = async (proof: RemoteProof) => {
    if (busy) return;
    setBusy(true);
    const answer = await props.onConfirm(proof);
    setBusy(false);
    if (answer.ok) return;
    setError(answer.code);
    setCode('');
    if ('idCard' in proof) setCardPaused(true);
  };
  const press = (key: string) => {
    if (busy) return;
    setError(null);
    if (key === 'clear') setCode('');
    else if (key === 'delete') setCode(code.slice(0, -1));
    else if (code.length < REMOTE_CODE_LENGTH) setCode(code + key);
  };

  return (
    <div className="checkin remote-confirm" data-testid="remote-confirm">
      <div className="kiosk-nav">
        <button type="button" className="button back" onClick={props.onBack}>
          ‹ {t('kiosk.back', lang)}
        </button>
        <h1 className="kiosk-prompt">{t('kiosk.remote.title', lang)}</h1>
      </div>
      <div className="checkin-panel">
        <div className="checkin-entry">
          <p className="checkin-prompt" id="remote-prompt">
            {t('kiosk.remote.codePrompt', lang)}
          </p>
          <EntryState
            label={t('kiosk.remote.codeLabel', lang)}
            promptId="remote-prompt"
            testId="remote"
            value={code}
            problem={
              error === null
                ? null
                : [
                    t('kiosk.remote.problem', lang),
                    errorMessage(error, lang),
                    t('kiosk.remote.help', lang),
                  ]
            }
            rule={
              busy
                ? t('kiosk.remote.checking', lang)
                : t('kiosk.remote.rule', lang, { minutes: props.confirmMinutes })
            }
          />
          <button
            type="button"
            className="button primary checkin-submit"
            disabled={!ready || busy}
            onClick={() => void send({ code })}
          >
            {t('kiosk.remote.submit', lang)}
          </button>
          {props.reader === null ? null : (
            <div className="remote-card">
              <p className="checkin-rule">{t('kiosk.remote.cardHint', lang)}</p>
              {cardPaused ? (
                <button type="button" className="button" onClick={() => setCardPaused(false)}>
                  {t('kiosk.remote.cardAgain', lang)}
                </button>
              ) : (
                <CardWatch
                  lang={lang}
                  api={props.reader}
                  onCard={(idCard) => void send({ idCard })}
                />
              )}
            </div>
          )}
        </div>
        <Keypad
          lang={lang}
          label={t('kiosk.remote.codeLabel', lang)}
          disabled={busy}
          onPress={press}
        />
      </div>
    </div>
  );
}
