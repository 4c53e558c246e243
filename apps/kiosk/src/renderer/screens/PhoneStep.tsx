import { useState, type ReactNode } from 'react';
import type { Lang } from '@onestop/shared';
import { maskPhone, PhoneSchema, t } from '@onestop/shared';
import { Keypad } from './Keypad.js';

/**
 * 叫号提醒: after a service is chosen (when the hall turns the step on), the visitor may leave a
 * mobile number for a message when their turn is near. 11 digits on the keypad, shown masked
 * once complete; "No, thanks" takes the number without one.
 */
export function PhoneStep(props: {
  lang: Lang;
  onDone: (phone: string | null) => void;
  onBack: () => void;
}): ReactNode {
  const { lang } = props;
  const [digits, setDigits] = useState('');
  const valid = PhoneSchema.safeParse(digits).success;
  const press = (key: string) => {
    if (key === 'clear') setDigits('');
    else if (key === 'delete') setDigits((d) => d.slice(0, -1));
    else setDigits((d) => (d.length < 11 ? d + key : d));
  };
  const shown = digits.length === 11 ? maskPhone(digits) : digits;
  return (
    <div className="checkin" data-testid="phone-step">
      <div className="kiosk-nav">
        <button type="button" className="button back" onClick={props.onBack}>
          {t('kiosk.back', lang)}
        </button>
        <h1 className="kiosk-prompt">{t('kiosk.phoneTitle', lang)}</h1>
      </div>
      <div className="checkin-panel">
        <div className="checkin-entry">
          <p className="checkin-prompt" id="phone-prompt">
            {t('kiosk.phoneOffer', lang)}
          </p>
          <output
            className="checkin-value"
            aria-labelledby="phone-prompt"
            data-testid="phone-value"
          >
            {shown || '\u00a0'}
          </output>
          {digits.length === 11 && !valid ? (
            <div className="checkin-error" role="alert">
              {t('kiosk.phoneInvalid', lang)}
            </div>
          ) : null}
          <p className="checkin-rule">{t('kiosk.phoneHint', lang)}</p>
          <button
            type="button"
            className="button primary checkin-submit"
            disabled={!valid}
            onClick={() => props.onDone(digits)}
          >
            {t('kiosk.phoneConfirm', lang)}
          </button>
          <button type="button" className="button" onClick={() => props.onDone(null)}>
            {t('kiosk.phoneCancel', lang)}
          </button>
        </div>
        <Keypad lang={lang} label={t('kiosk.phoneTitle', lang)} onPress={press} />
      </div>
    </div>
  );
}
