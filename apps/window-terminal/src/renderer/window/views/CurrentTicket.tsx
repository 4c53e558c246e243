import { t, type HallState, type Lang, type Millis, type Ticket } from '@onestop/shared';
import { duration } from '../../common/texts.js';
import { serviceName, windowNumber } from './names.js';

/** The number at the window now: its service, class, wait, transfers and steps. */
export function CurrentTicket(props: {
  state: HallState | null;
  ticket: Ticket | null;
  lang: Lang;
  now: Millis;
}) {
  const { state, ticket, lang, now } = props;
  if (state === null || ticket === null) {
    return (
      <div className="current card empty" data-testid="current">
        <p>{t('terminal.current.none', lang)}</p>
      </div>
    );
  }
  const serviceId = ticket.currentServiceId ?? ticket.serviceId;
  const waited = (ticket.calledAt ?? now) - ticket.queuedAt;
  return (
    <div className={`current card ${ticket.status}`} data-testid="current">
      <div className="number-row">
        <span className="number" data-testid="current-number">
          {ticket.number}
        </span>
        <span className={`pill ticket-${ticket.status}`}>
          {t(`ticket_status.${ticket.status}`, lang)}
        </span>
      </div>
      <dl className="facts">
        <dt>{t('terminal.current.service', lang)}</dt>
        <dd>{serviceName(state, serviceId, lang)}</dd>
        <dt>{t('terminal.current.class', lang)}</dt>
        <dd className={`class-${ticket.class}`}>
          {t(`ticket_class.${ticket.class}`, lang)}
          {ticket.assist && (
            <span className="mark helped" data-testid="helped">
              {' · '}
              {ticket.assist.staffCode === null
                ? t('terminal.helped', lang)
                : t('terminal.helpedBy', lang, {
                    staff:
                      state.config.staff.find((s) => s.code === ticket.assist?.staffCode)?.name ??
                      ticket.assist.staffCode,
                  })}
            </span>
          )}
        </dd>
        <dt>{t('terminal.current.waited', lang)}</dt>
        <dd>{duration(waited, lang)}</dd>
        <dt>{t('terminal.current.reason', lang)}</dt>
        <dd data-testid="call-reason">
          {ticket.callReason ? t(`call_reason.${ticket.callReason}`, lang) : '—'}
          {ticket.recallCount > 0 &&
            ` · ${t('terminal.current.recalls', lang, { count: ticket.recallCount })}`}
        </dd>
      </dl>
      {ticket.transfers.length > 0 && (
        <div className="transfers">
          <h3>{t('terminal.current.transfers', lang)}</h3>
          <ul>
            {ticket.transfers.map((n) => (
              <li key={`${n.at}-${n.fromWindowId}`}>
                {t('terminal.current.transfer_line', lang, {
                  from: `${t('terminal.window.label', lang, { window: windowNumber(state, n.fromWindowId) })} · ${serviceName(state, n.fromServiceId, lang)}`,
                  to:
                    n.toWindowId !== null
                      ? t('terminal.window.label', lang, {
                          window: windowNumber(state, n.toWindowId),
                        })
                      : serviceName(state, n.toServiceId ?? '', lang),
                })}
                {n.note && <q>{n.note}</q>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {ticket.itinerary.length > 1 || (ticket.itinerary[0]?.serviceIds.length ?? 0) > 1 ? (
        <div className="itinerary">
          <h3>{t('terminal.current.itinerary', lang)}</h3>
          <ol>
            {ticket.itinerary.map((step, i) => {
              const phase = i < ticket.stepIndex ? 'done' : i === ticket.stepIndex ? 'now' : 'next';
              return (
                <li key={step.serviceIds.join('+')} className={`step-${phase}`}>
                  {step.serviceIds
                    .map((id) => {
                      const done =
                        phase === 'done' || (phase === 'now' && ticket.doneServiceIds.includes(id));
                      return `${serviceName(state, id, lang)}${done ? ' ✓' : ''}`;
                    })
                    .join(' + ')}{' '}
                  <small>{t(`terminal.step.${phase}`, lang)}</small>
                </li>
              );
            })}
          </ol>
        </div>
      ) : null}
    </div>
  );
}
