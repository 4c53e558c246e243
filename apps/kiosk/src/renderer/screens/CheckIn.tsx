import { useState, type ReactNode } from 'react';
import {
  APPOINTMENT_CODE_MAX,
  APPOINTMENT_CODE_MIN,
  errorMessage,
  type ClientErrorCode,
  type ErrorCode,
  type Lang,
} from '@onestop/shared';
import { t } from '@onestop/shared';
import { Keypad } from './Keypad.js';
import { PhoneStep } from './PhoneStep.js';

export type CheckInAnswer = { ok: true } | { ok: false; code: ErrorCode | ClientErrorCode };

/**
 * The digits typed so far, then the refusal (its title, the reason, the help) or the rule: the
 * middle of the kiosk's keypad screens (check-in, remote number). Test ids: `<testId>-value`,
 * `<testId>-error`.
 */
export function EntryState(props: {
  label: string;
  promptId: string;
  testId: string;
  value: string;
  problem: [string, string, string] | null;
  rule: string;
}): ReactNode {
  const { problem } = props;
  return (
    <>
      <output
        className="checkin-value"
        aria-label={props.label}
        aria-describedby={props.promptId}
        data-testid={`${props.testId}-value`}
      >
        {props.value.length > 0 ? props.value : '\u00a0'}
      </output>
      {problem !== null ? (
        <div className="checkin-error" role="alert" data-testid={`${props.testId}-error`}>
          <strong>{problem[0]}</strong>
          <span>{problem[1]}</span>
          <span className="checkin-help">{problem[2]}</span>
        </div>
      ) : (
        <p className="checkin-rule">{props.rule}</p>
      )}
    </>
  );
}

/**
 * Appointment check-in: the booking code on a big keypad, then — only when the booking was
 * made with a phone — its last 4 digits. Every refusal is explained on the same screen, and the
 * visitor can correct the digits and try again. A booking without a mobile number on file, in a
 * hall that asks for phones at the kiosk, is offered the same phone keypad as a ticket (叫号提醒)
 * before it is checked in; a booking made online carries its own number.
 */
export function CheckInScreen(props: {
  lang: Lang;
  graceMinutes: number;
  onCheckIn: (
    code: string,
    phoneLast4: string | null,
    phone?: string | null,
  ) => Promise<CheckInAnswer>;
  onBack: () => void;
}): ReactNode {
  const { lang } = props;
  const [step, setStep] = useState<'code' | 'phone' | 'mobile'>('code');
  /** The last 4 digits the booking took (kept while the phone keypad is shown). */
  const [digits, setDigits] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<ErrorCode | ClientErrorCode | null>(null);
  const [busy, setBusy] = useState(false);

  const value = step === 'code' ? code : phone;
  const max = step === 'code' ? APPOINTMENT_CODE_MAX : 4;
  const ready = step === 'code' ? code.length >= APPOINTMENT_CODE_MIN : phone.length === 4;
  const set = (next: string) => {
    setError(null);
    if (step === 'code') setCode(next);
    else setPhone(next);
  };
  const press = (key: string) => {
    if (busy) return;
    if (key === 'clear') set('');
    else if (key === 'delete') set(value.slice(0, -1));
    else if (value.length < max) set(value + key);
  };

  const submit = async (mobile?: string | null) => {
    if (busy || (mobile === undefined && !ready)) return;
    setBusy(true);
    const last4 = mobile === undefined ? (step === 'phone' ? phone : null) : digits;
    const answer = await props.onCheckIn(code, last4, mobile);
    setBusy(false);
    if (answer.ok) return;
    if (answer.code === 'appointment_phone_offer') {
      setDigits(last4);
      setStep('mobile');
      setError(null);
      return;
    }
    if (step === 'mobile') setStep(digits === null ? 'code' : 'phone');
    if (answer.code === 'appointment_phone_required') {
      setStep('phone');
      setPhone('');
      setError(null);
      return;
    }
    setError(answer.code);
    if (answer.code === 'appointment_phone_mismatch') setPhone('');
    // Unknown, or locked after too many wrong phone digits (the visitor is sent to the desk):
    // the next visitor starts from an empty code.
    else if (answer.code === 'appointment_unknown' || answer.code === 'appointment_locked') {
      setStep('code');
      setCode('');
      setPhone('');
    }
  };

  if (step === 'mobile') {
    return (
      <PhoneStep
        lang={lang}
        onDone={(mobile) => void submit(mobile)}
        onBack={() => setStep(digits === null ? 'code' : 'phone')}
      />
    );
  }

  return (
    <div className="checkin" data-testid="checkin">
      <div className="kiosk-nav">
        <button type="button" className="button back" onClick={props.onBack}>
          ‹ {t('kiosk.back', lang)}
        </button>
        <h1 className="kiosk-prompt">{t('kiosk.appointmentTitle', lang)}</h1>
      </div>
      <div className="checkin-panel">
        <div className="checkin-entry">
          <p className="checkin-prompt" id="checkin-prompt">
            {t(
              step === 'code' ? 'kiosk.appointmentCodePrompt' : 'kiosk.appointmentPhonePrompt',
              lang,
            )}
          </p>
          {step === 'phone' ? (
            <p className="checkin-code-done">{t('kiosk.appointmentCodeShown', lang, { code })}</p>
          ) : null}
          <EntryState
            label={t(
              step === 'code' ? 'kiosk.appointmentCodeLabel' : 'kiosk.appointmentPhoneLabel',
              lang,
            )}
            promptId="checkin-prompt"
            testId="checkin"
            value={value}
            problem={
              error === null
                ? null
                : [
                    t('kiosk.appointmentProblem', lang),
                    errorMessage(error, lang),
                    t('kiosk.appointmentHelp', lang),
                  ]
            }
            rule={
              busy
                ? t('kiosk.appointmentChecking', lang)
                : t('kiosk.appointmentRule', lang, { grace: props.graceMinutes })
            }
          />
          <button
            type="button"
            className="button primary checkin-submit"
            disabled={!ready || busy}
            onClick={() => void submit()}
          >
            {t(step === 'code' ? 'kiosk.appointmentNext' : 'kiosk.appointmentSubmit', lang)}
          </button>
        </div>
        <Keypad
          lang={lang}
          label={t('kiosk.appointmentTitle', lang)}
          disabled={busy}
          onPress={press}
        />
      </div>
    </div>
  );
}
