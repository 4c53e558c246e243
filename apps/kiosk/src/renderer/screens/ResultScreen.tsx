import type { ReactNode } from 'react';
import { t, type I18nText, type Lang, type Ticket } from '@onestop/shared';
import type { PrinterState } from '../../shared/api.js';
import type { KioskHub } from '../hub.js';
import { aheadOf, statusUrl, type Wait } from '../model.js';
import { QrCode } from '../QrCode.js';
import { StepList, waitLong } from './tiles.js';

/** Printing of the ticket on the result screen. */
export type PrintPhase = 'none' | 'printing' | 'printed' | { failed: PrinterState };

/** The ID card or the code found the visitor's own number, instead of a new one. */
export type Found = 'remote' | 'appointment';

export interface Issued {
  ticket: Ticket;
  /** The service's name, or the combined visit's. */
  title: I18nText;
  /** A combined visit's steps, each its services' names; null for a single service. */
  steps: I18nText[][] | null;
  /** The wait before the number was issued, as the result screen tells it. */
  wait: Wait;
  print: PrintPhase;
  /** Set when this is the visitor's own number found again (`kiosk.found.*` says so). */
  found?: Found;
}

/** The number just issued, the wait, the printing, and the QR code of its status page. */
export function ResultScreen(props: {
  lang: Lang;
  issued: Issued;
  hubOrigin: string;
  state: KioskHub['state'];
  onDone: () => void;
}): ReactNode {
  const { lang, issued } = props;
  const { ticket, title } = issued;
  const ahead = aheadOf(props.state, ticket);
  const print = issued.print;
  const printLine =
    print === 'none'
      ? t('kiosk.noPrinter', lang)
      : print === 'printing'
        ? t('kiosk.printing', lang)
        : print === 'printed'
          ? t('kiosk.printed', lang)
          : t('kiosk.printFailed', lang);
  const warn = print === 'none' || typeof print === 'object';
  return (
    <div className={`result${issued.steps ? ' with-steps' : ''}`} data-testid="result">
      <div className="result-main">
        <div className="result-head">
          <h1 className="result-label">{t('ticket.yourNumber', lang)}</h1>
          <div className="result-number" data-testid="ticket-number">
            {ticket.number}
          </div>
          <div className="result-service">
            {title[lang]}
            {ticket.class === 'priority' || ticket.class === 'appointment'
              ? ` · ${t(`ticket_class.${ticket.class}`, lang)}`
              : ''}
          </div>
        </div>
        {issued.steps ? (
          <div className="result-steps">
            <div className="result-steps-title">{t('kiosk.stepsTitle', lang)}</div>
            <StepList lang={lang} steps={issued.steps} current={0} />
          </div>
        ) : null}
        <div className="result-facts">
          {issued.found === undefined ? null : (
            <div className="result-line result-found" data-testid="result-found">
              {t(`kiosk.found.${issued.found}`, lang)}
            </div>
          )}
          <div className="result-line">{t('ticket.ahead', lang, { count: ahead })}</div>
          <div className="result-line">{waitLong(lang, issued.wait)}</div>
          <div className={`result-print${warn ? ' warn' : ''}`} role="status">
            {printLine}
          </div>
        </div>
      </div>
      <div className="result-side">
        <QrCode
          text={statusUrl(props.hubOrigin, ticket.accessToken, props.state)}
          label={t('ticket.scan', lang)}
        />
        <div className="result-scan">{t('ticket.scan', lang)}</div>
        <button type="button" className="button primary" onClick={props.onDone}>
          {t('kiosk.done', lang)}
        </button>
      </div>
    </div>
  );
}
