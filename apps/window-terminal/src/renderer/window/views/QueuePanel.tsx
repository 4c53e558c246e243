import { errorMessage, t, type HallState, type Lang, type Millis } from '@onestop/shared';
import { duration } from '../../common/texts.js';
import { canCall, parkedAt, queueOf } from '../model.js';
import { serviceName } from './names.js';

/**
 * Rows of the queue shown (it scrolls in its panel): a busy hall's whole queue at a window
 * (120–140 on a busy morning), so the clerk can call any of them; the count says the rest.
 */
const QUEUE_ROWS = 300;

/** The window's queue, each number callable, and the numbers parked here. */
export function QueuePanel(props: {
  state: HallState;
  windowId: string;
  lang: Lang;
  now: Millis;
  busy: boolean;
  onCall: (ticketId: string) => void;
  onUnpark: (ticketId: string) => void;
}) {
  const { state, windowId, lang, now } = props;
  const queue = queueOf(state, windowId, now);
  const parked = parkedAt(state, windowId);
  return (
    <div className="queue card">
      <h2>
        {t('terminal.queue.title', lang)} ·{' '}
        <span data-testid="queue-total">
          {t('terminal.queue.count', lang, { count: queue.candidates.length })}
        </span>
      </h2>
      <ul className="counts">
        {queue.counts.map((c) => (
          <li key={c.serviceId}>
            {serviceName(state, c.serviceId, lang)} <strong>{c.count}</strong>
          </li>
        ))}
      </ul>
      {/* The list scrolls inside its panel: the page itself never does. */}
      <div
        className="queue-scroll"
        data-testid="queue-scroll"
        role="region"
        aria-label={t('terminal.queue.title', lang)}
        // Reachable by keyboard to scroll, also when no row can be called now.
        tabIndex={0}
      >
        {queue.candidates.length === 0 ? (
          <p className="muted">{t('terminal.queue.empty', lang)}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>{t('terminal.queue.number', lang)}</th>
                <th>{t('terminal.queue.service', lang)}</th>
                <th>{t('terminal.queue.waited', lang)}</th>
                <th>{t('terminal.queue.marks', lang)}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {queue.candidates.slice(0, QUEUE_ROWS).map((row) => {
                const { ticket, serviceId } = row;
                const a = canCall(state, windowId, ticket.id, now);
                return (
                  <tr
                    key={ticket.id}
                    data-ticket={ticket.number}
                    className={
                      row.next ? 'next' : row.awaitingConfirmation ? 'awaiting' : undefined
                    }
                  >
                    <td className="num">{ticket.number}</td>
                    <td>{serviceName(state, serviceId, lang)}</td>
                    <td>{duration(now - ticket.queuedAt, lang)}</td>
                    <td className="marks">
                      {row.next && (
                        <span className="mark next" data-testid="queue-next">
                          {t('terminal.queue.next', lang)}
                        </span>
                      )}
                      {row.awaitingConfirmation && (
                        <span className="mark awaiting" data-testid="queue-awaiting">
                          {t('terminal.queue.awaitingConfirmation', lang)}
                        </span>
                      )}
                      {ticket.class !== 'normal' && (
                        <span className={`mark class-${ticket.class}`}>
                          {t(`ticket_class.${ticket.class}`, lang)}
                        </span>
                      )}
                      {ticket.assist && (
                        <span className="mark helped">{t('terminal.helped', lang)}</span>
                      )}
                      {ticket.returned && (
                        <span className="mark">{t('terminal.mark.returned', lang)}</span>
                      )}
                      {ticket.targetWindowId === windowId && (
                        <span className="mark">{t('terminal.mark.targeted', lang)}</span>
                      )}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="small"
                        disabled={props.busy || !a.enabled}
                        title={a.enabled ? undefined : errorMessage(a.reason, lang)}
                        onClick={() => props.onCall(ticket.id)}
                      >
                        {t('terminal.action.call_this', lang)}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {parked.length > 0 && (
          <>
            <h2>{t('terminal.parked.title', lang)}</h2>
            <ul className="parked">
              {parked.map((p) => (
                <li key={p.id} data-parked={p.number}>
                  <span className="num">{p.number}</span>{' '}
                  {p.parkedUntil === null
                    ? t('terminal.parked.manual', lang)
                    : t('terminal.parked.until', lang, {
                        time: new Date(p.parkedUntil).toTimeString().slice(0, 5),
                      })}{' '}
                  <button
                    type="button"
                    className="small"
                    disabled={props.busy}
                    onClick={() => props.onUnpark(p.id)}
                  >
                    {t('terminal.action.unpark', lang)}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
