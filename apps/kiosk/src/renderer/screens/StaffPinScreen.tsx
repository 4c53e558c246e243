import { useState, type ReactNode } from 'react';
import {
  errorMessage,
  LIMITS,
  t,
  type ClientErrorCode,
  type ErrorCode,
  type Lang,
  type StaffPin,
} from '@onestop/shared';
import { Keypad } from './Keypad.js';

/** The letters of a staff code (codes are letters and digits: C01, S01). */
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

/**
 * 无身份证取号 with a staff member's PIN (docs/VISITORS.md): where the hall asks staff for a
 * visitor without an ID card, the staff member at the kiosk types their staff code and PIN; the
 * hub checks them as a window terminal's login (a wrong PIN counts toward the same lockout) and
 * the ticket names them. A refusal is said on this screen, and the PIN is typed again. While the hub answers, the kiosk shows its issuing screen.
 */
export function StaffPinScreen(props: {
  lang: Lang;
  /** The hub's last refusal of these (a wrong PIN, a locked code), or null. */
  error: ErrorCode | ClientErrorCode | null;
  /** The staff code typed before (kept after a refusal: only the PIN is typed again). */
  staffCode: string;
  onSubmit: (pin: StaffPin) => void;
  onBack: () => void;
}): ReactNode {
  const { lang } = props;
  const [field, setField] = useState<'code' | 'pin'>(props.staffCode === '' ? 'code' : 'pin');
  const [staffCode, setStaffCode] = useState(props.staffCode);
  const [pin, setPin] = useState('');
  const value = field === 'code' ? staffCode : pin;
  const max = field === 'code' ? LIMITS.staffCodeMaxLength : LIMITS.pinMaxLength;
  const set = field === 'code' ? setStaffCode : setPin;
  const press = (key: string) => {
    if (key === 'clear') set('');
    else if (key === 'delete') set(value.slice(0, -1));
    else if (value.length < max) set(value + key);
  };
  const ready = staffCode.length >= LIMITS.staffCodeMinLength && pin.length >= LIMITS.pinMinLength;
  const submit = () => {
    if (!ready) return;
    props.onSubmit({ staffCode, pin });
  };
  const fieldButton = (which: 'code' | 'pin', shown: string) => (
    <button
      type="button"
      className={`checkin-value staff-pin-field${field === which ? ' active' : ''}`}
      aria-pressed={field === which}
      data-testid={`staff-pin-${which}`}
      onClick={() => setField(which)}
    >
      <span className="staff-pin-label">{t(`kiosk.staffPin.${which}`, lang)}</span>
      <span className="staff-pin-value">{shown || '\u00a0'}</span>
    </button>
  );
  return (
    <div className="checkin" data-testid="staff-pin">
      <div className="kiosk-nav">
        <button type="button" className="button back" onClick={props.onBack}>
          ‹ {t('kiosk.staffPin.back', lang)}
        </button>
        <h1 className="kiosk-prompt">{t('kiosk.staffPin.title', lang)}</h1>
      </div>
      <div className="checkin-panel">
        <div className="checkin-entry">
          <p className="checkin-prompt">{t('kiosk.staffPin.hint', lang)}</p>
          {fieldButton('code', staffCode)}
          {fieldButton('pin', '•'.repeat(pin.length))}
          {props.error !== null ? (
            <div className="checkin-error" role="alert" data-testid="staff-pin-error">
              {errorMessage(props.error, lang)}
            </div>
          ) : null}
          <button
            type="button"
            className="button primary checkin-submit"
            disabled={!ready}
            onClick={submit}
          >
            {t('kiosk.staffPin.submit', lang)}
          </button>
        </div>
        <div className="staff-pin-keys">
          {field === 'code' ? (
            <div className="letters" role="group" aria-label={t('kiosk.staffPin.code', lang)}>
              {LETTERS.map((letter) => (
                <button
                  key={letter}
                  type="button"
                  className="key letter"
                  onClick={() => press(letter)}
                >
                  {letter}
                </button>
              ))}
            </div>
          ) : null}
          <Keypad lang={lang} label={t(`kiosk.staffPin.${field}`, lang)} onPress={press} />
        </div>
      </div>
    </div>
  );
}
