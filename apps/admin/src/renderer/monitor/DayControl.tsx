import { useContext, useState } from 'react';
import {
  errorMessage,
  type ClientErrorCode,
  type ErrorCode,
  type HallState,
} from '@onestop/shared';
import type { AdminClient } from '../hub.js';
import { LangContext, useT } from '../strings.js';

/*
 * Opening and closing the business day from the live monitor (supervisors and admins: the hub's
 * /admin namespace takes both). Closing asks first, saying how many tickets will expire; a
 * refusal (a visitor still being served, the day already closed) shows the hub's words.
 */

/** What closing the day now would do: the tickets that expire and the windows still serving. */
export interface CloseDayEffect {
  waiting: number;
  called: number;
  parked: number;
  serving: number;
}

export function closeDayEffect(state: HallState): CloseDayEffect {
  const effect: CloseDayEffect = { waiting: 0, called: 0, parked: 0, serving: 0 };
  for (const ticket of state.tickets.values()) {
    if (ticket.status === 'waiting') effect.waiting += 1;
    else if (ticket.status === 'called') effect.called += 1;
    else if (ticket.status === 'parked') effect.parked += 1;
    else if (ticket.status === 'serving') effect.serving += 1;
  }
  return effect;
}

interface Refusal {
  code: ErrorCode | ClientErrorCode;
  message: string;
}

export function DayControl(props: { client: AdminClient; state: HallState }) {
  const t = useT();
  const lang = useContext(LangContext);
  const { client, state } = props;
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const day = state.day;
  const open = day?.status === 'open';

  const send = async (event: 'open_day' | 'close_day') => {
    setBusy(true);
    setRefusal(null);
    const ack =
      event === 'open_day'
        ? await client.command('open_day', { businessDay: null })
        : await client.command('close_day', {});
    setBusy(false);
    setConfirming(false);
    if (!ack.ok) setRefusal({ code: ack.error.code, message: ack.error.message });
  };

  const effect = closeDayEffect(state);
  const expiring = effect.waiting + effect.called + effect.parked;
  return (
    <section className={open ? 'day-control' : 'day-control banner'}>
      <span className="day-status" data-testid="day-status">
        {open
          ? t('dayOpenNow', { day: day.businessDay })
          : t(day?.status === 'closed' ? 'dayClosed' : 'noDay')}
      </span>
      {open ? (
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() => {
            setRefusal(null);
            setConfirming(true);
          }}
        >
          {t('closeDay')}
        </button>
      ) : (
        <button type="button" disabled={busy} onClick={() => void send('open_day')}>
          {t('openDay')}
        </button>
      )}
      {refusal && (
        <p role="alert" className="error">
          {t('refused')}
          {errorMessage(refusal.code, lang)}
          {refusal.message && refusal.message !== refusal.code ? ` (${refusal.message})` : ''}
        </p>
      )}
      {confirming && open && (
        <div className="overlay">
          <div
            role="dialog"
            aria-modal="true"
            aria-labelledby="close-day-title"
            className="dialog"
            onKeyDown={(e) => {
              if (e.key === 'Escape') setConfirming(false);
            }}
          >
            <h2 id="close-day-title">{t('closeDayTitle')}</h2>
            <p data-testid="close-day-expire">
              {expiring === 0
                ? t('closeDayNothing')
                : t('closeDayExpire', { count: expiring, ...effect })}
            </p>
            <p>{t('closeDayWindows')}</p>
            {effect.serving > 0 && (
              <p className="error">{t('closeDayServing', { count: effect.serving })}</p>
            )}
            <div className="dialog-buttons">
              <button
                type="button"
                className="danger"
                disabled={busy}
                onClick={() => void send('close_day')}
              >
                {t('confirmCloseDay')}
              </button>
              <button
                type="button"
                className="secondary"
                autoFocus
                onClick={() => setConfirming(false)}
              >
                {t('keepDayOpen')}
              </button>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
